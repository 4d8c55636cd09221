"""The options only ``aligner batch`` has (the shared ones are in ``_options``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

InDirArgument = Annotated[
    Path,
    typer.Argument(
        metavar="IN_DIR",
        help="Folder of Indonesian texts, web pages, Word, ODT or Markdown files.",
        show_default=False,
    ),
]
OutDirArgument = Annotated[
    Path,
    typer.Argument(
        metavar="OUT_DIR",
        help="Output folder (created): docs/, corpus.*, manifest.jsonl, report.html.",
        show_default=False,
    ),
]
GlobOption = Annotated[
    str, typer.Option(help="Which files, relative to IN_DIR (e.g. '**/*.html').")
]
CacheOption = Annotated[
    Path | None,
    typer.Option(help="Translation memory file (default: .aligner-cache.sqlite in OUT_DIR)."),
]
UseCacheOption = Annotated[
    bool, typer.Option("--use-cache/--no-cache", help="Use the translation memory.")
]
ResumeOption = Annotated[
    bool, typer.Option(help="Skip files done before with the same content and options.")
]
AlignOption = Annotated[
    bool, typer.Option(help="Align NAME.id.* with NAME.en.* (or --target-dir), not translate.")
]
TargetDirOption = Annotated[
    Path | None,
    typer.Option(help="--align: English files at the same relative paths in this folder."),
]
NoMtOption = Annotated[
    bool, typer.Option("--no-mt", help="--align: length and anchors only, no model.")
]
ChunkOption = Annotated[
    int, typer.Option(min=1, help="Sentences per model call, gathered across files.")
]
