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

from aligner.checks import Check, Glossary, GlossaryEntry, register_check
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
    """See the module doc. Entries are indexed by their first word, so a sentence is
    matched only against the entries whose first word it has (large glossaries stay fast)."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        super().__init__(glossary)
        self.index: dict[str, list[tuple[int, GlossaryEntry]]] = {}
        for order, entry in enumerate(glossary.entries if glossary is not None else ()):
            self.index.setdefault(entry.source.split()[0].casefold(), []).append((order, entry))

    def missing(self, source: str, output: str) -> list[str]:
        words = {form for word in _WORD.findall(source.casefold()) for form in _forms(word)}
        entries = sorted(item for word in words for item in self.index.get(word, ()))
        return [
            entry.source
            for _, entry in entries
            if source_pattern(entry.source).search(source)
            and not any(target_pattern(t).search(output) for t in entry.targets)
        ]


_WORD = re.compile(r"[\w-]+")


def _forms(word: str) -> set[str]:
    """What a glossary term's first word may be, seen in ``word``: itself, without a clitic,
    each half of a reduplication (``vaksin-vaksinnya``: ``vaksin``)."""
    forms = {word, *word.split("-")}
    return forms | {f[: -len(c)] for f in forms for c in CLITICS if f.endswith(c)}
