"""The input-format options (``--input-format``, ``--html-all``), shared by the commands."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from aligner.types import Document


class InputFormat(str, Enum):
    """The names of ``aligner.text.readers.READERS`` (a test keeps the two equal)."""

    txt = "txt"
    html = "html"
    docx = "docx"
    odt = "odt"
    md = "md"


InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
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
    from aligner.text.readers import extraction_note

    note = extraction_note(document)
    if note is not None and not quiet:
        typer.echo(f"aligner: {note}", err=True)
