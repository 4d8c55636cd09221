"""aligner align: pair the sentences of an Indonesian document with its English translation."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors, stderr_is_terminal
from aligner.cli._segmented import (
    MtFileOption,
    SegmentedOption,
    align_lines,
    check_mt_options,
    read_segmented,
    sentences,
)
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
    segmented: SegmentedOption = False,
    mt: MtFileOption = None,
    quiet: QuietOption = False,
) -> None:
    """Align an Indonesian document with its existing English translation, sentence by sentence.

    Every sentence of both sides is in exactly one pair (1-1, 1-2, 2-1, 2-2; 1-0/0-1 unaligned).

    By default MT of the source is a bridge; --no-mt uses lengths and anchors only (no model);
    --segmented --mt FILE uses the given MT (no model).
    """
    with cli_errors():
        check_mt_options(mt, segmented, no_mt, model)
        extra = (mt,) if mt is not None else ()
        outputs = plan_outputs(output, output_format, meta, source, target, *extra)
        if str(source) == "-" and str(target) == "-":
            from aligner.errors import InputError

            raise InputError("only one of SRC_ID and TGT_EN can be stdin (-)")
        read = partial(read_segmented, encoding=encoding) if segmented else partial(
            read_input, encoding=encoding, paragraphs=paragraphs.value)
        src, tgt = read(source), read(target)
        translator = None if no_mt or mt is not None else _translator(model, backend, device)
        pairs = _align(src, tgt, translator, quiet, segmented, mt, encoding)
        options = {"no_mt": no_mt, "encoding": encoding, "paragraphs": paragraphs.value,
                   "min_confidence": min_confidence, "segmented": segmented,
                   "mt_file": None if mt is None else str(mt)}  # fmt: skip
        outputs.write(pairs, lambda: _run_meta(translator, outputs.fmt, options), min_confidence)


def _translator(model: str | None, backend: BackendName, device: Device) -> Translator:
    """The MT bridge; a model that cannot be loaded says that --no-mt needs none."""
    from aligner.errors import ModelError
    from aligner.translation.models.store import DEFAULT_MODEL
    from aligner.translation.translator import Translator

    try:
        return Translator(model or DEFAULT_MODEL, backend=backend.value, device=device.value)
    except ModelError as exc:
        raise type(exc)(f"{exc} (--no-mt aligns without a model)") from exc


def _align(
    src: Document, tgt: Document, translator: Translator | None, quiet: bool,
    segmented: bool, mt: Path | None, encoding: str | None,
) -> list[Pair]:  # fmt: skip
    from aligner.pipeline import align_documents

    silent = quiet or not stderr_is_terminal()
    if translator is None:
        with working("aligning", silent):
            if segmented:
                return align_lines(src, tgt, mt, None, encoding)
            return align_documents(src, tgt)
    total = len(sentences(src, segmented, "id"))
    with progress(total, silent, then="aligning") as advance:
        if segmented:
            return align_lines(src, tgt, None, translator, encoding, advance)
        return align_documents(src, tgt, translator=translator, progress=advance)


def _run_meta(
    translator: Translator | None, fmt: str, options: dict[str, Any]
) -> dict[str, Any]:
    from aligner import __version__
    from aligner.alignment.search import ALIGNER_VERSION
    from aligner.text.segmenter import SEGMENTER_VERSION

    mt: dict[str, Any] = {"mt": options["mt_file"]}
    if translator is not None:
        mt = translator.signature()
    return {
        **mt,
        "aligner": __version__,
        "alignment": ALIGNER_VERSION,
        "segmenter": SEGMENTER_VERSION,
        "format": fmt,
        "options": options,
    }
