"""The writer base class, the write report, and text clean-up shared by the writers."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Final, TextIO

from aligner.common.jsontext import replace_surrogates
from aligner.types import Flag, Origin, Pair

__all__ = [
    "LOW_CONFIDENCE",
    "BinaryWriter",
    "WriteReport",
    "Writer",
    "flatten_meta",
    "format_confidence",
    "is_doubtful",
    "needs_review",
    "one_line",
]

# below this a pair is shaded (bilingual-docx), needs review (xliff) and is a stop of the
# review page's "next doubtful pair" key
LOW_CONFIDENCE: Final = 0.5
# flags that say how a pair was made or what a person did, not that it is doubtful
_NOT_DOUBT: Final = frozenset(
    {Flag.PASSTHROUGH.value, Flag.POST_EDITED.value, Flag.CONFIRMED.value}
)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write did: pairs written, pairs dropped by ``min_confidence``, files written."""

    written: int
    dropped: int
    paths: tuple[Path, ...]


class Writer:
    """One output format. Subclasses are registered by name with ``register_format``.

    ``corpus`` formats (tsv, moses, tmx) honour ``min_confidence``; ``needs_path`` formats
    (moses) write several files next to a path prefix and cannot go to stdout.
    """

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    corpus: ClassVar[bool] = False
    needs_path: ClassVar[bool] = False
    # the output embeds the run metadata (computing it hashes the model's weights)
    uses_meta: ClassVar[bool] = False
    binary: ClassVar[bool] = False  # a BinaryWriter: bytes out, and the source's structure in

    def __init__(self, meta: Mapping[str, Any] | None = None) -> None:
        self.meta: Mapping[str, Any] = meta or {}

    @classmethod
    def check_available(cls) -> None:
        """Raise FormatError when the format needs a package that is not installed
        (parquet: pyarrow). Called before any work, so that a long run does not end
        without its output; formats that need nothing optional do nothing."""

    @classmethod
    def paths(cls, output: Path) -> tuple[Path, ...]:
        """The files written for ``output`` (one, except for multi-file formats)."""
        return (Path(output),)

    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        """Write every pair to ``streams`` (one per path of ``paths``), consuming lazily."""
        raise NotImplementedError


class BinaryWriter(Writer):
    """A format written as bytes (docx) that also receives the source document's
    ``Origin``: a writer that rebuilds the source (the docx writer from a docx input)
    finds the original file there. The pairs are the same one-shape stream."""

    binary: ClassVar[bool] = True

    def __init__(self, meta: Mapping[str, Any] | None = None, origin: Origin | None = None):
        super().__init__(meta)
        self.origin = origin

    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        raise TypeError(f"{self.name} writes bytes: call write_binary")

    def write_binary(self, pairs: Iterable[Pair], streams: Sequence[BinaryIO]) -> None:
        """Write every pair to ``streams`` (binary, one per path of ``paths``)."""
        raise NotImplementedError


# Python's str.splitlines() breaks on all of these: replacing them keeps one record per line
# for any line-oriented reader, not only for those that split on "\n".
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TAB_OR_BREAK = re.compile("\r\n|[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# a str code point in the surrogate range cannot be encoded as UTF-8 (it is always unpaired)


def one_line(text: str, *, tabs: bool = False) -> str:
    """``text`` on one line: line breaks (and tabs if asked) become single spaces."""
    pattern = _TAB_OR_BREAK if tabs else _LINE_BREAKS
    return replace_surrogates(pattern.sub(" ", text))


def format_confidence(value: float) -> str:
    """Four decimals, the fixed form used by tsv, moses and tmx."""
    return f"{value:.4f}"


def flatten_meta(meta: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Nested metadata as sorted ``(dotted.key, text)`` pairs; lists and numbers as JSON."""
    for key in sorted(meta, key=str):
        value = meta[key]
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten_meta(value, f"{name}.")
        elif isinstance(value, str):
            yield name, value
        else:
            yield name, json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def is_below(pair: Pair, threshold: float) -> bool:
    """True when ``pair`` falls under ``threshold``; a NaN confidence counts as below."""
    return math.isnan(pair.confidence) or pair.confidence < threshold


def is_doubtful(pair: Pair) -> bool:
    """Below ``LOW_CONFIDENCE`` (NaN too), or with a flag that says something may be wrong."""
    return is_below(pair, LOW_CONFIDENCE) or bool(pair.flags - _NOT_DOUBT)


def needs_review(pair: Pair) -> bool:
    """Doubtful and not yet confirmed by a person (XLIFF ``needs-review-translation``)."""
    return Flag.CONFIRMED.value not in pair.flags and is_doubtful(pair)
