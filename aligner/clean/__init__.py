"""Cleaning: boilerplate, spam and language flags on sentences and pairs, and ``aligner clean``.

Takes sentences (before translation) or pairs (after it, or read from an existing parallel
corpus) and returns flags or a keep/remove decision with reasons:

    boilerplate_reason(text)  -> "spam" | "byline" | … | None    (rules: aligner.clean.rules)
    guess(text)               -> Guess: languages by probability  (py3langid, loaded lazily)
    preload_identifier()      -> start loading py3langid on a background thread
    NoiseFlagger(translator)  -> a translator whose outputs carry boilerplate/lang flags
    is_noise(pair)            -> whether a corpus format leaves the pair out by default
    clean_corpus(IN, OUT, options) -> CleanSummary  (the filters of aligner.clean.filters)

Nothing heavy is imported here: py3langid loads on the first language guess, or in the
background from ``preload_identifier()`` (a translator stack with noise flags starts it
before its model loads).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CleanOptions",
    "CleanSummary",
    "NoiseFlagger",
    "boilerplate_reason",
    "clean_corpus",
    "guess",
    "is_noise",
    "preload_identifier",
]

_WHERE = {
    "CleanOptions": "aligner.clean.process",
    "CleanSummary": "aligner.clean.process",
    "clean_corpus": "aligner.clean.process",
    "NoiseFlagger": "aligner.clean.annotate",
    "is_noise": "aligner.common.flags",
    "boilerplate_reason": "aligner.clean.boilerplate",
    "guess": "aligner.clean.language",
    "preload_identifier": "aligner.clean.language",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'aligner.clean' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
