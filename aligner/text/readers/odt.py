"""odt: an OpenDocument text's body (``content.xml``), read with the standard library.

Headings, paragraphs, list items, table cells and sections in document order, one
paragraph each; ``text:s`` runs of spaces, tabs and line breaks as single spaces. Notes
(footnotes), headers and footers (in ``styles.xml``) are not read. An encrypted
document (its manifest has ``encryption-data``) is an EncryptedInputError.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from aligner.errors import CorruptInputError, EncryptedInputError, NoTextError
from aligner.text.load import display_name
from aligner.text.readers import register_reader
from aligner.text.readers._container import open_zip
from aligner.text.readers._reader import Reader, ReadOptions, clean_paragraph
from aligner.text.readers._safexml import ElementBudget, parse_member
from aligner.types import Document, Origin

if TYPE_CHECKING:
    from lxml.etree import _Element

TEXT: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE: Final = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_MANIFEST_NS: Final = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_PARAGRAPHS: Final = frozenset({f"{TEXT}p", f"{TEXT}h"})
_BREAKS: Final = frozenset({f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break"})
_SKIPPED: Final = frozenset({f"{TEXT}note", f"{OFFICE}annotation"})


@register_reader("odt", extensions=(".odt",))
class OdtReader(Reader):
    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        name = display_name(path)
        budget = ElementBudget(name, options.limits)
        with open_zip(data, name, ".odt", options.limits) as archive:
            _check_not_encrypted(archive, budget)
            root = _parse(archive, "content.xml", budget)
        body = root.find(f"{OFFICE}body/{OFFICE}text")
        if body is None:
            raise CorruptInputError("not an OpenDocument text (no office:text body)", path=name)
        paragraphs = tuple(p for p in map(clean_paragraph, _paragraphs(body)) if p)
        if not paragraphs:
            raise NoTextError("no text in the document", path=name)
        return Document(path, paragraphs, "utf-8", Origin("odt"))


def _parse(archive: zipfile.ZipFile, member: str, budget: ElementBudget) -> _Element:
    try:
        return parse_member(archive, member, budget)
    except KeyError:
        message = f"not an OpenDocument file (no {member})"
        raise CorruptInputError(message, path=budget.name) from None


def _check_not_encrypted(archive: zipfile.ZipFile, budget: ElementBudget) -> None:
    if "META-INF/manifest.xml" not in archive.namelist():
        return
    manifest = _parse(archive, "META-INF/manifest.xml", budget)
    if manifest.find(f".//{_MANIFEST_NS}encryption-data") is not None:
        raise EncryptedInputError(
            "the document is encrypted (password-protected); save an unprotected copy as .odt",
            path=budget.name,
        )


def _paragraphs(element: _Element) -> Iterator[str]:
    for child in element:
        if child.tag in _PARAGRAPHS:
            yield "".join(_text(child))
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            yield from _paragraphs(child)  # lists, tables, sections, frames


def _text(element: _Element) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if not isinstance(child.tag, str):  # an entity reference, kept as written
            yield child.text or ""
        elif child.tag in _BREAKS:
            yield " "
        elif child.tag not in _SKIPPED:
            yield from _text(child)
        yield child.tail or ""
