"""Pre-split input (``--segmented``): line *i* of a file is sentence *i*, not re-segmented.

The convention of hunalign, vecalign and Bleualign. A blank line is an empty sentence that
keeps its number (so ids stay line numbers); the paragraph of sentence *i* is *i*, so the
text writer gives back one line per input line. ``read_mt`` reads a translation of such a
file, line by line, for the MT bridge of alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aligner.errors import AlignmentError
from aligner.text.load import read_document
from aligner.types import Document, Sentence, has_letters

__all__ = ["line_sentences", "read_lines", "read_mt"]


def read_lines(source: str | Path, encoding: str | None = None) -> Document:
    """``source`` (a path or ``"-"``) as a Document with one paragraph per line."""

    return read_document(source, encoding=encoding, paragraphs="segmented")


def line_sentences(doc: Document) -> list[Sentence]:
    """One sentence per paragraph of a ``read_lines`` Document: the line as it is (pre-split
    corpora such as Text+Berg end lines with a space; their length model counts it)."""
    return [
        Sentence(line, k, k, 0, len(line), has_letters(line))
        for k, line in enumerate(doc.paragraphs)
    ]


def read_mt(
    path: Path, source: Sequence[Sentence], source_name: str, encoding: str | None = None
) -> list[str]:
    """Line *i* of ``path`` is the MT of source sentence *i*; the counts must agree."""
    lines = [s.text for s in line_sentences(read_lines(path, encoding))]
    if len(lines) != len(source):
        raise AlignmentError(
            f"{path}: {len(lines)} lines, but {source_name} has {len(source)}: "
            "the MT needs one line per source line"
        )
    return lines
