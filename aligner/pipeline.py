"""The one place the document flows are written: translation and alignment.

    translate_document:  Document --segment--> Sentence[] --translate_sentences--> Pair[]
    align_documents:     Document x Document --segment both--> align_segmented --> Pair[]

The document-level functions segment and call the sentence-level ones; the CLI and batch,
which segment ahead (to size a progress bar, to cut chunks across files), call the
sentence-level ones directly, so each flow exists once. Progress goes through a callback
``progress(n)``: n more sentences translated.

``translate_sentences`` returns one ``1-1`` Pair per sentence, in order: every sentence,
translatable or not, appears exactly once. ``align_segmented`` returns Pairs in which every
sentence of both sides is in exactly one pair; unaligned ones are ``1-0``/``0-1`` pairs
flagged ``unaligned``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aligner.text.segmenter import segment_document
from aligner.translation.translator import passthrough
from aligner.types import Document, Flag, Pair, Sentence, SupportsTranslate, Translation

if TYPE_CHECKING:
    from aligner.checks import Check

__all__ = [
    "align_documents",
    "align_segmented",
    "build_pairs",
    "translate_document",
    "translate_sentences",
]

Progress = Callable[[int], None]
AlignProgress = Callable[[str, int, int], None]  # (alignment pass, rows done, rows in it)


def translate_document(
    doc: Document,
    translator: SupportsTranslate,
    *,
    lang: str = "id",
    progress: Progress | None = None,
) -> list[Pair]:
    """Segment ``doc`` and translate every sentence; ``progress(n)`` after n more sentences."""

    sentences = segment_document(doc, lang)
    return translate_sentences(doc.path, sentences, translator, progress=progress)


def translate_sentences(
    doc: str,
    sentences: Sequence[Sentence],
    translator: SupportsTranslate,
    *,
    progress: Progress | None = None,
) -> list[Pair]:
    """Translate segmented sentences of document ``doc`` into one pair each; sentences that
    are not ``translatable`` (no letters) are copied through without the model.

    ``translator`` is used as given: a stack (``translation.stack.build_stack`` or
    ``TranslatorStack``) adds the noise flags of ``aligner.clean``; a bare ``Translator`` gives
    the model's flags only."""

    texts = [s.text for s in sentences if s.translatable]
    done = iter(translator.translate(texts, progress=progress))
    translations = [next(done) if s.translatable else passthrough(s.text) for s in sentences]
    if progress is not None and len(texts) < len(sentences):
        progress(len(sentences) - len(texts))
    return build_pairs(doc, sentences, translations)


def build_pairs(
    doc: str, sentences: Sequence[Sentence], translations: Sequence[Translation]
) -> list[Pair]:
    """Pair each sentence with its translation (same position in both sequences)."""
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


def align_documents(
    source: Document,
    target: Document,
    *,
    translator: SupportsTranslate | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    align_progress: AlignProgress | None = None,
) -> list[Pair]:
    """Segment both documents (Indonesian / English), align, and return Pairs in order.

    With a ``translator`` the source sentences are machine-translated first and MT
    similarity joins the cost, weighted by how informative it proves on this document.
    """

    src = segment_document(source, lang="id")
    tgt = segment_document(target, lang="en")
    name = source.path if doc is None else doc
    return align_segmented(
        name, src, tgt, translator=translator, progress=progress, align_progress=align_progress
    )


def align_segmented(
    doc: str,
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    *,
    translator: SupportsTranslate | None = None,
    mt: Sequence[str] | None = None,
    paragraphs: bool = True,
    progress: Progress | None = None,
    checks: Sequence[Check] = (),
    align_progress: AlignProgress | None = None,
) -> list[Pair]:
    """Align segmented sentences of both sides; the MT bridge is ``mt`` (one translation per
    source sentence, no model loaded) or comes from ``translator``. ``paragraphs=False``
    ignores paragraph numbers (pre-split input: each line is its own paragraph). ``checks``
    (``aligner.checks``) flag the pairs whose target lacks a number, link or term;
    ``align_progress(stage, rows done, rows)`` follows the alignment's passes."""
    from aligner.alignment.search import align_sentences

    if mt is None and translator is not None and source and target:  # nothing to bridge to
        texts = [s.text for s in source]  # if a side is empty
        mt = [t.text for t in translator.translate(texts, progress=progress)]
    beads = align_sentences(
        [s.text for s in source],
        [t.text for t in target],
        source_mt=mt,
        source_paragraphs=[s.paragraph for s in source] if paragraphs else None,
        target_paragraphs=[t.paragraph for t in target] if paragraphs else None,
        progress=align_progress,
    )
    pairs = [
        _aligned_pair(b.source_ids, b.target_ids, b.confidence, source, target, doc) for b in beads
    ]
    return [_checked(pair, checks) for pair in pairs] if checks else pairs


def _checked(pair: Pair, checks: Sequence[Check]) -> Pair:
    from aligner.checks import check_flags

    if not pair.source_ids or not pair.target_ids:
        return pair
    found = check_flags(pair.source, pair.target, checks)
    return replace(pair, flags=pair.flags | found) if found else pair


def _aligned_pair(
    source_ids: tuple[int, ...],
    target_ids: tuple[int, ...],
    confidence: float,
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    doc: str,
) -> Pair:
    unaligned = not source_ids or not target_ids
    first = src[source_ids[0]] if source_ids else tgt[target_ids[0]]
    return Pair(
        doc=doc,
        paragraph=first.paragraph,
        source_ids=source_ids,
        target_ids=target_ids,
        source=" ".join(src[k].text for k in source_ids),
        target=" ".join(tgt[k].text for k in target_ids),
        confidence=confidence,
        flags=frozenset({Flag.UNALIGNED.value}) if unaligned else frozenset(),
        bead=f"{len(source_ids)}-{len(target_ids)}",
        logprob=None,
        tokens=None,
    )
