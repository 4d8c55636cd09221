"""The ``term`` check: a glossary term of the source comes out as one of its targets.

Rule: a glossary source term is found in the source case-insensitively on word
boundaries, in its Indonesian forms: with a clitic (``vaksinnya``, ``vaksinlah``,
``vaksinkah``) and reduplicated for the plural (``vaksin-vaksin``, ``vaksin-vaksinnya``,
for each word of a multi-word term). Then one of its targets must be in the output,
case-insensitively on word boundaries, also with an English plural or possessive
(``vaccines``, ``vaccine's``). Flag: ``term:<source term as in the glossary>``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aligner.checks import Check, register_check
from aligner.types import Flag

__all__ = ["TermCheck", "source_pattern", "target_pattern"]

CLITICS = ("nya", "lah", "kah")


@lru_cache(maxsize=4096)
def source_pattern(term: str) -> re.Pattern[str]:
    """``term`` in Indonesian text: each word possibly reduplicated, a clitic at the end."""
    words = [rf"{re.escape(w)}(?:-{re.escape(w)})?" for w in term.split()]
    clitic, body = "|".join(CLITICS), r"\s+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?:{clitic})?(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4096)
def target_pattern(term: str) -> re.Pattern[str]:
    """``term`` in English text, with a plural or possessive ending."""
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<!\w){words}(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


@register_check("term", Flag.TERM)
class TermCheck(Check):
    """See the module doc."""

    def missing(self, source: str, output: str) -> list[str]:
        if self.glossary is None:
            return []
        return [
            entry.source
            for entry in self.glossary.entries
            if source_pattern(entry.source).search(source)
            and not any(target_pattern(t).search(output) for t in entry.targets)
        ]
