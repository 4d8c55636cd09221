"""What the XML pair readers share: parsing under ``common.safexml``, names and texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aligner.common.safexml import SAFE_XML
from aligner.errors import CorruptInputError


def parse_xml(path: Path, kind: str) -> Any:
    """The root element of ``path`` (lxml); a file that is not XML is a one-line error."""
    from lxml import etree

    from aligner.text import read_bytes

    parser = etree.XMLParser(**SAFE_XML)
    try:
        return etree.fromstring(read_bytes(path), parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptInputError(f"not a {kind} file: {exc.msg}", path=path) from None


def local(tag: Any) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(element: Any) -> str:
    """All the text inside ``element``, inline markup (``<g>``, ``<mrk>``) dropped."""
    return "".join(element.itertext()) if element is not None else ""


def beads_ids(bead: str, counters: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sentence ids of a pair read without them: the next ones on each side, as many as
    its bead says (``2-1``: two source ids, one target id); ``counters`` moves on."""
    try:
        sizes = [int(side) for side in bead.split("-")]
    except ValueError:
        sizes = []
    if len(sizes) != 2 or min(sizes) < 0:
        sizes = [1, 1]
    ids = tuple(tuple(range(counters[i], counters[i] + sizes[i])) for i in range(2))
    counters[0] += sizes[0]
    counters[1] += sizes[1]
    return ids[0], ids[1]
