"""aligner translate: an Indonesian article in, sentence-aligned English pairs out."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._segmented import SegmentedOption, read_segmented, sentences
from aligner.cli._shared import (
    BackendName,
    BackendOption,
    Device,
    DeviceOption,
    EncodingOption,
    FormatOption,
    MetaOption,
    MinConfidenceOption,
    OutputOption,
    ParagraphMode,
    ParagraphsOption,
    QuietOption,
    input_argument,
    plan_outputs,
    progress,
    read_input,
)

if TYPE_CHECKING:
    from aligner.translation.translator import Translator
    from aligner.types import Document, Pair


@app.command()
def translate(
    source: Annotated[Path, input_argument("FILE|-", "Indonesian text file, or - for stdin.")],
    output: OutputOption = None,
    output_format: FormatOption = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Hugging Face model id or local folder.  [default: Helsinki-NLP/opus-mt-id-en]"
        ),
    ] = None,
    backend: BackendOption = BackendName.auto,
    device: DeviceOption = Device.auto,
    compute_type: Annotated[
        str | None,
        typer.Option(help="Weight/compute type, e.g. float32, float16, int8 (backend default)."),
    ] = None,
    beams: Annotated[
        int | None,
        typer.Option(min=1, help="Beam size.  [default: the model's generation config]"),
    ] = None,
    batch_tokens: Annotated[
        int | None, typer.Option(min=1, help="Padded source tokens per batch.")
    ] = None,
    threads: Annotated[
        int | None, typer.Option(min=1, help="CPU threads for the model.  [default: all]")
    ] = None,
    min_confidence: MinConfidenceOption = None,
    meta: MetaOption = None,
    encoding: EncodingOption = None,
    paragraphs: ParagraphsOption = ParagraphMode.line,
    segmented: SegmentedOption = False,
    quiet: QuietOption = False,
) -> None:
    """Translate an Indonesian article into sentence-aligned English pairs with confidence.

    --segmented: line i of the input is source sentence i (no re-segmentation)."""
    options = {k: v.value if isinstance(v, Enum) else v for k, v in locals().items()}
    with cli_errors():
        outputs = plan_outputs(output, output_format, meta, source)
        document = (read_segmented(source, encoding) if segmented
                    else read_input(source, encoding, paragraphs.value))  # fmt: skip
        translator = _translator(model, backend, device, compute_type, beams, batch_tokens, threads)
        pairs = _translate(document, translator, quiet, segmented)
        outputs.write(pairs, lambda: _run_meta(translator, outputs.fmt, options), min_confidence)


def _translator(
    model: str | None,
    backend: BackendName,
    device: Device,
    compute_type: str | None,
    beams: int | None,
    batch_tokens: int | None,
    threads: int | None,
) -> Translator:
    from aligner.translation.models.store import DEFAULT_MODEL
    from aligner.translation.translator import Translator

    return Translator(
        model or DEFAULT_MODEL,
        backend=backend.value,
        device=device.value,
        beams=beams,
        batch_tokens=batch_tokens,
        compute_type=compute_type,
        threads=threads,
    )


def _translate(
    document: Document, translator: Translator, quiet: bool, segmented: bool
) -> list[Pair]:
    from aligner.pipeline import build_pairs

    found = sentences(document, segmented, "id")
    with progress(len(found), quiet or not stderr_is_terminal()) as advance:
        translations = translator.translate([s.text for s in found], progress=advance)
    return build_pairs(document.path, found, translations)


def _run_meta(translator: Translator, fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    from aligner.text.segmenter import SEGMENTER_VERSION

    kept = ("encoding", "paragraphs", "min_confidence", "segmented")
    return {
        **translator.signature(),
        "segmenter": SEGMENTER_VERSION,
        "format": fmt,
        "options": {k: options[k] for k in kept},
    }
