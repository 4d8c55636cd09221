"""JSON and plain text that stay valid UTF-8 whatever a string holds (lone surrogates)."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["SURROGATES", "json_text", "replace_surrogates"]

SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (e.g. from surrogateescape decoding) become U+FFFD so UTF-8 can hold them."""
    return SURROGATES.sub("\ufffd", text)


def json_text(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, lone surrogates written as ``\\uXXXX`` escapes.

    A lone surrogate cannot be encoded as UTF-8; as a JSON escape it stays valid UTF-8 and
    ``json.loads`` gives back the original string (an adjacent high+low pair of them comes
    back as the one character they encode).
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    return SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
