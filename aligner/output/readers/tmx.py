"""tmx back to pairs: the ``<tuv>`` of ``id`` and of ``en`` of each ``<tu>``, with the
``x-`` properties aligner writes (confidence, bead, doc, paragraph, flags).

The header's ``x-KEY`` properties are the run metadata (dotted keys nested again, values
as text). Sentence ids are not in a TMX: they are numbered again from the beads, per
document. A ``<tu>`` without both languages (a TMX of another language pair) is an error
naming the unit; so is a file that is not TMX.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aligner.output.readers import PairReader, register_pair_reader
from aligner.output.readers._xmltools import beads_ids, local, parse_xml, text_of
from aligner.types import Pair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def nest(flat: dict[str, str]) -> dict[str, Any]:
    """``{"a.b": v}`` -> ``{"a": {"b": v}}`` (a key that is also a prefix stays flat)."""
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        node, *parts = tree, *key.split(".")
        *path, last = parts
        for part in path:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[last] = value
            continue
        tree[key] = value
    return tree


def _props(element: Any) -> dict[str, str]:
    return {
        str(p.get("type", ""))[2:]: text_of(p)
        for p in element
        if local(p.tag) == "prop" and str(p.get("type", "")).startswith("x-")
    }


def _lang(tuv: Any) -> str:
    return str(tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]


@register_pair_reader("tmx", extensions=(".tmx",))
class TmxReader(PairReader):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.root = parse_xml(self.path, "TMX")
        if local(self.root.tag) != "tmx":
            raise self.error(f"not a TMX file (its root is <{local(self.root.tag)}>)")
        header = next((e for e in self.root if local(e.tag) == "header"), None)
        self.meta = nest(_props(header)) if header is not None else {}

    def pairs(self) -> Iterator[Pair]:
        body: Any = next((e for e in self.root if local(e.tag) == "body"), [])
        counters: dict[str, list[int]] = {}
        for number, tu in enumerate((e for e in body if local(e.tag) == "tu"), 1):
            yield self._pair(tu, number, counters)

    def _pair(self, tu: Any, number: int, counters: dict[str, list[int]]) -> Pair:
        texts = {_lang(tuv): _seg(tuv) for tuv in tu if local(tuv.tag) == "tuv"}
        if "id" not in texts or "en" not in texts:
            found = ", ".join(sorted(texts)) or "none"
            raise self.error(f"<tu> {number}: no id and en <tuv> pair (languages: {found})")
        props = _props(tu)
        doc = props.get("doc", str(self.path))
        bead = props.get("bead", "1-1")
        source_ids, target_ids = beads_ids(bead, counters.setdefault(doc, [0, 0]))
        try:
            confidence = float(props.get("confidence", math.nan))
            paragraph = int(props.get("paragraph", number - 1))
        except ValueError:
            raise self.error(
                f"<tu> {number}: x-confidence or x-paragraph is not a number"
            ) from None
        flags = frozenset(props.get("flags", "").split())
        return Pair(doc, paragraph, source_ids, target_ids, texts["id"], texts["en"],
                    confidence, flags, bead)  # fmt: skip


def _seg(tuv: Any) -> str:
    return text_of(next((e for e in tuv if local(e.tag) == "seg"), None))
