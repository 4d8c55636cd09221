"""Stage 1, text: bytes or a path in, ``Document`` (``reader`` for text, ``readers`` for every
input format by name: txt, html, docx, odt, md), then ``Sentence`` list out (``segmenter``,
with the Indonesian and English abbreviation data in ``abbreviations``)."""
