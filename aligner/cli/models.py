"""aligner models list|download|remove: the user's model store (see
``aligner.translation.models.store``), and the table of models we know."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli._app import cli_errors, models_app
from aligner.translation.models.store import (
    download_model,
    list_cached_models,
    list_models,
)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--dir", help="Model store.  \\[default: $ALIGNER_MODELS, else the user cache folder]"
    ),
]


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _known_table() -> list[str]:
    from aligner.translation.models.known import KNOWN

    rows = [("name", "arch", "int8", "BLEU", "chrF", "sent/s", "licence", "scores")]
    for m in KNOWN.values():
        chrf = f"{m.chrf:.1f}" if m.chrf is not None else "-"
        speed = f"{m.sents_per_s:.1f}" if m.sents_per_s is not None else "-"
        rows.append(
            (m.name, m.arch, f"{m.int8_mb} MB", f"{m.bleu:.1f}", chrf, speed, m.licence, m.source)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1]
            for row in rows]  # fmt: skip


@models_app.command("list")
def list_command(
    directory: StoreOption = None,
    known: Annotated[
        bool, typer.Option("--known", help="Models we know: quality, size, speed, licence.")
    ] = False,
) -> None:
    """List local models (the store, then the Hugging Face cache): name, kind, architecture,
    size, licence and where each is."""
    from aligner.translation.models.store import search_stores

    if known:
        for line in _known_table():
            typer.echo(line.rstrip())
        return
    with cli_errors():
        stores = search_stores(directory)
        models = [m for store in stores for m in list_models(store)] + list_cached_models()
    if not models:
        typer.echo(
            f"no models in {stores[0]} (get one with: aligner models download NAME)", err=True
        )
        return
    width = max(len(m.name) for m in models)
    for m in models:
        typer.echo(
            f"{m.name:<{width}}  {m.kind:<6}  {m.architecture:<11}  {_human(m.size):>9}  "
            f"{m.licence:<12}  {m.path}"
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


@models_app.command("remove")
def remove_command(
    name: Annotated[str, typer.Argument(help="Model id or folder name in the store.")],
    directory: StoreOption = None,
) -> None:
    """Remove a model and its CTranslate2 conversions from the store."""
    from aligner.translation.models.store import remove_model

    with cli_errors():
        removed = remove_model(name, directory)
    for path in removed:
        typer.echo(f"removed {path}")
