"""Output writers, registered by name and imported lazily.

    FORMATS = ("tsv", "jsonl", "moses", "tmx", "xliff", "text", "html", "docx", "bilingual-docx",
               "ids", "parquet")

``write_pairs(pairs, "tmx", Path("out.tmx"))`` imports ``aligner.output.formats.tmx`` only then.
Every file is written atomically (``aligner.output.io``); writers consume the pairs as a stream
(html buffers its rows: its histogram comes first on the page).

Format inference from the output path (``infer_format``), case-insensitive:

    .tsv -> tsv    .jsonl .ndjson -> jsonl    .tmx -> tmx    .xlf .xliff -> xliff    .txt -> text
    .html .htm -> html    .docx -> docx    .ids -> ids    .parquet -> parquet
    anything else (.json, .id, .en, no suffix) -> None

``moses`` is never inferred: its output is a path prefix (``OUT`` gives ``OUT.id``,
``OUT.en`` and ``OUT.scores``), and a suffix says nothing about it; ask for ``-f moses``.
``.json`` is not JSONL (one document vs one object per line), so it is not inferred.

``min_confidence`` drops pairs below the threshold from the corpus formats (tsv, moses,
tmx) and reports the count in ``WriteReport.dropped``. The review formats (jsonl, xliff,
text, html) and the index format (ids) always keep every pair (``dropped == 0``): they show the
confidence rather than filter on it, and the text format is the whole article; docx and
bilingual-docx are review formats too, and parquet keeps every pair as jsonl does (its
readers filter on the confidence and flags columns).

docx, bilingual-docx and parquet are binary writers (``BinaryWriter``): they write bytes
(to standard output's byte buffer when there is no path), and
``write_pairs(..., origin=document.origin)`` hands them the source document's structure
(the docx writer rebuilds a docx input from it). bilingual-docx is never inferred: its
files are named ``NAME.bilingual.docx``. parquet needs the optional pyarrow
(``aligner[parquet]``): ``write_pairs`` checks for it (``Writer.check_available``) before
it reads a pair or creates a file, and so do the commands before any work.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar, cast

from aligner._registry import Registry
from aligner.common.jsontext import json_text
from aligner.errors import FormatError
from aligner.output.formats._writer import BinaryWriter, Writer, WriteReport, is_below
from aligner.output.io import atomic_write, atomic_write_group, ensure_not_input, os_error
from aligner.types import Origin, Pair

__all__ = [
    "FORMATS",
    "WriteReport",
    "Writer",
    "format_path",
    "get_writer",
    "infer_format",
    "output_paths",
    "register_format",
    "write_meta",
    "write_pairs",
]

FORMATS: tuple[str, ...] = (
    "tsv", "jsonl", "moses", "tmx", "xliff", "text", "html", "docx", "bilingual-docx", "ids",
    "parquet",
)  # fmt: skip
_registry: Registry[Writer] = Registry("output format", FORMATS, __name__, FormatError)

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

    return _registry.register(
        name,
        extensions=tuple(ext.lower() for ext in extensions),
        corpus=corpus,
        needs_path=needs_path,
        uses_meta=uses_meta,
    )


def get_writer(name: str) -> type[Writer]:
    """The Writer class for ``name``; an unknown name raises FormatError listing the valid ones."""
    return _registry.get(name)


def infer_format(path: Path) -> str | None:
    """The format named by ``path``'s suffix, or None when it names none (see module doc)."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return None
    for name in FORMATS:
        if suffix in get_writer(name).extensions:
            return name
    return None


def format_path(base: Path, fmt: str) -> Path:
    """``base.tsv``, ``base.jsonl``…: ``base`` with the format's first extension (moses,
    which has none, takes ``base`` as its prefix)."""
    extensions = get_writer(fmt).extensions
    return base.with_name(base.name + extensions[0]) if extensions else base


def output_paths(fmt: str, output: Path) -> tuple[Path, ...]:
    """The files ``write_pairs(..., fmt, output)`` writes (moses: three beside the prefix)."""
    return get_writer(fmt).paths(Path(output))


class _Counter:
    """Passes pairs through, dropping those under the threshold and those ``exclude``
    names, and counting each."""

    def __init__(
        self,
        pairs: Iterable[Pair],
        threshold: float | None,
        exclude: Callable[[Pair], bool] | None = None,
    ) -> None:
        self.pairs, self.threshold, self.exclude = pairs, threshold, exclude
        self.written = self.dropped = 0

    def __iter__(self) -> Iterator[Pair]:
        for pair in self.pairs:
            if self.exclude is not None and self.exclude(pair):
                continue  # ``exclude`` counts what it leaves out, by reason
            if self.threshold is not None and is_below(pair, self.threshold):
                self.dropped += 1
                continue
            self.written += 1
            yield pair


def _threshold(cls: type[Writer], min_confidence: float | None) -> float | None:
    if min_confidence is None or not cls.corpus:
        return None  # review formats keep every pair (documented above)
    if math.isnan(min_confidence):
        raise FormatError("min_confidence must be a number, not NaN")
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
    origin: Origin | None = None,
    exclude: Callable[[Pair], bool] | None = None,
) -> WriteReport:
    """Write ``pairs`` in format ``fmt`` to ``output`` (atomically) or to ``stream``/stdout.

    ``output=None`` writes one-file formats to ``stream`` (stdout by default; a binary
    format to its byte buffer); moses needs a path. ``inputs``: paths the output must not
    overwrite (OutputError if it would). ``meta_path``: also write ``meta`` there as JSON,
    in the same atomic group as the output files, so that neither appears without the
    other. ``origin``: the source document's structure, for the binary writers. ``exclude``:
    pairs the corpus formats leave out (``aligner.clean``'s noise rule; a
    ``CorpusExclusion`` counts them by reason).
    """
    cls = get_writer(fmt)
    cls.check_available()  # a missing optional package, before a pair is read or a file made
    counter = _Counter(pairs, _threshold(cls, min_confidence), exclude if cls.corpus else None)
    writer = cls(meta, origin) if issubclass(cls, BinaryWriter) else cls(meta)
    if output is None:
        if cls.needs_path:
            raise FormatError(f"format {fmt!r} writes several files: give an output path prefix")
        out = stream if stream is not None else sys.stdout
        try:
            _write(writer, counter, [out.buffer if cls.binary else out])
        except BrokenPipeError:
            raise  # the reader went away (`| head`): aligner.cli.main ends quietly
        except OSError as exc:  # standard output on a full disk
            raise os_error(exc, "standard output") from exc
        if meta_path is not None:
            write_meta(meta_path, meta or {}, inputs=inputs)
        return WriteReport(counter.written, counter.dropped, ())
    paths = cls.paths(Path(output))
    extra = (Path(meta_path),) if meta_path is not None else ()
    for path in (*paths, *extra):
        ensure_not_input(path, inputs)
    with atomic_write_group([*paths, *extra], "wb" if cls.binary else "w") as handles:
        _write(writer, counter, handles[: len(paths)])
        if extra:
            text = _meta_text(meta or {})
            handles[-1].write(text.encode("utf-8") if cls.binary else text)
    return WriteReport(counter.written, counter.dropped, paths)


def _write(writer: Writer, pairs: Iterable[Pair], streams: Sequence[IO[Any]]) -> None:
    # the group's files are opened in the writer's mode: bytes for a BinaryWriter
    if isinstance(writer, BinaryWriter):
        writer.write_binary(pairs, cast(list[BinaryIO], streams))
    else:
        writer.write(pairs, cast(list[TextIO], streams))


def write_meta(path: Path, meta: Mapping[str, Any], *, inputs: Sequence[Path] = ()) -> None:
    """Write run metadata as UTF-8 JSON, keys sorted, atomically (never over ``inputs``).

    Values that JSON cannot hold (``Path``, sets) are written as their ``str``.
    """
    ensure_not_input(Path(path), inputs)
    with atomic_write(Path(path)) as handle:
        handle.write(_meta_text(meta))


def _meta_text(meta: Mapping[str, Any]) -> str:
    return json_text(meta, sort_keys=True, indent=2, default=str) + "\n"
