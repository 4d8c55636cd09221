"""How a sentence ends says whether its bead may end with it, learned on the document.

A sentence that the segmenter cut at a colon (``Die anderen Teilnehmer waren :``), a
semicolon or a comma usually goes on into the next sentence's bead in the translation; one
that ends with a full stop usually ends its bead. How often depends on the translator and
the segmenter, so the rates are estimated on the MT path of *this* document: for each kind
of ending, the fraction of its sentences that end a bead there, shrunk towards the rate of
all sentences (``_SHRINK`` sentences' worth). In a bead of both sides,
each sentence but the last costs ``-log(P(go on | kind) / P(go on | full stop))`` and the
last ``-log(P(end | kind) / P(end | full stop))``, so a full stop costs nothing either way
and a text of whole sentences (TICO-19) is aligned as before. Lines without punctuation
(titles, captions, OCR debris) and lines of fewer than two words (``Thyangboché ;``, a
label more than a clause) count as full stops: their endings say nothing of a clause.
Deletions pay nothing: the evidence moves bead boundaries, it does not make or undo merges
with sentences that have no counterpart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["end_costs", "end_kinds"]

_TAIL = r"[\s\"'»«)\]]*$"  # closing quotes and brackets after the mark
_KINDS = (  # kind 0 is the full stop, and everything not listed
    (re.compile(r":" + _TAIL), 1),
    (re.compile(r";" + _TAIL), 2),
    (re.compile(r"," + _TAIL), 3),
)
_COUNT = len(_KINDS) + 1
_WORDS = re.compile(r"\w+")
_MIN_WORDS = 2
_SHRINK = 10.0
_CLIP = 3.0  # bound on either cost of one sentence


def end_kinds(texts: Sequence[str]) -> np.ndarray:
    """The kind of ending of each sentence: 0 full stop (or none), 1 colon, 2 semicolon,
    3 comma."""
    return np.array([_kind(t.rstrip()) for t in texts], dtype=np.int64)


def _kind(text: str) -> int:
    if len(_WORDS.findall(text)) < _MIN_WORDS:
        return 0
    return next((kind for pattern, kind in _KINDS if pattern.search(text)), 0)


def end_costs(kinds: np.ndarray, finals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, the cost of going on into the next sentence's bead and the cost of
    ending a bead, from ``finals`` (bool per sentence: it ends a bead of the path)."""
    count = np.bincount(kinds, minlength=_COUNT).astype(np.float64)
    ends = np.bincount(kinds, weights=finals.astype(np.float64), minlength=_COUNT)
    rate = float(finals.mean()) if len(finals) else 0.0
    if not 0.0 < rate < 1.0:
        zero = np.zeros(len(kinds))
        return zero, zero
    p_end = (ends + _SHRINK * rate) / (count + _SHRINK)
    ref = p_end[0]
    stop = np.clip(-np.log(p_end / ref), -_CLIP, _CLIP)
    go = np.clip(-np.log((1.0 - p_end) / (1.0 - ref)), -_CLIP, _CLIP)
    return go[kinds], stop[kinds]
