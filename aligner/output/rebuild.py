"""Pairs read back from a file, checked against the document they are to rebuild.

``aligner convert edited.xlf -o out.docx --source article.docx`` writes the Word document
with the edited targets; that is right only if every unit still belongs where its
paragraph number puts it. ``check_source`` refuses, naming the unit, a pair whose paragraph
the document lacks or whose source text is not in that paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable

from aligner.errors import CorruptInputError
from aligner.output.formats.tmx import xml_safe
from aligner.output.formats.xliff import unit_id
from aligner.types import Document, Pair

__all__ = ["check_source"]


def _words(text: str) -> str:
    return " ".join(xml_safe(text).split())


def check_source(pairs: Iterable[Pair], document: Document, name: str) -> None:
    """Raise CorruptInputError (about ``name``, the pairs' file) at the first pair that does
    not fit ``document``."""
    paragraphs = [_words(p) for p in document.paragraphs]
    for pair in pairs:
        where, number = f"unit {unit_id(pair)}", pair.paragraph + 1
        if not 0 <= pair.paragraph < len(paragraphs):
            problem = f"paragraph {number} is not in {document.path} ({len(paragraphs)} paragraphs)"
            raise CorruptInputError(f"{where}: {problem}", path=name)
        if _words(pair.source) not in paragraphs[pair.paragraph]:
            problem = f"source {pair.source[:40]!r} is not in paragraph {number} of {document.path}"
            raise CorruptInputError(f"{where}: {problem}", path=name)
