"""aligner translate: an Indonesian article in, sentence-aligned English pairs out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from aligner.cli import _options as opt
from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._inputs import HtmlAllOption, InputFormatOption, note_extraction
from aligner.cli._noise import CleanOption, KeepNoiseOption, corpus_exclusion
from aligner.cli._segmented import SegmentedOption, read_segmented, sentences
from aligner.cli._shared import (
    input_argument,
    plan_outputs,
    progress,
    read_input,
    translator_options,
)
from aligner.pipeline import translate_sentences
from aligner.signature import translate_signature
from aligner.translation.stack import build_stack

if TYPE_CHECKING:
    from aligner.types import Document


@app.command()
def translate(
    source: Annotated[
        Path,
        input_argument("FILE|-", "Indonesian text, web page, Word, ODT or Markdown file; - stdin."),
    ],
    output: opt.OutputOption = None,
    output_format: opt.FormatOption = None,
    model: opt.ModelOption = None,
    backend: opt.BackendOption = "auto",
    device: opt.DeviceOption = opt.Device.auto,
    compute_type: opt.ComputeTypeOption = None,
    beams: opt.BeamsOption = None,
    batch_tokens: opt.BatchTokensOption = None,
    threads: opt.ThreadsOption = None,
    glossary: opt.GlossaryOption = None,
    parallel_batches: opt.ParallelBatchesOption = None,
    min_confidence: opt.MinConfidenceOption = None,
    keep_noise: KeepNoiseOption = False,
    clean: CleanOption = False,
    meta: opt.MetaOption = None,
    encoding: opt.EncodingOption = None,
    paragraphs: opt.ParagraphsOption = opt.ParagraphMode.line,
    input_format: InputFormatOption = None,
    html_all: HtmlAllOption = False,
    segmented: SegmentedOption = False,
    quiet: opt.QuietOption = False,
) -> None:
    """Translate an Indonesian article into sentence-aligned English pairs with confidence.

    --segmented: line i of the input is source sentence i (no re-segmentation)."""

    with cli_errors():
        outputs = plan_outputs(output, output_format, meta, source)
        fmt = input_format
        document = (
            read_segmented(source, encoding)
            if segmented
            else read_input(source, encoding, paragraphs.value, fmt, html_all)
        )
        note_extraction(document, quiet)
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
        stack = build_stack(options)
        found = sentences(document, segmented, "id")
        with progress(len(found), quiet or not stderr_is_terminal()) as advance:
            pairs = translate_sentences(document.path, found, stack.translator, progress=advance)

        def run_meta() -> dict[str, Any]:
            reading = {
                "input_format": fmt,
                "html_all": html_all,
                "keep_noise": keep_noise,
                "clean": clean,
                "segmented": segmented,
            }
            return _signature(
                stack.signature,
                outputs.fmt,
                encoding,
                paragraphs,
                min_confidence,
                document,
                reading,
            )

        exclude = corpus_exclusion(keep_noise, clean)
        outputs.write(pairs, run_meta, min_confidence, origin=document.origin, exclude=exclude)


def _signature(
    stack: Mapping[str, Any],
    fmt: str,
    encoding: str | None,
    paragraphs: opt.ParagraphMode,
    min_confidence: float | None,
    document: Document,
    reading: dict[str, Any],
) -> dict[str, Any]:

    signature = translate_signature(
        dict(stack),
        fmt=fmt,
        encoding=encoding,
        paragraphs=paragraphs.value,
        min_confidence=min_confidence,
        **reading,
    ).to_json()
    if document.origin is not None:  # what extraction left out of the page
        signature["input"] = document.origin.extraction()
    return signature
