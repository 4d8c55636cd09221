"""The Typer app every command module registers on, and the shared CLI plumbing.

Only typer and the standard library are imported here: heavy modules (torch,
transformers, ctranslate2) are imported inside command bodies, so ``--help`` is fast.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from aligner import __version__
from aligner.errors import AlignerError

app = typer.Typer(
    name="aligner",
    help="Indonesian→English translation and sentence alignment with confidence scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

models_app = typer.Typer(
    help="Manage local models: list, download, convert, remove.", no_args_is_help=True
)
app.add_typer(models_app, name="models")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Indonesian→English translation and sentence alignment with confidence scores."""


def error(message: str) -> None:
    """Print a one-line error on stderr."""
    typer.echo(f"aligner: error: {message}", err=True)


def warn(message: str) -> None:
    typer.echo(f"aligner: warning: {message}", err=True)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread like Ctrl-C's KeyboardInterrupt (and,
    like it, no ``Exception``), so the same clean-up runs: temp files removed, batch
    writers finish what they hold. Not a KeyboardInterrupt, which click would turn into
    its own Abort with an empty line."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum  # the shell's convention: 143 for SIGTERM

    def __str__(self) -> str:
        return "terminated" if self.signum == signal.SIGTERM else "hangup"


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def handle_termination() -> None:
    """Make SIGTERM (timeout, systemd, docker stop) and SIGHUP stop the run like Ctrl-C."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn an AlignerError into a one-line message and its exit code; nothing else."""
    try:
        yield
    except AlignerError as exc:
        error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except Terminated as exc:
        error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        error("interrupted")
        raise typer.Exit(130) from None


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
