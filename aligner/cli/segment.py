"""aligner segment: split a document into sentences, one per line or as JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligner.cli._app import app, cli_errors
from aligner.cli._options import EncodingOption, ParagraphMode, ParagraphsOption
from aligner.cli._shared import input_argument, read_input
from aligner.output.io import os_error
from aligner.text.segmenter import segment_document

if TYPE_CHECKING:
    from aligner.types import Sentence


class Lang(str, Enum):
    id = "id"
    en = "en"


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command()
def segment(
    source: Annotated[Path, input_argument("FILE|-", "Text file to segment, or - for stdin.")],
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the text.")] = Lang.id,
    output_format: Annotated[
        SegmentFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one sentence per line, a blank line between paragraphs; "
            "jsonl: one JSON object per sentence with offsets into its paragraph.",
        ),
    ] = SegmentFormat.text,
    encoding: EncodingOption = None,
    paragraphs: ParagraphsOption = ParagraphMode.line,
) -> None:
    """Split a document into sentences (Indonesian rules by default)."""

    with cli_errors():
        document = read_input(source, encoding, paragraphs.value)  # the reader its extension names
        sentences = segment_document(document, lang.value)
        render = _text_lines if output_format is SegmentFormat.text else _jsonl_lines
        _write_utf8("".join(render(sentences)))


def _write_utf8(text: str) -> None:
    # UTF-8 whatever the locale says, so a pipe never fails on "“" or "é".

    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            buffer.write(text.encode("utf-8"))
            buffer.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): aligner.cli.main ends quietly
    except OSError as exc:  # standard output on a full disk
        raise os_error(exc, "standard output") from exc


def _text_lines(sentences: list[Sentence]) -> Iterator[str]:
    previous = None
    for sentence in sentences:
        if previous is not None and sentence.paragraph != previous:
            yield "\n"
        previous = sentence.paragraph
        yield sentence.text + "\n"


def _jsonl_lines(sentences: list[Sentence]) -> Iterator[str]:
    for sentence in sentences:
        record = {
            "paragraph": sentence.paragraph,
            "index": sentence.index,
            "start": sentence.start,
            "end": sentence.end,
            "text": sentence.text,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
