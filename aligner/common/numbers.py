"""Numbers as Indonesian and English write them, read into values that can be compared.

A written number becomes a ``Number``: its text and the set of values it may stand for.
Most numbers have one reading; an ambiguous one has several, and two numbers agree when
their readings meet. Indonesian (the source side):

    100.000  1.234.567   ``.`` groups thousands                     100000, 1234567
    12,5  1,10           ``,`` is the decimal comma                 12.5, 1.1
    12.00  08.30         a time (hours 0-24, minutes 00-59)         t12:00 or 12; t8:30 or 8.3
    1,000                a comma and three digits: either           1000 or 1
    20-25  ke-1000  5%   ranges, ordinals, percentages: the digits  20, 25; 1000; 5
    1,5 juta             a multiplier word also gives the product   1.5 or 1500000

English (the output side): ``,`` groups thousands, ``.`` is the decimal point, ``12:00``
is a time, ``1000th`` an ordinal, ``1.5 million`` a product. An output number in
Indonesian style (``1,10``, ``1.000.000``, ``1.234,56``) is read as Indonesian, so that its
value still agrees, and is reported by ``indonesian_style``.

Numbers spelled as words count where unambiguous: two to ten (``dua`` to ``sepuluh``, and
the ordinals ``kedua``/``second`` to ``kesepuluh``/``tenth``); "one"/"satu" are articles
as often as numbers and do not count. A spelled number only ever satisfies a digit number
on the other side, never demands one: "dua kali" is "twice" as often as "two times".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final, Literal

__all__ = [
    "Number",
    "english_numbers",
    "indonesian_numbers",
    "indonesian_style",
    "numbers",
    "unmatched",
]

Side = Literal["id", "en"]

# digits with optional ``.``/``,``/``:`` groups, not inside a longer number ("Gbr.2" has a
# 2), nor glued after a closing bracket and a full stop: "(Tabel 2).2)" repeats a citation
# marker in text extracted from articles (PubMed in TICO-19), it is not a number of the text
_NUMBER: Final = re.compile(r"(?<!\d)(?<!\d[.,:])(?<![)\]]\.)\d+(?:[.,:]\d+)*")
_TRAILER: Final = re.compile(r"\s*([A-Za-z]+)")
_SEPARATOR: Final = re.compile(r"([.,])")  # split keeping the separators

SPELLED: Final[dict[Side, dict[str, str]]] = {
    "id": {
        word: str(value)
        for value, base in enumerate(
            ("dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"),
            start=2,
        )
        for word in (base, f"ke{base}")
    },
    "en": {
        word: str(value)
        for value, words in enumerate(
            (
                ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"),
                ("six", "sixth"), ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"),
                ("ten", "tenth"),
            ),
            start=2,
        )
        for word in words
    },
}  # fmt: skip


def _whole_word(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words``, in any case, not inside a longer word: one scan of a text."""
    either = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{either})(?![^\W\d_])", re.IGNORECASE)


_SPELLED_WORD: Final = {side: _whole_word(words) for side, words in SPELLED.items()}
MULTIPLIERS: Final[dict[Side, dict[str, int]]] = {
    "id": {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12},
    "en": {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12},
}


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written (``text``) and the canonical values it may stand for."""

    text: str
    values: frozenset[str]
    spelled: bool = False  # a word ("dua"): satisfies a digit number, never demands one

    def agrees(self, other: Number) -> bool:
        return not self.values.isdisjoint(other.values)


def _canonical(integer: str, fraction: str = "") -> str:
    integer = integer.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{integer}.{fraction}" if fraction else integer


def _time(text: str, sep: str) -> str | None:
    hours, _, minutes = text.partition(sep)
    if len(minutes) == 2 and int(hours) <= 24 and int(minutes) < 60 and len(hours) <= 2:
        return f"t{int(hours)}:{minutes}"
    return None


# The readings below depend on the digit group alone; the same groups (years, "100") come
# back sentence after sentence, so they are read once.
@lru_cache(maxsize=4096)
def _indonesian_values(text: str) -> frozenset[str]:
    """Readings of a digit group written the Indonesian way (see the module doc)."""
    return frozenset(_indonesian_readings(text))


def _indonesian_readings(text: str) -> Set[str]:
    if ":" in text:
        return _english_values(text)
    groups = _SEPARATOR.split(text)[::2]
    if len(groups) == 1:
        return {_canonical(text)}
    if "," in text and "." in text:  # 1.234,56
        whole, _, fraction = text.rpartition(",")
        return {_canonical(whole.replace(".", ""), fraction)}
    if "," in text:
        values = {_canonical(groups[0], "".join(groups[1:]))} if len(groups) == 2 else set()
        if all(len(g) == 3 for g in groups[1:]):  # 1,000: English thousands in the source
            values.add(_canonical("".join(groups)))
        return values or {text}
    if all(len(g) == 3 for g in groups[1:]):  # 100.000
        return {_canonical("".join(groups))}
    if len(groups) == 2:  # 12.5 (English decimal in the source), 12.00 (a time)
        time = _time(text, ".")
        return {_canonical(groups[0], groups[1]), *([time] if time else [])}
    return {text}


@lru_cache(maxsize=4096)
def _english_values(text: str) -> frozenset[str]:
    """Readings of a digit group written the English way."""
    return frozenset(_english_readings(text))


def _english_readings(text: str) -> Set[str]:
    if ":" in text:
        time = _time(text, ":")
        return {time} if time else {text}
    if indonesian_style(text):
        return _indonesian_values(text)
    integer, _, fraction = text.replace(",", "").partition(".")
    if "." in fraction:
        return {text}
    return {_canonical(integer, fraction)}


@lru_cache(maxsize=4096)
def indonesian_style(text: str) -> bool:
    """A number written in Indonesian style, wrong in English: a decimal comma (``1,10``,
    ``2,5``), several ``.`` groups (``1.000.000``) or both separators (``1.234,56``)."""
    if ":" in text:
        return False
    groups = _SEPARATOR.split(text)
    seps, digits = groups[1::2], groups[2::2]
    if "," in seps and "." in seps:
        return seps.index(",") > seps.index(".")
    if "," in seps:
        return any(len(d) != 3 for d in digits)
    return seps.count(".") > 1


def _scaled(values: Set[str], factor: int) -> set[str]:
    scaled = set()
    for value in values:
        try:
            scaled.add(_canonical(*format(Decimal(value) * factor, "f").partition(".")[::2]))
        except InvalidOperation:
            continue
    return scaled


def _digit_numbers(text: str, side: Side) -> Iterator[Number]:
    read = _indonesian_values if side == "id" else _english_values
    multipliers = MULTIPLIERS[side]
    for match in _NUMBER.finditer(text):
        values = read(match.group())
        trailer = _TRAILER.match(text, match.end())
        factor = multipliers.get(trailer.group(1).casefold()) if trailer else None
        if factor:
            values |= _scaled(values, factor)
        yield Number(match.group(), values)


def _spelled_numbers(text: str, side: Side) -> Iterator[Number]:
    words = SPELLED[side]
    for match in _SPELLED_WORD[side].finditer(text):
        yield Number(match.group(), frozenset({words[match.group().casefold()]}), spelled=True)


def numbers(text: str, side: Side) -> list[Number]:
    """The numbers of ``text`` read with ``side``'s conventions, digits then words."""
    return [*_digit_numbers(text, side), *_spelled_numbers(text, side)]


def indonesian_numbers(text: str) -> list[Number]:
    return numbers(text, "id")


def english_numbers(text: str) -> list[Number]:
    return numbers(text, "en")


def unmatched(left: list[Number], right: list[Number]) -> tuple[list[Number], list[Number]]:
    """The digit numbers of each side that no number of the other side agrees with, one
    for one (a maximum bipartite matching, so ``5, 5`` against ``5`` leaves one ``5``)."""
    owner: dict[int, int] = {}  # right index -> left index

    def augment(i: int, seen: set[int]) -> bool:
        for j, number in enumerate(right):
            if j in seen or not left[i].agrees(number):
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    order = sorted(range(len(left)), key=lambda i: left[i].spelled)  # digits claim first
    for i in order:
        augment(i, set())
    used = set(owner.values())
    lost = [n for i, n in enumerate(left) if i not in used and not n.spelled]
    extra = [n for j, n in enumerate(right) if j not in owner and not n.spelled]
    return lost, extra
