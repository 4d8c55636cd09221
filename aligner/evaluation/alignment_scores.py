"""Alignments as index beads (what ``-f ids`` writes), and their strict and lax scores
against a gold alignment.

The index format is vecalign's, which its ``score.py`` and bertalign's ``eval.py`` read: one
bead per line, ``[0]:[0, 1]`` (source ids, target ids, 0-based), optionally followed by
``:confidence``; an unaligned sentence is ``[5]:[]`` or ``[]:[7]``.

Scores follow Véronis & Langlais (2000) as vecalign implements them: a predicted bead is a
*strict* hit when it equals a gold bead and a *lax* hit when it shares at least one sentence
on both sides with one (a ``1-0`` bead is a lax hit only when it is a strict one).
Precision is over all predicted beads against all gold beads; recall swaps the roles over
the beads that are not insertions or deletions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.text import file_lines

__all__ = ["IdBead", "Scores", "parse_beads", "read_beads", "score_beads"]

IdBead = tuple[tuple[int, ...], tuple[int, ...]]

_LINE = re.compile(r"\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*(\S+))?\s*")


def parse_beads(lines: Iterable[str], name: str) -> list[IdBead]:
    """Beads of index-format lines (blank lines skipped); ``name`` is for the error message."""
    beads: list[IdBead] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise InputError(f"{name}: line {number} is not a bead like [0]:[0, 1]")
        beads.append((_ids(match.group(1)), _ids(match.group(2))))
    return beads


def read_beads(path: Path) -> list[IdBead]:
    """The beads of an index-format file."""
    return parse_beads(file_lines(Path(path)), str(path))


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


@dataclass(frozen=True, slots=True)
class Scores:
    """Strict and lax precision, recall and F1 of one alignment (or a micro-average)."""

    strict_precision: float
    strict_recall: float
    lax_precision: float
    lax_recall: float

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)

    def as_dict(self) -> dict[str, float]:
        return {
            "strict_p": self.strict_precision, "strict_r": self.strict_recall,
            "strict_f1": self.strict_f1, "lax_p": self.lax_precision,
            "lax_r": self.lax_recall, "lax_f1": self.lax_f1,
        }  # fmt: skip


def score_beads(pairs: Iterable[tuple[Sequence[IdBead], Sequence[IdBead]]]) -> Scores:
    """Micro-averaged scores over ``(gold, test)`` alignments of several documents."""
    precision = [0, 0, 0, 0]  # strict hits, strict misses, lax hits, lax misses
    recall = [0, 0, 0, 0]
    for gold, test in pairs:
        _accumulate(precision, _hits(gold, test))
        _accumulate(recall, _hits(_aligned(test), _aligned(gold)))
    return Scores(
        _ratio(precision[0], precision[1]), _ratio(recall[0], recall[1]),
        _ratio(precision[2], precision[3]), _ratio(recall[2], recall[3]),
    )  # fmt: skip


def _hits(gold: Sequence[IdBead], test: Sequence[IdBead]) -> tuple[int, int, int, int]:
    """Strict hits and misses, lax hits and misses of ``test`` beads against ``gold``."""
    gold_set = {b for b in gold if b[0] or b[1]}
    linked: dict[int, set[int]] = {}
    for src, tgt in gold_set:
        for s in src:
            linked.setdefault(s, set()).update(tgt)
    strict = lax = total = 0
    for bead in {b for b in test if b[0] or b[1]}:
        total += 1
        if bead in gold_set:
            strict += 1
            lax += 1
        elif any(t in linked.get(s, ()) for s in bead[0] for t in bead[1]):
            lax += 1
    return strict, total - strict, lax, total - lax


def _aligned(beads: Sequence[IdBead]) -> list[IdBead]:
    return [b for b in beads if b[0] and b[1]]


def _accumulate(total: list[int], counts: tuple[int, ...]) -> None:
    for k, value in enumerate(counts):
        total[k] += value


def _ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
