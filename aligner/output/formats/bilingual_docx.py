"""bilingual-docx: a review table as translators exchange it in CAT workflows.

One table, a header row (Indonesian | English | Confidence) repeated on every page, then
one row per pair in order. The confidence cell has four decimals and the pair's flags;
a pair below ``LOW_CONFIDENCE`` (or with a NaN score) has its row shaded. Files are named
``NAME.bilingual.docx`` (never inferred from ``-o``: ask for ``-f bilingual-docx``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO, Final

from aligner.output.formats import register_format
from aligner.output.formats._docx import save_docx, xml_safe
from aligner.output.formats._writer import (
    LOW_CONFIDENCE,
    BinaryWriter,
    format_confidence,
    is_below,
)
from aligner.types import Pair

SHADE: Final = "F4CCCC"  # light red
HEADER: Final = ("Indonesian", "English", "Confidence")


@register_format("bilingual-docx", extensions=(".bilingual.docx",), corpus=False, needs_path=False)
class BilingualDocxWriter(BinaryWriter):
    def write_binary(self, pairs: Iterable[Pair], streams: Sequence[BinaryIO]) -> None:
        import docx

        (out,) = streams
        document = docx.Document()
        table = document.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        _header(table.rows[0])
        for pair in pairs:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = xml_safe(pair.source), xml_safe(pair.target)
            flags = xml_safe(", ".join(sorted(pair.flags)))
            score = format_confidence(pair.confidence)
            cells[2].text = f"{score} {flags}" if flags else score
            if is_below(pair, LOW_CONFIDENCE):
                for cell in cells:
                    _shade(cell)
        save_docx(document, out)


def _header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for cell, title in zip(row.cells, HEADER, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    marker = OxmlElement("w:tblHeader")  # repeat as the header row on every page
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _shade(cell: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), SHADE)
    cell._tc.get_or_add_tcPr().append(shading)
