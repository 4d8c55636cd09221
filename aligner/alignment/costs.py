"""The cost of every candidate bead, in log-likelihood units (lower is likelier).

A bead's cost adds:

* length compatibility (Gale–Church: the target length is the source length times a ratio
  with variance proportional to length; ratio and variance re-estimated on the document);
* anchors that survive translation (numbers, names, acronyms, URLs, cognate prefixes, and
  the concepts of a small built-in lexicon; see ``features.py``): a reward for each shared
  anchor weighted by its rarity in the document (lower in the MT passes, whose n-grams see
  the same anchors), a penalty for numbers (and, discounted, other anchors) that one side
  has and the other lacks;
* machine-translation similarity (character 4-gram Dice between the MT of the source group
  and the target group) as a log-likelihood ratio calibrated on *this* document
  (``bridge.py``), so a model that produces noise gets weight zero;
* paragraph boundaries as soft hints (a group that spans one costs extra); a fixed prior per
  bead type (the insertion/deletion cost among them);
* in the MT passes, how the sentences of each group end (a colon or semicolon goes on into
  the next sentence's bead more often than a full stop; rates of the document, ``ends.py``).

``CostTable.block`` gives the costs of every bead shape for a block of DP rows over a band.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.features import (
    FeatureRows,
    anchor_rows,
    band_overlap,
    char_lengths,
    paragraph_starts,
)
from aligner.alignment.params import AlignParams

__all__ = [
    "GAP_SHAPES",
    "INF",
    "INS",
    "SHAPES",
    "WIDE_SHAPES",
    "CostTable",
    "Model",
    "Progress",
    "Side",
    "build_model",
]

# Bead shapes (source count, target count) handled row by row; 0-1 is the in-row chain.
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0))
# With an informative MT bridge, wider beads: real translators merge three or four sentences.
WIDE_SHAPES: tuple[tuple[int, int], ...] = (*SHAPES, (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2))
# The widest beads of real translation (1-5, 3-3, 4-3...), searched only in the gaps that the
# 1-1 beads of an earlier path leave (bertalign's second step): where the anchors run 1-1 they
# do not win, so their costs (the group n-gram overlaps are the dearest) are not computed there.
GAP_SHAPES: tuple[tuple[int, int], ...] = tuple(
    (a, b) for a in range(1, 6) for b in range(1, 6) if a + b <= 7 and (a, b) not in WIDE_SHAPES
)
Progress = Callable[[str, int, int], None]  # (pass, rows done, rows in the pass)
INS = -1  # back-pointer code of the 0-1 bead (the others index the model's shapes)
INF = math.inf


@dataclass(slots=True)
class Side:
    """Per-sentence arrays of one side of the document."""

    lengths: np.ndarray  # characters
    starts_paragraph: np.ndarray  # bool: first sentence of its paragraph
    end_go: np.ndarray | None = None  # cost of a sentence going on into the next (ends.py)
    end_stop: np.ndarray | None = None  # cost of a sentence ending its bead
    anchors: FeatureRows | None = None
    numbers: FeatureRows | None = None
    missable: FeatureRows | None = None  # anchors weighted for the miss penalty
    ngrams: FeatureRows | None = None


@dataclass(slots=True)
class Model:
    """Everything the cost of a bead depends on, for one document pair."""

    params: AlignParams
    src: Side
    tgt: Side
    ratio: float  # expected target/source length ratio
    variance: float
    use_paragraphs: bool
    shapes: tuple[tuple[int, int], ...] = SHAPES
    mt_slope: float = 0.0  # LLR = slope * (dice - mid), clipped
    mt_mid: float = 0.0
    mt_src: FeatureRows | None = None  # n-grams of the source MT (with tgt.ngrams: the bridge)
    gap_rows: np.ndarray | None = None  # bool per DP row: where ``GAP_SHAPES`` may end
    progress: Progress | None = None  # the caller's, told of each pass's rows as they are done
    stage: str = "length"  # the pass now running: length, mt, confidence

    @property
    def mt_on(self) -> bool:
        """The MT term is in the costs: there is a bridge and it separated translations from
        neighbours on this document (the MT passes and the confidence pass after them)."""
        return self.mt_slope > 0 and self.mt_src is not None and self.tgt.ngrams is not None


def _group_sums(values: np.ndarray, size: int) -> np.ndarray:
    """Sum of ``size`` consecutive values starting at each index (len - size + 1 entries)."""
    if len(values) < size:
        return np.zeros(1)  # no such group: a placeholder the valid mask never selects
    csum = np.concatenate([[0.0], np.cumsum(values)])
    return np.asarray(csum[size:] - csum[:-size], dtype=np.float64)


def _safe(index: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.asarray(np.minimum(index, len(values) - 1), dtype=np.int64)


def shape_prior(p: AlignParams, a: int, b: int) -> float:
    """Prior cost of an ``a``-``b`` bead: ``merge`` per sentence beyond a 1-1 (a 2-2,
    two merges on both sides, pays ``merge22``)."""
    if (a, b) == (2, 2):
        return p.merge22
    return p.merge * (a + b - 2) + (p.merge22 - 2 * p.merge) * (min(a, b) > 1)


class CostTable:
    """Costs of each bead shape for DP nodes (i, lo[i] + c), computed block by block."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._sums: dict[tuple[str, int], np.ndarray] = {}
        self._counts: dict[tuple[str, int], np.ndarray] = {}
        self._rows: dict[str, tuple[FeatureRows | None, bool]] = {
            "sa": (model.src.anchors, True), "ta": (model.tgt.anchors, True),
            "sn": (model.src.numbers, False), "tn": (model.tgt.numbers, False),
            "sm": (model.src.missable, True), "tm": (model.tgt.missable, True),
            "tg": (model.tgt.ngrams, False), "mg": (model.mt_src, False),
        }  # fmt: skip

    def length(self, side: str, size: int) -> np.ndarray:
        """Characters of each group of ``size`` sentences of side ``s`` or ``t``."""
        key = (side, size)
        if key not in self._sums:
            lengths = (self.model.src if side == "s" else self.model.tgt).lengths
            self._sums[key] = _group_sums(lengths, size)
        return self._sums[key]

    def inside(self, side: str, size: int) -> np.ndarray:
        """Paragraph starts inside each group of ``size`` (a group that spans a boundary)."""
        key = (f"inside-{side}", size)
        if key not in self._sums:
            starts = (self.model.src if side == "s" else self.model.tgt).starts_paragraph
            self._sums[key] = _group_sums(starts[1:].astype(np.float64), size - 1)
        return self._sums[key]

    def count(self, key: str, size: int) -> np.ndarray:
        """Distinct features (or their weight) of each group of ``size`` rows of ``key``."""
        if (key, size) not in self._counts:
            rows, weighted = self._rows[key]
            found = None
            if rows is not None and rows.rows >= size:
                found = rows.distinct_counts(size, weighted=weighted)
            self._counts[(key, size)] = found if found is not None and len(found) else np.zeros(1)
        return self._counts[(key, size)]

    def block(self, rows: np.ndarray, lo: np.ndarray, width: int) -> list[np.ndarray]:
        """Cost arrays (len(rows), width) for every shape of the model, inf where invalid."""
        return [self._shape(rows, lo, width, a, b) for a, b in self.model.shapes]

    def _shape(self, rows: np.ndarray, lo: np.ndarray, width: int, a: int, b: int) -> np.ndarray:
        p = self.model.params
        n, m = len(self.model.src.lengths), len(self.model.tgt.lengths)
        j = lo[:, None] + np.arange(width)[None, :]
        valid = (rows[:, None] >= a) & (rows[:, None] <= n) & (j >= b) & (j <= m)
        if (a, b) in GAP_SHAPES:
            gaps = self.model.gap_rows
            valid &= gaps is not None and gaps[rows][:, None]
        if not valid.any():
            return np.full(valid.shape, INF)
        if b == 0:
            return np.where(valid, p.skip, INF)
        grid = Grid(rows - a, j - b, valid, a, b, self.model.tgt.lengths.size)
        cost = self._length_cost(grid) + self._anchor_cost(grid) + self._paragraph_cost(grid)
        cost = cost - self._mt_llr(grid) + self._end_cost(grid)
        return np.where(valid, cost + shape_prior(p, a, b), INF)

    def _length_cost(self, g: Grid) -> np.ndarray:
        model = self.model
        ls = self.length("s", g.a)[g.s_safe][:, None]
        lt = self.length("t", g.b)[g.t_safe]
        scale = model.variance * (ls + lt / model.ratio) / 2.0
        delta = (lt - model.ratio * ls) / np.sqrt(scale)
        # a pair must earn its length in evidence: long unrelated pairs are not cheap
        size = model.params.per_char * (ls + lt) / 100.0
        return np.asarray(model.params.length * 0.5 * delta * delta + size, dtype=np.float64)

    def _anchor_cost(self, g: Grid) -> np.ndarray:
        p, model = self.model.params, self.model
        total = np.zeros(g.t.shape)
        src_a, tgt_a = model.src.anchors, model.tgt.anchors
        if src_a is not None and tgt_a is not None:
            shared = g.overlap(src_a, tgt_a)
            # true pairs nearly always share something; a pair sharing nothing is suspect.
            # With the MT term on, the names and numbers are in its n-grams too: rewarded in
            # full, they would count twice.
            match = p.match_mt if model.mt_on else p.match
            total += p.bare * (shared <= 0) - match * shared
        src_m, tgt_m = model.src.missable, model.tgt.missable
        if src_m is not None and tgt_m is not None:
            shared = g.overlap(src_m, tgt_m)
            own = self.count("sm", g.a)[g.s_safe][:, None] + self.count("tm", g.b)[g.t_safe]
            total += p.miss * (own - 2 * shared)
        src_n, tgt_n = model.src.numbers, model.tgt.numbers
        if src_n is not None and tgt_n is not None:
            shared = g.overlap(src_n, tgt_n)
            own = self.count("sn", g.a)[g.s_safe][:, None] + self.count("tn", g.b)[g.t_safe]
            total += p.number * (own - 2 * shared)
        return total

    def _paragraph_cost(self, g: Grid) -> np.ndarray:
        model = self.model
        if not model.use_paragraphs:
            return np.zeros(g.t.shape)
        ps, pt = model.src.starts_paragraph, model.tgt.starts_paragraph
        start_s = ps[g.s_safe][:, None]
        start_t = pt[g.t_safe]
        cost = model.params.paragraph * (start_s != start_t)
        inside_s = self.inside("s", g.a) if g.a > 1 else None
        inside_t = self.inside("t", g.b) if g.b > 1 else None
        if inside_s is not None:
            cost = cost + model.params.inside * inside_s[_safe(g.s_safe, inside_s)][:, None]
        if inside_t is not None:
            cost = cost + model.params.inside * inside_t[_safe(g.t_safe, inside_t)]
        return np.asarray(cost, dtype=np.float64)

    def _end_cost(self, g: Grid) -> np.ndarray:
        """Sentence-end evidence of both groups (``ends.py``): zero until it is estimated."""
        model = self.model
        total = np.zeros(g.t.shape)
        for name, side, size, start in (
            ("s", model.src, g.a, g.s_safe[:, None]),
            ("t", model.tgt, g.b, g.t_safe),
        ):
            go, stop = side.end_go, side.end_stop
            if go is None or stop is None:
                continue
            key = (f"end-{name}", size)
            if key not in self._sums:
                last = np.arange(size - 1, len(go))  # the last sentence ends, the rest go on
                self._sums[key] = _group_sums(go, size)[: len(last)] + stop[last] - go[last]
            sums = self._sums[key]
            total = total + model.params.ends * sums[_safe(start, sums)]
        return total

    def _mt_llr(self, g: Grid) -> np.ndarray:
        model = self.model
        if not model.mt_on:
            return np.zeros(g.t.shape)
        dice = self._dice(g)
        llr = model.mt_slope * (dice - model.mt_mid)
        return np.asarray(np.clip(llr, -model.params.mt_clip, model.params.mt_clip), np.float64)

    def _dice(self, g: Grid) -> np.ndarray:
        assert self.model.mt_src is not None and self.model.tgt.ngrams is not None
        shared = g.overlap(self.model.mt_src, self.model.tgt.ngrams)
        own = self.count("mg", g.a)[g.s_safe][:, None] + self.count("tg", g.b)[g.t_safe]
        return np.asarray(2.0 * shared / np.maximum(own, 1.0), dtype=np.float64)


class Grid:
    """Source group starts per row and target group starts per cell of a cost block."""

    def __init__(
        self, s: np.ndarray, t: np.ndarray, valid: np.ndarray, a: int, b: int, m: int
    ) -> None:
        self.a, self.b = a, b
        self.valid = valid
        n_groups_t = max(m - b + 1, 1)
        self.s = s
        self.t = t
        self.s_safe = np.clip(s, 0, None)
        self.t_safe = np.clip(t, 0, n_groups_t - 1)
        self.row_ok = valid.any(axis=1)

    def overlap(self, x: FeatureRows, y: FeatureRows) -> np.ndarray:
        """Shared weight of each cell's source group and target group."""
        out = np.zeros(self.t.shape)
        if not self.row_ok.any():
            return out
        tv = self.t[self.valid]
        first, last = int(tv.min()), int(tv.max())
        rows = np.flatnonzero(self.row_ok)
        dense = band_overlap(x, y, self.s_safe[rows], self.a, first, last - first + 1, self.b)
        col = np.clip(self.t[rows] - first, 0, last - first)
        out[rows] = np.take_along_axis(dense, col, axis=1)
        return np.where(self.valid, out, 0.0)


def build_model(
    source: Sequence[str],
    target: Sequence[str],
    source_paragraphs: Sequence[int] | None,
    target_paragraphs: Sequence[int] | None,
    p: AlignParams,
) -> Model:
    src = Side(char_lengths(source), paragraph_starts(source_paragraphs, len(source)))
    tgt = Side(char_lengths(target), paragraph_starts(target_paragraphs, len(target)))
    rows = anchor_rows(source, target, p)
    src.anchors, tgt.anchors, src.numbers, tgt.numbers, src.missable, tgt.missable = rows
    use_par = (
        source_paragraphs is not None
        and target_paragraphs is not None
        and len(set(source_paragraphs)) > 1
        and len(set(target_paragraphs)) > 1
    )
    ratio = float(tgt.lengths.sum() / src.lengths.sum())
    return Model(p, src, tgt, ratio, p.variance, use_par)
