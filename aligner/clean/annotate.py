"""Noise flags on translations, and the rule that keeps noise out of corpus formats.

``NoiseFlagger`` wraps a translator (anything ``SupportsTranslate``): before translating it
looks at each source sentence, after it at each output, and adds to the Translation's flags

    boilerplate:<reason>  the source matches a rule of ``aligner.clean.rules``
    lang-src:<code>       the source is confidently not Indonesian (Malay counts as Indonesian)
    lang-tgt:<code>       the output is confidently not English
    passthrough           with lang-src:en: the English sentence is copied, not translated

Flagged sentences are still translated (boilerplate in Indonesian too); only English is
copied through. The wrapper's signature adds ``noise_flags: ANNOTATE_VERSION`` to the
inner one, so run signatures, batch resume keys and translation-memory keys all change
when the rules do. The translator stack (``aligner.translation.stack``) is the one place
that puts it on.

``is_noise(pair)`` (``aligner.common.flags``): boilerplate, or a source that is not
Indonesian. Corpus formats leave such pairs out unless asked to keep them
(``--keep-noise``); a wrong output language is only flagged (random test models produce no
language at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Final

from aligner.clean.boilerplate import boilerplate_reason
from aligner.clean.language import ENGLISH, INDONESIAN, foreign
from aligner.types import (
    Flag,
    SupportsTranslate,
    SupportsTranslateIter,
    Translation,
    flag,
    has_letters,
)

__all__ = [
    "ANNOTATE_VERSION",
    "NoiseFlagger",
    "source_flags",
    "target_flags",
]

ANNOTATE_VERSION: Final = "clean-1"  # bump when a rule or threshold changes the flags


def source_flags(text: str) -> frozenset[str]:
    """``boilerplate:<reason>`` and ``lang-src:<code>`` of one source sentence."""
    if not has_letters(text):
        return frozenset()
    flags = set()
    reason = boilerplate_reason(text)
    if reason is not None:
        flags.add(flag(Flag.BOILERPLATE, reason))
    code = foreign(text, INDONESIAN)
    if code is not None:
        flags.add(flag(Flag.LANG_SRC, code))
    return frozenset(flags)


def target_flags(text: str) -> frozenset[str]:
    """``lang-tgt:<code>`` when the output is confidently not English."""
    code = foreign(text, ENGLISH) if has_letters(text) else None
    return frozenset() if code is None else frozenset({flag(Flag.LANG_TGT, code)})


class NoiseFlagger:
    """A translator that adds noise flags to another's translations (``SupportsTranslate``)."""

    def __init__(self, inner: SupportsTranslate) -> None:
        self.inner = inner

    def translate(
        self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None
    ) -> list[Translation]:
        flags = [source_flags(text) for text in texts]
        english = flag(Flag.LANG_SRC, "en")
        todo = [i for i, f in enumerate(flags) if english not in f]
        results = {i: _copied(texts[i], flags[i]) for i, f in enumerate(flags) if english in f}
        if progress is not None and results:
            progress(len(results))
        for indices, translation in _outputs(self.inner, [texts[i] for i in todo], progress):
            output = target_flags(translation.text)
            for k in indices:
                results[todo[k]] = _flagged(translation, flags[todo[k]] | output)
        return [results[i] for i in range(len(texts))]

    def signature(self) -> dict[str, Any]:
        return {**self.inner.signature(), "noise_flags": ANNOTATE_VERSION}


def _outputs(
    inner: SupportsTranslate, texts: list[str], progress: Callable[[int], None] | None
) -> Iterator[tuple[list[int], Translation]]:
    """``(indices, Translation)``: one by one as they are done where ``inner`` streams, so
    the output flags are read on this thread while the next batches decode (and not all
    after the last one); else all at once."""
    if not isinstance(inner, SupportsTranslateIter):
        yield from (([k], t) for k, t in enumerate(inner.translate(texts, progress=progress)))
        return
    for indices, translation in inner.translate_iter(texts):
        if progress is not None:
            progress(len(indices))
        yield indices, translation


def _flagged(translation: Translation, extra: frozenset[str]) -> Translation:
    return replace(translation, flags=translation.flags | extra) if extra else translation


def _copied(text: str, source: frozenset[str]) -> Translation:
    """An English sentence copied through, as the translator copies lines without letters."""
    return Translation(text, 1.0, 0.0, 0, source | {Flag.PASSTHROUGH.value})
