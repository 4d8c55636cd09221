"""aligner align: pair the sentences of an Indonesian document with its English translation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli import _options as opt
from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._segmented import (
    MtFileOption,
    SegmentedOption,
    check_mt_options,
    read_mt,
    read_segmented,
    sentences,
)
from aligner.cli._shared import (
    input_argument,
    plan_outputs,
    progress,
    read_input,
    translator_options,
    working,
)
from aligner.errors import InputError
from aligner.pipeline import align_segmented
from aligner.signature import align_signature
from aligner.translation.stack import build_translator

if TYPE_CHECKING:
    from aligner.translation.translator import Translator
    from aligner.types import Pair, Sentence

    Sentences = tuple[str, list[Sentence]]  # a document's name and its sentences


@app.command()
def align(
    source: Annotated[Path, input_argument("SRC_ID", "Indonesian text file, or - for stdin.")],
    target: Annotated[Path, input_argument("TGT_EN", "Its English translation.")],
    output: opt.OutputOption = None,
    output_format: opt.FormatOption = None,
    no_mt: Annotated[
        bool,
        typer.Option("--no-mt", help="Length and anchors only: fast, needs no model."),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option(help="MT model used as a bridge.  \\[default: Helsinki-NLP/opus-mt-id-en]"),
    ] = None,
    backend: opt.BackendOption = "auto",
    device: opt.DeviceOption = opt.Device.auto,
    compute_type: opt.ComputeTypeOption = None,
    beams: opt.BeamsOption = None,
    batch_tokens: opt.BatchTokensOption = None,
    threads: opt.ThreadsOption = None,
    glossary: opt.GlossaryOption = None,
    parallel_batches: opt.ParallelBatchesOption = None,
    min_confidence: opt.MinConfidenceOption = None,
    meta: opt.MetaOption = None,
    encoding: opt.EncodingOption = None,
    paragraphs: opt.ParagraphsOption = opt.ParagraphMode.line,
    segmented: SegmentedOption = False,
    mt: MtFileOption = None,
    quiet: opt.QuietOption = False,
) -> None:
    """Align an Indonesian document with its existing English translation.

    Every sentence of both sides is in exactly one pair (1-1, 1-2, 2-1, 2-2;
    1-0/0-1 unaligned).

    By default MT of the source is a bridge; --no-mt uses lengths and anchors
    only (no model); --segmented --mt FILE uses the given MT (no model).
    """

    with cli_errors():
        check_mt_options(mt, segmented, no_mt, model, glossary)
        extra = (mt,) if mt is not None else ()
        outputs = plan_outputs(output, output_format, meta, source, target, *extra)
        src, tgt = _read_both(source, target, encoding, paragraphs.value, segmented)
        bridge = read_mt(mt, src, encoding) if mt is not None else None
        translator = None
        if not no_mt and bridge is None:
            options = translator_options(
                model,
                backend,
                device,
                compute_type,
                beams,
                batch_tokens,
                threads,
                glossary=glossary,
                parallel_batches=parallel_batches,
            )
            translator = build_translator(options, hint="--no-mt aligns without a model")
        silent = quiet or not stderr_is_terminal()
        pairs = _align(src, tgt, translator, bridge, silent, not segmented)

        def run_meta() -> dict[str, Any]:
            more = {"segmented": segmented, "mt_file": None if mt is None else str(mt)}
            return _signature(translator, outputs.fmt, encoding, paragraphs, min_confidence, more)

        outputs.write(pairs, run_meta, min_confidence)


def _read_both(
    source: Path, target: Path, encoding: str | None, paragraphs: str, segmented: bool
) -> tuple[Sentences, Sentences]:
    """Both sides as (document name, sentences): segmented, or one sentence a line."""

    if str(source) == "-" and str(target) == "-":
        raise InputError("only one of SRC_ID and TGT_EN can be stdin (-)")
    sides = []
    for path, lang in ((source, "id"), (target, "en")):
        doc = (
            read_segmented(path, encoding) if segmented else read_input(path, encoding, paragraphs)
        )
        sides.append((doc.path, sentences(doc, segmented, lang)))
    return sides[0], sides[1]


def _align(
    src: Sentences,
    tgt: Sentences,
    translator: Translator | None,
    mt: list[str] | None,
    silent: bool,
    paragraphs: bool,
) -> list[Pair]:

    (doc, source), (_, target) = src, tgt
    if translator is None:
        with working("aligning", silent):
            return align_segmented(doc, source, target, mt=mt, paragraphs=paragraphs)
    with progress(len(source), silent, then="aligning") as advance:
        return align_segmented(
            doc, source, target, translator=translator, paragraphs=paragraphs, progress=advance,
            checks=translator.checks,
        )  # fmt: skip


def _signature(
    translator: Translator | None,
    fmt: str,
    encoding: str | None,
    paragraphs: opt.ParagraphMode,
    min_confidence: float | None,
    more: dict[str, Any],
) -> dict[str, Any]:

    return align_signature(
        translator.signature() if translator is not None else None,
        fmt=fmt,
        encoding=encoding,
        paragraphs=paragraphs.value,
        min_confidence=min_confidence,
        **more,
    ).to_json()
