"""aligner models list|download: what is in the local model store, and fetching into it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli._app import cli_errors, models_app
from aligner.translation.models.store import (
    default_store,
    download_model,
    list_cached_models,
    list_models,
)

StoreOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Model store.  \\[default: $ALIGNER_MODELS or models/]"),
]


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@models_app.command("list")
def list_command(directory: StoreOption = None) -> None:
    """List local models (the store, then the Hugging Face cache) with size and architecture."""

    with cli_errors():
        store = directory or default_store()
        models = list_models(store) + list_cached_models()
    if not models:
        typer.echo(f"no models in {store} (get one with: aligner models download NAME)", err=True)
        return
    width = max(len(m.name) for m in models)
    for m in models:
        typer.echo(
            f"{m.name:<{width}}  {m.kind:<3}  {m.architecture:<14}  {_human(m.size):>9}  {m.path}"
        )


@models_app.command("download")
def download_command(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Model id, e.g. Helsinki-NLP/opus-mt-id-en.")
    ],
    directory: StoreOption = None,
) -> None:
    """Download a model into the store (copy the store folder to offline machines)."""

    with cli_errors():
        path = download_model(name, directory)
    typer.echo(str(path))
