"""Language identification of sentences, with py3langid (imported on first use).

py3langid (a maintained fork of langid.py, 4.5 MB with its model, no other dependency than
numpy) was chosen over lingua-language-detector (96 MB) after ``scripts/compare_langid.py``:
as accurate on short Indonesian and English news sentences, 4-9 times faster, a twentieth of
the size (docs/cleaning.md, "Language identification").

The identifier is restricted to ``CANDIDATES``, the languages an Indonesian article quotes or
a scraped corpus mixes in: on a short sentence, fewer candidates mean fewer absurd guesses.
A text is taken to be in another language than expected only when it is *confident*: it has
at least ``MIN_LETTERS`` letters and the expected languages together have at most
``1 - MIN_PROBABILITY`` of the normalised probability. Malay counts as
Indonesian (identifiers confuse the two; so does the corpus rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from aligner.clean.identifier import Identifier

__all__ = [
    "CANDIDATES",
    "ENGLISH",
    "INDONESIAN",
    "Guess",
    "foreign",
    "guess",
    "preload_identifier",
]

CANDIDATES: Final = (
    "id", "ms", "jv", "en", "ar", "nl", "tl", "zh", "ja", "ko", "fr", "de", "es", "pt", "it",
    "ru", "hi", "th", "vi", "tr",
)  # fmt: skip
INDONESIAN: Final = frozenset({"id", "ms"})
ENGLISH: Final = frozenset({"en"})
# below this many letters a guess is not trusted (a name, "OK", "Jakarta –")
MIN_LETTERS: Final = 20
# py3langid's normalised probability a guess needs to count
MIN_PROBABILITY: Final = 0.95
# the fast path of ``foreign``: this share of a text's words (and at least this many) are
# function words of the expected language. Measured on news-valid, tico19 and the German and
# French of align-dev: it takes 84% of the Indonesian lines (3,399 of 4,053) and 75% of the
# English ones (3,040 of 4,053); no German or French line, and 1 Indonesian line as English.
FUNCTION_SHARE: Final = {"id": 0.1, "en": 0.2}
FUNCTION_MIN: Final = {"id": 2, "en": 3}
_FUNCTION_WORDS: Final = {
    "id": frozenset(
        (
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "ini",
            "itu",
            "dengan",
            "untuk",
            "pada",
            "dalam",
            "tidak",
            "akan",
            "juga",
            "adalah",
            "oleh",
            "karena",
            "atau",
            "saat",
            "telah",
            "sudah",
            "bahwa",
            "kata",
            "mereka",
            "kami",
            "kita",
            "ia",
            "dia",
            "sebagai",
            "bagi",
            "tersebut",
            "para",
            "secara",
            "lebih",
            "masih",
            "harus",
            "bisa",
            "dapat",
            "serta",
            "namun",
            "tetapi",
            "jika",
        )
    ),
    "en": frozenset(
        (
            "the",
            "of",
            "and",
            "to",
            "is",
            "that",
            "for",
            "with",
            "as",
            "was",
            "by",
            "at",
            "from",
            "it",
            "are",
            "be",
            "has",
            "have",
            "this",
            "an",
            "not",
            "but",
            "which",
            "were",
            "been",
            "will",
            "said",
            "had",
            "its",
            "their",
            "they",
            "he",
            "she",
            "who",
            "would",
        )
    ),
}
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Guess:
    """The languages of a text, most likely first, with normalised probabilities, and the
    text's letter count."""

    ranking: tuple[tuple[str, float], ...]
    letters: int

    @property
    def code(self) -> str:
        return self.ranking[0][0] if self.ranking else "und"

    def share(self, codes: frozenset[str]) -> float:
        """The probability that the text is in one of ``codes``."""
        return sum(p for code, p in self.ranking if code in codes)

    def outside(self, expected: frozenset[str]) -> str | None:
        """The most likely language when the text is confidently in none of ``expected``
        (``MIN_LETTERS`` letters, at most ``1 - MIN_PROBABILITY`` left for them), else None."""
        if self.letters < MIN_LETTERS or self.share(expected) > 1 - MIN_PROBABILITY:
            return None
        return next(code for code, _ in self.ranking if code not in expected)


_IDENTIFIER: Final = Identifier(CANDIDATES)


def preload_identifier() -> None:
    """Start loading the language identifier in the background (about 0.5 s of CPU)."""
    _IDENTIFIER.preload()


def guess(text: str) -> Guess:
    """The languages of ``text`` (the model loads on the first call unless preloaded)."""
    letters = sum(map(str.isalpha, text))
    if letters == 0:
        return Guess((), 0)
    ranking = _IDENTIFIER.get().rank(text)
    return Guess(tuple((str(code), float(p)) for code, p in ranking), letters)


def foreign(text: str, expected: frozenset[str]) -> str | None:
    """The language of ``text`` when it is confidently none of ``expected``, else None.

    Fast path: a text whose words are at least ``FUNCTION_SHARE`` (and ``FUNCTION_MIN``)
    function words of the expected language is taken to be in it without asking the model,
    which costs about 0.4 ms a sentence; most lines of a corpus take this path."""
    words = _WORDS.findall(text.casefold())
    for code, function_words in _FUNCTION_WORDS.items():
        if code in expected:
            hits = sum(map(function_words.__contains__, words))
            if hits >= FUNCTION_MIN[code] and hits >= FUNCTION_SHARE[code] * len(words):
                return None
    return guess(text).outside(expected)
