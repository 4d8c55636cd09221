"""The input-format options (``--input-format``, ``--html-all``), shared by the commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aligner.cli._options import choice
from aligner.text.readers import READERS, extraction_note

if TYPE_CHECKING:
    from aligner.types import Document


InputFormatOption = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        **choice("input format", READERS),
        help="Input format. Default: from the extension (.html/.htm, .docx, .odt, .md/.markdown),"
        " else txt.",
    ),
]
HtmlAllOption = Annotated[
    bool,
    typer.Option(
        "--html-all",
        help="html: keep every text block of the page (menus, links, footer), not only the"
        " article that extraction finds.",
    ),
]


def note_extraction(document: Document, quiet: bool) -> None:
    """Say on stderr what html extraction left out of ``document`` (nothing if quiet)."""

    note = extraction_note(document)
    if note is not None and not quiet:
        typer.echo(f"aligner: {note}", err=True)
