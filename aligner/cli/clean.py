"""aligner clean: filter an existing parallel corpus (TSV, Moses, JSONL) into kept and rejected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligner.clean.corpus import CORPUS_FORMATS, corpus_paths, infer_corpus_format
from aligner.clean.process import CleanOptions, clean_corpus
from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._options import choice, not_nan
from aligner.errors import FormatError
from aligner.output.io import check_writable, ensure_not_input

if TYPE_CHECKING:
    from aligner.clean.process import CleanOptions, CleanSummary


@app.command()
def clean(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="IN",
            readable=False,
            help="Corpus: FILE.tsv, FILE.jsonl, or with --from moses a prefix (IN.id, IN.en).",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Kept pairs (moses: a path prefix).")
    ],
    rejected: Annotated[
        Path | None,
        typer.Option(help="Write the removed pairs here, each with its reasons."),
    ] = None,
    from_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Input format.  \\[default: from IN's extension]",
            **choice("corpus format", CORPUS_FORMATS),
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format.  \\[default: the input's]",
            **choice("corpus format", CORPUS_FORMATS),
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(callback=not_nan, help="Remove pairs whose score (3rd column) is below this."),
    ] = None,
    drop_misaligned: Annotated[
        bool,
        typer.Option("--drop-misaligned", help="Also remove pairs whose numbers/names disagree."),
    ] = False,
    drop: Annotated[
        str,
        typer.Option(
            metavar="CHECKS",
            help="Also remove pairs that fail these checks, comma-separated: number, url, "
            "term (term needs --glossary).",
        ),
    ] = "",
    glossary: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Glossary TSV for --drop term.")
    ] = None,
    dedup: Annotated[bool, typer.Option(help="Remove exact and near-duplicate pairs.")] = True,
    skip_malformed: Annotated[
        bool,
        typer.Option(
            "--skip-malformed",
            help="Reject malformed lines and go on (default: stop at the first).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Remove noisy pairs from a parallel corpus (TSV, Moses or JSONL).

    Filters: empty, copies, loops, truncations, wrong language, boilerplate and
    spam, duplicates. Kept pairs are written exactly as read."""

    with cli_errors():
        source_fmt = _source_format(source, from_format)
        options = CleanOptions(
            source_format=source_fmt,
            output_format=output_format or source_fmt,
            min_score=min_score, drop_misaligned=drop_misaligned, dedup=dedup,
            skip_malformed=skip_malformed, drop=_check_names(drop), glossary=glossary,
        )  # fmt: skip
        _check_outputs(source, output, rejected, options)
        with _bytes_bar(_size(source, source_fmt), quiet or not stderr_is_terminal()) as bar:
            summary = clean_corpus(source, output, options, rejected=rejected, progress=bar)
    _print_summary(summary)


def _check_names(value: str) -> tuple[str, ...]:
    """``--drop number,term``: known check names, each once."""
    from aligner.checks import get_check

    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    for name in names:
        get_check(name)  # an unknown name: OptionError listing the valid ones
    return names


def _source_format(source: Path, given: str | None) -> str:

    if given is not None:
        return given
    inferred = infer_corpus_format(source)
    if inferred is None:
        message = "cannot tell the corpus format from its extension; pass --from"
        raise FormatError(f"{source}: {message}")
    return inferred


def _check_outputs(
    source: Path, output: Path, rejected: Path | None, options: CleanOptions
) -> None:
    """Refuse, before reading anything, outputs that could not be written at the end."""

    inputs = list(corpus_paths(options.source_format, source))
    outputs = list(corpus_paths(options.output_format, output))
    for path in [*outputs, *([rejected] if rejected is not None else [])]:
        ensure_not_input(path, inputs)
        check_writable(path)


def _size(source: Path, fmt: str) -> int:

    try:
        return sum(path.stat().st_size for path in corpus_paths(fmt, source))
    except OSError:
        return 0  # the reader reports the missing file itself


@contextmanager
def _bytes_bar(total: int, silent: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar over the input's bytes on stderr, or nothing."""
    if silent or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )  # fmt: skip

    columns = (TextColumn("cleaning"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("cleaning", total=total)
        yield lambda n: bar.advance(task, n)


def _print_summary(summary: CleanSummary) -> None:
    """Kept and removed per reason, as a table on stderr."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, box=None, show_edge=False)
    table.add_column("pairs")
    table.add_column("count", justify="right")
    table.add_column("share", justify="right")
    read = max(summary.read, 1)
    rows = [("read", summary.read), ("kept", summary.kept), ("removed", summary.removed)]
    rows += [(f"  {reason}", n) for reason, n in sorted(summary.reasons.items())]
    rows.append(("suspect misaligned", summary.misaligned))
    for name, count in rows:
        table.add_row(name, str(count), f"{count / read:.1%}")
    Console(stderr=True, width=100).print(table)
    if summary.false_positive_rate is not None:
        rate = summary.false_positive_rate
        typer.echo(f"aligner: dedup fell back to a Bloom filter (false positives ~{rate:.2e})",
                   err=True)  # fmt: skip
