"""The checks of ``aligner.checks`` on each output, enforced from the model's n-best list.

Every output is checked (``number``, ``url``, and ``term`` with a glossary) and carries the
flags of the checks it fails. When one fails, the model is asked for its ``NBEST`` best
hypotheses (beam search of width ``max(beams, NBEST)``; the sentences that failed are
gathered into calls of up to ``NBEST_BATCH``) and each is scored teacher-forced, as any
output is. The best-scoring hypothesis (highest confidence) that fails no check replaces
the output, with its own confidence and the flag ``enforced``; when none passes, the
output stays as decoded, with its check flags. The model's text is never edited, and an
output that passes every check costs only the checks.

Not checked: lines copied through (``passthrough``: nothing was translated). Checked and
flagged but not enforced: sentences translated in pieces (``long-split``: a rejoined text
has no n-best list of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Final, TypeVar

from aligner.checks import Check, check_flags, failed
from aligner.types import Flag, Translation

__all__ = ["NBEST", "NBEST_BATCH", "choose", "enforce_all"]

NBEST: Final = 8  # hypotheses asked for when a check fails
NBEST_BATCH: Final = 16  # failed sentences per n-best call

K = TypeVar("K")
NBest = Callable[[Sequence[str]], list[list[Translation]]]


def enforce_all(
    outputs: Iterable[tuple[K, str, Translation]],
    checks: Sequence[Check],
    nbest: NBest,
    batch: int = NBEST_BATCH,
) -> Iterator[tuple[K, Translation]]:
    """``(key, Translation)`` for each ``(key, source, Translation)``: passing outputs at
    once, failing ones once ``batch`` of them (or the end) are gathered for ``nbest``."""
    pending: list[tuple[K, str, Translation, frozenset[str]]] = []
    for key, source, translation in outputs:
        flags = _flags(source, translation, checks)
        if not flags or Flag.LONG_SPLIT.value in translation.flags:
            yield key, replace(translation, flags=translation.flags | flags)
            continue
        pending.append((key, source, translation, flags))
        if len(pending) >= batch:
            yield from _resolve(pending, checks, nbest)
            pending = []
    yield from _resolve(pending, checks, nbest)


def _flags(source: str, translation: Translation, checks: Sequence[Check]) -> frozenset[str]:
    if not checks or Flag.PASSTHROUGH.value in translation.flags:
        return frozenset()
    return check_flags(source, translation.text, checks)


def _resolve(
    pending: list[tuple[K, str, Translation, frozenset[str]]],
    checks: Sequence[Check],
    nbest: NBest,
) -> Iterator[tuple[K, Translation]]:
    if not pending:
        return
    lists = nbest([source for _, source, _, _ in pending])
    for (key, source, translation, flags), hypotheses in zip(pending, lists, strict=True):
        yield key, choose(source, translation, flags, hypotheses, checks)


def choose(
    source: str,
    translation: Translation,
    flags: frozenset[str],
    hypotheses: Sequence[Translation],
    checks: Sequence[Check],
) -> Translation:
    """The best-scoring hypothesis that fails no check, flagged ``enforced``; else
    ``translation`` with its check ``flags``."""
    passing = [h for h in hypotheses if not failed(source, h.text, checks)]
    if not passing:
        return replace(translation, flags=translation.flags | flags)
    best = max(passing, key=lambda h: h.confidence)  # the first of equals: beam order
    return replace(best, flags=best.flags | {Flag.ENFORCED.value})
