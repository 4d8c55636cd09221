"""The ``aligner`` command: a thin Typer layer over the library.

Each command lives in its own module and registers on ``app`` (or ``models_app``) when
imported. ``aligner.cli.app`` is the whole app (every command loaded on first access);
the console script loads only the module of the command it runs, so ``aligner translate``
does not import batch, Ray, evaluation or cleaning code it never calls (about 0.1 s of
every run).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aligner.cli._app import Terminated, handle_termination
from aligner.errors import os_reason

if TYPE_CHECKING:
    import typer

__all__ = ["app", "load_commands", "main"]

# command -> the modules that register it (under aligner.cli)
COMMANDS: dict[str, tuple[str, ...]] = {
    "align": ("align",),
    "batch": ("batch",),
    "clean": ("clean",),
    "convert": ("convert",),
    "evaluate": ("evaluate",),
    "models": ("models", "models_convert"),
    "segment": ("segment",),
    "translate": ("translate",),
}


def load_commands(names: Iterable[str] | None = None) -> typer.Typer:
    """Register the commands ``names`` (all when None) on the app, and return it."""
    from aligner.cli._app import app

    for name in COMMANDS if names is None else names:
        for module in COMMANDS[name]:
            importlib.import_module(f"aligner.cli.{module}")
    return app


def __getattr__(name: str) -> typer.Typer:
    # ``from aligner.cli import app``: the whole app, every command registered
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _invoked(argv: list[str]) -> list[str] | None:
    """The one command ``argv`` runs, when its first word names one; else None (all):
    ``aligner --help``, ``--version`` or a misspelt command list or suggest the others."""
    return [argv[0]] if argv and argv[0] in COMMANDS else None


def main() -> None:
    """The console script: Typer's app, with usage errors as one line on stderr."""
    import typer

    # the click that Typer runs on: its own copy (typer._click) in new releases, click before
    errors = importlib.import_module(typer.BadParameter.__module__)
    handle_termination()
    # Registered first, so it runs last of the exit handlers (Ray's shutdown included): the
    # interpreter's final garbage collections then skip every object the run made, about
    # 0.06 s of a five-second translation. Only finalizers of objects left in reference
    # cycles go unrun, which Python never promises at exit; the commands close their files.
    atexit.register(gc.freeze)
    app = load_commands(_invoked(sys.argv[1:]))
    try:
        code = app(prog_name="aligner", standalone_mode=False)
    except errors.NoArgsIsHelpError as exc:  # `aligner` or a group alone: its help
        typer.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        code = exc.exit_code
    except errors.ClickException as exc:
        # Typer draws these as a multi-line box; one line reads well in logs and batch
        # scripts, like every other error of this tool. Usage errors know their command.
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx else ""
        typer.echo(f"aligner: error: {_one_line(exc.format_message())}{hint}", err=True)
        code = exc.exit_code
    except typer.Abort:  # Ctrl-C while Typer parses or prompts
        typer.echo("aligner: error: interrupted", err=True)
        code = 130
    except Terminated as exc:  # SIGTERM or SIGHUP outside a command's cli_errors()
        typer.echo(f"aligner: error: {exc}", err=True)
        code = exc.exit_code
    except BrokenPipeError:  # `aligner translate … | head`: the reader has all it wanted
        sys.exit(_pipe_closed())
    sys.exit(_flush_stdout(code if isinstance(code, int) else 0))


def _pipe_closed() -> int:
    """Exit quietly, as a Unix filter does when its reader closes the pipe: 128 + SIGPIPE."""
    import os

    # the interpreter flushes standard output once more on exit: let that go nowhere
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def _flush_stdout(code: int) -> int:
    """Flush standard output now, so that a full disk or a closed pipe under it is one
    line and exit 1, not Python's "Exception ignored" at shutdown."""
    import os

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _pipe_closed()
    except OSError as exc:
        sys.stderr.write(f"aligner: error: standard output: {os_reason(exc)}\n")
        # the interpreter flushes once more on exit: let that go nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return code or 1
    return code


def _one_line(message: str) -> str:
    # Typer validates values with pydantic, whose messages start "Value error, "
    return " ".join(message.split()).replace("Value error, ", "")
