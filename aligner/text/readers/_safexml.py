"""XML from an untrusted archive: streamed, counted, never expanding an entity.

Each part is fed to lxml a chunk at a time (``_container.member_chunks``) with entity
expansion, DTD loading and network access off. A reference to an entity a DTD declares
(``&x;``, internal or ``SYSTEM "file:///…"``) stays in the tree as an entity node, which
the readers keep as the literal text ``&x;``: nothing is fetched and no text around it
is lost. Declarations built to amplify (billion laughs) are refused by libxml2 itself; a
CorruptInputError names the part. Elements are counted against ``Limits.xml_elements``
across all the parts of one document (``ElementBudget``).
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING, Any

from aligner.common.safexml import SAFE_XML
from aligner.errors import CorruptInputError
from aligner.text.limits import Limits, over_limit
from aligner.text.readers._container import member_chunks

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["ElementBudget", "node_text", "parse_member", "scan_member"]


class ElementBudget:
    """The elements one document may still hold; ``take`` counts one more."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits, self.left = name, limits, limits.xml_elements

    def take(self, count: int, member: str) -> None:
        self.left -= count
        if self.left < 0:
            what = f"{member} holds more XML elements than allowed"
            raise over_limit(self.name, what, "xml_elements", self.limits.xml_elements)


def parse_member(archive: zipfile.ZipFile, member: str, budget: ElementBudget) -> _Element:
    """The tree of ``member`` (KeyError if absent), comments and processing
    instructions left out."""
    root: _Element = _parse(_parser(events=("start",)), archive, member, budget, clear=False)
    return root


def scan_member(archive: zipfile.ZipFile, member: str, budget: ElementBudget) -> None:
    """Parse ``member`` only to count it and find what is wrong with it, each element
    dropped once read, so that memory stays flat (a library parses it afterwards)."""
    _parse(_parser(events=("start", "end")), archive, member, budget, clear=True)


def node_text(node: Any) -> str:
    """A text node's contents, an entity reference as written (``&x;``)."""
    return "".join(node.itertext())


def _parser(events: tuple[str, ...]) -> Any:
    from lxml import etree

    return etree.XMLPullParser(events=events, remove_comments=True, remove_pis=True, **SAFE_XML)


def _parse(
    parser: Any, archive: zipfile.ZipFile, member: str, budget: ElementBudget, *, clear: bool
) -> Any:
    from lxml.etree import XMLSyntaxError

    name = budget.name
    try:
        for chunk in member_chunks(archive, member, name, budget.limits):
            parser.feed(chunk)
            budget.take(_drain(parser, clear=clear), member)
        return parser.close()
    except XMLSyntaxError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptInputError(f"damaged {member} ({reason})", path=name) from None
    except zipfile.BadZipFile as exc:
        raise CorruptInputError(f"damaged {member} ({exc})", path=name) from None


def _drain(parser: Any, *, clear: bool) -> int:
    """The elements started since the last call; with ``clear``, finished ones freed."""
    started = 0
    for event, element in parser.read_events():
        if event == "start":
            started += 1
        elif clear:
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return started
