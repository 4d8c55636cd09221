"""Pair readers: every pair format aligner writes, read back into ``Pair``s (``aligner convert``).

    READERS = ("jsonl", "tsv", "moses", "tmx", "xliff", "parquet")

``read_pairs(path, fmt)`` imports ``aligner.output.readers.<fmt>`` only then (parquet needs
pyarrow, as its writer does). A reader gives the run metadata the file carries (``meta``:
tmx, xliff, parquet) and the pairs in file order. What a format cannot carry is filled in
the same way everywhere: the file's path as ``doc``, each line its own paragraph and
sentence (tsv, moses), ids renumbered from the beads (tmx), NaN for a missing confidence.

A file that is not of its format, or a unit that lacks what a pair needs, raises a
one-line ``CorruptInputError`` naming the file and the line or unit.

The input format is inferred from the extension as the writers' is (``infer_reader``):
``.jsonl .ndjson .tsv .tmx .xlf .xliff .parquet``; moses (a path prefix) is never inferred.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from aligner._registry import Registry
from aligner.errors import CorruptInputError, FormatError
from aligner.types import Pair

__all__ = [
    "READERS",
    "PairReader",
    "get_pair_reader",
    "infer_reader",
    "open_pairs",
    "register_pair_reader",
]

READERS: tuple[str, ...] = ("jsonl", "tsv", "moses", "tmx", "xliff", "parquet")
_registry: Registry[PairReader] = Registry("pair format", READERS, __name__, FormatError)


class PairReader:
    """One pair format read back. ``meta`` is read when the reader is made; ``pairs()``
    yields the pairs in file order and raises ``CorruptInputError`` on a bad record."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.meta: dict[str, Any] = {}

    def pairs(self) -> Iterator[Pair]:
        raise NotImplementedError

    def error(self, message: str) -> CorruptInputError:
        return CorruptInputError(message, path=self.path)


R = TypeVar("R", bound=type[PairReader])


def register_pair_reader(name: str, *, extensions: tuple[str, ...]) -> Callable[[R], R]:
    """Class decorator: make a PairReader subclass available under ``name``."""

    return _registry.register(name, extensions=extensions)


def get_pair_reader(name: str) -> type[PairReader]:
    """The reader class of ``name``; an unknown name raises FormatError listing the valid ones."""
    return _registry.get(name)


def infer_reader(path: Path) -> str | None:
    """The pair format named by ``path``'s suffix, or None (moses is never inferred)."""
    suffix = Path(path).suffix.lower()
    return next((n for n in READERS if suffix and suffix in get_pair_reader(n).extensions), None)


def open_pairs(path: Path, fmt: str | None = None) -> PairReader:
    """A reader of ``path`` in format ``fmt`` (default: from the extension)."""
    name = fmt if fmt is not None else infer_reader(path)
    if name is None:
        valid = ", ".join(READERS)
        raise FormatError(f"cannot tell the pair format from the extension; pass --from ({valid})",
                          path=path)  # fmt: skip
    return get_pair_reader(name)(Path(path))
