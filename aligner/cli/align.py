"""aligner align: pair the sentences of an Indonesian document with its English translation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli import _options as opt
from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._shared import (
    input_argument,
    plan_outputs,
    progress,
    read_input,
    translator_options,
    working,
)

if TYPE_CHECKING:
    from aligner.translation.translator import Translator
    from aligner.types import Pair, Sentence


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
        typer.Option(help="MT model used as a bridge.  [default: Helsinki-NLP/opus-mt-id-en]"),
    ] = None,
    backend: opt.BackendOption = opt.BackendName.auto,
    device: opt.DeviceOption = opt.Device.auto,
    compute_type: opt.ComputeTypeOption = None,
    beams: opt.BeamsOption = None,
    batch_tokens: opt.BatchTokensOption = None,
    threads: opt.ThreadsOption = None,
    min_confidence: opt.MinConfidenceOption = None,
    meta: opt.MetaOption = None,
    encoding: opt.EncodingOption = None,
    paragraphs: opt.ParagraphsOption = opt.ParagraphMode.line,
    quiet: opt.QuietOption = False,
) -> None:
    """Align an Indonesian document with its existing English translation, sentence by sentence.

    Every sentence of both sides is in exactly one pair (1-1, 1-2, 2-1, 2-2; 1-0/0-1 unaligned).

    By default MT of the source is a bridge; --no-mt uses lengths and anchors only (no model).
    """
    from aligner.text.segmenter import segment_document
    from aligner.translation.options import build_translator

    with cli_errors():
        outputs = plan_outputs(output, output_format, meta, source, target)
        if str(source) == "-" and str(target) == "-":
            from aligner.errors import InputError

            raise InputError("only one of SRC_ID and TGT_EN can be stdin (-)")
        src = read_input(source, encoding, paragraphs.value)
        tgt = read_input(target, encoding, paragraphs.value)
        translator = None
        if not no_mt:
            options = translator_options(model, backend, device, compute_type, beams,
                                         batch_tokens, threads)
            translator = build_translator(options, hint="--no-mt aligns without a model")
        sentences = segment_document(src, "id"), segment_document(tgt, "en")
        pairs = _align(src.path, *sentences, translator, quiet or not stderr_is_terminal())

        def run_meta() -> dict[str, Any]:
            return _signature(translator, outputs.fmt, encoding, paragraphs, min_confidence)

        outputs.write(pairs, run_meta, min_confidence)


def _align(
    doc: str, src: list[Sentence], tgt: list[Sentence], translator: Translator | None,
    silent: bool,
) -> list[Pair]:
    from aligner.pipeline import align_segmented

    if translator is None:
        with working("aligning", silent):
            return align_segmented(doc, src, tgt)
    with progress(len(src), silent, then="aligning") as advance:
        return align_segmented(doc, src, tgt, translator=translator, progress=advance)


def _signature(
    translator: Translator | None, fmt: str, encoding: str | None, paragraphs: opt.ParagraphMode,
    min_confidence: float | None,
) -> dict[str, Any]:
    from aligner.signature import align_signature

    return align_signature(
        translator.signature() if translator is not None else None, fmt=fmt,
        encoding=encoding, paragraphs=paragraphs.value, min_confidence=min_confidence,
    ).to_json()
