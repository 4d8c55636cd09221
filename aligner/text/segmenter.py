"""Sentence segmentation for Indonesian (and English) with character offsets.

A rule-based splitter: every run of final punctuation (``.``, ``!``, ``?``, ``…``, and
runs such as ``?!`` or ``...``) followed by optional closing quotes or brackets and
then whitespace is a *candidate*; :func:`_ends_sentence` decides whether it ends a
sentence, looking at the word before the period (abbreviations, initials, list numbers)
and at the next word (its case, a digit, a common sentence starter). Numbers, URLs and
e-mail addresses never contain "punctuation + whitespace", so they are never split.

We measured pysbd and sentencex against this splitter on Indonesian news
(``scripts/eval_segment.py``); the abbreviation layer is what matters, and neither
library knows Indonesian abbreviations, so the splitter has no dependency.

Whitespace between sentences belongs to no sentence; every other character belongs to
exactly one, in order, and ``paragraph[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aligner.errors import OptionError
from aligner.text import abbreviations
from aligner.text.abbreviations import BEFORE_NUMBER, CAN_END, NEVER_ENDS
from aligner.types import Document, Sentence, has_letters

__all__ = ["LANGUAGES", "SEGMENTER_VERSION", "check_lang", "segment_document", "segment_text"]

# Bump whenever a rule or an abbreviation list changes: it goes into output signatures.
SEGMENTER_VERSION: Final = "1.0"

LANGUAGES: Final = abbreviations.LANGUAGES

_OPENERS: Final = "\"'“‘«‹„‚([{"
_CLOSERS: Final = "\"'”’»›)]}"
# Final punctuation (a spaced ". . ." counts as one ellipsis), closing quotes/brackets,
# and whitespace right after (not consumed).
_CANDIDATE: Final = re.compile(rf"(?:\.(?: \.){{2,}}|[.!?…]+)[{re.escape(_CLOSERS)}]*(?=\s)")
# A word that starts in lower case but is written like a name: iPhone, eKTP, e-KTP, mRNA.
_CAMEL: Final = re.compile(r"[^\W\d_]-?[^\W\d_]")
_WORD: Final = re.compile(r"[^\W\d_]+")
# A list marker at the start of a sentence: "1.", "12.", "a.", "IV."
_LIST_MARKER: Final = re.compile(r"(?:\d{1,3}|[A-Za-z]|[IVXivx]{1,4})")
# Initialisms written with periods: "U.S", "A.S", "S.Sos", "a.m" (final period excluded).
_DOTTED: Final = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")


def check_lang(lang: str) -> str:
    """Return ``lang`` if the segmenter supports it, else raise OptionError naming the choices."""
    if lang not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise OptionError(f"unknown language {lang!r} for segmentation (choose from {choices})")
    return lang


def segment_text(
    text: str, lang: str = "id", *, paragraph: int = 0, first_index: int = 0
) -> list[Sentence]:
    """Split one paragraph into sentences.

    Offsets index ``text``; ``index`` counts from ``first_index``; segments without a
    letter are marked ``translatable=False``.
    """
    check_lang(lang)
    return [
        _sentence(text[start:end], paragraph, first_index + number, start)
        for number, (start, end) in enumerate(_spans(text, lang))
    ]


def _sentence(piece: str, paragraph: int, index: int, start: int) -> Sentence:
    # one slice per sentence: a 100 MB paragraph is not copied again to test its letters
    return Sentence(
        text=piece,
        paragraph=paragraph,
        index=index,
        start=start,
        end=start + len(piece),
        translatable=has_letters(piece),
    )


def segment_document(doc: Document, lang: str = "id") -> list[Sentence]:
    """Segment every paragraph of ``doc``; ``index`` counts sentences across the document."""
    check_lang(lang)
    sentences: list[Sentence] = []
    for number, text in enumerate(doc.paragraphs):
        sentences.extend(segment_text(text, lang, paragraph=number, first_index=len(sentences)))
    return sentences


def _spans(text: str, lang: str) -> Iterator[tuple[int, int]]:
    # Sentences are stripped: a span starts at non-space and ends after punctuation/closers.
    start = _skip_space(text, 0)
    for match in _CANDIDATE.finditer(text):
        if match.start() > start and _ends_sentence(text, match, start, lang):
            yield start, match.end()
            start = _skip_space(text, match.end())
    end = len(text)
    while end > start and text[end - 1].isspace():  # not text.rstrip(): no copy of it
        end -= 1
    if start < end:
        yield start, end


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _ends_sentence(text: str, match: re.Match[str], sentence_start: int, lang: str) -> bool:
    """Decide one candidate: does the punctuation in ``match`` end the sentence?"""
    following = _skip_openers(text, _skip_space(text, match.end()))
    if _starts_lower(text, following):
        return False  # "…,” katanya", "dll. dan", "…!” tegas Menteri": the sentence goes on
    if match.group().rstrip(_CLOSERS) != ".":
        return True  # "!", "?", "?!", "...", "…" before anything but lower case
    token_start = _token_start(text, match.start())
    token = text[token_start : match.start()].lstrip(_OPENERS)
    if not token or (len(token) == 1 and _follows_number(text, token_start)):
        return True  # " . ", or an era after a year ("1945 M.", "1442 H."), not an initial
    next_char = text[following] if following < len(text) else ""
    verdict = _abbreviation_verdict(token, next_char, lang)
    if verdict is not None:
        return verdict
    return _heuristic_verdict(text, token, token_start == sentence_start, following, lang)


def _follows_number(text: str, position: int) -> bool:
    before = text[max(0, position - 2) : position]
    return len(before) == 2 and before[0].isdigit() and before[1] == " "


def _starts_lower(text: str, position: int) -> bool:
    if position >= len(text) or not text[position].islower():
        return False
    camel = _CAMEL.match(text, position)
    return camel is None or not camel.group()[-1].isupper()


def _skip_openers(text: str, position: int) -> int:
    while position < len(text) and text[position] in _OPENERS:
        position += 1
    return position


def _token_start(text: str, end: int) -> int:
    # The word before the punctuation: back to the previous whitespace.
    position = end
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _abbreviation_verdict(token: str, next_char: str, lang: str) -> bool | None:
    """Verdict from the abbreviation tables, or None when the token is not listed."""
    table = abbreviations.table(lang)
    category = table.get(token + ".")
    if category is None and "." in token:  # "Prof.Dr." is decided by its last part
        category = table.get(token.rsplit(".", 1)[1] + ".")
    if category == NEVER_ENDS:
        return False
    if category == BEFORE_NUMBER and next_char.isdigit():
        return False
    if category == CAN_END:
        return not next_char.isdigit()
    return None


def _heuristic_verdict(
    text: str, token: str, starts_sentence: bool, following: int, lang: str
) -> bool:
    """Unlisted tokens: list markers, initials and dotted initialisms; else a full stop."""
    if starts_sentence and _LIST_MARKER.fullmatch(token):
        return False  # "1. Pendahuluan", "a. Pertama"
    if (len(token) == 1 and token.isupper()) or _DOTTED.fullmatch(token):
        # "Joko S. Widodo", "the U.S. Army" go on; "tim A. Mereka", "the U.S. The" end.
        word = _WORD.match(text, following)
        return word is not None and word.group() in abbreviations.starters(lang)
    return True
