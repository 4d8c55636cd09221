"""aligner align: pair the sentences of an Indonesian document with its English translation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors, stderr_is_terminal
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
    working,
)

if TYPE_CHECKING:
    from aligner.translation.translator import Translator
    from aligner.types import Document, Pair


@app.command()
def align(
    source: Annotated[Path, input_argument("SRC_ID", "Indonesian text file, or - for stdin.")],
    target: Annotated[Path, input_argument("TGT_EN", "Its English translation.")],
    output: OutputOption = None,
    output_format: FormatOption = None,
    no_mt: Annotated[
        bool,
        typer.Option("--no-mt", help="Length and anchors only: fast, needs no model."),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option(help="MT model used as a bridge.  [default: Helsinki-NLP/opus-mt-id-en]"),
    ] = None,
    backend: BackendOption = BackendName.auto,
    device: DeviceOption = Device.auto,
    min_confidence: MinConfidenceOption = None,
    meta: MetaOption = None,
    encoding: EncodingOption = None,
    paragraphs: ParagraphsOption = ParagraphMode.line,
    quiet: QuietOption = False,
) -> None:
    """Align an Indonesian document with its existing English translation, sentence by sentence.

    Every sentence of both sides is in exactly one pair (1-1, 1-2, 2-1, 2-2; 1-0/0-1 unaligned).

    By default MT of the source is a bridge; --no-mt uses lengths and anchors only (no model).
    """
    with cli_errors():
        outputs = plan_outputs(output, output_format, meta, source, target)
        if str(source) == "-" and str(target) == "-":
            from aligner.errors import InputError

            raise InputError("only one of SRC_ID and TGT_EN can be stdin (-)")
        src = read_input(source, encoding, paragraphs.value)
        tgt = read_input(target, encoding, paragraphs.value)
        translator = None if no_mt else _translator(model, backend, device)
        pairs = _align(src, tgt, translator, quiet)
        outputs.write(
            pairs,
            lambda: _run_meta(
                translator, outputs.fmt, no_mt, encoding, paragraphs.value, min_confidence
            ),
            min_confidence,
        )


def _translator(model: str | None, backend: BackendName, device: Device) -> Translator:
    """The MT bridge; a model that cannot be loaded says that --no-mt needs none."""
    from aligner.errors import ModelError
    from aligner.translation.models.store import DEFAULT_MODEL
    from aligner.translation.translator import Translator

    try:
        return Translator(model or DEFAULT_MODEL, backend=backend.value, device=device.value)
    except ModelError as exc:
        raise type(exc)(f"{exc} (--no-mt aligns without a model)") from exc


def _align(src: Document, tgt: Document, translator: Translator | None, quiet: bool) -> list[Pair]:
    from aligner.pipeline import align_documents

    silent = quiet or not stderr_is_terminal()
    if translator is None:
        with working("aligning", silent):
            return align_documents(src, tgt)
    from aligner.text.segmenter import segment_document

    total = len(segment_document(src, "id"))
    with progress(total, silent, then="aligning") as advance:
        return align_documents(src, tgt, translator=translator, progress=advance)


def _run_meta(
    translator: Translator | None,
    fmt: str,
    no_mt: bool,
    encoding: str | None,
    paragraphs: str,
    min_confidence: float | None,
) -> dict[str, Any]:
    from aligner import __version__
    from aligner.alignment.search import ALIGNER_VERSION
    from aligner.text.segmenter import SEGMENTER_VERSION

    mt: dict[str, Any] = {"mt": None} if translator is None else translator.signature()
    return {
        **mt,
        "aligner": __version__,
        "alignment": ALIGNER_VERSION,
        "segmenter": SEGMENTER_VERSION,
        "format": fmt,
        "options": {
            "no_mt": no_mt,
            "encoding": encoding,
            "paragraphs": paragraphs,
            "min_confidence": min_confidence,
        },
    }
