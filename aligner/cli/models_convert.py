"""aligner models convert: a model (transformers folder or Marian release) into CTranslate2.

See ``aligner.translation.models.convert``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli._app import cli_errors, models_app
from aligner.cli._options import choice
from aligner.translation.models.convert import QUANTIZATIONS, ensure_converted
from aligner.translation.models.store import default_store, resolve_model


@models_app.command("convert")
def convert_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="Model id (owner/name) or local folder.", show_default=False
        ),
    ],
    quantization: Annotated[
        str,
        typer.Option(
            "--quantization",
            "-q",
            help="Weight type on disk.",
            **choice("quantization", QUANTIZATIONS),
        ),
    ] = "int8",
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Model store.  \\[default: $ALIGNER_MODELS, else the user cache folder]"
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Convert again even if up to date.")] = False,
) -> None:
    """Convert a model for the CTranslate2 backend (done automatically on first use)."""
    with cli_errors():
        store = directory or default_store()
        model_dir = resolve_model(name, store=store)
        folder = ensure_converted(model_dir, quantization, store, force=force)
        typer.echo(str(folder))
