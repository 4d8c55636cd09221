"""txt: plain text, as ``aligner.text.load`` reads it (encodings, paragraph modes)."""

from __future__ import annotations

from aligner.text.load import read_document_bytes
from aligner.text.readers import register_reader
from aligner.text.readers._reader import Reader, ReadOptions
from aligner.types import Document


@register_reader("txt", extensions=(".txt",))
class TextReader(Reader):
    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        return read_document_bytes(
            data, path, encoding=options.encoding, paragraphs=options.paragraphs
        )
