"""tmx: TMX 1.4b, ``srclang="id"``, one ``<tu>`` per pair, streamed.

The header carries the run metadata (the reproducibility signature) as ``<prop
type="x-KEY">`` elements, nested keys dotted. Each ``<tu>`` has ``x-confidence`` (four
decimals), ``x-bead``, ``x-doc``, ``x-paragraph``, ``x-flags`` (space-separated, only
when there are flags) and a ``<tuv xml:lang="id">`` and ``<tuv xml:lang="en">``.

Elements are built with ``xml.etree`` and serialised one ``<tu>`` at a time, so memory
stays flat. Characters that XML 1.0 does not allow (C0 controls other than tab, newline
and carriage return; U+FFFE/U+FFFF; lone surrogates) are removed: the file always parses.
No creation date unless the metadata gives one, so the same pairs give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from aligner import __version__
from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, flatten_meta, format_confidence
from aligner.types import Pair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# the complement of XML 1.0's Char production
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# the attributes TMX 1.4b requires, in the order of the specification
_HEADER = {
    "creationtool": "aligner",
    "creationtoolversion": __version__,
    "segtype": "sentence",
    "o-tmf": "aligner",
    "adminlang": "en",
    "srclang": "id",
    "datatype": "plaintext",
}


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _prop(parent: ET.Element, kind: str, value: str) -> None:
    ET.SubElement(parent, "prop", type=xml_safe(kind)).text = xml_safe(value)


def _header(meta: Mapping[str, Any]) -> ET.Element:
    header = ET.Element("header", attrib=_HEADER)
    for key, value in flatten_meta(meta):
        _prop(header, f"x-{key}", value)
    return header


def _tuv(parent: ET.Element, lang: str, text: str) -> None:
    tuv = ET.SubElement(parent, "tuv")
    tuv.set(XML_LANG, lang)
    ET.SubElement(tuv, "seg").text = xml_safe(text)


def translation_unit(pair: Pair) -> ET.Element:
    """The ``<tu>`` element of one pair."""
    tu = ET.Element("tu")
    _prop(tu, "x-confidence", format_confidence(pair.confidence))
    _prop(tu, "x-bead", pair.bead)
    _prop(tu, "x-doc", pair.doc)
    _prop(tu, "x-paragraph", str(pair.paragraph))
    if pair.flags:
        _prop(tu, "x-flags", " ".join(sorted(pair.flags)))
    _tuv(tu, "id", pair.source)
    _tuv(tu, "en", pair.target)
    return tu


def _serialise(element: ET.Element, level: int) -> str:
    ET.indent(element, space="  ", level=level)
    return "  " * level + ET.tostring(element, encoding="unicode") + "\n"


@register_format("tmx", extensions=(".tmx",), corpus=True, needs_path=False, uses_meta=True)
class TmxWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        (out,) = streams
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(_serialise(_header(self.meta), 1))
        out.write("  <body>\n")
        for pair in pairs:
            out.write(_serialise(translation_unit(pair), 2))
        out.write("  </body>\n</tmx>\n")
