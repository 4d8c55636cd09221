"""Evaluate alignment on real documents and real MT, beside Bleualign on the same data.

``textberg``: the Text+Berg dev document (``../shared/data/align-dev/``, German–French, gold
in vecalign's format) with no MT, Google MT and a Europarl SMT as the bridge; strict and lax
P/R/F1 (``aligner.evaluation.alignment_scores``) and the reliability of the confidence (of
the beads at >= 0.9, the fraction that are strict hits). Bleualign runs on the same files
when its source is found (``--bleualign DIR``, default ``SHARED/peers/bleualign``; ``--shared``: the
``shared/`` folder beside the checkout); it is a peer to compare
with, never a dependency.

``tico``: synthetic pre-split documents from TICO-19 (``../shared/data/realmt/``): runs of
20–60 consecutive lines of one TICO-19 document; on each side lines are deleted and adjacent
lines merged (``eval_align.join_sentences``), one sentence per line as ``--segmented`` reads
it. The bridge is the *real* opus-mt-id-en output of the source lines (joined where the
source merged them), so nothing of the model is simulated. Reports eval_align's link F1 and
the strict / lax bead F1.

    python scripts/eval_real.py textberg
    python scripts/eval_real.py tico [--merge-rate 0.15 --delete-rate 0.08] [--seed N]
    python scripts/eval_real.py textberg --param mt_clip=30 --param ends=1.5   # a variant
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_align

from aligner.alignment.search import AlignParams, Bead, align_sentences
from aligner.evaluation.alignment_scores import IdBead, Scores, read_beads, score_beads

SHARED = eval_align.ROOT.parent / "shared"  # beside the checkout (see the project README)


def lines(path: Path) -> list[str]:
    """The sentences of a pre-split file as ``--segmented`` reads them (blank lines kept)."""
    from aligner.text.lines import line_sentences, read_lines

    return [s.text for s in line_sentences(read_lines(path))]


def bleualign(source: list[str], target: list[str], mt: list[str], peer: Path) -> list[IdBead]:
    """Bleualign's index beads for one document (its ``Aligner.process``)."""
    if str(peer) not in sys.path:
        sys.path.insert(0, str(peer))
    from bleualign.align import Aligner  # a peer system run side by side, not a dependency

    options = {
        "srcfile": source,
        "targetfile": target,
        "srctotarget": [mt],
        "output": None,
        "verbosity": 0,
    }
    found = Aligner(options).process(source, target, [mt], [])
    return [(tuple(s), tuple(t)) for (s, t), _ in found]


def reliability(beads: Sequence[Bead], gold: Sequence[IdBead], at: float = 0.9) -> str:
    """``hits/count`` of beads with confidence >= ``at`` that are strict hits."""
    sure = [(b.source_ids, b.target_ids) for b in beads if b.confidence >= at]
    gold_set = set(gold)
    hits = sum(b in gold_set for b in sure)
    return f"{hits}/{len(sure)} = {hits / max(1, len(sure)):.3f}"


BINS = (0.0, 0.5, 0.7, 0.9, 0.99, 1.01)  # confidence bins of the reliability table


def reliability_table(found: Sequence[tuple[Sequence[Bead], Sequence[IdBead]]]) -> dict[str, str]:
    """Per confidence bin, ``hits/count`` of the beads in it that are strict hits."""
    counts = [[0, 0] for _ in BINS[:-1]]
    for beads, gold in found:
        gold_set = set(gold)
        for b in beads:
            k = next(k for k in range(len(BINS) - 1) if b.confidence < BINS[k + 1])
            counts[k][0] += (b.source_ids, b.target_ids) in gold_set
            counts[k][1] += 1
    return {
        f"{BINS[k]:g}-{min(1.0, BINS[k + 1]):g}": f"{hits}/{count}"
        for k, (hits, count) in enumerate(counts)
    }


def _row(name: str, scores: Scores, extra: dict[str, Any]) -> dict[str, Any]:
    return {"system": name, **{k: round(v, 4) for k, v in scores.as_dict().items()}, **extra}


def textberg(args: argparse.Namespace) -> list[dict[str, Any]]:
    folder = args.shared / "data" / "align-dev"
    de, fr = lines(folder / "textberg-dev.de"), lines(folder / "textberg-dev.fr")
    gold = read_beads(folder / "textberg-dev.gold")
    rows = []
    for bridge in ("none", "google", "europarl"):
        mt = None if bridge == "none" else lines(folder / f"textberg-dev.de.{bridge}-mt.fr")
        beads = align_sentences(de, fr, source_mt=mt, params=args.params)
        test = [(b.source_ids, b.target_ids) for b in beads]
        rows.append(
            _row(
                f"aligner, MT {bridge}",
                score_beads([(gold, test)]),
                {
                    "conf>=0.9 strict hits": reliability(beads, gold),
                    "reliability": reliability_table([(beads, gold)]),
                },
            )
        )
        if mt is not None and (args.bleualign / "bleualign").is_dir():
            peer = bleualign(de, fr, mt, args.bleualign)
            rows.append(_row(f"Bleualign, MT {bridge}", score_beads([(gold, peer)]), {}))
    return rows


# ------------------------------------------------------------------ TICO-19 documents


@dataclass
class SplitDoc:
    """A pre-split synthetic document: sentences per side, the source MT, the gold beads."""

    source: list[str]
    target: list[str]
    mt: list[str]
    gold: list[IdBead]


def _groups(count: int, deleted: set[int], merge: float, rng: random.Random) -> list[list[int]]:
    """Lines kept on one side, adjacent ones merged into one sentence at rate ``merge``."""
    kept = [k for k in range(count) if k not in deleted]
    groups: list[list[int]] = []
    for k in kept:
        if groups and groups[-1][-1] == k - 1 and len(groups[-1]) == 1 and rng.random() < merge:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _text(
    group: list[int], lines_: Sequence[str], lang: str, rng: random.Random, common: set[str]
) -> str:
    if len(group) == 1:
        return lines_[group[0]]
    return eval_align.join_sentences(lines_[group[0]], lines_[group[1]], lang, rng, common)


def split_doc(
    src: Sequence[str],
    tgt: Sequence[str],
    mt: Sequence[str],
    rng: random.Random,
    merge: float,
    delete: float,
    common: tuple[set[str], set[str]],
) -> SplitDoc:
    count = len(src)
    del_s = {k for k in range(count) if rng.random() < delete}
    del_t = {k for k in range(count) if rng.random() < delete and k not in del_s}
    gs, gt = _groups(count, del_s, merge, rng), _groups(count, del_t, merge, rng)
    owner_t = {k: n for n, g in enumerate(gt) for k in g}
    gold: list[IdBead] = []
    used_t: set[int] = set()
    for n, group in enumerate(gs):
        targets = sorted({owner_t[k] for k in group if k in owner_t})
        gold.append(((n,), tuple(targets)))
        used_t.update(targets)
    gold = _merge_shared(gold)
    gold += [((), (j,)) for j in range(len(gt)) if j not in used_t]
    return SplitDoc(
        [_text(g, src, "id", rng, common[0]) for g in gs],
        [_text(g, tgt, "en", rng, common[1]) for g in gt],
        [" ".join(mt[k] for k in g) for g in gs],
        gold,
    )


def _merge_shared(beads: list[IdBead]) -> list[IdBead]:
    """Consecutive source beads that share a target sentence become one bead."""
    out: list[IdBead] = []
    for src, tgt in beads:
        if out and tgt and out[-1][1] and set(tgt) & set(out[-1][1]):
            prev_s, prev_t = out.pop()
            out.append((prev_s + src, tuple(sorted(set(prev_t) | set(tgt)))))
        else:
            out.append((src, tgt))
    return out


def tico_docs(data: Path, seed: int, merge: float, delete: float) -> list[SplitDoc]:
    folder = data / "realmt"
    src, tgt = lines(folder / "tico19-test.id"), lines(folder / "tico19-test.en")
    mt, owner = lines(folder / "tico19-test.opus-mt-id-en.en"), lines(folder / "tico19-test.docs")
    rng = random.Random(seed)
    common = (eval_align.common_words(src), eval_align.common_words(tgt))
    docs, pos = [], 0
    while pos < len(src):
        end = pos
        while end < len(src) and owner[end] == owner[pos]:
            end += 1
        while end - pos >= 20:  # a TICO-19 document cut into runs of 20-60 lines
            size = min(rng.randint(20, 60), end - pos)
            docs.append(
                split_doc(
                    src[pos : pos + size],
                    tgt[pos : pos + size],
                    mt[pos : pos + size],
                    rng,
                    merge,
                    delete,
                    common,
                )
            )
            pos += size
        pos = end
    return docs


def tico(args: argparse.Namespace) -> list[dict[str, Any]]:
    docs = tico_docs(args.shared / "data", args.seed, args.merge_rate, args.delete_rate)
    rows = []
    for bridge in ("opus-mt", "none"):
        counts, pairs, found = eval_align.Counts(), [], []
        for doc in docs:
            mt = doc.mt if bridge == "opus-mt" else None
            beads = align_sentences(doc.source, doc.target, source_mt=mt, params=args.params)
            counts.add(beads, doc.gold)
            pairs.append((doc.gold, [(b.source_ids, b.target_ids) for b in beads]))
            found.append((beads, doc.gold))
        link = counts.report()
        rows.append(
            _row(
                f"aligner, MT {bridge}",
                score_beads(pairs),
                {
                    "link_f1": round(link["link_f1"], 4),
                    "docs": len(docs),
                    "reliability": reliability_table(found),
                },
            )
        )
    if args.bleualign.is_dir():
        peer = [(d.gold, bleualign(d.source, d.target, d.mt, args.bleualign)) for d in docs]
        rows.append(_row("Bleualign, MT opus-mt", score_beads(peer), {}))
    return rows


def params(changes: Sequence[str], parser: argparse.ArgumentParser) -> AlignParams:
    """``AlignParams`` with the ``FIELD=VALUE`` changes of ``--param``, each value of the
    type of the field's default (numbers for the weights, integers for the bands)."""
    defaults = dataclasses.asdict(AlignParams())
    values: dict[str, Any] = {}
    for change in changes:
        name, _, value = change.partition("=")
        if name not in defaults or not value:
            known = ", ".join(defaults)
            parser.error(f"--param {change}: expected FIELD=VALUE, FIELD one of {known}")
        try:
            values[name] = type(defaults[name])(value)
        except ValueError:
            kind = type(defaults[name]).__name__
            parser.error(f"--param {change}: {value!r} is not {kind} (the field's type)")
    return AlignParams(**values)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=("textberg", "tico"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--merge-rate", type=float, default=0.08)
    parser.add_argument("--delete-rate", type=float, default=0.04)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder")
    parser.add_argument(
        "--bleualign",
        type=Path,
        help="Bleualign's source [default: SHARED/peers/bleualign]; a missing folder skips it",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="an AlignParams field changed for this run (repeatable), e.g. mt_clip=30",
    )
    args = parser.parse_args(argv)
    args.params = params(args.param, parser)
    args.bleualign = args.bleualign or args.shared / "peers" / "bleualign"
    rows = textberg(args) if args.set == "textberg" else tico(args)
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
