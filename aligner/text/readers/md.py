"""md: Markdown (CommonMark with tables) through markdown-it-py, as block text.

Headings, paragraphs, list items, quotes and table cells are one paragraph each, inline
markup removed (emphasis, links and images keep their text, code spans their code).
Code blocks and raw HTML blocks are passed through: each of their non-empty lines is a
paragraph as it stands, markup included, so nothing of the file is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from aligner.errors import NoTextError
from aligner.text.load import decode_text, display_name
from aligner.text.readers import register_reader
from aligner.text.readers._reader import Reader, ReadOptions, clean_paragraph
from aligner.types import Document, Origin

_VERBATIM: Final = frozenset({"fence", "code_block", "html_block"})
_BREAKS: Final = frozenset({"softbreak", "hardbreak"})


@register_reader("md", extensions=(".md", ".markdown"))
class MarkdownReader(Reader):
    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        from markdown_it import MarkdownIt

        text, encoding = decode_text(data, path, options.encoding)
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        paragraphs = tuple(p for p in map(clean_paragraph, _blocks(tokens)) if p)
        if not paragraphs:
            raise NoTextError("no text in the document", path=display_name(path))
        return Document(path, paragraphs, encoding, Origin("md"))


def _blocks(tokens: list[Any]) -> Iterator[str]:
    for token in tokens:
        if token.type == "inline":
            yield "".join(_inline(token.children or []))
        elif token.type in _VERBATIM:
            yield from token.content.split("\n")


def _inline(children: list[Any]) -> Iterator[str]:
    for child in children:
        if child.type in _BREAKS:
            yield " "
        elif child.type == "image":
            yield from _inline(child.children or [])  # its alt text
        elif child.type in ("text", "code_inline"):
            yield child.content
