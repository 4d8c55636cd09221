"""The ``aligner`` command: a thin Typer layer over the library.

Each command lives in its own module and registers on ``app`` (or ``models_app``) when
imported; command modules import only typer and the standard library at module level.
"""

from __future__ import annotations

from aligner.cli import align as _align  # noqa: F401
from aligner.cli import batch as _batch  # noqa: F401
from aligner.cli import convert as _convert  # noqa: F401
from aligner.cli import models as _models  # noqa: F401
from aligner.cli import segment as _segment  # noqa: F401
from aligner.cli import translate as _translate  # noqa: F401
from aligner.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="aligner")
