"""Speed and memory of ``aligner clean`` on a large corpus (issue #12).

Builds a TSV of ``--lines`` pairs from news-valid (every pair made unique with a word of
letters put before both sides, so deduplication keeps them and every filter runs), then
cleans it once in this process and reports pairs/s and peak memory (RSS, and the traced
Python heap of the cleaning itself).

    python scripts/bench_clean.py [--lines 1000000] [--data ../shared/data] [--work /tmp]
"""

from __future__ import annotations

import argparse
import resource
import string
import tempfile
import time
from pathlib import Path

from aligner.clean.process import CleanOptions, clean_corpus


def _tag(i: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    while True:
        i, r = divmod(i, 26)
        out += letters[r]
        if i == 0:
            return "zq" + out


def build(path: Path, data: Path, lines: int) -> None:
    ids = (data / "news-valid.id").read_text(encoding="utf-8").splitlines()
    ens = (data / "news-valid.en").read_text(encoding="utf-8").splitlines()
    with open(path, "w", encoding="utf-8") as out:
        for i in range(lines):
            tag = _tag(i)
            out.write(f"{tag} {ids[i % len(ids)]}\t{tag} {ens[i % len(ens)]}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        corpus = Path(tmp) / "big.tsv"
        build(corpus, args.data, args.lines)
        size = corpus.stat().st_size / 2**20
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        summary = clean_corpus(corpus, Path(tmp) / "kept.tsv", CleanOptions("tsv", "tsv"),
                               rejected=Path(tmp) / "rejected.tsv")  # fmt: skip
        seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = summary.read / seconds
    print(f"{summary.read:,} pairs ({size:.0f} MiB) in {seconds:.1f} s: {rate:,.0f} pairs/s; "
          f"kept {summary.kept:,}, removed {summary.removed:,}")  # fmt: skip
    print(f"peak RSS {rss:.0f} MiB (before cleaning {rss_before:.0f} MiB)")
    print("reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items())))


if __name__ == "__main__":
    main()
