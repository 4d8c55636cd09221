"""xliff back to pairs, post-edits included.

Every ``<trans-unit>`` (at any depth of ``<group>``s) is a pair: ``<source>`` and
``<target>`` text (inline markup dropped), the document from ``<file original>``, and the
rest from the attributes aligner writes in its own namespace (``aligner.output.formats.xliff``);
a file from another tool gets what the reader's module doc says is filled in.

Post-editing, as a CAT tool or the review page leaves it:

- the ``<target>`` is the text of the pair, edited or not;
- ``post-edited`` when it differs from the draft kept in ``<alt-trans tool-id="aligner">``
  (a unit without a draft keeps the flag it was written with);
- ``confirmed`` when the state is ``final`` or ``signed-off`` or the unit is
  ``approved="yes"`` (aligner writes none of these for a draft), or when the state is
  ``translated`` and the pair was one that needed review (low confidence or a doubtful
  flag): a person has looked at it.

A root that is not ``<xliff>``, a unit without ``<source>`` or ``id``, or attribute values
that are not numbers are one-line errors naming the file and the unit.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from aligner.output.formats._writer import is_doubtful
from aligner.output.formats.xliff import NS, TOOL, al
from aligner.output.readers import PairReader, register_pair_reader
from aligner.output.readers._xmltools import beads_ids, local, parse_xml, text_of
from aligner.types import Flag, Pair

CONFIRMED_STATES: Final = frozenset({"translated", "final", "signed-off"})
# states aligner never writes for a draft: a person set them, whatever the pair
_PERSON_STATES: Final = frozenset({"final", "signed-off"})
_PERSON: Final = frozenset({Flag.POST_EDITED.value, Flag.CONFIRMED.value})
_PARAGRAPH_ID: Final = re.compile(r"p(\d+)\.")


def _child(element: Any, name: str) -> Any:
    return next((e for e in element if local(e.tag) == name), None)


def _draft(unit: Any) -> str | None:
    """The machine output kept in the unit, or None."""
    for alt in (e for e in unit if local(e.tag) == "alt-trans"):
        if alt.get("tool-id") == TOOL:
            return text_of(_child(alt, "target"))
    return None


def _ids(text: str | None) -> tuple[int, ...] | None:
    return None if text is None else tuple(int(part) for part in text.split())


@register_pair_reader("xliff", extensions=(".xlf", ".xliff"))
class XliffReader(PairReader):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.root = parse_xml(self.path, "XLIFF")
        if self.root.tag != f"{{{NS}}}xliff":
            raise self.error(f"not an XLIFF 1.2 file (its root is <{local(self.root.tag)}>, "
                             f"in namespace {self.root.nsmap.get(None, 'none')!r})")  # fmt: skip
        signature = self.root.find(f"{{{NS}}}file/{{{NS}}}header/{al('signature')}")
        if signature is not None and signature.text:
            try:
                self.meta = json.loads(signature.text)
            except json.JSONDecodeError:
                raise self.error("the header's al:signature is not JSON") from None

    def pairs(self) -> Iterator[Pair]:
        for file in self.root.iter(f"{{{NS}}}file"):
            doc = str(file.get("original", self.path))
            counters = [0, 0]
            for group_index, unit in enumerate(file.iter(f"{{{NS}}}trans-unit")):
                yield self._pair(unit, doc, group_index, counters)

    def _pair(self, unit: Any, doc: str, index: int, counters: list[int]) -> Pair:
        name = unit.get("id")
        if name is None:
            raise self.error(f"<trans-unit> {index + 1} of {doc!r} has no id")
        source = _child(unit, "source")
        if source is None:
            raise self.error(f"unit {name!r}: no <source>")
        try:
            pair = self._draft_pair(unit, doc, name, counters)
        except ValueError:
            raise self.error(f"unit {name!r}: an al: attribute is not a number") from None
        return replace(pair, source=text_of(source), flags=_person_flags(unit, pair))

    def _draft_pair(self, unit: Any, doc: str, name: str, counters: list[int]) -> Pair:
        bead = unit.get(al("bead"), "1-1")
        source_ids, target_ids = beads_ids(bead, counters)
        logprob, tokens = unit.get(al("logprob")), unit.get(al("tokens"))
        return Pair(
            doc=doc,
            paragraph=_paragraph(unit, name),
            source_ids=_ids(unit.get(al("source-ids"))) or source_ids,
            target_ids=_ids(unit.get(al("target-ids"))) or target_ids,
            source="",
            target=text_of(_child(unit, "target")),
            confidence=float(unit.get(al("confidence"), math.nan)),
            flags=frozenset(unit.get(al("flags"), "").split()),
            bead=bead,
            logprob=None if logprob is None else float(logprob),
            tokens=None if tokens is None else int(tokens),
        )


def _paragraph(unit: Any, name: str) -> int:
    group = unit.getparent()
    if group is not None and group.get(al("paragraph")) is not None:
        return int(group.get(al("paragraph")))
    found = _PARAGRAPH_ID.match(name)
    return int(found.group(1)) if found else 0


def _person_flags(unit: Any, pair: Pair) -> frozenset[str]:
    """The pair's flags, ``post-edited`` and ``confirmed`` decided again from the unit."""
    flags = set(pair.flags - _PERSON)
    draft = _draft(unit)
    edited = Flag.POST_EDITED.value in pair.flags if draft is None else pair.target != draft
    if edited:
        flags.add(Flag.POST_EDITED.value)
    target = _child(unit, "target")
    state = target.get("state") if target is not None else None
    by_person = state in _PERSON_STATES or unit.get("approved") == "yes"
    doubtful = is_doubtful(replace(pair, flags=frozenset(flags)))
    if by_person or (state in CONFIRMED_STATES and doubtful):
        flags.add(Flag.CONFIRMED.value)
    return frozenset(flags)
