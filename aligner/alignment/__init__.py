"""Stage 3, alignment of existing translations: two sentence lists (and, optionally, machine
translations of the source) in, ``Bead`` list out.

``features`` (anchors: numbers, names, cognates, the ``lexicon``; per-sentence rows) feed
``costs`` (the bead cost table: length model, anchors, paragraphs, the MT term);
``search`` runs the banded dynamic programme and the posteriors that become each bead's
confidence; ``bridge`` calibrates the MT term on the document, ``ends`` the evidence of how
sentences end (colon, semicolon) on its MT path; ``params`` holds ``Bead``,
``AlignParams`` and ``ALIGNER_VERSION`` (imported here at once: they are plain data).
Alignment scores against a gold alignment are evaluation's (``aligner.evaluation``). The
document flow is ``aligner.pipeline.align_documents``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligner.alignment.params import ALIGNER_VERSION, AlignParams, Bead

if TYPE_CHECKING:
    from aligner.alignment.search import align_sentences

__all__ = ["ALIGNER_VERSION", "AlignParams", "Bead", "align_sentences"]


def __getattr__(name: str) -> Any:  # lazy: numpy is imported only when alignment runs
    if name == "align_sentences":
        from aligner.alignment import search

        return search.align_sentences
    raise AttributeError(f"module 'aligner.alignment' has no attribute {name!r}")
