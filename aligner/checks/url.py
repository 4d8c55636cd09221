"""The ``url`` check: URLs, e-mail addresses, @handles and #hashtags come out verbatim.

Rule: each such token of the source (``https://covid19.go.id/p/berita``, ``www.who.int``,
``kemkes.go.id``, ``humas@kemkes.go.id``, ``@KemenkesRI``, ``#DiRumahAja``) must be in
the output exactly. Case counts in a URL (its path is case-sensitive) but not in a bare
domain, an e-mail address, a handle or a hashtag, which do not depend on it
(``News.com.au`` is ``news.com.au``). Sentence punctuation after a token (``who.int.``) is
not part of it. Flag: ``url:<the token>`` for each one missing.
"""

from __future__ import annotations

import re
from typing import Final

from aligner.checks import Check, register_check
from aligner.types import Flag

__all__ = ["TOKEN", "UrlCheck", "verbatim_tokens"]

_DOMAIN: Final = (
    r"(?:[A-Za-z0-9-]+\.)+(?:com|org|net|int|gov|edu|info|io|id|co|ac|go|or)(?:\.[A-Za-z]{2})?"
)
_CASED: Final = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)  # a URL: its path is cased
TOKEN: Final = re.compile(
    r"(?:https?|ftp)://[^\s<>\"']+"  # a URL with its scheme
    r"|www\.[^\s<>\"']+"  # a bare www. address
    r"|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # an e-mail address
    r"|(?<![\w@])@\w{2,}"  # an @handle
    r"|(?<![\w&#])#\w*[^\W\d_]\w*"  # a #hashtag (not #1)
    rf"|(?<![\w@.-]){_DOMAIN}(?:/[^\s<>\"']*)?(?![\w-])"  # a bare domain: kemkes.go.id
)
_TRAILING: Final = ".,;:!?)]}'\""


def verbatim_tokens(text: str) -> list[str]:
    """The URLs, e-mail addresses, @handles and #hashtags of ``text``, in order."""
    tokens = (match.group().rstrip(_TRAILING) for match in TOKEN.finditer(text))
    return list(dict.fromkeys(token for token in tokens if token))


@register_check("url", Flag.URL)
class UrlCheck(Check):
    """See the module doc."""

    def missing(self, source: str, output: str) -> list[str]:
        folded = output.casefold()
        return [
            token
            for token in verbatim_tokens(source)
            if (token not in output if _CASED.match(token) else token.casefold() not in folded)
        ]
