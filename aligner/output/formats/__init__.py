"""Output writers, registered by name and imported lazily.

    FORMATS = ("tsv", "jsonl", "moses", "tmx", "text", "html", "ids")

``write_pairs(pairs, "tmx", Path("out.tmx"))`` imports ``aligner.output.formats.tmx`` only then.
Every file is written atomically (``aligner.output.io``); writers consume the pairs as a stream
(html buffers its rows: its histogram comes first on the page).

Format inference from the output path (``infer_format``), case-insensitive:

    .tsv -> tsv    .jsonl .ndjson -> jsonl    .tmx -> tmx    .txt -> text
    .html .htm -> html    .ids -> ids    anything else (.json, .id, .en, no suffix) -> None

``moses`` is never inferred: its output is a path prefix (``OUT`` gives ``OUT.id``,
``OUT.en`` and ``OUT.scores``), and a suffix says nothing about it; ask for ``-f moses``.
``.json`` is not JSONL (one document vs one object per line), so it is not inferred.

``min_confidence`` drops pairs below the threshold from the corpus formats (tsv, moses,
tmx) and reports the count in ``WriteReport.dropped``. The review formats (jsonl, text,
html) and the index format (ids) always keep every pair (``dropped == 0``): they show the
confidence rather than filter on it, and the text format is the whole article.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

from aligner.errors import FormatError
from aligner.output.formats._base import Writer, WriteReport, is_below, json_text
from aligner.output.io import atomic_write, atomic_write_group, ensure_not_input
from aligner.types import Pair

__all__ = [
    "FORMATS",
    "WriteReport",
    "Writer",
    "get_writer",
    "infer_format",
    "output_paths",
    "register_format",
    "write_meta",
    "write_pairs",
]

FORMATS: tuple[str, ...] = ("tsv", "jsonl", "moses", "tmx", "text", "html", "ids")
_registry: dict[str, type[Writer]] = {}

W = TypeVar("W", bound=type[Writer])


def register_format(
    name: str,
    *,
    extensions: Sequence[str],
    corpus: bool,
    needs_path: bool,
    uses_meta: bool = False,
) -> Callable[[W], W]:
    """Class decorator: make a Writer subclass available under ``name``."""

    def wrap(cls: W) -> W:
        cls.name = name
        cls.extensions = tuple(ext.lower() for ext in extensions)
        cls.corpus = corpus
        cls.needs_path = needs_path
        cls.uses_meta = uses_meta
        _registry[name] = cls
        return cls

    return wrap


def get_writer(name: str) -> type[Writer]:
    """The Writer class for ``name``; an unknown name raises FormatError listing the valid ones."""
    if name not in FORMATS:
        raise FormatError(f"unknown output format {name!r}; choose one of: {', '.join(FORMATS)}")
    if name not in _registry:
        importlib.import_module(f"aligner.output.formats.{name}")
    return _registry[name]


def infer_format(path: Path) -> str | None:
    """The format named by ``path``'s suffix, or None when it names none (see module doc)."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return None
    for name in FORMATS:
        if suffix in get_writer(name).extensions:
            return name
    return None


def output_paths(fmt: str, output: Path) -> tuple[Path, ...]:
    """The files ``write_pairs(..., fmt, output)`` writes (moses: three beside the prefix)."""
    return get_writer(fmt).paths(Path(output))


class _Counter:
    """Passes pairs through, dropping those under the threshold and counting both."""

    def __init__(self, pairs: Iterable[Pair], threshold: float | None) -> None:
        self.pairs, self.threshold = pairs, threshold
        self.written = self.dropped = 0

    def __iter__(self) -> Iterator[Pair]:
        for pair in self.pairs:
            if self.threshold is not None and is_below(pair, self.threshold):
                self.dropped += 1
                continue
            self.written += 1
            yield pair


def _threshold(cls: type[Writer], min_confidence: float | None) -> float | None:
    if min_confidence is None or not cls.corpus:
        return None  # review formats keep every pair (documented above)
    if math.isnan(min_confidence):
        raise FormatError("--min-confidence must be a number, not NaN")
    return min_confidence


def write_pairs(
    pairs: Iterable[Pair],
    fmt: str,
    output: Path | None,
    *,
    meta: Mapping[str, Any] | None = None,
    min_confidence: float | None = None,
    stream: TextIO | None = None,
    inputs: Sequence[Path] = (),
    meta_path: Path | None = None,
) -> WriteReport:
    """Write ``pairs`` in format ``fmt`` to ``output`` (atomically) or to ``stream``/stdout.

    ``output=None`` writes one-file formats to ``stream`` (stdout by default); moses needs
    a path. ``inputs``: paths the output must not overwrite (OutputError if it would).
    ``meta_path``: also write ``meta`` there as JSON, in the same atomic group as the
    output files, so that neither appears without the other.
    """
    cls = get_writer(fmt)
    counter = _Counter(pairs, _threshold(cls, min_confidence))
    writer = cls(meta)
    if output is None:
        if cls.needs_path:
            raise FormatError(f"format {fmt!r} writes several files: give an output path prefix")
        writer.write(counter, [stream if stream is not None else sys.stdout])
        if meta_path is not None:
            write_meta(meta_path, meta or {}, inputs=inputs)
        return WriteReport(counter.written, counter.dropped, ())
    paths = cls.paths(Path(output))
    extra = (Path(meta_path),) if meta_path is not None else ()
    for path in (*paths, *extra):
        ensure_not_input(path, inputs)
    with atomic_write_group([*paths, *extra]) as handles:
        writer.write(counter, cast(list[TextIO], handles[: len(paths)]))  # opened in text mode
        if extra:
            handles[-1].write(_meta_text(meta or {}))
    return WriteReport(counter.written, counter.dropped, paths)


def write_meta(path: Path, meta: Mapping[str, Any], *, inputs: Sequence[Path] = ()) -> None:
    """Write run metadata as UTF-8 JSON, keys sorted, atomically (never over ``inputs``).

    Values that JSON cannot hold (``Path``, sets) are written as their ``str``.
    """
    ensure_not_input(Path(path), inputs)
    with atomic_write(Path(path)) as handle:
        handle.write(_meta_text(meta))


def _meta_text(meta: Mapping[str, Any]) -> str:
    return json_text(meta, sort_keys=True, indent=2, default=str) + "\n"
