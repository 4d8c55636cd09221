"""aligner models convert: a model (transformers folder or Marian release) into CTranslate2.

See ``aligner.translation.models.convert``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from aligner.cli._app import cli_errors, models_app


class Quantization(str, Enum):
    """Weights stored on disk (mirrors ``aligner.translation.models.convert.QUANTIZATIONS``)."""

    int8 = "int8"
    int8_float16 = "int8_float16"
    float16 = "float16"
    float32 = "float32"


@models_app.command("convert")
def convert_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="Model id (owner/name) or local folder.", show_default=False
        ),
    ],
    quantization: Annotated[
        Quantization, typer.Option("--quantization", "-q", help="Weight type on disk.")
    ] = Quantization.int8,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Model store.  [default: $ALIGNER_MODELS, else the user cache folder]"
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Convert again even if up to date.")] = False,
) -> None:
    """Convert a model for the CTranslate2 backend (done automatically on first use)."""
    with cli_errors():
        from aligner.translation.models.convert import ensure_converted
        from aligner.translation.models.store import default_store, resolve_model

        store = directory or default_store()
        model_dir = resolve_model(name, store=store)
        folder = ensure_converted(model_dir, quantization.value, store, force=force)
        typer.echo(str(folder))
