"""Sentence alignment of a document with its existing translation: the search.

Dynamic programming over beads ``1-1``, ``1-2``, ``2-1``, ``2-2``, ``1-0``, ``0-1`` with the
costs of ``costs.py``. Search runs in a band: first a Viterbi pass around the length
diagonal (doubled in width while the path runs into its edge), then a narrow band around
that path for the final pass, whose forward-backward posteriors give each bead its
confidence. With an MT bridge the later passes also weigh wider beads (``WIDE_SHAPES``), and
beads of up to five sentences a side (``GAP_SHAPES``) near the merges of the earlier path,
between its 1-1 anchors. Time and memory are linear in document length times band width;
``progress(stage, done, total)`` hears of each pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.bridge import estimate_mt
from aligner.alignment.costs import GAP_SHAPES, WIDE_SHAPES, Progress
from aligner.alignment.costs import INF as _INF
from aligner.alignment.costs import INS as _INS
from aligner.alignment.costs import CostTable as _CostTable
from aligner.alignment.costs import Model as _Model
from aligner.alignment.costs import build_model as _build_model
from aligner.alignment.ends import end_costs, end_kinds
from aligner.alignment.features import ngram_rows
from aligner.alignment.params import ALIGNER_VERSION, AlignParams, Bead
from aligner.errors import AlignmentError

__all__ = ["ALIGNER_VERSION", "AlignParams", "Bead", "Progress", "align_sentences"]


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
        _report(model, int(rows[-1]) + 1, n + 1)
    end = m - lo[n]
    if not 0 <= end < width or not math.isfinite(score[n, end]):
        raise RuntimeError("alignment band does not reach the end")  # a bug, not user error
    return _backtrack(back, lo, n, m, model.shapes)


def _report(model: _Model, done: int, total: int) -> None:
    if model.progress is not None:
        model.progress(model.stage, done, total)


def _viterbi_row(
    score: np.ndarray, lo: np.ndarray, i: int, costs: list[np.ndarray], model: _Model, width: int
) -> tuple[np.ndarray, np.ndarray]:
    best = np.full(width, _INF)
    code = np.zeros(width, dtype=np.int8)
    if i == 0:
        best[np.arange(width) + lo[0] == 0] = 0.0
    for k, (a, b) in enumerate(model.shapes):
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


def _backtrack(
    back: np.ndarray, lo: np.ndarray, n: int, m: int, shapes: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    path: list[tuple[int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(back[i, j - lo[i]])
        path.append((i, j, code))
        a, b = (0, 1) if code == _INS else shapes[code]
        i, j = i - a, j - b
    path.reverse()
    return path


def _posteriors(
    model: _Model, band: _Band, path: list[tuple[int, int, int]], table: _CostTable
) -> list[float]:
    """Forward-backward posterior probability of each bead of ``path``."""
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    lo, temp = band.lo, model.params.temperature
    ends: dict[int, list[tuple[int, int]]] = {}
    for i, j, code in path:
        if code != _INS:
            ends.setdefault(i, []).append((j, code))
    costs = _RowCosts(table, band)
    fwd, steps = _forward(costs, model, band, ends)
    bwd = _backward(costs, model, band)
    total = fwd[n, m - lo[n]]
    out = []
    for i, j, code in path:
        a, b = (0, 1) if code == _INS else model.shapes[code]
        c_end, c_start = j - lo[i], j - b - lo[i - a]
        step = model.params.skip / temp if code == _INS else steps[(i, j)]
        logp = fwd[i - a, c_start] - step + bwd[i, c_end] - total
        out.append(float(min(1.0, math.exp(min(0.0, logp)))))
    return out


_COST_CACHE = 128 * 2**20  # bytes of cost blocks the posterior passes may keep


class _RowCosts:
    """Cost rows of every shape over the band, over the temperature, made block by block.

    Blocks are kept for the backward pass up to ``_COST_CACHE`` bytes (a whole document of
    ordinary length); past that, the farthest block goes and the backward pass makes it
    again, so a long book costs time, not memory, beyond the DP's (rows x width) arrays.
    """

    def __init__(self, table: _CostTable, band: _Band) -> None:
        self.table, self.band = table, band
        self.step = max(8, min(256, 20000 // band.width))
        self.temp = table.model.params.temperature
        self.blocks: dict[int, list[np.ndarray]] = {}
        block_bytes = 8 * self.step * band.width * len(table.model.shapes)
        self.keep = max(2, _COST_CACHE // block_bytes)

    def cost(self, i: int, shape: int) -> np.ndarray:
        """Costs of bead shape number ``shape`` ending in row ``i``, one per band column."""
        key = i // self.step
        if key not in self.blocks:
            if len(self.blocks) >= self.keep:
                del self.blocks[max(self.blocks, key=lambda k: abs(k - key))]
            n = len(self.table.model.src.lengths)
            rows = np.arange(key * self.step, min(n + 1, (key + 1) * self.step))
            made = self.table.block(rows, self.band.lo[rows], self.band.width)
            self.blocks[key] = [c / self.temp for c in made]
        row: np.ndarray = self.blocks[key][shape][i - key * self.step]
        return row


def _forward(
    costs: _RowCosts, model: _Model, band: _Band, ends: dict[int, list[tuple[int, int]]]
) -> tuple[np.ndarray, dict[tuple[int, int], float]]:
    """Forward log-sums, and the cost of each bead of ``ends`` (row: [(column, shape)])."""
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    width, lo, temp = band.width, band.lo, model.params.temperature
    fwd = np.full((n + 1, width), -_INF)
    steps: dict[tuple[int, int], float] = {}
    for i in range(n + 1):
        acc = np.full(width, -_INF)
        if i == 0:
            acc[np.arange(width) + lo[0] == 0] = 0.0
        for k, (a, b) in enumerate(model.shapes):
            if i >= a:
                prev = _shift(fwd[i - a], int(lo[i] - b - lo[i - a]), -_INF)
                acc = np.logaddexp(acc, prev - costs.cost(i, k))
        for j, code in ends.get(i, ()):
            steps[(i, j)] = float(costs.cost(i, code)[j - lo[i]])
        if i % 1024 == 0 or i == n:
            _report(model, i + 1, 2 * (n + 1))
        ins = np.cumsum(_insert_costs(model, int(lo[i]), width)) / temp
        out = np.logaddexp.accumulate(acc + ins) - ins
        j = lo[i] + np.arange(width)
        fwd[i] = np.where((j >= 0) & (j <= m), out, -_INF)
    return fwd, steps


def _backward(costs: _RowCosts, model: _Model, band: _Band) -> np.ndarray:
    n, m = len(model.src.lengths), len(model.tgt.lengths)
    width, lo, temp = band.width, band.lo, model.params.temperature
    bwd = np.full((n + 1, width), -_INF)
    for i in range(n, -1, -1):
        acc = np.full(width, -_INF)
        if i == n:
            acc[np.arange(width) + lo[n] == m] = 0.0
        for k, (a, b) in enumerate(model.shapes):
            if i + a <= n:
                # successor node (i + a, j + b): column c + lo[i] + b - lo[i + a]
                nxt = bwd[i + a] - costs.cost(i + a, k)
                acc = np.logaddexp(acc, _shift(nxt, int(lo[i] + b - lo[i + a]), -_INF))
        ins = np.cumsum(_insert_costs(model, int(lo[i]), width)) / temp
        row = np.logaddexp.accumulate((acc - ins)[::-1])[::-1] + ins
        j = lo[i] + np.arange(width)
        bwd[i] = np.where((j >= 0) & (j <= m), row, -_INF)
        if i % 1024 == 0:
            _report(model, 2 * (n + 1) - i, 2 * (n + 1))
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


# ---------------------------------------------------------------------------- public API


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_mt: Sequence[str] | None = None,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
    progress: Progress | None = None,
) -> list[Bead]:
    """Align two sentence lists; every sentence of both sides is in exactly one bead.

    ``source_mt`` (machine translations of ``source``, same length) enables the MT bridge;
    paragraph numbers, where both sides have them, act as soft hints. ``progress(stage,
    done, total)`` hears of each pass (``length``, ``mt``, ``confidence``) row by row.
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
    model.progress = progress
    _, path = _search(
        model, _diagonal_band(model, p.band), lambda b, _: _diagonal_band(model, b.width)
    )
    _reestimate_length(model, _path_pairs(path))
    if source_mt is not None:
        model.mt_src, model.tgt.ngrams = ngram_rows(source_mt, target)
        estimate_mt(model, _path_pairs(path))
        if model.mt_on:
            model.shapes = WIDE_SHAPES + GAP_SHAPES
            model.stage = "mt"
        else:  # a bridge that does not separate plays no part: its rows are not kept
            model.mt_src = model.tgt.ngrams = None
    band, path = _refine(model, path, p)
    if model.mt_on:
        # the length-only first pass misplaces some pairs the MT term was estimated on:
        # estimate once more on the path the MT helped to find
        estimate_mt(model, _path_pairs(path))
        if p.ends > 0:
            _estimate_ends(model, path, source, target)
        band, path = _refine(model, path, p)
    model.stage = "confidence"
    confidence = _posteriors(model, band, path, _CostTable(model))
    return [
        _bead(i, j, code, c, model.shapes) for (i, j, code), c in zip(path, confidence, strict=True)
    ]


def _estimate_ends(
    model: _Model, path: _Path, source: Sequence[str], target: Sequence[str]
) -> None:
    """Sentence-end costs of both sides from the beads of ``path`` (``ends.py``)."""
    fin_s, fin_t = np.zeros(len(source), dtype=bool), np.zeros(len(target), dtype=bool)
    for i, j, code in path:
        a, b = (0, 1) if code == _INS else model.shapes[code]
        if a:
            fin_s[i - 1] = True
        if b:
            fin_t[j - 1] = True
    model.src.end_go, model.src.end_stop = end_costs(end_kinds(source), fin_s)
    model.tgt.end_go, model.tgt.end_stop = end_costs(end_kinds(target), fin_t)


def _refine(model: _Model, path: _Path, p: AlignParams) -> tuple[_Band, _Path]:
    """Search a narrow band around ``path`` (widened while the new path reaches its edge)."""
    n = len(model.src.lengths)
    model.gap_rows = _gap_rows(path, n, model.shapes)
    return _search(
        model,
        _path_band(path, n, p.final_band),
        lambda b, found: _path_band(found, n, p.final_band + b.width // 2),
    )


def _gap_rows(path: _Path, n: int, shapes: Sequence[tuple[int, int]]) -> np.ndarray:
    """Rows where a gap bead may end: near a merge of ``path`` (a bead of 3 sentences or more).

    The 1-1 beads and lone deletions are the anchors; a bead of up to five sentences ending
    within reach of a merge may take it in, with the beads beside it.
    """
    reach = max(max(a for a, _ in GAP_SHAPES), 1)
    marks = np.zeros(n + 2, dtype=np.int64)
    for i, _, code in path:
        if code != _INS and sum(shapes[code]) >= 3:
            marks[max(0, i - 1)] += 1
            marks[min(n + 1, i + reach)] -= 1
    return np.asarray(np.cumsum(marks)[: n + 1] > 0)


def _bead(i: int, j: int, code: int, confidence: float, shapes: Sequence[tuple[int, int]]) -> Bead:
    a, b = (0, 1) if code == _INS else shapes[code]
    return Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(confidence, 4))
