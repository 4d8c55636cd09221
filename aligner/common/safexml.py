"""The one setting under which aligner parses XML it did not write: no entity is expanded,
no DTD loaded, nothing fetched from the network, no tree past lxml's default limits. A file
therefore names no other file, and an entity reference stays the text it was written as."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["SAFE_XML"]

# keyword arguments of lxml's XMLParser and XMLPullParser
SAFE_XML: Final[dict[str, Any]] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
}
