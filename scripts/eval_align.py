"""Evaluate ``aligner.alignment`` on synthetic document pairs built from a line-aligned corpus.

Documents are runs of 20–60 consecutive line pairs, grouped into paragraphs of 1–5 lines.
On each side independently, lines are deleted (``--delete-rate``) and adjacent lines of a
paragraph merged (``--merge-rate``) with ``;`` or ``, dan``/``, and`` so they really form one
sentence. Both sides are then re-segmented with our segmenter, as in real use, and each
sentence is mapped back to the lines it covers by character offsets: the gold beads are the
connected groups of lines, so a line the segmenter splits in two yields a 1-2 gold bead.

Reports link precision/recall/F1 (links = source×target sentence pairs of each bead; a link
is right when both sentences are in the same gold bead, recall = aligned gold sentences that
get a right link; see ``Counts.add``), the strict link F1 (every source×target pair of every
gold bead is a link), exact bead F1, 1-0/0-1 F1 (unaligned sentences found), and the
precision and kept fraction of the links whose bead has confidence >= 0.5.

Parameters were tuned on lines 0:976 with seeds 1 and 2; ``--lines 976:`` is text they never
saw.

    python scripts/eval_align.py --no-mt
    python scripts/eval_align.py --no-mt --merge-rate 0.15 --delete-rate 0.08
    python scripts/eval_align.py --simulate-mt
    python scripts/eval_align.py --model path/to/model

``--gold GOLD [PRED]`` instead scores an alignment in the index format (``aligner align
... -f ids``; PRED defaults to stdin) against a gold in vecalign's format: strict and lax
precision / recall / F1 (Véronis & Langlais, as vecalign's ``score.py`` computes them).

    aligner align A B --segmented --mt M -f ids | python scripts/eval_align.py --gold A-B.gold
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner.alignment.search import AlignParams, Bead, align_sentences
from aligner.text.segmenter import segment_document
from aligner.types import Document, Sentence

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
_FINAL = re.compile(r"[.!?…]+(?=[\"'”’)]*$)")


# ------------------------------------------------------------------ synthetic documents


@dataclass
class Side:
    """One side of a synthetic document: paragraph texts and each line's span in them."""

    paragraphs: list[str] = field(default_factory=list)
    spans: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # line -> par, start, end


@dataclass
class Synthetic:
    source: Side
    target: Side
    english: list[str]  # reference English of every line (for --simulate-mt)


def join_sentences(first: str, second: str, lang: str, rng: random.Random, common: set[str]) -> str:
    """Two sentences made into one: ``A; b`` or ``A, dan b`` / ``A, and b``."""
    head = _FINAL.sub("", first.rstrip(), count=1)
    word = second.split(" ", 1)[0]
    if word.lower() in common and word[:1].isupper():
        second = second[:1].lower() + second[1:]
    glue = "; " if rng.random() < 0.5 else (", dan " if lang == "id" else ", and ")
    return head + glue + second


def build_side(
    lines: Sequence[str],
    paragraphs: list[list[int]],
    deleted: set[int],
    merge_rate: float,
    lang: str,
    rng: random.Random,
    common: set[str],
) -> Side:
    side = Side()
    for par in paragraphs:
        kept = [k for k in par if k not in deleted]
        if not kept:
            continue
        number, text, pos = len(side.paragraphs), "", 0
        while pos < len(kept):
            group = [kept[pos]]
            # merge only lines adjacent in the original too: a translator does not merge
            # across a sentence that it leaves out
            adjacent = pos + 1 < len(kept) and kept[pos + 1] == kept[pos] + 1
            if adjacent and rng.random() < merge_rate:
                group.append(kept[pos + 1])
            pos += len(group)
            text = _append(side, number, text, group, lines, lang, rng, common)
        side.paragraphs.append(text)
    return side


def _append(
    side: Side,
    number: int,
    text: str,
    group: list[int],
    lines: Sequence[str],
    lang: str,
    rng: random.Random,
    common: set[str],
) -> str:
    if text:
        text += " "
    start = len(text)
    if len(group) == 1:
        text += lines[group[0]]
        side.spans[group[0]] = (number, start, len(text))
        return text
    first, second = lines[group[0]], lines[group[1]]
    merged = join_sentences(first, second, lang, rng, common)
    cut = len(merged) - len(second)
    side.spans[group[0]] = (number, start, start + cut)
    side.spans[group[1]] = (number, start + cut, start + len(merged))
    return text + merged


def make_document(
    src_lines: Sequence[str],
    tgt_lines: Sequence[str],
    rng: random.Random,
    merge_rate: float,
    delete_rate: float,
    common: tuple[set[str], set[str]],
) -> Synthetic:
    count = len(src_lines)
    paragraphs: list[list[int]] = []
    while sum(len(p) for p in paragraphs) < count:
        start = sum(len(p) for p in paragraphs)
        paragraphs.append(list(range(start, min(count, start + rng.randint(1, 5)))))
    del_s = {k for k in range(count) if rng.random() < delete_rate}
    del_t = {k for k in range(count) if rng.random() < delete_rate and k not in del_s}
    return Synthetic(
        build_side(src_lines, paragraphs, del_s, merge_rate, "id", rng, common[0]),
        build_side(tgt_lines, paragraphs, del_t, merge_rate, "en", rng, common[1]),
        list(tgt_lines),
    )


def common_words(lines: Sequence[str]) -> set[str]:
    """Words seen lower-case inside sentences: safe to lower-case at the join."""
    return {w for line in lines for w in line.split()[1:] if w.isalpha() and w.islower()}


def documents(
    src: Sequence[str],
    tgt: Sequence[str],
    seed: int,
    merge_rate: float,
    delete_rate: float,
) -> list[Synthetic]:
    rng = random.Random(seed)
    common = (common_words(src), common_words(tgt))
    docs, pos = [], 0
    while pos + 20 <= len(src):
        size = min(rng.randint(20, 60), len(src) - pos)
        docs.append(
            make_document(
                src[pos : pos + size], tgt[pos : pos + size], rng, merge_rate, delete_rate, common
            )
        )
        pos += size
    return docs


# ------------------------------------------------------------------ gold standard


def _line_of(spans: dict[int, tuple[int, int, int]], sentences: list[Sentence]) -> list[set[int]]:
    """The lines each sentence overlaps."""
    by_par: dict[int, list[tuple[int, int, int]]] = {}
    for line, (par, start, end) in spans.items():
        by_par.setdefault(par, []).append((start, end, line))
    return [
        {
            line
            for start, end, line in by_par.get(s.paragraph, [])
            if start < s.end and s.start < end
        }
        for s in sentences
    ]


def gold_beads(
    synthetic: Synthetic, src: list[Sentence], tgt: list[Sentence]
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Connected groups of lines (joined by sentences that cover several) as beads."""
    src_lines = _line_of(synthetic.source.spans, src)
    tgt_lines = _line_of(synthetic.target.spans, tgt)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for lines in (*src_lines, *tgt_lines):
        first = min(lines)
        for other in lines:
            parent[find(other)] = find(first)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for side, lines_of in ((0, src_lines), (1, tgt_lines)):
        for k, lines in enumerate(lines_of):
            groups.setdefault(find(min(lines)), ([], []))[side].append(k)
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for s_ids, t_ids in groups.values():
        if s_ids and t_ids:
            beads.append((tuple(s_ids), tuple(t_ids)))
        else:
            beads.extend(((k,), ()) for k in s_ids)
            beads.extend(((), (k,)) for k in t_ids)
    return beads


# ------------------------------------------------------------------ metrics


@dataclass
class Counts:
    """Micro-averaged counts over documents (see ``add`` for the definitions)."""

    links_pred: int = 0
    links_ok: int = 0
    sentences_gold: int = 0
    sentences_ok: int = 0
    strict_pred: int = 0
    strict_gold: int = 0
    strict_ok: int = 0
    beads_pred: int = 0
    beads_gold: int = 0
    beads_ok: int = 0
    skip_pred: int = 0
    skip_gold: int = 0
    skip_ok: int = 0
    conf_links: int = 0
    conf_ok: int = 0

    def add(self, pred: list[Bead], gold: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        """Links are source x target sentence pairs of a bead.

        A predicted link is correct when both sentences belong to the same gold bead: inside
        a multi-sentence gold bead (a line the segmenter split on both sides) the finer
        alignment is unknown, so 1-1 + 1-1 and 2-2 are both right there. Link recall is the
        fraction of aligned gold sentences (either side) that get at least one correct link.
        ``strict`` counts instead every source x target pair of every gold bead as a link.
        """
        owner = {
            (side, k): n
            for n, (ss, tt) in enumerate(gold)
            if ss and tt
            for side, ids in (("s", ss), ("t", tt))
            for k in ids
        }
        links = [(s, t, b.confidence) for b in pred for s in b.source_ids for t in b.target_ids]
        ok = [
            (s, t, c)
            for s, t, c in links
            if ("s", s) in owner and owner[("s", s)] == owner.get(("t", t))
        ]
        covered = {("s", s) for s, _, _ in ok} | {("t", t) for _, t, _ in ok}
        self.links_pred += len(links)
        self.links_ok += len(ok)
        self.sentences_gold += len(owner)
        self.sentences_ok += len(covered)
        self.conf_links += sum(c >= 0.5 for _, _, c in links)
        self.conf_ok += sum(c >= 0.5 for _, _, c in ok)
        self._strict(pred, gold)

    def _strict(
        self,
        pred: list[Bead],
        gold: list[tuple[tuple[int, ...], tuple[int, ...]]],
    ) -> None:
        gold_links = {(s, t) for ss, tt in gold for s in ss for t in tt}
        pred_links = {(s, t) for b in pred for s in b.source_ids for t in b.target_ids}
        gold_beads = set(gold)
        pred_beads = {(b.source_ids, b.target_ids) for b in pred}
        gold_skip = _unaligned(gold)
        pred_skip = _unaligned([(b.source_ids, b.target_ids) for b in pred])
        self.strict_pred += len(pred_links)
        self.strict_gold += len(gold_links)
        self.strict_ok += len(pred_links & gold_links)
        self.beads_pred += len(pred_beads)
        self.beads_gold += len(gold_beads)
        self.beads_ok += len(pred_beads & gold_beads)
        self.skip_pred += len(pred_skip)
        self.skip_gold += len(gold_skip)
        self.skip_ok += len(pred_skip & gold_skip)

    def report(self) -> dict[str, float]:
        p = self.links_ok / max(1, self.links_pred)
        r = self.sentences_ok / max(1, self.sentences_gold)
        return {
            "link_precision": p,
            "link_recall": r,
            "link_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "strict_link_f1": _prf(self.strict_ok, self.strict_pred, self.strict_gold)[2],
            "bead_f1": _prf(self.beads_ok, self.beads_pred, self.beads_gold)[2],
            "skip_f1": _prf(self.skip_ok, self.skip_pred, self.skip_gold)[2],
            "conf_precision": self.conf_ok / max(1, self.conf_links),
            "conf_kept": self.conf_ok / max(1, self.links_ok),
        }


def _unaligned(beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> set[tuple[str, int]]:
    out = {("s", s) for ss, tt in beads if not tt for s in ss}
    return out | {("t", t) for ss, tt in beads if not ss for t in tt}


def _prf(ok: int, pred: int, gold: int) -> tuple[float, float, float]:
    p, r = ok / max(1, pred), ok / max(1, gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------ MT bridges


def simulate_mt(synthetic: Synthetic, src: list[Sentence], rng: random.Random) -> list[str]:
    """A mediocre MT: the reference English of each source sentence's lines, 30% of words
    dropped and the rest shuffled."""
    out = []
    for lines in _line_of(synthetic.source.spans, src):
        words = " ".join(synthetic.english[k] for k in sorted(lines)).split()
        kept = [w for w in words if rng.random() >= 0.3]
        rng.shuffle(kept)
        out.append(" ".join(kept))
    return out


def to_document(side: Side, name: str) -> Document:
    return Document(path=name, paragraphs=tuple(side.paragraphs), encoding="utf-8")


# ------------------------------------------------------------------ driver


def evaluate(
    docs: list[Synthetic],
    mt: str,
    params: AlignParams | None = None,
    model: str | None = None,
    seed: int = 0,
) -> dict[str, float]:
    counts = Counts()
    rng = random.Random(seed + 1)
    translator = None
    if model is not None:
        from aligner.translation.translator import Translator

        translator = Translator(model)
    for n, synthetic in enumerate(docs):
        src = segment_document(to_document(synthetic.source, f"doc{n}.id"), lang="id")
        tgt = segment_document(to_document(synthetic.target, f"doc{n}.en"), lang="en")
        source_mt = None
        if mt == "simulate":
            source_mt = simulate_mt(synthetic, src, rng)
        elif translator is not None:
            source_mt = [t.text for t in translator.translate([s.text for s in src])]
        pred = align_sentences(
            [s.text for s in src],
            [t.text for t in tgt],
            source_mt=source_mt,
            source_paragraphs=[s.paragraph for s in src],
            target_paragraphs=[t.paragraph for t in tgt],
            params=params,
        )
        counts.add(pred, gold_beads(synthetic, src, tgt))
    return counts.report()


def load(source: Path, target: Path, lines: str) -> tuple[list[str], list[str]]:
    src = source.read_text(encoding="utf-8").splitlines()
    tgt = target.read_text(encoding="utf-8").splitlines()
    if len(src) != len(tgt):
        sys.exit(f"eval_align: {source} and {target} differ in line count")
    start, _, end = lines.partition(":")
    chosen = slice(int(start) if start else None, int(end) if end else None)
    return src[chosen], tgt[chosen]


def score_gold(gold: Path, pred: str, as_json: bool) -> None:
    """Print strict and lax P/R/F1 of ``pred`` (a path, or - for stdin) against ``gold``."""
    from aligner.evaluation.alignment_scores import parse_beads, read_beads, score_beads

    lines = (
        sys.stdin.read().splitlines()
        if pred == "-"
        else Path(pred).read_text(encoding="utf-8").splitlines()
    )
    scores = score_beads([(read_beads(gold), parse_beads(lines, pred))]).as_dict()
    if as_json:
        print(json.dumps(scores))
        return
    for key, value in scores.items():
        print(f"{key:10} {value:.4f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DATA / "news-valid.id")
    parser.add_argument("--target", type=Path, default=DATA / "news-valid.en")
    parser.add_argument("--lines", default=":", help="line range START:END of the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--merge-rate", type=float, default=0.08)
    parser.add_argument("--delete-rate", type=float, default=0.04)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--no-mt", action="store_true", help="length and anchors only (default)")
    mode.add_argument(
        "--simulate-mt",
        action="store_true",
        help="reference English, 30%% of words dropped, rest shuffled",
    )
    mode.add_argument("--model", help="real MT with this model (path or name)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--gold", type=Path, help="score PRED (-f ids output) against this")
    parser.add_argument("pred", nargs="?", default="-", help="with --gold: ids file or -")
    args = parser.parse_args(argv)
    if args.gold is not None:
        score_gold(args.gold, args.pred, args.json)
        return
    src, tgt = load(args.source, args.target, args.lines)
    docs = documents(src, tgt, args.seed, args.merge_rate, args.delete_rate)
    mt = "simulate" if args.simulate_mt else ("model" if args.model else "none")
    began = time.perf_counter()
    result = evaluate(docs, mt, model=args.model, seed=args.seed)
    result = {
        "docs": len(docs),
        "mt": mt,
        "merge_rate": args.merge_rate,
        "delete_rate": args.delete_rate,
        "seed": args.seed,
        **result,
        "seconds": round(time.perf_counter() - began, 1),
    }
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:15} {value:.4f}" if isinstance(value, float) else f"{key:15} {value}")


if __name__ == "__main__":
    main()
