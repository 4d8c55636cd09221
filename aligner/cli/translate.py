"""aligner translate: an Indonesian article in, sentence-aligned English pairs out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors, stderr_is_terminal, warn

if TYPE_CHECKING:
    from aligner.translate import Translator
    from aligner.types import Document, Pair

DEFAULT_FORMAT = "tsv"  # what corpus tools read; -o FILE.jsonl etc. picks another


class OutputFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"
    moses = "moses"
    tmx = "tmx"
    text = "text"
    html = "html"


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


@app.command()
def translate(
    source: Annotated[
        Path, typer.Argument(metavar="FILE|-", help="Indonesian text file, or - for stdin.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file (moses: path prefix). Default: stdout."),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format. Default: from the -o extension, else {DEFAULT_FORMAT}.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Hugging Face model id or local folder.  [default: Helsinki-NLP/opus-mt-id-en]"
        ),
    ] = None,
    backend: Annotated[BackendName, typer.Option(help="Translation backend.")] = BackendName.auto,
    device: Annotated[Device, typer.Option(help="Where to run the model.")] = Device.auto,
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
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Drop pairs below this confidence (tsv, moses, tmx)."),
    ] = None,
    meta: Annotated[
        Path | None, typer.Option(help="Also write the run's signature as JSON here.")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", "-e", help="Input encoding (default: UTF-8, or from a BOM)."),
    ] = None,
    paragraphs: Annotated[
        ParagraphMode,
        typer.Option(help="line: each line a paragraph; blank: blank lines separate them."),
    ] = ParagraphMode.line,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Translate an Indonesian article into sentence-aligned English pairs with confidence."""
    options = {k: v.value if isinstance(v, Enum) else v for k, v in locals().items()}
    with cli_errors():
        fmt = _choose_format(output_format, output)
        document = _read(source, encoding, paragraphs.value)
        translator = _translator(model, backend, device, compute_type, beams, batch_tokens, threads)
        pairs = _translate(document, translator, quiet)
        run_meta = _run_meta(translator, fmt, options)
        _write(pairs, fmt, output, source, run_meta, min_confidence)
        if meta is not None:
            from aligner.formats import write_meta

            write_meta(meta, run_meta)


def _choose_format(given: OutputFormat | None, output: Path | None) -> str:
    from aligner.errors import FormatError
    from aligner.formats import infer_format

    if given is not None:
        return given.value
    if output is None:
        return DEFAULT_FORMAT
    inferred = infer_format(output)
    if inferred is None:
        raise FormatError(f"{output}: cannot tell the output format from its extension; pass -f")
    return inferred


def _read(source: Path, encoding: str | None, paragraphs: str) -> Document:
    from aligner.document import read_document

    return read_document(
        "-" if str(source) == "-" else source, encoding=encoding, paragraphs=paragraphs
    )


def _translator(
    model: str | None,
    backend: BackendName,
    device: Device,
    compute_type: str | None,
    beams: int | None,
    batch_tokens: int | None,
    threads: int | None,
) -> Translator:
    from aligner.modelstore import DEFAULT_MODEL
    from aligner.translate import Translator

    return Translator(
        model or DEFAULT_MODEL,
        backend=backend.value,
        device=device.value,
        beams=beams,
        batch_tokens=batch_tokens,
        compute_type=compute_type,
        threads=threads,
    )


def _translate(document: Document, translator: Translator, quiet: bool) -> list[Pair]:
    from aligner.pipeline import build_pairs
    from aligner.segment import segment_document

    sentences = segment_document(document, "id")
    with _progress(len(sentences), quiet or not stderr_is_terminal()) as advance:
        translations = translator.translate([s.text for s in sentences], progress=advance)
    return build_pairs(document.path, sentences, translations)


@contextmanager
def _progress(total: int, silent: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar over sentences on stderr, or nothing."""
    if silent or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("translating", total=total)
        yield lambda n: bar.advance(task, n)


def _run_meta(translator: Translator, fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    from aligner.segment import SEGMENTER_VERSION

    kept = ("encoding", "paragraphs", "min_confidence")
    return {
        **translator.signature(),
        "segmenter": SEGMENTER_VERSION,
        "format": fmt,
        "options": {k: options[k] for k in kept},
    }


def _write(
    pairs: list[Pair],
    fmt: str,
    output: Path | None,
    source: Path,
    meta: dict[str, Any],
    min_confidence: float | None,
) -> None:
    from aligner.formats import get_writer, write_pairs

    inputs = [] if str(source) == "-" else [source]
    report = write_pairs(
        pairs, fmt, output, meta=meta, min_confidence=min_confidence, inputs=inputs
    )
    if min_confidence is None:
        return
    if get_writer(fmt).corpus:
        message = f"dropped {report.dropped} of {len(pairs)} pairs below --min-confidence"
        typer.echo(f"aligner: {message} {min_confidence}", err=True)
    else:
        warn(f"--min-confidence filters tsv, moses and tmx; {fmt} keeps every pair")
