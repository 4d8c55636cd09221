"""The documentation site's option tables come from the CLI and cover all of it.

``docs/hooks/cli_reference.py`` is the MkDocs hook that writes each command's reference;
these tests run it for every command and check that no option, flag or argument is missing,
and that some page of the site asks for every command.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


# docs/hooks is no package: MkDocs loads the hook by path, the tests from that folder
sys.path.insert(0, str(DOCS / "hooks"))
hook: Any = importlib.import_module("cli_reference")
COMMANDS = hook.command_paths()


def _params(path: str) -> list[Any]:
    return [p for p in hook.find_command(path).params if not getattr(p, "hidden", False)]


def test_every_command_is_listed() -> None:
    # the walk reaches the subcommands of `aligner models`, not only the top level
    assert {"translate", "batch", "models convert", "models list"} <= set(COMMANDS)
    assert "models" not in COMMANDS


@pytest.mark.parametrize("path", COMMANDS)
def test_reference_names_every_option(path: str) -> None:
    text = hook.reference(path)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    for param in _params(path):
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            assert any(row.startswith(f"| `{name}`") for row in rows), (path, name)
            continue
        row = next((r for r in rows if f"`{param.opts[0]}`" in r.split(" | ")[0]), None)
        assert row is not None, (path, param.opts)
        for flag in [*param.opts, *param.secondary_opts]:
            assert f"`{flag}`" in row, (path, flag)
        if param.help:  # the description is the help text, not something else
            description = row.split(" | ")[-1]
            assert description.startswith(hook._cell(param.help.split()[0])), (path, row)


def test_reference_shows_defaults_choices_and_ranges() -> None:
    text = hook.reference("translate")
    backend = next(line for line in text.splitlines() if line.startswith("| `--backend`"))
    assert "`ctranslate2`" in backend and "| `auto` |" in backend
    beams = next(line for line in text.splitlines() if line.startswith("| `--beams`"))
    assert "integer ≥ 1" in beams and "the model's generation config" in beams
    batch = hook.reference("batch")
    resume = next(line for line in batch.splitlines() if "`--no-resume`" in line)
    assert resume.startswith("| `--resume` / `--no-resume` | flag | `--resume` |")
    assert "aligner batch [OPTIONS] IN_DIR OUT_DIR" in batch


def test_a_help_text_cannot_break_the_table() -> None:
    row = hook._cell("a | b <TAB> `x|y` **/*.txt")
    assert "\\|" in row and "&lt;TAB&gt;" in row and "\\*\\*" in row
    assert row.count("|") == row.count("\\|")


@pytest.mark.parametrize("path", COMMANDS)
def test_some_page_shows_the_reference(path: str) -> None:
    markers = {
        match.group(1)
        for page in DOCS.rglob("*.md")
        for match in hook.MARKER.finditer(page.read_text(encoding="utf-8"))
    }
    assert path in markers, f"no docs page has <!-- cli: {path} -->"


def test_the_hook_replaces_markers_and_refuses_unknown_commands() -> None:
    page = "intro\n\n<!-- cli: segment -->\n\nmore"
    out = hook.on_page_markdown(page)
    assert "<!-- cli:" not in out and "| `--lang`, `-l` |" in out
    with pytest.raises(KeyError, match="no command 'aligner translat'"):
        hook.on_page_markdown("<!-- cli: translat -->")


HELP_WIDTH = 78  # an 80-column terminal, less rich's margin


@pytest.mark.parametrize("path", COMMANDS)
def test_help_paragraphs_fit_an_80_column_terminal(path: str) -> None:
    # Typer joins the lines of a docstring's first paragraph but prints the later ones
    # line by line, so a longer line is cut again mid-sentence by the terminal
    help_text = inspect.cleandoc(hook.find_command(path).help or "")
    for paragraph in help_text.split("\n\n")[1:]:
        for line in paragraph.splitlines():
            assert len(line) <= HELP_WIDTH, (path, line)


@pytest.mark.parametrize("path", COMMANDS)
def test_help_has_no_text_that_rich_would_take_for_markup(path: str) -> None:
    # rich reads an unescaped "[default: x]" or "[ray]" as a style tag and drops it from --help
    command = hook.find_command(path)
    for text in [command.help or "", *(p.help or "" for p in _params(path))]:
        assert not re.search(r"(?<!\\)\[[a-z#/@]", text), (path, text)
