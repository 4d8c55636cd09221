"""The checks of ``aligner.checks`` on each output, enforced from the model's n-best list.

Every output is checked (``number``, ``url``, and ``term`` with a glossary) and carries the
flags of the checks it fails. When one fails, the model is asked for its ``NBEST`` best
hypotheses (beam search of width ``max(beams, NBEST)``) and each is scored teacher-forced,
as any output is. The best-scoring hypothesis (highest confidence) that fails no check
replaces the output, with its own confidence and the flag ``enforced``; when none passes,
the output stays as decoded, with its check flags. The model's text is never edited.

Not checked: lines copied through (``passthrough``: nothing was translated). Checked and
flagged but not enforced: sentences translated in pieces (``long-split``: a rejoined text
has no n-best list of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final

from aligner.checks import Check, check_flags, failed
from aligner.types import Flag, Translation

__all__ = ["NBEST", "enforce"]

NBEST: Final = 8  # hypotheses asked for when a check fails

NBest = Callable[[str], Sequence[Translation]]


def enforce(
    source: str, translation: Translation, checks: Sequence[Check], nbest: NBest
) -> Translation:
    """``translation`` with its check flags, or the best n-best hypothesis that passes
    every check, flagged ``enforced`` (see the module doc). ``nbest(source)`` gives the
    scored hypotheses."""
    if not checks or Flag.PASSTHROUGH.value in translation.flags:
        return translation
    flags = check_flags(source, translation.text, checks)
    if not flags:
        return translation
    if Flag.LONG_SPLIT.value in translation.flags:
        return replace(translation, flags=translation.flags | flags)
    passing = [h for h in nbest(source) if not failed(source, h.text, checks)]
    if not passing:
        return replace(translation, flags=translation.flags | flags)
    best = max(passing, key=lambda h: h.confidence)  # the first of equals: beam order
    return replace(best, flags=best.flags | {Flag.ENFORCED.value})
