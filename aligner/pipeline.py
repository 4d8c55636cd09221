"""The document flow of ``aligner translate``: segment, translate, pair.

``translate_document`` returns one ``1-1`` Pair per source sentence, in document order:
every sentence of the document, translatable or not, appears exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aligner.errors import AlignerError
from aligner.types import Document, Pair, Sentence, Translation

if TYPE_CHECKING:
    from aligner.translation.translator import Translator

__all__ = ["build_pairs", "translate_document"]


def build_pairs(
    doc: str, sentences: Sequence[Sentence], translations: Sequence[Translation]
) -> list[Pair]:
    """Pair each sentence with its translation (same position in both sequences)."""
    if len(sentences) != len(translations):
        raise AlignerError(
            f"{doc}: {len(sentences)} sentences but {len(translations)} translations"
        )
    return [_pair(doc, s, t) for s, t in zip(sentences, translations, strict=True)]


def _pair(doc: str, sentence: Sentence, translation: Translation) -> Pair:
    return Pair(
        doc=doc,
        paragraph=sentence.paragraph,
        source_ids=(sentence.index,),
        target_ids=(sentence.index,),
        source=sentence.text,
        target=translation.text,
        confidence=translation.confidence,
        flags=translation.flags,
        bead="1-1",
        logprob=translation.logprob,
        tokens=translation.tokens,
    )


def translate_document(
    doc: Document,
    translator: Translator,
    *,
    lang: str = "id",
    progress: Callable[[int], None] | None = None,
) -> list[Pair]:
    """Segment ``doc`` and translate every sentence; ``progress(n)`` after n more sentences."""
    from aligner.text.segmenter import segment_document

    sentences = segment_document(doc, lang)
    translations = translator.translate([s.text for s in sentences], progress=progress)
    return build_pairs(doc.path, sentences, translations)
