"""aligner convert: pairs from one format into another (post-edited XLIFF or TMX included),
or back into the Word document they came from (``--source``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from aligner.cli import _options as opt
from aligner.cli._app import app, cli_errors
from aligner.cli._shared import input_argument, plan_outputs
from aligner.output.readers import READERS


def _reader_name(value: str | None) -> str | None:
    if value is not None and value not in READERS:
        raise typer.BadParameter(f"unknown pair format {value!r}; choose from {', '.join(READERS)}")
    return value


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        callback=_reader_name,
        metavar="FORMAT",
        help=f"Input format: {', '.join(READERS)}. Default: from the extension "
        "(moses, a path prefix, always needs --from).",
    ),
]
SourceOption = Annotated[
    Path | None,
    typer.Option(
        "--source",
        help="The document the pairs were translated from: -f docx rebuilds it (styles, "
        "tables, headers, footers) with the pairs' targets.",
    ),
]


@app.command()
def convert(
    pairs_file: Annotated[
        Path, input_argument("FILE", "Pairs: jsonl, tsv, moses prefix, tmx, xliff, parquet.")
    ],
    output: opt.OutputOption = None,
    output_format: opt.FormatOption = None,
    input_format: FromOption = None,
    source: SourceOption = None,
    meta: opt.MetaOption = None,
) -> None:
    """Convert pairs between formats; a post-edited XLIFF or TMX brings its edits along.

    Edited targets replace the drafts, with the flag post-edited where they
    differ from the machine output; XLIFF states translated, final and
    signed-off mark a pair that needed review as confirmed."""
    from aligner.output.readers import open_pairs

    with cli_errors():
        sources = (pairs_file,) if source is None else (pairs_file, source)
        outputs = plan_outputs(output, output_format, meta, *sources)
        reader = open_pairs(pairs_file, input_format)
        pairs = list(reader.pairs())
        origin = None
        if source is not None:
            origin = _check_source(pairs, source, str(pairs_file))

        def run_meta() -> dict[str, Any]:
            return reader.meta

        outputs.write(pairs, run_meta, None, origin=origin)


def _check_source(pairs: list[Any], source: Path, name: str) -> Any:
    """The source document's origin, once every pair is found in it."""
    from aligner.output.rebuild import check_source
    from aligner.text.readers import read_input_file

    document = read_input_file(source)
    check_source(pairs, document, name)
    return document.origin
