"""Split a sentence that is over the model's input limit, without losing a character.

Cuts are tried from the most to the least natural: after ``;`` or ``:``; after a comma
followed by a conjunction; around a dash; after any comma; and last, token windows at
spaces (or inside a word, for a single word longer than the limit). Consecutive pieces are
packed greedily up to the limit, so a sentence is cut as few times as possible.
``"".join(split_long(text, ...)) == text`` always holds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

__all__ = ["CONJUNCTIONS", "split_long"]

CONJUNCTIONS = (
    "dan|atau|tetapi|tapi|namun|sedangkan|melainkan|padahal|karena|sebab|sehingga|hingga"
    "|maka|lalu|kemudian|serta|sementara|meskipun|walaupun|biarpun|agar|supaya|jika|kalau"
    "|apabila|ketika|saat|setelah|sebelum|sejak|bahwa|yang"
)
LEVELS = (
    re.compile(r"[;:]\s+"),
    re.compile(rf",\s+(?=(?:{CONJUNCTIONS})\b)", re.IGNORECASE),
    re.compile(r"\s+[-–—]+\s+|[–—]+"),
    re.compile(r",\s+"),
)
_WORD = re.compile(r"\S+\s*|\s+")

Counter = Callable[[str], int]


def split_long(text: str, count: Counter, limit: int) -> list[str]:
    """Pieces of ``text`` of at most ``limit`` tokens each as ``count`` measures them."""
    if count(text) <= limit:
        return [text]
    return _split(text, count, limit, 0)


def _split(text: str, count: Counter, limit: int, level: int) -> list[str]:
    if level == len(LEVELS):
        return _windows(text, count, limit)
    out: list[str] = []
    for part in _pack(_cut(text, LEVELS[level]), count, limit):
        out.extend([part] if count(part) <= limit else _split(part, count, limit, level + 1))
    return out


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    """``text`` cut after every match of ``pattern`` (the separator stays on the left)."""
    ends = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *ends, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _pack(parts: list[str], count: Counter, limit: int) -> list[str]:
    """Join consecutive parts while the result stays within ``limit``."""
    out: list[str] = []
    for part in parts:
        if out and count(out[-1] + part) <= limit:
            out[-1] += part
        else:
            out.append(part)
    return out


def _windows(text: str, count: Counter, limit: int) -> list[str]:
    """Last resort: greedy windows of whole words, halving any window still too long."""
    words = _WORD.findall(text)
    if len(words) == 1:
        return _halve(text, count, limit)
    out: list[str] = []
    for window in _greedy(words, count, limit):
        out.extend([window] if count(window) <= limit else _halve(window, count, limit))
    return out


def _greedy(words: list[str], count: Counter, limit: int) -> list[str]:
    # SentencePiece never joins pieces across spaces, so word counts add up (less the
    # end-of-sentence each count includes); _windows checks each window anyway.
    windows: list[str] = []
    used = limit
    for word in words:
        size = count(word) - 1
        if windows and used + size <= limit - 1:
            windows[-1] += word
            used += size
        else:
            windows.append(word)
            used = size
    return windows


def _halve(text: str, count: Counter, limit: int) -> list[str]:
    if count(text) <= limit or len(text) < 2:
        return [text]
    words = _WORD.findall(text)
    # between words when there are several, else inside the word
    cut = len("".join(words[: len(words) // 2])) if len(words) > 1 else len(text) // 2
    return _halve(text[:cut], count, limit) + _halve(text[cut:], count, limit)
