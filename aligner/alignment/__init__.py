"""Stage 3, alignment of existing translations: two sentence lists (and, optionally, machine
translations of the source) in, ``Bead`` list out.

``features`` (anchors: numbers, names, cognates, the ``lexicon``) and the length model give
each candidate bead a cost; ``search`` runs the banded dynamic programme and the posteriors
that become each bead's confidence. The document flow is ``aligner.pipeline.align_documents``.
"""
