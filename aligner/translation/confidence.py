"""Confidence of a translation and the flags that explain a doubtful one.

Confidence is ``exp(mean log p)`` over the output tokens, end-of-sentence included, under
the model's plain log-softmax in one teacher-forced pass over the chosen output (see
``Backend.score``): the geometric-mean probability the model gives its own output. It does
not depend on beam size, length penalty or repetition settings, because those only choose
the output; they do not enter the score.

Flags explain a doubtful output. ``copy``, ``ratio`` and ``empty`` are judged on whole
texts (``aligner.common.textrules``); the Translator adds from the pieces:

    repeat      the output loops: an n-gram repeated back to back
    max-length  decoding hit its token cap before end-of-sentence (set by the Translator)
    long-split  the source was over the model's input limit, split and rejoined (Translator)
    retried     repeat or max-length fired and the sentence was decoded again (Translator)
    passthrough the line has no letters and was copied, not translated (Translator)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from aligner.common.textrules import has_loop
from aligner.translation.tokenizer import EOS

__all__ = ["confidence", "is_repeat"]


def confidence(logprobs: Sequence[float]) -> tuple[float, float, int]:
    """``(exp(mean log p), sum log p, token count)`` of one scored output."""
    if not logprobs:
        return 0.0, 0.0, 0
    total = float(math.fsum(logprobs))
    return math.exp(total / len(logprobs)), total, len(logprobs)


def is_repeat(pieces: Sequence[str]) -> bool:
    """The output's pieces loop (``common.textrules.has_loop``); ``</s>`` ignored."""
    return has_loop([p for p in pieces if p != EOS])
