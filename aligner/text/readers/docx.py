"""docx: a Word document's text through python-docx, in document order.

Paragraphs come from the headers (each distinct header part, section by section), the
body (paragraphs and table cells as they appear, nested tables included, content
controls opened), then the footers. A paragraph's text is the text of its runs
(hyperlinks, tracked insertions and fields included; tabs and line breaks as spaces);
text boxes and footnotes are not read. Empty paragraphs are skipped: the k-th paragraph
of the Document is the k-th non-empty paragraph of ``text_paragraphs``, which the docx
writer walks again over the same bytes (kept in ``Document.origin``) to put each
translation in place.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any, Final

from aligner.errors import CorruptInputError, NoTextError
from aligner.text.limits import Limits
from aligner.text.load import display_name
from aligner.text.readers import register_reader
from aligner.text.readers._container import open_zip
from aligner.text.readers._reader import Reader, ReadOptions, clean_paragraph
from aligner.text.readers._safexml import ElementBudget, node_text, scan_member
from aligner.types import Document, Origin

__all__ = ["DocxReader", "open_docx", "paragraph_runs", "text_paragraphs"]

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the run children that carry text, and the text each stands for (None: its own text)
TEXT_TAGS: Final[dict[str, str | None]] = {
    f"{W}t": None, f"{W}tab": " ", f"{W}ptab": " ", f"{W}br": " ", f"{W}cr": " ",
    f"{W}noBreakHyphen": "-",
}  # fmt: skip
_OPEN: Final = frozenset({f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}tr", f"{W}tc"})
_HEADERS: Final = ("first_page_header", "header", "even_page_header")
_FOOTERS: Final = ("first_page_footer", "footer", "even_page_footer")


@register_reader("docx", extensions=(".docx",))
class DocxReader(Reader):
    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        name = display_name(path)
        document = open_docx(data, name, options.limits)
        paragraphs = tuple(text for _, text in text_paragraphs(document))
        if not paragraphs:
            raise NoTextError("no text in the document", path=name)
        return Document(path, paragraphs, "utf-8", Origin("docx", data=data))


def open_docx(data: bytes, name: str, limits: Limits | None = None) -> Any:
    """``data`` as a python-docx Document; one-line errors naming ``name`` otherwise. Its
    parts are checked against ``limits`` (default: from the environment) and its XML
    scanned before python-docx, which holds every part in memory, reads any."""
    limits = limits or Limits.from_env()
    with open_zip(data, name, ".docx", limits) as archive:
        budget = ElementBudget(name, limits)
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                scan_member(archive, member, budget)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorruptInputError(f"not a readable Word document ({exc})", path=name) from None
    except XMLSyntaxError as exc:
        raise CorruptInputError(f"damaged Word document XML ({exc})", path=name) from None


def text_paragraphs(document: Any) -> list[tuple[Any, str]]:
    """``(w:p element, text)`` of every non-empty paragraph, in the order of the module doc."""
    found = []
    for container in _containers(document):
        for paragraph in _paragraphs(container):
            text = clean_paragraph("".join(_run_text(run) for run in paragraph_runs(paragraph)))
            if text:
                found.append((paragraph, text))
    return found


def paragraph_runs(paragraph: Any) -> list[Any]:
    """The ``w:r`` elements of a paragraph, those inside its text boxes left out."""
    runs: list[Any] = paragraph.xpath(".//w:r[not(ancestor::w:txbxContent)]")
    return runs


def _run_text(run: Any) -> str:
    return "".join(
        node_text(child) if TEXT_TAGS[child.tag] is None else str(TEXT_TAGS[child.tag])
        for child in run
        if child.tag in TEXT_TAGS
    )


def _containers(document: Any) -> Iterator[Any]:
    """Header elements, the body, footer elements; a part shared by sections comes once."""
    yield from _parts(document, _HEADERS)
    yield document.element.body
    yield from _parts(document, _FOOTERS)


def _parts(document: Any, kinds: tuple[str, ...]) -> Iterator[Any]:
    seen: set[int] = set()
    for section in document.sections:
        for kind in kinds:
            part = getattr(section, kind)
            if part.is_linked_to_previous:  # no definition of its own: reading adds none
                continue
            element = part._element
            if id(element) not in seen:
                seen.add(id(element))
                yield element


def _paragraphs(container: Any) -> Iterator[Any]:
    for child in container:
        if child.tag == f"{W}p":
            yield child
        elif child.tag == f"{W}tbl" or child.tag in _OPEN:
            yield from _paragraphs(child)
