"""docx: the translated Word document.

From a docx input (``origin.format == "docx"``): the source document itself, each
non-empty paragraph's text replaced by its translation (the pairs of that paragraph,
joined with spaces), in the order the docx reader read them: headers, body paragraphs
and table cells, footers. Paragraph properties stay as they were (style, heading
level, list numbering, alignment), and so do tables, sections, headers, footers,
images and fields. Inline formatting is simplified: the translation takes the
character formatting of the paragraph's first run that has text; the text of its other
runs is removed, the runs themselves (and what else they hold, such as images) stay.

From any other input: a plain document (python-docx's default template), one
paragraph per source paragraph. Zip entry times are fixed, so same pairs give same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from aligner.output.formats import register_format
from aligner.output.formats._base import BinaryWriter
from aligner.output.formats._docx import paragraph_targets, save_docx
from aligner.types import Pair


@register_format("docx", extensions=(".docx",), corpus=False, needs_path=False)
class DocxWriter(BinaryWriter):
    def write_binary(self, pairs: Iterable[Pair], streams: Sequence[BinaryIO]) -> None:
        (out,) = streams
        targets = paragraph_targets(pairs)
        if self.origin is not None and self.origin.format == "docx":
            document = _translated_source(self.origin.data, targets)
        else:
            document = _plain(targets)
        save_docx(document, out)


def _plain(targets: dict[int, str]) -> Any:
    import docx

    document = docx.Document()
    for paragraph in sorted(targets):
        document.add_paragraph(targets[paragraph])
    return document


def _translated_source(data: bytes, targets: dict[int, str]) -> Any:
    from aligner.text.readers.docx import open_docx, text_paragraphs

    document = open_docx(data, "the source document")
    paragraphs = text_paragraphs(document)
    unknown = set(targets) - set(range(len(paragraphs)))
    if unknown:  # pairs of another document: a bug in the caller
        raise ValueError(f"pairs name paragraphs {sorted(unknown)[:5]} the source docx lacks")
    for number, (element, _) in enumerate(paragraphs):
        if number in targets:
            replace_text(element, targets[number])
    return document


def replace_text(paragraph: Any, text: str) -> None:
    """Put ``text`` in the first text-bearing run of ``paragraph``; clear the others' text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from aligner.text.readers.docx import TEXT_TAGS, paragraph_runs

    placed = False
    for run in paragraph_runs(paragraph):
        for child in [c for c in run if c.tag in TEXT_TAGS]:
            if not placed:
                new = OxmlElement("w:t")
                new.text = text
                new.set(qn("xml:space"), "preserve")
                child.addprevious(new)
                placed = True
            run.remove(child)
