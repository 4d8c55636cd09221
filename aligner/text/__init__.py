"""Stage 1, text: bytes or a path in, ``Document`` (``reader``), then ``Sentence`` list out
(``segmenter``, with the Indonesian and English abbreviation data in ``abbreviations``)."""
