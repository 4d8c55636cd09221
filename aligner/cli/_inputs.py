"""The input-format options (``--input-format``, ``--html-all``), shared by the commands."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


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
