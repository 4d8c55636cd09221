"""The filters of ``aligner clean``: small classes, one job and one documented threshold each.

A filter looks at one pair (Indonesian source, English target, optional score) and returns a
reason to remove it, or None. The reason starts with the filter's ``name`` and may carry a
detail (``lang-tgt:de``, ``boilerplate:spam``). Thresholds were set on the 1,953 clean
id→en pairs of news-valid (``scripts/eval_clean.py``): each keeps at least 99.5% of them.

    name         removes a pair when                               threshold
    empty        a side has no letter or digit                     -
    ratio        len(en)/len(id) outside 0.4-2.0 (source >= 20)    RATIO_RANGE
    copy         the target is the source (letters/digits agree)   COPY_SIMILARITY 0.9
    repeat       the target loops: an n-gram (n <= 4) back to back 4x a word, 3x an n-gram
    truncated    the target stops short of the source's end        TRUNCATED_RATIO 0.75
    lang-src     the source is confidently not Indonesian/Malay    language.MIN_PROBABILITY
    lang-tgt     the target is confidently not English             language.MIN_PROBABILITY
    boilerplate  either side matches a rule of aligner.clean.rules -
    misaligned   numbers/names on one side only (counted only)     MISALIGNED_ANCHORS 3
    score        the third column is below --min-score             --min-score
    number, url, term  a check of ``aligner.checks`` fails          --drop (term: --glossary)
                 (the reason names what is missing: ``number:2011``)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar, Final

from aligner.checks import Check, Glossary, make_checks
from aligner.clean.boilerplate import boilerplate_reason
from aligner.clean.language import ENGLISH, INDONESIAN, foreign
from aligner.common.lexicon import english_concept, indonesian_concept
from aligner.common.textrules import NUMBER, has_loop, is_copy, is_ratio_outlier, normalise_number
from aligner.errors import OptionError
from aligner.types import Flag, flag

__all__ = [
    "BoilerplateFilter",
    "CheckFilter",
    "CopyFilter",
    "EmptyFilter",
    "Filter",
    "LanguageFilter",
    "LengthRatioFilter",
    "MisalignedFilter",
    "RepeatFilter",
    "ScoreFilter",
    "TruncatedFilter",
    "check_filters",
    "default_filters",
]

# a target shorter than this share of the source that does not end as the source does
TRUNCATED_RATIO: Final = 0.75
HEADLINE_RATIO: Final = 0.5
HEADLINE_WORDS: Final = 3
# anchors (numbers, names) found on one side only before a pair counts as misaligned
MISALIGNED_ANCHORS: Final = 3
MISALIGNED_SHARE: Final = 0.67

_FINAL = re.compile(r"""[.!?…]["'”’)\]]*\s*$""")
# a capitalised word after a lower-case word or a comma: inside a sentence, so a name
_NAME = re.compile(r"(?<=[a-z0-9,;)] )[A-Z][a-z]{2,}(?:[A-Z][a-z]+)*")
_WORD = re.compile(r"\w+")
_STEM = 5  # names compared on 5 letters: Januari/January, Presiden/President agree


class Filter:
    """One check on a pair. ``check`` returns ``name`` (or ``name:detail``) or None."""

    name: ClassVar[str] = ""

    def check(self, source: str, target: str, score: float | None) -> str | None:
        raise NotImplementedError


class EmptyFilter(Filter):
    """A side without a letter or digit (``source<TAB>``, ``***``)."""

    name = Flag.EMPTY.value

    def check(self, source: str, target: str, score: float | None) -> str | None:
        if not any(ch.isalnum() for ch in source) or not any(ch.isalnum() for ch in target):
            return self.name
        return None


class LengthRatioFilter(Filter):
    """Character length ratio en/id outside ``RATIO_RANGE`` (the translation flag's range)."""

    name = Flag.RATIO.value

    def check(self, source: str, target: str, score: float | None) -> str | None:
        return self.name if is_ratio_outlier(source, target) else None


class CopyFilter(Filter):
    """The target is (almost) the source: untranslated text."""

    name = Flag.COPY.value

    def check(self, source: str, target: str, score: float | None) -> str | None:
        # difflib is slow; a copy shares most of its words, a translation few of them
        src, tgt = set(_WORD.findall(source.casefold())), set(_WORD.findall(target.casefold()))
        if len(src & tgt) < 0.5 * min(len(src), len(tgt)):
            return None
        return self.name if is_copy(source, target) else None


class RepeatFilter(Filter):
    """The target loops, as a decoder stuck on an n-gram does."""

    name = Flag.REPEAT.value

    def check(self, source: str, target: str, score: float | None) -> str | None:
        return self.name if has_loop(_WORD.findall(target.casefold())) else None


class TruncatedFilter(Filter):
    """A translation cut off. A sentence (the source ends with final punctuation): the
    target does not, and is under ``TRUNCATED_RATIO`` of the source's length. A headline
    (no final punctuation, ``HEADLINE_WORDS`` words or more; English headlines are terse):
    under ``HEADLINE_RATIO``, or under ``TRUNCATED_RATIO`` with a number or name of the
    source missing. On news-valid none of the 1,953 clean pairs fits either."""

    name = "truncated"

    def check(self, source: str, target: str, score: float | None) -> str | None:
        ratio = len(target.strip()) / max(1, len(source.strip()))
        if _FINAL.search(source):
            cut = not _FINAL.search(target) and ratio < TRUNCATED_RATIO
        elif len(source.split()) >= HEADLINE_WORDS:
            cut = ratio < HEADLINE_RATIO or (
                ratio < TRUNCATED_RATIO and lost_anchors(source, target)[0] > 0
            )
        else:
            cut = False
        return self.name if cut else None


class LanguageFilter(Filter):
    """A side confidently in another language than it should be (Malay counts as
    Indonesian); short or uncertain texts are never removed (``language.is_confident``)."""

    def __init__(self, side: str) -> None:
        self.side = side  # "src" or "tgt"
        self.flag = Flag.LANG_SRC if side == "src" else Flag.LANG_TGT
        self.name = self.flag.value  # type: ignore[misc]  # per instance: two sides
        self.expected = INDONESIAN if side == "src" else ENGLISH

    def check(self, source: str, target: str, score: float | None) -> str | None:
        code = foreign(source if self.side == "src" else target, self.expected)
        return None if code is None else flag(self.flag, code)


class BoilerplateFilter(Filter):
    """Either side is boilerplate or spam (``aligner.clean.rules``)."""

    name = Flag.BOILERPLATE.value

    def check(self, source: str, target: str, score: float | None) -> str | None:
        reason = boilerplate_reason(source) or boilerplate_reason(target)
        return flag(Flag.BOILERPLATE, reason) if reason else None


def lost_anchors(source: str, target: str) -> tuple[int, int]:
    """``(lost, total)`` anchors of a pair: numbers on one side only (normalised as the
    aligner does: ``100.000`` = ``100,000``), and names inside a source sentence that the
    target lacks (compared on their first ``_STEM`` letters, or through the alignment
    lexicon: ``Jepang``/``Japan``); ``total`` counts every number and name."""
    src_numbers = {normalise_number(m) for m in NUMBER.findall(source)}
    tgt_numbers = {normalise_number(m) for m in NUMBER.findall(target)}
    names = set(_NAME.findall(source))
    words = _WORD.findall(target)
    stems = {word.casefold()[:_STEM] for word in words}
    missing = [name for name in names if name.casefold()[:_STEM] not in stems]
    if missing:  # the lexicon only for names the stems miss: it is the slow part
        concepts = {english_concept(word) for word in words} - {None}
        missing = [name for name in missing if indonesian_concept(name) not in concepts]
    lost = len(missing)
    total = len(src_numbers | tgt_numbers) + len(names)
    return lost + len(src_numbers ^ tgt_numbers), total


class MisalignedFilter(Filter):
    """Anchors that survive translation disagree: at least ``MISALIGNED_ANCHORS`` of them,
    and at least ``MISALIGNED_SHARE`` of all, are on one side only (``lost_anchors``). On
    the 1,953 clean news-valid pairs 4.7% are suspect, on the same pairs shuffled 45%: a
    signal, not a verdict, so it removes pairs only when asked (``--drop-misaligned``)."""

    name = "misaligned"

    def check(self, source: str, target: str, score: float | None) -> str | None:
        lost, total = lost_anchors(source, target)
        suspect = lost >= MISALIGNED_ANCHORS and lost >= MISALIGNED_SHARE * total
        return self.name if suspect else None


class ScoreFilter(Filter):
    """The score (TSV third column, JSONL confidence) is below ``min_score``; pairs
    without a score are kept."""

    name = "score"

    def __init__(self, min_score: float) -> None:
        self.min_score = min_score

    def check(self, source: str, target: str, score: float | None) -> str | None:
        return self.name if score is not None and score < self.min_score else None


def default_filters(min_score: float | None = None) -> list[Filter]:
    """Every filter that removes by default, cheapest first (misaligned is separate)."""
    filters: list[Filter] = [
        EmptyFilter(), LengthRatioFilter(), CopyFilter(), RepeatFilter(), TruncatedFilter(),
        BoilerplateFilter(), LanguageFilter("src"), LanguageFilter("tgt"),
    ]  # fmt: skip
    if min_score is not None:
        filters.append(ScoreFilter(min_score))
    return filters


class CheckFilter(Filter):
    """A check of ``aligner.checks`` (``number``, ``url``, ``term``) as a filter: removes the
    pair when the check fails; the reason is the check's first flag (``number:2011``)."""

    def __init__(self, check: Check) -> None:
        self.inner = check
        self.name = check.name  # type: ignore[misc]  # per instance: one class, three checks

    def check(self, source: str, target: str, score: float | None) -> str | None:
        flags = sorted(self.inner.flags(source, target))
        return flags[0] if flags else None


def check_filters(names: Sequence[str], glossary: Glossary | None = None) -> list[Filter]:
    """The checks of ``names`` as filters (``--drop number,term``); ``term`` needs a glossary."""
    if "term" in names and glossary is None:
        raise OptionError("--drop term needs --glossary FILE")
    return [CheckFilter(check) for check in make_checks(glossary, names)]
