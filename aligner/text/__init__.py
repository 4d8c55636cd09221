"""Stage 1, text: bytes or a path in, ``Document`` (``load`` for text, ``readers`` for every
input format by name: txt, html, docx, odt, md), then ``Sentence`` list out (``segmenter``,
with the Indonesian and English abbreviation data in ``abbreviations``).

The other stages use only what this module exports; the docx helpers (what the docx writer
needs to rebuild a document it read) load python-docx on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aligner.text.limits import Limits
from aligner.text.load import file_lines, read_bytes

if TYPE_CHECKING:
    from aligner.text.readers.docx import TEXT_TAGS, open_docx, paragraph_runs, text_paragraphs

__all__ = [
    "TEXT_TAGS",
    "Limits",
    "file_lines",
    "open_docx",
    "paragraph_runs",
    "read_bytes",
    "text_paragraphs",
]

_LAZY = {
    name: "aligner.text.readers.docx"
    for name in ("TEXT_TAGS", "open_docx", "paragraph_runs", "text_paragraphs")
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'aligner.text' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
