"""Stage 3, alignment of existing translations: two sentence lists (and, optionally, machine
translations of the source) in, ``Bead`` list out.

``features`` (anchors: numbers, names, cognates, the ``lexicon``; per-sentence rows) feed
``costs`` (the bead cost table: length model, anchors, paragraphs, the MT term);
``search`` runs the banded dynamic programme and the posteriors that become each bead's
confidence; ``bridge`` calibrates the MT term on the document; ``params`` holds ``Bead``,
``AlignParams`` and ``ALIGNER_VERSION``; ``scoring`` reads index beads and scores them.
The document flow is ``aligner.pipeline.align_documents``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ALIGNER_VERSION", "AlignParams", "Bead", "align_sentences"]


def __getattr__(name: str) -> Any:  # lazy: numpy is imported only when alignment runs
    if name in __all__:
        from aligner.alignment import search

        return getattr(search, name)
    raise AttributeError(f"module 'aligner.alignment' has no attribute {name!r}")
