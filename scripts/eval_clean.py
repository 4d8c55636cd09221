"""Score ``aligner clean`` on a labelled noisy corpus (``scripts/make_noisy_corpus.py``).

For every kind of injected noise: the share removed, and the reasons that removed it; for
the clean pairs: the share kept (a clean pair that repeats an earlier one of the source data
is counted apart: removing it is right). Also checks the boilerplate rules on a file of clean
sentences (``--clean-lines``: every match is a false positive).

    python scripts/eval_clean.py OUT [--drop-misaligned] [--clean-lines FILE ...]
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from aligner.clean.boilerplate import boilerplate_reason
from aligner.clean.process import CleanOptions, clean_corpus


def _rejected(path: Path) -> dict[int, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        number, reasons, *_ = line.split("\t")
        found[int(number)] = reasons
    return found


def _table(labels: list[str], lines: list[str], rejected: dict[int, str]) -> None:
    totals, removed = Counter(labels), Counter[str]()
    why: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[str] = set()
    repeats = 0
    for number, (kind, line) in enumerate(zip(labels, lines, strict=True), start=1):
        if kind == "clean" and line in seen:
            repeats += 1
            totals["clean"] -= 1
            continue
        if kind == "clean":
            seen.add(line)
        if number in rejected:
            removed[kind] += 1
            why[kind].update(r.split(":")[0] for r in rejected[number].split(","))
    print("| kind | pairs | removed | share | reasons |")
    print("|---|---:|---:|---:|---|")
    for kind in sorted(totals, key=lambda k: (k != "clean", k)):
        share = removed[kind] / totals[kind] if totals[kind] else 0.0
        reasons = ", ".join(f"{r} {n}" for r, n in why[kind].most_common())
        print(f"| {kind} | {totals[kind]} | {removed[kind]} | {share:.3f} | {reasons} |")
    kept = 1 - removed["clean"] / totals["clean"]
    print(f"clean pairs kept: {kept:.4f} ({repeats} repeats of earlier clean lines left out)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="OUT of make_noisy_corpus.py")
    parser.add_argument("--drop-misaligned", action="store_true")
    parser.add_argument("--clean-lines", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    tsv = Path(f"{args.corpus}.tsv")
    labels = Path(f"{args.corpus}.labels").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        rejected = Path(tmp) / "rejected.tsv"
        options = CleanOptions("tsv", "tsv", drop_misaligned=args.drop_misaligned)
        summary = clean_corpus(tsv, Path(tmp) / "kept.tsv", options, rejected=rejected)
        found = _rejected(rejected)
    print(f"read {summary.read}, kept {summary.kept}, removed {summary.removed}, "
          f"suspect misaligned {summary.misaligned}")  # fmt: skip
    _table(labels, tsv.read_text(encoding="utf-8").splitlines(), found)
    for path in args.clean_lines:
        lines = path.read_text(encoding="utf-8").splitlines()
        hits = [(reason, line) for line in lines if (reason := boilerplate_reason(line))]
        print(f"boilerplate rules on {path.name}: {len(hits)} of {len(lines)} lines match")
        for reason, line in hits:
            print(f"  {reason}: {line}")


if __name__ == "__main__":
    main()
