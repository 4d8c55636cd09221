"""Helpers shared by the commands: input, output planning, progress, the translator.

Types and the standard library only at module level; the option declarations are in
``_options``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from aligner.cli._app import warn
from aligner.cli._options import DEFAULT_FORMAT, Device
from aligner.errors import FormatError, OptionError
from aligner.output.formats import get_writer, infer_format, output_paths, write_pairs
from aligner.output.io import check_writable, ensure_not_input
from aligner.text.readers import ReadOptions, read_input_file
from aligner.translation.stack import TranslatorOptions

if TYPE_CHECKING:
    from aligner.batch.result import BatchProgress
    from aligner.clean.exclude import CorpusExclusion
    from aligner.types import Document, Origin, Pair


def choose_format(given: str | None, output: Path | None) -> str:
    """The -f format, else the one -o's extension names, else tsv."""

    if given is not None:
        return given
    if output is None:
        return DEFAULT_FORMAT
    inferred = infer_format(output)
    if inferred is None:
        raise FormatError("cannot tell the output format from its extension; pass -f", path=output)
    return inferred


def read_input(
    source: Path,
    encoding: str | None,
    paragraphs: str,
    input_format: str | None = None,
    html_all: bool = False,
) -> Document:
    """Read with the reader ``input_format`` names, else the one the extension names."""

    options = ReadOptions(encoding=encoding, paragraphs=paragraphs, html_all=html_all)
    return read_input_file(source, input_format, options)


class Bar:
    """A rich progress bar over sentences on stderr (transient: gone when done)."""

    def __init__(self, bar: Any, description: str) -> None:
        self._bar, self._task = bar, bar.add_task(description, total=None)

    def advance(self, count: int) -> None:
        self._bar.advance(self._task, count)

    def update(
        self,
        *,
        completed: int | None = None,
        total: int | None = None,
        description: str | None = None,
    ) -> None:
        self._bar.update(self._task, completed=completed, total=total, description=description)


@contextmanager
def progress_bar(silent: bool, description: str = "translating") -> Iterator[Bar | None]:
    """The one progress bar of every command, or nothing when ``silent``."""
    if silent:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        yield Bar(bar, description)


@contextmanager
def progress(
    total: int, silent: bool, then: str | None = None
) -> Iterator[Callable[[int], None] | None]:
    """``advance(n)`` over ``total`` sentences, or None. ``then``: what the command does
    after the last sentence, shown as a pulsing bar until it ends."""
    with progress_bar(silent or total == 0) as bar:
        if bar is None:
            yield None
            return
        bar.update(total=total)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            bar.advance(n)
            if then is not None and done >= total:
                bar.update(description=then, total=None)

        yield advance


@contextmanager
def batch_progress(silent: bool) -> Iterator[Callable[[BatchProgress], None] | None]:
    """``update(counts)`` for a batch run: sentences done of those read so far, files."""
    with progress_bar(silent) as bar:
        if bar is None:
            yield None
            return

        def update(counts: BatchProgress) -> None:
            files = f"files {counts.files_done}/{counts.files_total} ({counts.files_failed} failed)"
            bar.update(
                completed=counts.sentences_done,
                total=counts.sentences_total or None,
                description=files,
            )

        yield update


def translator_options(
    model: str | None,
    backend: str,
    device: Device,
    compute_type: str | None = None,
    beams: int | None = None,
    batch_tokens: int | None = None,
    threads: int | None = None,
    glossary: Path | None = None,
    parallel_batches: int | None = None,
) -> TranslatorOptions:
    """The shared translator options of a command, as one value."""
    return TranslatorOptions(
        model,
        backend,
        device.value,
        compute_type,
        beams,
        batch_tokens,
        threads,
        glossary=glossary,
        parallel_batches=parallel_batches,
    )


@contextmanager
def working(message: str, silent: bool) -> Iterator[None]:
    """A spinner with ``message`` on stderr while work with no count to show runs."""
    if silent:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def input_argument(metavar: str, help: str) -> Any:
    """A file-or-stdin argument. ``readable=False``: the reader reports an unreadable file
    itself, as the one-line input error naming it (exit 1), not as a usage error."""
    return typer.Argument(metavar=metavar, help=help, readable=False)


@dataclass(frozen=True)
class Outputs:
    """Where a command's pairs (and ``--meta``) go, checked by ``plan_outputs`` before any
    work is done."""

    fmt: str
    path: Path | None  # None: standard output
    meta: Path | None
    inputs: list[Path]  # the real input files, which no output may land on

    def write(
        self,
        pairs: list[Pair],
        run_meta: Callable[[], dict[str, Any]],
        min_confidence: float | None,
        origin: Origin | None = None,
        exclude: CorpusExclusion | None = None,
    ) -> None:
        """Write the pairs and ``--meta`` together; say on stderr what --min-confidence
        dropped (corpus formats only). ``run_meta`` is called only when the metadata is
        written somewhere, as it hashes the model's weights. ``exclude``: an
        ``aligner.clean.exclude.CorpusExclusion`` (noise, ``--clean``), reported on stderr."""

        writer = get_writer(self.fmt)
        meta = run_meta() if self.meta is not None or writer.uses_meta else {}
        report = write_pairs(
            pairs, self.fmt, self.path, meta=meta, min_confidence=min_confidence,
            inputs=self.inputs, meta_path=self.meta, origin=origin, exclude=exclude,
        )  # fmt: skip
        left_out = exclude.message(len(pairs)) if exclude is not None else None
        if left_out is not None:
            typer.echo(f"aligner: {left_out}", err=True)
        if min_confidence is None:
            return
        if writer.corpus:
            message = f"dropped {report.dropped} of {len(pairs)} pairs below --min-confidence"
            typer.echo(f"aligner: {message} {min_confidence}", err=True)
        else:
            warn(f"--min-confidence filters tsv, moses and tmx; {self.fmt} keeps every pair")


def plan_outputs(
    output: Path | None, given: str | None, meta: Path | None, *sources: Path
) -> Outputs:
    """The outputs of a command reading ``sources``, refused before any work if they
    could not be written at the end: a missing or read-only folder, a directory in the
    way, a path that is an input, a ``--meta`` path that is one of the output's files, a
    multi-file format without ``-o``, a format whose optional package is not installed.
    ``-o -`` is standard output."""

    path = None if output is None or str(output) == "-" else output
    fmt = choose_format(given, path)
    get_writer(fmt).check_available()  # parquet without pyarrow: say so before the model loads
    inputs = [source for source in sources if str(source) != "-"]
    paths = list(output_paths(fmt, path)) if path is not None else []
    if path is None and get_writer(fmt).needs_path:
        raise FormatError(f"format {fmt!r} writes several files: give an output path prefix (-o)")
    for file in paths:
        ensure_not_input(file, inputs)
        check_writable(file)
    if meta is not None:
        if str(meta) == "-":
            raise OptionError("--meta needs a file path (standard output carries the pairs)")
        ensure_not_input(meta, inputs)
        ensure_not_input(meta, paths, role="also the output")
        check_writable(meta)
    return Outputs(fmt, path, meta, inputs)
