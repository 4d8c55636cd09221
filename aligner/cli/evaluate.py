"""aligner evaluate: translation quality against references, and what the confidence is worth."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors
from aligner.common.jsontext import json_text
from aligner.errors import OutputError
from aligner.evaluation import evaluate as run
from aligner.evaluation import load
from aligner.evaluation.readers import HypFormat
from aligner.evaluation.report import render_report
from aligner.evaluation.summary import render_text
from aligner.output.io import atomic_write_group, check_writable, ensure_not_input

if TYPE_CHECKING:
    from aligner.evaluation import Evaluation


def _file(metavar: str, help: str, *names: str) -> Any:
    """An optional file option (``readable=False``: a missing file is the reader's one-line
    error, exit 1, like every other bad input here)."""
    return typer.Option(*names, metavar=metavar, help=help, readable=False)


@app.command()
def evaluate(
    hyp: Annotated[
        Path,
        typer.Argument(
            metavar="HYP",
            readable=False,
            help="Translations: plain text or a Moses side (one per line), "
            "our JSONL or TSV (from translate/align).",
        ),
    ],
    ref: Annotated[
        Path, typer.Argument(metavar="REF", readable=False, help="References, one per line.")
    ],
    src: Annotated[
        Path | None, _file("FILE", "Sources, one per line: also rate the text flags.")
    ] = None,
    docs: Annotated[
        Path | None,
        _file(
            "FILE",
            "The document id of each line, for per-document scores "
            "(default: the JSONL's doc field).",
        ),
    ] = None,
    scores: Annotated[
        Path | None,
        _file("FILE", "Another per-line score (one number a line), measured like the confidence."),
    ] = None,
    baseline: Annotated[
        Path | None, _file("HYP2", "A second system: paired bootstrap of the difference.")
    ] = None,
    hyp_format: Annotated[
        HypFormat, typer.Option("--hyp-format", help="How to read HYP (auto: by extension).")
    ] = HypFormat.auto,
    output: Annotated[
        Path | None, _file("HTML", "Write the HTML report.", "--output", "-o")
    ] = None,
    sentences: Annotated[
        Path | None, _file("JSONL", "Write the sentence chrF of every line as JSON lines.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on stdout, scores at full precision.")
    ] = False,
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for --baseline.")
    ] = 1000,
) -> None:
    """Score translations against references (sacrebleu BLEU, chrF, chrF++, TER)."""

    with cli_errors():
        given = [hyp, ref, src, docs, scores, baseline]
        targets = _check_outputs([p for p in given if p is not None], output, sentences)
        inputs = load(
            hyp, ref, src=src, docs=docs, scores=scores, baseline=baseline, hyp_format=hyp_format
        )
        evaluation = run(inputs, resamples=resamples)
        _write(evaluation, targets, output, sentences)
    _print(evaluation, as_json)


def _check_outputs(inputs: list[Path], *outputs: Path | None) -> list[Path]:
    """Refuse, before any scoring, an output that could not be written or is an input."""

    targets = [path for path in outputs if path is not None]
    if len(targets) == 2 and targets[0].resolve() == targets[1].resolve():
        raise OutputError(f"-o and --sentences are the same file: {targets[0]}")
    for path in targets:
        ensure_not_input(path, inputs)
        check_writable(path)
    return targets


def _write(
    evaluation: Evaluation, targets: list[Path], output: Path | None, sentences: Path | None
) -> None:
    """The report and the sentence scores, renamed into place together."""

    if not targets:
        return
    with atomic_write_group(targets) as handles:
        files = dict(zip(targets, handles, strict=True))
        if output is not None:
            files[output].write(render_report(evaluation))
        if sentences is not None:
            for record in evaluation.sentence_records():
                files[sentences].write(json_text(record) + "\n")


def _print(evaluation: Evaluation, as_json: bool) -> None:

    text = json_text(evaluation.to_json(), indent=2) + "\n" if as_json else render_text(evaluation)
    typer.echo(text, nl=False)
