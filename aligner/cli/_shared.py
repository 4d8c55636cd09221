"""Choices, option declarations and helpers shared by the commands (typer and stdlib only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from aligner.types import Document, Pair

DEFAULT_FORMAT = "tsv"  # what corpus tools read; -o FILE.jsonl etc. picks another


class OutputFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"
    moses = "moses"
    tmx = "tmx"
    text = "text"
    html = "html"
    ids = "ids"


class BackendName(str, Enum):
    auto = "auto"
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class ParagraphMode(str, Enum):
    line = "line"
    blank = "blank"


EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", "-e", help="Input encoding (default: UTF-8, or from a BOM)."),
]
ParagraphsOption = Annotated[
    ParagraphMode,
    typer.Option(
        "--paragraphs",
        help="line: every non-empty line is a paragraph; "
        "blank: blank lines separate paragraphs, wrapped lines are joined.",
    ),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(min=0.0, max=1.0, help="Drop pairs below this confidence (tsv, moses, tmx)."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Output file (moses: path prefix). Default: stdout."),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help=f"Output format. Default: from the -o extension, else {DEFAULT_FORMAT}.",
    ),
]
BackendOption = Annotated[BackendName, typer.Option(help="Translation backend.")]
DeviceOption = Annotated[Device, typer.Option(help="Where to run the model.")]
MetaOption = Annotated[
    Path | None, typer.Option(help="Also write the run's signature as JSON here.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def choose_format(given: OutputFormat | None, output: Path | None) -> str:
    """The -f format, else the one -o's extension names, else tsv."""
    from aligner.errors import FormatError
    from aligner.output.formats import infer_format

    if given is not None:
        return given.value
    if output is None:
        return DEFAULT_FORMAT
    inferred = infer_format(output)
    if inferred is None:
        raise FormatError(f"{output}: cannot tell the output format from its extension; pass -f")
    return inferred


def read_input(source: Path, encoding: str | None, paragraphs: str) -> Document:
    from aligner.text.reader import read_document

    return read_document(
        "-" if str(source) == "-" else source, encoding=encoding, paragraphs=paragraphs
    )


@contextmanager
def progress(
    total: int, silent: bool, then: str | None = None
) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar over sentences on stderr, or nothing. ``then``: what the
    command does after the last sentence, shown as a pulsing bar until it ends."""
    if silent or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("translating", total=total)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            bar.advance(task, n)
            if then is not None and done >= total:
                bar.update(task, description=then, total=None)

        yield advance


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
    ) -> None:
        """Write the pairs and ``--meta`` together; say on stderr what --min-confidence
        dropped (corpus formats only). ``run_meta`` is called only when the metadata is
        written somewhere, as it hashes the model's weights."""
        from aligner.cli._app import warn
        from aligner.output.formats import get_writer, write_pairs

        writer = get_writer(self.fmt)
        meta = run_meta() if self.meta is not None or writer.uses_meta else {}
        report = write_pairs(
            pairs, self.fmt, self.path, meta=meta, min_confidence=min_confidence,
            inputs=self.inputs, meta_path=self.meta,
        )  # fmt: skip
        if min_confidence is None:
            return
        if writer.corpus:
            message = f"dropped {report.dropped} of {len(pairs)} pairs below --min-confidence"
            typer.echo(f"aligner: {message} {min_confidence}", err=True)
        else:
            warn(f"--min-confidence filters tsv, moses and tmx; {self.fmt} keeps every pair")


def plan_outputs(
    output: Path | None, given: OutputFormat | None, meta: Path | None, *sources: Path
) -> Outputs:
    """The outputs of a command reading ``sources``, refused before any work if they
    could not be written at the end: a missing or read-only folder, a directory in the
    way, a path that is an input, a ``--meta`` path that is one of the output's files, a
    multi-file format without ``-o``. ``-o -`` is standard output."""
    from aligner.errors import FormatError, OptionError
    from aligner.output.formats import get_writer, output_paths
    from aligner.output.io import check_writable, ensure_not_input

    path = None if output is None or str(output) == "-" else output
    fmt = choose_format(given, path)
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
