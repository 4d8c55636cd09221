"""text: the English article, one paragraph per line.

The targets of one paragraph (``Pair.paragraph``) are joined with a single space, so the
output mirrors the input where each line is a paragraph: line N is paragraph N-1.
Paragraph numbers that no pair carries (blank input lines) become empty lines. Pairs
with an empty target (alignment bead ``1-0``) add nothing. Line breaks inside a target
become spaces. Several documents in one stream are separated by one empty line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, one_line
from aligner.types import Pair


class _Article:
    """Tracks the paragraph being written so that only one paragraph is held at a time."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.doc: str | None = None
        self.paragraph = -1  # the paragraph whose line is open; -1: none yet in this doc
        self.parts: list[str] = []

    def add(self, pair: Pair) -> None:
        if pair.doc != self.doc:
            self.start_document(pair.doc)
        if pair.paragraph != self.paragraph:
            self.next_paragraph(pair.paragraph)
        if pair.target.strip():
            self.parts.append(one_line(pair.target).strip())

    def start_document(self, doc: str) -> None:
        if self.doc is not None:
            self.flush()
            self.out.write("\n")
        self.doc, self.paragraph = doc, -1

    def next_paragraph(self, paragraph: int) -> None:
        if self.paragraph >= 0:
            self.flush()
        # blank lines for paragraphs without pairs; out-of-order numbers just start a line
        self.out.write("\n" * max(0, paragraph - self.paragraph - 1))
        self.paragraph = paragraph

    def flush(self) -> None:
        self.out.write(" ".join(self.parts) + "\n")
        self.parts = []


@register_format("text", extensions=(".txt",), corpus=False, needs_path=False)
class TextWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        article = _Article(streams[0])
        for pair in pairs:
            article.add(pair)
        if article.paragraph >= 0:
            article.flush()
