#!/usr/bin/env python
"""Evaluate sentence segmenters on pseudo-paragraphs built from a sentence-per-line file.

Only lines that end in final punctuation are used; runs of 2 to 6 consecutive lines
(sizes drawn with a fixed seed) are joined with a space into one paragraph. The joins
are gold boundaries, and so are the real sentence boundaries inside lines listed in
``--inside`` (some lines of a parallel corpus hold two sentences): a hand-checked file of
``LINE<TAB>first words of the next sentence`` rows, 1-based line numbers. Any other
predicted boundary inside a line is a false positive.

Reports boundary precision, recall, F1 and the share of exactly-right paragraphs.

    python scripts/eval_segment.py                      # ours, news-valid.id
    python scripts/eval_segment.py --segmenter all      # ours, pysbd, sentencex
    python scripts/eval_segment.py --file ../shared/data/news-valid.en --lang en

The lists for news-valid.id and news-valid.en are in ``scripts/data/`` and are picked
up automatically for files of those names.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
Splitter = Callable[[str], list[tuple[int, int]]]


@dataclass
class Paragraph:
    text: str
    gold: set[int]  # offsets where a sentence ends (before the joining space)
    lines: list[int]  # 1-based line numbers, for error reports
    inside: set[int]  # offsets of listed real boundaries inside lines


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    paragraphs: int = 0

    def line(self, name: str, seconds: float) -> str:
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + self.fn)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        exact = self.exact / max(1, self.paragraphs)
        return (
            f"{name:<10} P={precision:.4f} R={recall:.4f} F1={f1:.4f} "
            f"exact={exact:.4f} ({self.exact}/{self.paragraphs}) "
            f"tp={self.tp} fp={self.fp} fn={self.fn} time={seconds:.2f}s"
        )


def read_inside(path: Path | None) -> dict[int, list[str]]:
    """Hand-checked sentence starts inside lines: line number -> first words."""
    inside: dict[int, list[str]] = {}
    if path is None:
        return inside
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            number, words = row.split("\t", 1)
            inside.setdefault(int(number), []).append(words)
    return inside


def build(
    lines: list[str], inside: dict[int, list[str]], seed: int, low: int, high: int
) -> Iterator[Paragraph]:
    """Yield pseudo-paragraphs of ``low``..``high`` consecutive usable lines."""
    usable = [(n, s.strip()) for n, s in enumerate(lines, 1) if _FINAL.search(s.strip())]
    rng = random.Random(seed)
    position = 0
    while position < len(usable):
        group = usable[position : position + rng.randint(low, high)]
        position += len(group)
        yield _paragraph(group, inside)


def _paragraph(group: list[tuple[int, str]], inside: dict[int, list[str]]) -> Paragraph:
    text, gold, listed = "", set(), set()
    for number, line in group:
        if text:
            gold.add(len(text))
            text += " "
        for words in inside.get(number, []):
            listed.add(len(text) + _find_start(line, words, number))
        text += line
    return Paragraph(text, gold, [n for n, _ in group], listed)


def _find_start(line: str, words: str, number: int) -> int:
    found = line.find(words)
    if found <= 0:
        raise SystemExit(f"--inside: line {number} has no sentence starting {words!r}")
    return len(line[:found].rstrip())


def ends(spans: list[tuple[int, int]], text: str) -> set[int]:
    """Boundary offsets: where each sentence but the last ends, trailing space removed."""
    return {len(text[:end].rstrip()) for _, end in spans[:-1]}


def score(paragraphs: list[Paragraph], splitter: Splitter, show: int) -> Score:
    result = Score()
    for paragraph in paragraphs:
        predicted = ends(splitter(paragraph.text), paragraph.text)
        gold = paragraph.gold | paragraph.inside
        result.tp += len(predicted & gold)
        result.fp += len(predicted - gold)
        result.fn += len(gold - predicted)
        result.exact += predicted == gold
        result.paragraphs += 1
        if predicted != gold and show > 0:
            show -= 1
            _show(paragraph, predicted)
    return result


def _show(paragraph: Paragraph, predicted: set[int]) -> None:
    gold = paragraph.gold | paragraph.inside
    marks = {offset: "<<FP>>" for offset in predicted - gold}
    marks.update({offset: "<<FN>>" for offset in gold - predicted})
    text = paragraph.text
    for offset in sorted(marks, reverse=True):
        text = text[:offset] + marks[offset] + text[offset:]
    print(f"--- lines {paragraph.lines}\n{text}", file=sys.stderr)


def ours(lang: str) -> Splitter:
    from aligner.text.segmenter import segment_text

    return lambda text: [(s.start, s.end) for s in segment_text(text, lang)]


def pysbd_splitter(lang: str) -> Splitter:
    import pysbd

    # pysbd has no Indonesian; English rules are its closest.
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [(s.start, s.end) for s in segmenter.segment(text)]


def sentencex_splitter(lang: str) -> Splitter:
    import sentencex

    def split(text: str) -> list[tuple[int, int]]:
        spans, position = [], 0
        for sentence in sentencex.segment(lang, text):
            start = text.index(sentence.strip(), position) if sentence.strip() else position
            position = start + len(sentence.strip())
            spans.append((start, position))
        return spans

    return split


SEGMENTERS = {"ours": ours, "pysbd": pysbd_splitter, "sentencex": sentencex_splitter}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=Path("../shared/data/news-valid.id"))
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument(
        "--inside",
        type=Path,
        help="hand-checked boundaries inside lines (default: scripts/data/FILE.inside.tsv)",
    )
    parser.add_argument("--segmenter", default="ours", choices=[*SEGMENTERS, "all"])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--min", type=int, default=2, dest="low")
    parser.add_argument("--max", type=int, default=6, dest="high")
    parser.add_argument("--show", type=int, default=0, help="print N wrong paragraphs")
    args = parser.parse_args(argv)
    lines = args.file.read_text(encoding="utf-8").splitlines()
    if args.inside is None:  # the hand-checked list shipped for this file, if any
        shipped = Path(__file__).parent / "data" / f"{args.file.name}.inside.tsv"
        args.inside = shipped if shipped.is_file() else None
    inside = read_inside(args.inside)
    paragraphs = list(build(lines, inside, args.seed, args.low, args.high))
    print(
        f"{args.file} lang={args.lang} seed={args.seed} paragraphs={len(paragraphs)}"
        f" boundaries={sum(len(p.gold) for p in paragraphs)}"
        f" listed-inside={sum(len(p.inside) for p in paragraphs)} ({args.inside})"
    )
    names = list(SEGMENTERS) if args.segmenter == "all" else [args.segmenter]
    for name in names:
        splitter = SEGMENTERS[name](args.lang)
        began = time.perf_counter()
        result = score(paragraphs, splitter, args.show)
        print(result.line(name, time.perf_counter() - began))
    return 0


if __name__ == "__main__":
    sys.exit(main())
