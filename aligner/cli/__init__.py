"""The ``aligner`` command: a thin Typer layer over the library.

Each command lives in its own module and registers on ``app`` (or ``models_app``) when
imported; command modules import only typer and the standard library at module level.
"""

from __future__ import annotations

import importlib
import sys

from aligner.cli import align as _align  # noqa: F401
from aligner.cli import batch as _batch  # noqa: F401
from aligner.cli import clean as _clean  # noqa: F401
from aligner.cli import convert as _convert  # noqa: F401
from aligner.cli import evaluate as _evaluate  # noqa: F401
from aligner.cli import models as _models  # noqa: F401
from aligner.cli import models_convert as _models_convert  # noqa: F401
from aligner.cli import segment as _segment  # noqa: F401
from aligner.cli import translate as _translate  # noqa: F401
from aligner.cli._app import Terminated, app, handle_termination
from aligner.errors import os_reason

__all__ = ["app", "main"]


def main() -> None:
    """The console script: Typer's app, with usage errors as one line on stderr."""
    import typer

    # the click that Typer runs on: its own copy (typer._click) in new releases, click before
    errors = importlib.import_module(typer.BadParameter.__module__)
    handle_termination()
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
