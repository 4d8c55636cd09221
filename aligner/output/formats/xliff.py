"""xliff: XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ), valid against the OASIS strict schema.

    <xliff version="1.2">
      <file original=DOC source-language="id" target-language="en" datatype="plaintext"
            tool-id="aligner">
        <header><tool …/><al:signature>{run metadata as JSON}</al:signature></header>
        <body>
          <group id="p3" al:paragraph="3">                       one per paragraph
            <trans-unit id="p3.s7" al:confidence=… al:bead="1-1" al:source-ids="7" …>
              <source xml:lang="id">…</source>
              <target xml:lang="en" state="translated">…</target>
              <note from="aligner">confidence 0.9123; bead 1-1</note>
              <alt-trans tool-id="aligner" origin="machine translation">
                <target xml:lang="en">…</target></alt-trans>          the draft
            </trans-unit>

One ``<file>`` per document, in the order the pairs come. Unit ids name the paragraph and
the source sentence ids (``p3.s7``, ``p3.s7-8``; a ``0-1`` bead the target ids,
``p3.t9``), so the same document always gives the same ids. A unit's state is
``needs-review-translation`` when the pair is below ``LOW_CONFIDENCE`` or carries a flag
that says it may be wrong, ``translated`` otherwise, ``final`` once a person confirmed it.
Pairs a corpus leaves out (noise: boilerplate, not Indonesian) are ``translate="no"``.

Everything a pair holds is in attributes of our own namespace (``URN``: confidence,
logprob, tokens, flags, bead, ids), which the strict schema accepts when given their
declarations (``tests/data/xliff/aligner-xliff.xsd``), and the machine output is kept in
``<alt-trans>``, so a post-edited file read back knows what changed
(``aligner.output.readers.xliff``). A pair flagged ``post-edited`` has no draft to show
(it was read from a file without one), so it gets no ``<alt-trans>``.

Built with ``xml.etree``; each document's ``<file>`` is serialised when the next document
starts, so memory holds one document. XML 1.0's forbidden characters are removed.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TextIO

from aligner import __version__
from aligner.common.flags import is_noise
from aligner.common.jsontext import json_text
from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, format_confidence, needs_review
from aligner.output.formats.tmx import xml_safe
from aligner.types import Flag, Pair

__all__ = ["NS", "URN", "UnitIds", "XliffWriter", "number_text", "state", "unit_id"]

NS: Final = "urn:oasis:names:tc:xliff:document:1.2"
URN: Final = "urn:x-aligner:xliff:1"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL: Final = "aligner"
DRAFT_ORIGIN: Final = "machine translation"
REVIEW: Final = "needs-review-translation"
DONE: Final = "translated"
CONFIRMED: Final = "final"  # aligner writes it only for what a person confirmed


def q(tag: str) -> str:
    """A tag of the XLIFF namespace."""
    return f"{{{NS}}}{tag}"


def al(name: str) -> str:
    """A name of our own namespace."""
    return f"{{{URN}}}{name}"


def unit_id(pair: Pair) -> str:
    """``p3.s7``: paragraph and source sentence ids (target ids for a ``0-1`` bead)."""
    side, ids = ("s", pair.source_ids) if pair.source_ids else ("t", pair.target_ids)
    return f"p{pair.paragraph}.{side}{'-'.join(map(str, ids))}"


def number_text(value: float) -> str:
    """A float as ``xsd:double`` writes it, exactly (``repr``; NaN and infinities spelled
    as XML Schema spells them)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def state(pair: Pair) -> str:
    """``final`` once a person confirmed the pair, else ``needs-review-translation`` for a
    doubtful pair, ``translated`` for the rest."""
    if Flag.CONFIRMED.value in pair.flags:
        return CONFIRMED
    return REVIEW if needs_review(pair) else DONE


def _ids(ids: tuple[int, ...]) -> str:
    return " ".join(map(str, ids))


def _note(pair: Pair) -> str:
    parts = [f"confidence {format_confidence(pair.confidence)}", f"bead {pair.bead}"]
    if pair.flags:
        parts.append("flags: " + ", ".join(sorted(pair.flags)))
    return xml_safe("; ".join(parts))


def _unit_attributes(pair: Pair) -> dict[str, str]:
    attributes = {
        "id": unit_id(pair),
        al("confidence"): number_text(pair.confidence),
        al("bead"): xml_safe(pair.bead),
        al("source-ids"): _ids(pair.source_ids),
        al("target-ids"): _ids(pair.target_ids),
    }
    if pair.logprob is not None:
        attributes[al("logprob")] = number_text(pair.logprob)
    if pair.tokens is not None:
        attributes[al("tokens")] = str(pair.tokens)
    if pair.flags:
        attributes[al("flags")] = xml_safe(" ".join(sorted(pair.flags)))
    if is_noise(pair):
        attributes["translate"] = "no"
    return attributes


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, q(tag))
    element.set(XML_LANG, "id" if tag == "source" else "en")
    element.text = xml_safe(text)
    return element


def translation_unit(pair: Pair) -> ET.Element:
    """The ``<trans-unit>`` of one pair (see module doc)."""
    unit = ET.Element(q("trans-unit"), _unit_attributes(pair))
    _text(unit, "source", pair.source)
    _text(unit, "target", pair.target).set("state", state(pair))
    ET.SubElement(unit, q("note"), {"from": TOOL}).text = _note(pair)
    if Flag.POST_EDITED.value not in pair.flags:
        draft = ET.SubElement(unit, q("alt-trans"), {"tool-id": TOOL, "origin": DRAFT_ORIGIN})
        _text(draft, "target", pair.target)
    return unit


class UnitIds:
    """Ids unique within one ``<file>``: a paragraph or unit met twice (pairs out of
    order) gets ``~2``, ``~3``… after its id."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def unit(self, pair: Pair) -> str:
        return self._unique(unit_id(pair))

    def group(self, pair: Pair) -> str:
        return self._unique(f"p{pair.paragraph}")

    def _unique(self, name: str) -> str:
        count = self.seen.get(name, 0)
        self.seen[name] = count + 1
        return name if count == 0 else f"{name}~{count + 1}"


class _File:
    """The ``<file>`` of one document, filled pair by pair, a ``<group>`` per paragraph."""

    def __init__(self, doc: str, meta: Mapping[str, Any]) -> None:
        self.doc = doc
        self.element = ET.Element(q("file"), _file_attributes(doc))
        header = ET.SubElement(self.element, q("header"))
        ET.SubElement(header, q("tool"), {"tool-id": TOOL, "tool-name": TOOL,
                                          "tool-version": __version__})  # fmt: skip
        if meta:
            ET.SubElement(header, al("signature")).text = xml_safe(
                json_text(dict(meta), sort_keys=True, default=str)
            )
        self.body = ET.SubElement(self.element, q("body"))
        self.group: ET.Element | None = None
        self.paragraph: int | None = None
        self.ids = UnitIds()

    def add(self, pair: Pair) -> None:
        if self.group is None or pair.paragraph != self.paragraph:
            self.group = ET.SubElement(self.body, q("group"), self._group_attributes(pair))
            self.paragraph = pair.paragraph
        unit = translation_unit(pair)
        unit.set("id", self.ids.unit(pair))
        self.group.append(unit)

    def _group_attributes(self, pair: Pair) -> dict[str, str]:
        return {"id": self.ids.group(pair), al("paragraph"): str(pair.paragraph)}


def _file_attributes(doc: str) -> dict[str, str]:
    return {
        "original": xml_safe(doc) or "-",
        "source-language": "id",
        "target-language": "en",
        "datatype": "plaintext",
        "tool-id": TOOL,
    }


def _files(pairs: Iterable[Pair], meta: Mapping[str, Any]) -> Iterator[ET.Element]:
    current: _File | None = None
    for pair in pairs:
        if current is None or pair.doc != current.doc:
            if current is not None:
                yield current.element
            current = _File(pair.doc, meta)
        current.add(pair)
    # the schema wants a <file> even when there is nothing to translate
    yield (current or _File("", meta)).element


def _serialise(element: ET.Element) -> str:
    ET.register_namespace("", NS)
    ET.register_namespace("al", URN)
    ET.indent(element, space="  ", level=1)
    return "  " + ET.tostring(element, encoding="unicode") + "\n"


@register_format(
    "xliff", extensions=(".xlf", ".xliff"), corpus=False, needs_path=False, uses_meta=True
)
class XliffWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        (out,) = streams
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}" '
                  f'xmlns:al="{URN}">\n')  # fmt: skip
        for element in _files(pairs, self.meta):
            out.write(_serialise(element))
        out.write("</xliff>\n")
