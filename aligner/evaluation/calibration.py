"""What a per-line score is worth: rank correlation with sentence chrF, the filter curve, flags.

``spearman`` and ``kendall`` (tau-b, ties counted as scipy counts them) are written out here:
scipy is not a dependency of anything we install, and both fit in a few lines. Kendall's
tau runs in O(n log n) (Knight's method: discordant pairs are the inversions of one
ranking sorted by the other), so a corpus of a million lines costs seconds, not hours.

The filter curve answers "what does ``--min-confidence`` buy": sort the lines by score
(lowest first, ties in line order), drop the lowest 0, 5, 10, 20, 30, 50% and score what
is kept as a corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from aligner.evaluation.metrics import LineStats

__all__ = [
    "DROP_STEPS",
    "CurvePoint",
    "FlagSummary",
    "ScoreQuality",
    "filter_curve",
    "kendall",
    "rank",
    "score_quality",
    "spearman",
    "summarise_flags",
]

DROP_STEPS: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)


def rank(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    for _, run in groupby(order, key=values.__getitem__):
        members = list(run)
        shared = start + (len(members) + 1) / 2
        for index in members:
            ranks[index] = shared
        start += len(members)
    return ranks


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    mean_x, mean_y = math.fsum(x) / len(x), math.fsum(y) / len(y)
    dx = [v - mean_x for v in x]
    dy = [v - mean_y for v in y]
    spread = math.sqrt(math.fsum(a * a for a in dx) * math.fsum(b * b for b in dy))
    return math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / spread if spread else None


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho (Pearson's r of the ranks); None under two lines or with no spread."""
    if len(x) < 2:
        return None
    return _pearson(rank(x), rank(y))


def _tied_pairs(sorted_values: Iterable[Any]) -> int:
    return sum(k * (k - 1) // 2 for k in (len(list(run)) for _, run in groupby(sorted_values)))


def _sort_counting_swaps(values: list[float]) -> tuple[list[float], int]:
    """``values`` sorted, and how many pairs were out of order (strictly)."""
    if len(values) < 2:
        return values, 0
    middle = len(values) // 2
    left, swaps_left = _sort_counting_swaps(values[:middle])
    right, swaps_right = _sort_counting_swaps(values[middle:])
    merged: list[float] = []
    swaps, i, j = swaps_left + swaps_right, 0, 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            merged.append(right[j])
            swaps += len(left) - i  # right[j] jumps every left value still waiting
            j += 1
        else:
            merged.append(left[i])
            i += 1
    return merged + left[i:] + right[j:], swaps


def kendall(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b; None under two lines or when either side is constant."""
    n = len(x)
    if n < 2:
        return None
    pairs = sorted(zip(x, y, strict=True))
    total = n * (n - 1) // 2
    x_ties = _tied_pairs(p[0] for p in pairs)
    both_ties = _tied_pairs(pairs)
    ys, discordant = _sort_counting_swaps([p[1] for p in pairs])
    y_ties = _tied_pairs(ys)
    spread = math.sqrt((total - x_ties) * (total - y_ties))
    return (total - x_ties - y_ties + both_ties - 2 * discordant) / spread if spread else None


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """The lines kept after dropping the lowest-scored ``dropped`` share."""

    dropped: float  # share of lines dropped, 0.0 .. 0.5
    kept: int
    min_score: float  # lowest score kept: the --min-confidence that keeps (at least) these
    bleu: float
    chrf: float
    mean_sentence_chrf: float

    def to_json(self) -> dict[str, Any]:
        return {
            "dropped": self.dropped,
            "kept": self.kept,
            "min_score": None if math.isnan(self.min_score) else self.min_score,
            "bleu": self.bleu,
            "chrf": self.chrf,
            "mean_sentence_chrf": self.mean_sentence_chrf,
        }


def _lowest_first(scores: Sequence[float]) -> list[int]:
    # NaN (a line with no score) counts as the lowest: unknown quality is dropped first
    return sorted(
        range(len(scores)), key=lambda i: -math.inf if math.isnan(scores[i]) else scores[i]
    )


def filter_curve(
    scores: Sequence[float], bleu: LineStats, chrf: LineStats, sentence_chrf: Sequence[float]
) -> list[CurvePoint]:
    """Corpus BLEU and chrF of the lines kept at each of ``DROP_STEPS``."""
    order = _lowest_first(scores)
    points = []
    for share in DROP_STEPS:
        cut = math.floor(share * len(order))
        kept = sorted(order[cut:])
        points.append(
            CurvePoint(
                dropped=share,
                kept=len(kept),
                # the lowest kept by the order that dropped the others (NaN lowest): min()
                # over NaNs would depend on the lines' order
                min_score=scores[order[cut]],
                bleu=bleu.score(kept),
                chrf=chrf.score(kept),
                mean_sentence_chrf=math.fsum(sentence_chrf[i] for i in kept) / len(kept),
            )
        )
    return points


@dataclass(frozen=True, slots=True)
class ScoreQuality:
    """How well one per-line score (the confidence, or ``--scores``) ranks sentence chrF."""

    source: str  # "confidence" or the --scores path
    lines: int  # lines with a score (NaN left out of the correlations)
    spearman: float | None
    kendall: float | None
    curve: tuple[CurvePoint, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "lines": self.lines,
            "spearman": self.spearman,
            "kendall": self.kendall,
            "filter_curve": [point.to_json() for point in self.curve],
        }


def score_quality(
    source: str,
    scores: Sequence[float],
    bleu: LineStats,
    chrf: LineStats,
    sentence_chrf: Sequence[float],
) -> ScoreQuality:
    known = [i for i, s in enumerate(scores) if not math.isnan(s)]
    x = [scores[i] for i in known]
    y = [sentence_chrf[i] for i in known]
    return ScoreQuality(
        source=source,
        lines=len(known),
        spearman=spearman(x, y),
        kendall=kendall(x, y),
        curve=tuple(filter_curve(scores, bleu, chrf, sentence_chrf)),
    )


@dataclass(frozen=True, slots=True)
class FlagSummary:
    """Flag rates and the mean sentence chrF of flagged and unflagged lines, by flag."""

    source: str  # "hyp" (the JSONL's flags) or "src" (text flags on --src and HYP)
    lines: int
    flagged: int
    flagged_chrf: float | None  # mean sentence chrF of lines with any flag
    unflagged_chrf: float | None
    by_flag: tuple[tuple[str, int, float], ...]  # (flag, lines, mean sentence chrF)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "lines": self.lines,
            "flagged": self.flagged,
            "rate": self.flagged / self.lines if self.lines else 0.0,
            "flagged_mean_chrf": self.flagged_chrf,
            "unflagged_mean_chrf": self.unflagged_chrf,
            "by_flag": {
                name: {"lines": count, "rate": count / self.lines, "mean_chrf": mean}
                for name, count, mean in self.by_flag
            },
        }


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def summarise_flags(
    source: str, flags: Sequence[frozenset[str]], sentence_chrf: Sequence[float]
) -> FlagSummary:
    flagged = [c for f, c in zip(flags, sentence_chrf, strict=True) if f]
    clean = [c for f, c in zip(flags, sentence_chrf, strict=True) if not f]
    by_flag = []
    for name in sorted(set().union(*flags)):
        chrfs = [c for f, c in zip(flags, sentence_chrf, strict=True) if name in f]
        by_flag.append((name, len(chrfs), math.fsum(chrfs) / len(chrfs)))
    return FlagSummary(
        source=source,
        lines=len(flags),
        flagged=len(flagged),
        flagged_chrf=_mean(flagged),
        unflagged_chrf=_mean(clean),
        by_flag=tuple(by_flag),
    )
