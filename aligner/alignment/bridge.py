"""The MT bridge: how much the similarity of a source sentence's MT to a target group says.

Similarity is the Dice coefficient of character 4-gram sets (``features.ngram_rows``)
between the MT of the source group and the target group. It enters the bead cost as a
log-likelihood ratio, linear in the similarity: the discriminant of two Gaussians of equal
variance fitted on *this* document, one to the pairs of the current alignment path
("translations"), one to the pairs two and three sentences away from them (neighbours),

    LLR(dice) = slope * (dice - midpoint),  slope = min(weight * gap / variance, 2 clip / gap)

so the evidence scales with how well the MT separates translations from neighbours here:
a strong system (Google on Text+Berg, opus-mt on TICO-19) gets a steep slope, a weak one
(a Europarl SMT) a shallow one, and where the two overlap the length model stays in charge.
The slope is bounded so that the two means are at most ``2 * mt_clip`` apart: a near-perfect
MT (tiny variance) would otherwise make a group that half matches as sure as a full match.
The term is estimated twice: on the length-only first path, then on the path it found.
A bridge whose separation is not significant (t statistic below ``mt_min_t``: noise, or a
model for another language) gets no weight at all. The weight and the clip were calibrated
on real MT (``scripts/eval_real.py``), not simulated MT.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from aligner.alignment.costs import Model
from aligner.alignment.features import FeatureRows

__all__ = ["estimate_mt"]

_NEIGHBOURS = (-3, -2, 2, 3)  # offsets of the "not a translation" pairs
_MIN_PAIRS = 5


def estimate_mt(model: Model, pairs: Sequence[tuple[int, int]]) -> None:
    """Set the slope and midpoint of the MT term from the 1-1 ``pairs`` of a path and the
    model's n-gram rows of the source MT and of the target (``features.ngram_rows``).

    Leaves the model as it was when there are no rows, too little to estimate from, or the
    MT does not separate translations from neighbours on this document.
    """
    mt, target = model.mt_src, model.tgt.ngrams
    if mt is None or target is None or len(pairs) < _MIN_PAIRS:
        return
    on = np.array([_dice(mt, s, target, t) for s, t in pairs])
    off = np.array(
        [
            _dice(mt, s, target, t + d)
            for s, t in pairs
            for d in _NEIGHBOURS
            if 0 <= t + d < target.rows
        ]
    )
    if len(off) < _MIN_PAIRS:
        return
    gap = float(on.mean() - off.mean())
    t_stat = gap / math.sqrt(on.var() / len(on) + off.var() / len(off) + 1e-12)
    if gap <= 0 or t_stat < model.params.mt_min_t:
        return  # no better than chance on this document: noise, ignore it
    variance = (on.var() * len(on) + off.var() * len(off)) / (len(on) + len(off))
    # bounded: at most +-clip between the two means, however tight they are (a near-perfect
    # MT would otherwise make a half-matching group as sure as a full match)
    slope = model.params.mt * gap / max(float(variance), 1e-6)
    model.mt_slope = min(slope, 2.0 * model.params.mt_clip / gap)
    model.mt_mid = float((on.mean() + off.mean()) / 2.0)


def _dice(x: FeatureRows, i: int, y: FeatureRows, j: int) -> float:
    """Dice coefficient of row ``i`` of ``x`` and row ``j`` of ``y`` (sorted distinct ids)."""
    a = x.ids[x.indptr[i] : x.indptr[i + 1]]
    b = y.ids[y.indptr[j] : y.indptr[j + 1]]
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return 2.0 * shared / max(1, len(a) + len(b))
