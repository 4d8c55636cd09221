"""Sentence alignment of a document with its existing translation.

Dynamic programming over beads ``1-1``, ``1-2``, ``2-1``, ``2-2``, ``1-0``, ``0-1``. A bead's
cost adds, in log-likelihood units:

* length compatibility (Gale–Church: the target length is the source length times a ratio
  with variance proportional to length; ratio and variance re-estimated on the document);
* anchors that survive translation (numbers, names, acronyms, URLs, cognate prefixes, and
  the concepts of a small built-in lexicon; see ``anchors.py``): a reward for each shared
  anchor weighted by its rarity in the document, a penalty for numbers (and, discounted,
  other anchors) that one side has and the other lacks;
* machine-translation similarity (character 4-gram Dice between the MT of the source group
  and the target group), weighted by how well it separates the first-pass alignment from its
  neighbours on *this* document, so a model that produces noise gets weight zero;
* paragraph boundaries as soft hints (a group that spans one costs extra); a fixed prior per
  bead type (the insertion/deletion cost among them).

Search runs in a band: first a Viterbi pass around the length diagonal (doubled in width
while the path runs into its edge), then a narrow band around that path for the final pass,
whose forward-backward posteriors give each bead its confidence. Time and memory are linear
in document length times band width.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.features import (
    KIND_COGNATE,
    KIND_LEXICON,
    KIND_NUMBER,
    FeatureRows,
    band_overlap,
    build_rows,
    char_ngrams,
    sentence_features,
)
from aligner.errors import AlignmentError

__all__ = ["ALIGNER_VERSION", "AlignParams", "Bead", "align_sentences"]

ALIGNER_VERSION = "align-1"

# Bead shapes (source count, target count) handled row by row; 0-1 is the in-row chain.
_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0))
_INS = len(_SHAPES)  # back-pointer code of the 0-1 bead
_INF = math.inf


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment unit: sentence indices on each side (either may be empty)."""

    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        return f"{len(self.source_ids)}-{len(self.target_ids)}"


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Weights of the bead cost (log-likelihood units) and search settings."""

    merge: float = 4.0  # prior cost of a 1-2 / 2-1 bead
    merge22: float = 10.0  # prior cost of a 2-2 bead
    skip: float = 5.0  # cost of a 1-0 / 0-1 bead
    length: float = 1.0  # weight of the Gale–Church term
    variance: float = 30.0  # default variance per character of the length model
    match: float = 1.0  # reward per unit of shared anchor weight
    miss: float = 0.3  # penalty per unit of (balance-weighted) anchor weight on one side only
    bare: float = 0.5  # penalty for a pair that shares no anchor at all
    per_char: float = 0.5  # cost per 100 characters of a pair (skips pay a flat ``skip``)
    number: float = 0.5  # penalty per number on one side only
    cognate: float = 1.5  # weight of cognate prefixes relative to full tokens
    lexicon: float = 1.5  # weight of built-in lexicon concepts relative to full tokens
    cap: float = 3.0  # maximum weight of one anchor
    paragraph: float = 0.0  # penalty when a bead starts a paragraph on one side only
    inside: float = 4.0  # penalty when a group spans a paragraph boundary
    mt: float = 1.0  # weight of the MT log-likelihood ratio
    mt_clip: float = 15.0  # bound on that ratio per bead
    mt_min_t: float = 4.0  # separation (t statistic) MT must show on the document
    temperature: float = 3.5  # of the posterior used as confidence (calibration)
    band: int = 24  # initial half-width of the first-pass band
    final_band: int = 12  # half-width around the first-pass path


# ---------------------------------------------------------------------------- features


@dataclass(slots=True)
class _Side:
    """Per-sentence arrays of one side of the document."""

    lengths: np.ndarray  # characters
    starts_paragraph: np.ndarray  # bool: first sentence of its paragraph
    anchors: FeatureRows | None = None
    numbers: FeatureRows | None = None
    missable: FeatureRows | None = None  # anchors weighted for the miss penalty
    ngrams: FeatureRows | None = None


@dataclass(slots=True)
class _Model:
    """Everything the cost of a bead depends on, for one document pair."""

    params: AlignParams
    src: _Side
    tgt: _Side
    ratio: float  # expected target/source length ratio
    variance: float
    use_paragraphs: bool
    mt_slope: float = 0.0  # LLR = slope * (dice - mid), clipped
    mt_mid: float = 0.0
    mt_src: FeatureRows | None = None  # n-grams of the source MT


def _paragraph_starts(paragraphs: Sequence[int] | None, count: int) -> np.ndarray:
    if paragraphs is None or count == 0:
        return np.zeros(count, dtype=bool)
    par = np.asarray(paragraphs)
    return np.concatenate([[True], par[1:] != par[:-1]])


def _anchor_rows(
    source: Sequence[str], target: Sequence[str], params: AlignParams
) -> tuple[FeatureRows, ...]:
    """Rows of anchors (features found on both sides, weighted by rarity), numbers, and
    anchors weighted for the miss penalty."""
    src_feats = [sentence_features(s, "id") for s in source]
    tgt_feats = [sentence_features(t, "en") for t in target]
    df_s: dict[tuple[int, str], int] = {}
    df_t: dict[tuple[int, str], int] = {}
    for feats, df in ((src_feats, df_s), (tgt_feats, df_t)):
        for sentence in feats:
            for f in sentence:
                df[f] = df.get(f, 0) + 1
    shared = sorted(f for f in df_s if f in df_t)
    ids = {f: k for k, f in enumerate(shared)}
    weights = np.array([_anchor_weight(f, df_s[f], df_t[f], len(source), len(target), params)
                        for f in shared]) if shared else np.zeros(0)
    # An anchor that survives translation occurs about as often on each side; a feature
    # shared by accident (frequent on one side, rare on the other) says little when missing.
    balance = np.array([min(df_s[f], df_t[f]) / max(df_s[f], df_t[f]) for f in shared])
    numbers = sorted({f for f in (*df_s, *df_t) if f[0] == KIND_NUMBER})
    num_ids = {f: k for k, f in enumerate(numbers)}
    return (
        build_rows([[ids[f] for f in s if f in ids] for s in src_feats], weights),
        build_rows([[ids[f] for f in s if f in ids] for s in tgt_feats], weights),
        build_rows([[num_ids[f] for f in s if f in num_ids] for s in src_feats]),
        build_rows([[num_ids[f] for f in s if f in num_ids] for s in tgt_feats]),
        build_rows([[ids[f] for f in s if f in ids] for s in src_feats], weights * balance),
        build_rows([[ids[f] for f in s if f in ids] for s in tgt_feats], weights * balance),
    )


def _anchor_weight(
    feature: tuple[int, str], df_s: int, df_t: int, n: int, m: int, params: AlignParams
) -> float:
    """Evidence of a shared anchor: log inverse frequency, capped, cognates discounted."""
    rarity = math.log(1.0 + (n + m) / (df_s + df_t))
    weight = min(params.cap, rarity)
    if feature[0] == KIND_LEXICON:
        return weight * params.lexicon
    return weight * params.cognate if feature[0] == KIND_COGNATE else weight


def _ngram_rows(
    mt: Sequence[str], target: Sequence[str]
) -> tuple[FeatureRows, FeatureRows]:
    vocab: dict[str, int] = {}
    mt_sets = [[vocab.setdefault(g, len(vocab)) for g in char_ngrams(s)] for s in mt]
    tgt_sets = [[vocab.setdefault(g, len(vocab)) for g in char_ngrams(t)] for t in target]
    return build_rows(mt_sets), build_rows(tgt_sets)


def _lengths(texts: Sequence[str]) -> np.ndarray:
    return np.array([max(1, len(t)) for t in texts], dtype=np.float64)


# ---------------------------------------------------------------------------- costs


def _group_sums(values: np.ndarray, size: int) -> np.ndarray:
    """Sum of ``size`` consecutive values starting at each index (len - size + 1 entries)."""
    if len(values) < size:
        return np.zeros(1)  # no such group: a placeholder the valid mask never selects
    csum = np.concatenate([[0.0], np.cumsum(values)])
    return csum[size:] - csum[:-size]


class _CostTable:
    """Costs of each bead shape for DP nodes (i, lo[i] + c), computed block by block."""

    def __init__(self, model: _Model) -> None:
        self.model = model
        self.src_len = {k: _group_sums(model.src.lengths, k) for k in (1, 2)}
        self.tgt_len = {k: _group_sums(model.tgt.lengths, k) for k in (1, 2)}
        self.counts: dict[tuple[str, int], np.ndarray] = {}
        for name, side in (("s", model.src), ("t", model.tgt)):
            for k in (1, 2):
                self._count(f"{name}a", side.anchors, k, weighted=True)
                self._count(f"{name}n", side.numbers, k, weighted=False)
                self._count(f"{name}m", side.missable, k, weighted=True)
                self._count(f"{name}g", side.ngrams, k, weighted=False)
        for k in (1, 2):
            self._count("mg", model.mt_src, k, weighted=False)

    def _count(self, key: str, rows: FeatureRows | None, size: int, weighted: bool) -> None:
        if rows is None:
            return
        counts = rows.distinct_counts(size, weighted=weighted) if rows.rows >= size else None
        self.counts[(key, size)] = counts if counts is not None and len(counts) else np.zeros(1)

    def block(self, rows: np.ndarray, lo: np.ndarray, width: int) -> list[np.ndarray]:
        """Cost arrays (len(rows), width) for every shape in ``_SHAPES``, inf where invalid."""
        return [self._shape(rows, lo, width, a, b) for a, b in _SHAPES]

    def _shape(self, rows: np.ndarray, lo: np.ndarray, width: int, a: int, b: int) -> np.ndarray:
        p = self.model.params
        n, m = len(self.model.src.lengths), len(self.model.tgt.lengths)
        j = lo[:, None] + np.arange(width)[None, :]
        valid = (rows[:, None] >= a) & (rows[:, None] <= n) & (j >= b) & (j <= m)
        if b == 0:
            return np.where(valid, p.skip, _INF)
        grid = _Grid(rows - a, j - b, valid, a, b, self.model.tgt.lengths.size)
        cost = self._length_cost(grid) + self._anchor_cost(grid) + self._paragraph_cost(grid)
        cost = cost - self._mt_llr(grid)
        prior = p.merge22 if (a, b) == (2, 2) else (p.merge if a + b == 3 else 0.0)
        return np.where(valid, cost + prior, _INF)

    def _length_cost(self, g: _Grid) -> np.ndarray:
        model = self.model
        ls = self.src_len[g.a][g.s_safe][:, None]
        lt = self.tgt_len[g.b][g.t_safe]
        scale = model.variance * (ls + lt / model.ratio) / 2.0
        delta = (lt - model.ratio * ls) / np.sqrt(scale)
        # a pair must earn its length in evidence: long unrelated pairs are not cheap
        size = model.params.per_char * (ls + lt) / 100.0
        return model.params.length * 0.5 * delta * delta + size

    def _anchor_cost(self, g: _Grid) -> np.ndarray:
        p, model = self.model.params, self.model
        total = np.zeros(g.t.shape)
        src_a, tgt_a = model.src.anchors, model.tgt.anchors
        if src_a is not None and tgt_a is not None:
            shared = g.overlap(src_a, tgt_a)
            # true pairs nearly always share something; a pair sharing nothing is suspect
            total += p.bare * (shared <= 0) - p.match * shared
        src_m, tgt_m = model.src.missable, model.tgt.missable
        if src_m is not None and tgt_m is not None:
            shared = g.overlap(src_m, tgt_m)
            own = self.counts[("sm", g.a)][g.s_safe][:, None] + self.counts[("tm", g.b)][g.t_safe]
            total += p.miss * (own - 2 * shared)
        src_n, tgt_n = model.src.numbers, model.tgt.numbers
        if src_n is not None and tgt_n is not None:
            shared = g.overlap(src_n, tgt_n)
            own = self.counts[("sn", g.a)][g.s_safe][:, None] + self.counts[("tn", g.b)][g.t_safe]
            total += p.number * (own - 2 * shared)
        return total

    def _paragraph_cost(self, g: _Grid) -> np.ndarray:
        model = self.model
        if not model.use_paragraphs:
            return np.zeros(g.t.shape)
        ps, pt = model.src.starts_paragraph, model.tgt.starts_paragraph
        start_s = ps[g.s_safe][:, None]
        start_t = pt[g.t_safe]
        cost = model.params.paragraph * (start_s != start_t)
        if g.a == 2:
            cost = cost + model.params.inside * ps[np.minimum(g.s_safe + 1, len(ps) - 1)][:, None]
        if g.b == 2:
            cost = cost + model.params.inside * pt[np.minimum(g.t_safe + 1, len(pt) - 1)]
        return cost

    def _mt_llr(self, g: _Grid) -> np.ndarray:
        model = self.model
        if model.mt_slope <= 0 or model.mt_src is None or model.tgt.ngrams is None:
            return np.zeros(g.t.shape)
        dice = self._dice(g)
        llr = model.params.mt * model.mt_slope * (dice - model.mt_mid)
        return np.clip(llr, -model.params.mt_clip, model.params.mt_clip)

    def _dice(self, g: _Grid) -> np.ndarray:
        assert self.model.mt_src is not None and self.model.tgt.ngrams is not None
        shared = g.overlap(self.model.mt_src, self.model.tgt.ngrams)
        own = self.counts[("mg", g.a)][g.s_safe][:, None] + self.counts[("tg", g.b)][g.t_safe]
        return 2.0 * shared / np.maximum(own, 1.0)


class _Grid:
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


# ---------------------------------------------------------------------------- search


@dataclass(slots=True)
class _Band:
    lo: np.ndarray  # first target index of each row's band (may be negative)
    width: int


def _shift(row: np.ndarray, offset: int, fill: float) -> np.ndarray:
    """out[c] = row[c + offset], ``fill`` where that is outside the row."""
    out = np.full_like(row, fill)
    width = len(row)
    if offset >= 0:
        if offset < width:
            out[: width - offset] = row[offset:]
    elif -offset < width:
        out[-offset:] = row[: width + offset]
    return out


def _insert_costs(model: _Model, lo: int, width: int) -> np.ndarray:
    """Cost of the 0-1 step *into* each column (consuming target sentence j-1)."""
    j = lo + np.arange(width)
    m = len(model.tgt.lengths)
    return np.where((j >= 1) & (j <= m), model.params.skip, 0.0)


def _viterbi(model: _Model, band: _Band, table: _CostTable) -> list[tuple[int, int, int]]:
    """Best path as (i, j, shape code) bead ends, in order; code ``_INS`` is 0-1."""
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    width, lo = band.width, band.lo
    score = np.full((n + 1, width), _INF)
    back = np.zeros((n + 1, width), dtype=np.int8)
    block = max(8, min(256, 20000 // width))
    for r0 in range(0, n + 1, block):
        rows = np.arange(r0, min(n + 1, r0 + block))
        costs = table.block(rows, lo[rows], width)
        for k, i in enumerate(rows.tolist()):
            score[i], back[i] = _viterbi_row(score, lo, i, [c[k] for c in costs], model, width)
    end = m - lo[n]
    if not 0 <= end < width or not math.isfinite(score[n, end]):
        raise RuntimeError("alignment band does not reach the end")  # a bug, not user error
    return _backtrack(back, lo, n, m)


def _viterbi_row(
    score: np.ndarray, lo: np.ndarray, i: int, costs: list[np.ndarray], model: _Model, width: int
) -> tuple[np.ndarray, np.ndarray]:
    best = np.full(width, _INF)
    code = np.zeros(width, dtype=np.int8)
    if i == 0:
        best[np.arange(width) + lo[0] == 0] = 0.0
    for k, (a, b) in enumerate(_SHAPES):
        if i < a:
            continue
        cand = _shift(score[i - a], int(lo[i] - b - lo[i - a]), _INF) + costs[k]
        better = cand < best
        best = np.where(better, cand, best)
        code[better] = k
    ins = np.cumsum(_insert_costs(model, int(lo[i]), width))
    x = best - ins
    run = np.minimum.accumulate(x)
    code[run < x] = _INS
    out = run + ins
    j = lo[i] + np.arange(width)
    return np.where((j >= 0) & (j <= len(model.tgt.lengths)), out, _INF), code


def _backtrack(back: np.ndarray, lo: np.ndarray, n: int, m: int) -> list[tuple[int, int, int]]:
    path: list[tuple[int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(back[i, j - lo[i]])
        path.append((i, j, code))
        a, b = (0, 1) if code == _INS else _SHAPES[code]
        i, j = i - a, j - b
    path.reverse()
    return path


def _posteriors(
    model: _Model, band: _Band, path: list[tuple[int, int, int]], table: _CostTable
) -> list[float]:
    """Forward-backward posterior probability of each bead of ``path``."""
    n = len(model.src.lengths)
    lo, temp = band.lo, model.params.temperature
    costs = [c / temp for c in _all_costs(table, band, n)]
    fwd = _forward(costs, model, band, temp)
    bwd = _backward(costs, model, band, temp)
    total = fwd[n, len(model.tgt.lengths) - lo[n]]
    out = []
    for i, j, code in path:
        a, b = (0, 1) if code == _INS else _SHAPES[code]
        c_end, c_start = j - lo[i], j - b - lo[i - a]
        step = model.params.skip / temp if code == _INS else costs[code][i, c_end]
        logp = fwd[i - a, c_start] - step + bwd[i, c_end] - total
        out.append(float(min(1.0, math.exp(min(0.0, logp)))))
    return out


def _all_costs(table: _CostTable, band: _Band, n: int) -> list[np.ndarray]:
    """Cost arrays of every shape for all rows, computed in blocks to bound dense work."""
    step = max(8, min(256, 20000 // band.width))
    blocks = [table.block(np.arange(r, min(n + 1, r + step)), band.lo[r : r + step], band.width)
              for r in range(0, n + 1, step)]
    return [np.concatenate([b[k] for b in blocks]) for k in range(len(_SHAPES))]


def _forward(costs: list[np.ndarray], model: _Model, band: _Band, temp: float) -> np.ndarray:
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    width, lo = band.width, band.lo
    fwd = np.full((n + 1, width), -_INF)
    for i in range(n + 1):
        acc = np.full(width, -_INF)
        if i == 0:
            acc[np.arange(width) + lo[0] == 0] = 0.0
        for k, (a, b) in enumerate(_SHAPES):
            if i >= a:
                prev = _shift(fwd[i - a], int(lo[i] - b - lo[i - a]), -_INF)
                acc = np.logaddexp(acc, prev - costs[k][i])
        ins = np.cumsum(_insert_costs(model, int(lo[i]), width)) / temp
        row = np.logaddexp.accumulate(acc + ins) - ins
        j = lo[i] + np.arange(width)
        fwd[i] = np.where((j >= 0) & (j <= m), row, -_INF)
    return fwd


def _backward(costs: list[np.ndarray], model: _Model, band: _Band, temp: float) -> np.ndarray:
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    width, lo = band.width, band.lo
    bwd = np.full((n + 1, width), -_INF)
    for i in range(n, -1, -1):
        acc = np.full(width, -_INF)
        if i == n:
            acc[np.arange(width) + lo[n] == m] = 0.0
        for k, (a, b) in enumerate(_SHAPES):
            if i + a <= n:
                # successor node (i + a, j + b): column c + lo[i] + b - lo[i + a]
                nxt = bwd[i + a] - costs[k][i + a]
                acc = np.logaddexp(acc, _shift(nxt, int(lo[i] + b - lo[i + a]), -_INF))
        ins = np.cumsum(_insert_costs(model, int(lo[i]), width)) / temp
        row = np.logaddexp.accumulate((acc - ins)[::-1])[::-1] + ins
        j = lo[i] + np.arange(width)
        bwd[i] = np.where((j >= 0) & (j <= m), row, -_INF)
    return bwd


# ---------------------------------------------------------------------------- bands


def _diagonal_band(model: _Model, half: int) -> _Band:
    """Band around the diagonal of cumulative length: merges move it, lengths agree."""
    src = np.concatenate([[0.0], np.cumsum(model.src.lengths)])
    tgt = np.concatenate([[0.0], np.cumsum(model.tgt.lengths)])
    centre = np.searchsorted(tgt / tgt[-1], src / src[-1])
    centre = np.clip(centre, 0, len(tgt) - 1)
    centre[-1] = len(tgt) - 1
    return _Band(centre - half, 2 * half + 1)


def _path_band(path: list[tuple[int, int, int]], n: int, half: int) -> _Band:
    """Band of half-width ``half`` around every node of ``path`` (rows may hold several)."""
    low = np.full(n + 1, np.iinfo(np.int64).max)
    high = np.full(n + 1, np.iinfo(np.int64).min)
    low[0] = high[0] = 0
    for i, j, _ in path:
        low[i], high[i] = min(low[i], j), max(high[i], j)
    # rows skipped by 2-x beads take the span of the row before
    for i in range(1, n + 1):
        if low[i] > high[i]:
            low[i], high[i] = low[i - 1], high[i - 1]
    width = int((high - low).max()) + 2 * half + 1
    return _Band(low - half, width)


def _touches_edge(path: list[tuple[int, int, int]], band: _Band, m: int) -> bool:
    """True when the path runs along an edge of the band that is not the matrix edge."""
    for i, j, _ in path:
        lo = int(band.lo[i])
        if (j - lo <= 1 and lo > 0) or (j - lo >= band.width - 2 and lo + band.width - 1 < m):
            return True
    return False


_Path = list[tuple[int, int, int]]


def _search(
    model: _Model, band: _Band, widen: Callable[[_Band, _Path], _Band]
) -> tuple[_Band, _Path]:
    """Viterbi in ``band``, widened while the best path runs along its edge."""
    table = _CostTable(model)
    m = len(model.tgt.lengths)
    while True:
        path = _viterbi(model, band, table)
        if band.width > 2 * m + 3 or not _touches_edge(path, band, m):
            return band, path
        band = widen(band, path)


# ---------------------------------------------------------------------------- estimation


def _path_pairs(path: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """(source, target) indices of the 1-1 beads of a path."""
    return [(i - 1, j - 1) for i, j, code in path if code == 0]


def _reestimate_length(model: _Model, pairs: list[tuple[int, int]]) -> None:
    """Ratio and variance of the length model from the first-pass 1-1 beads, shrunk."""
    if len(pairs) < 5:
        return
    s = model.src.lengths[[p[0] for p in pairs]]
    t = model.tgt.lengths[[p[1] for p in pairs]]
    ratio = float(t.sum() / s.sum())
    resid = (t - ratio * s) ** 2 / ((s + t / ratio) / 2.0)
    resid = np.sort(resid)[: max(1, int(0.9 * len(resid)))]  # first pass has errors
    prior = 20.0
    model.ratio = ratio
    model.variance = float((prior * model.params.variance + resid.sum()) / (prior + len(resid)))


def _estimate_mt(model: _Model, mt: Sequence[str], target: Sequence[str],
                 pairs: list[tuple[int, int]]) -> None:
    """Weigh MT by how well its similarity separates path pairs from neighbouring pairs."""
    if len(pairs) < 5:
        return
    mt_sets = [char_ngrams(s) for s in mt]
    tgt_sets = [char_ngrams(t) for t in target]
    on = np.array([_dice(mt_sets[s], tgt_sets[t]) for s, t in pairs])
    off = np.array([_dice(mt_sets[s], tgt_sets[t + d]) for s, t in pairs
                    for d in (-3, -2, 2, 3) if 0 <= t + d < len(target)])
    if len(off) < 5:
        return
    gap = float(on.mean() - off.mean())
    spread = math.sqrt((on.var() * len(on) + off.var() * len(off)) / (len(on) + len(off)))
    t_stat = gap / math.sqrt(on.var() / len(on) + off.var() / len(off) + 1e-12)
    if gap <= 0 or t_stat < model.params.mt_min_t:
        return  # no better than chance on this document: noise, ignore it
    # The path mean maps to +clip and the neighbours' mean to -clip, scaled down while the
    # two distributions overlap (d' = gap / spread below 4): bounded evidence, never a veto.
    strength = min(1.0, gap / max(spread, 1e-6) / 4.0)
    model.mt_slope = strength * 2.0 * model.params.mt_clip / gap
    model.mt_mid = float((on.mean() + off.mean()) / 2.0)


def _dice(x: set[str], y: set[str]) -> float:
    return 2.0 * len(x & y) / max(1, len(x) + len(y))


# ---------------------------------------------------------------------------- public API


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_mt: Sequence[str] | None = None,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> list[Bead]:
    """Align two sentence lists; every sentence of both sides is in exactly one bead.

    ``source_mt`` (machine translations of ``source``, same length) enables the MT bridge;
    paragraph numbers, where both sides have them, act as soft hints.
    """
    p = params or AlignParams()
    n, m = len(source), len(target)
    if source_mt is not None and len(source_mt) != n:
        raise AlignmentError(
            f"source_mt has {len(source_mt)} entries: need one translation per source sentence"
        )
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    model = _build_model(source, target, source_paragraphs, target_paragraphs, p)
    _, path = _search(model, _diagonal_band(model, p.band),
                      lambda b, _: _diagonal_band(model, b.width))
    pairs = _path_pairs(path)
    _reestimate_length(model, pairs)
    if source_mt is not None:
        _estimate_mt(model, source_mt, target, pairs)
        if model.mt_slope > 0:
            model.mt_src, model.tgt.ngrams = _ngram_rows(source_mt, target)
    band, path = _search(model, _path_band(path, n, p.final_band),
                         lambda b, found: _path_band(found, n, p.final_band + b.width // 2))
    confidence = _posteriors(model, band, path, _CostTable(model))
    return [_bead(i, j, code, c) for (i, j, code), c in zip(path, confidence, strict=True)]


def _bead(i: int, j: int, code: int, confidence: float) -> Bead:
    a, b = (0, 1) if code == _INS else _SHAPES[code]
    return Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(confidence, 4))


def _build_model(
    source: Sequence[str],
    target: Sequence[str],
    source_paragraphs: Sequence[int] | None,
    target_paragraphs: Sequence[int] | None,
    p: AlignParams,
) -> _Model:
    src = _Side(_lengths(source), _paragraph_starts(source_paragraphs, len(source)))
    tgt = _Side(_lengths(target), _paragraph_starts(target_paragraphs, len(target)))
    rows = _anchor_rows(source, target, p)
    src.anchors, tgt.anchors, src.numbers, tgt.numbers, src.missable, tgt.missable = rows
    use_par = (source_paragraphs is not None and target_paragraphs is not None
               and len(set(source_paragraphs)) > 1 and len(set(target_paragraphs)) > 1)
    ratio = float(tgt.lengths.sum() / src.lengths.sum())
    return _Model(p, src, tgt, ratio, p.variance, use_par)
