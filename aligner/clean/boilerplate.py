"""Is a sentence boilerplate? The rules of :mod:`aligner.clean.rules`, compiled once."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aligner.clean.rules import RULES

__all__ = ["boilerplate_reason", "fold"]

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` as the rules read it: NFKD without combining marks (``ģ`` -> ``g``, so
    accented spam spellings match), single spaces, stripped."""
    if not text.isascii():  # most lines are: skip the per-character pass
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()


_Compiled = tuple[str, tuple[re.Pattern[str], ...], tuple[str, ...]]


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Compiled, ...]:
    return tuple(
        (rule.reason, tuple(re.compile(p, re.IGNORECASE) for p in rule.patterns), rule.needs)
        for rule in RULES
    )


def boilerplate_reason(text: str) -> str | None:
    """The reason of the first rule ``text`` matches (``"spam"``, ``"byline"``, …), or None."""
    folded = fold(text)
    if not folded:
        return None
    lower = folded.lower()
    for reason, patterns, needs in _compiled():
        if needs and not any(word in lower for word in needs):
            continue
        if all(pattern.search(folded) for pattern in patterns):
            return reason
    return None
