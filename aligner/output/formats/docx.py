"""docx: the translated Word document.

From a docx input (``origin.format == "docx"``): the source document itself, each
non-empty paragraph's text replaced by its translation (the pairs of that paragraph,
joined with spaces), in the order the docx reader read them: headers, body paragraphs
and table cells, footers. Paragraph properties stay as they were (style, heading
level, list numbering, alignment), and so do tables, sections, headers, footers,
images and fields. Inline formatting is simplified: the translation takes the
character formatting of the paragraph's first run with text that is not in a hyperlink
(else of its first run with text); the text of its other runs is removed, the runs
themselves (and what else they hold, such as images) stay.

From any other input: a plain document (python-docx's default template), one
paragraph per source paragraph. Zip entry times are fixed, so same pairs give same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from aligner.output.formats import register_format
from aligner.output.formats._docx import paragraph_targets, save_docx
from aligner.output.formats._writer import BinaryWriter
from aligner.text import TEXT_TAGS, open_docx, paragraph_runs, text_paragraphs
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
    """Put ``text`` where the paragraph's first text is (in its first run with text that is
    not inside a hyperlink, when it has one); clear the text of every other run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    runs = [r for r in paragraph_runs(paragraph) if any(c.tag in TEXT_TAGS for c in r)]
    if not runs:
        return
    # a translation is not a link: a paragraph that starts with one keeps it empty
    target = next((r for r in runs if r.getparent() is paragraph), runs[0])
    old = [(run, child) for run in runs for child in run if child.tag in TEXT_TAGS]
    new = OxmlElement("w:t")
    new.text = text
    new.set(qn("xml:space"), "preserve")
    next(child for run, child in old if run is target).addprevious(new)
    for run, child in old:
        run.remove(child)
