"""MkDocs hook: option tables generated from the Typer app, so the docs cannot drift.

A page writes ``<!-- cli: translate -->`` (or ``<!-- cli: models convert -->``) where the
command's reference belongs; the hook replaces it with the usage line, an arguments table
and an options table built from the click parameters that ``aligner --help`` itself shows.
``tests/test_docs.py`` runs :func:`reference` for every command and checks that every flag
is in it, and that some page of the site asks for every command.
"""

from __future__ import annotations

import re
from typing import Any

import typer.main

MARKER = re.compile(r"<!--\s*cli:\s*([a-z][a-z -]*?)\s*-->")
# Typer's help record ends with "  [default: x]", "  [required]", "  [x>=1]" (in any mix);
# a help string may also carry its own "\[default: …]", escaped from rich markup.
_EXTRA = re.compile(r"\s*\\?\[([^\[\]]+)\]\s*$")
# click's range text: "x>=1", "0.0<=x<=1.0", "x<=5"
_RANGE = re.compile(r"^(?:([-\d.]+)<=)?x(?:>=([-\d.]+)|<=([-\d.]+))?$")


def app_command() -> Any:
    """The click command behind ``aligner`` (imported here, not at MkDocs start-up)."""
    from aligner.cli import app

    return typer.main.get_command(app)


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every leaf command, as words after ``aligner``: ``translate``, ``models list``..."""
    group = app_command() if group is None else group
    paths: list[str] = []
    for name in sorted(group.commands):
        sub = group.commands[name]
        if getattr(sub, "hidden", False):
            continue
        if hasattr(sub, "commands"):
            paths += command_paths(sub, (*prefix, name))
        else:
            paths.append(" ".join((*prefix, name)))
    return paths


def find_command(path: str) -> Any:
    """The click command of ``path`` (``models convert``); a one-line error if none."""
    command = app_command()
    for word in path.split():
        commands = getattr(command, "commands", {})
        if word not in commands:
            raise KeyError(f"no command 'aligner {path}' (commands: {', '.join(command_paths())})")
        command = commands[word]
    return command


def reference(path: str) -> str:
    """The Markdown reference of ``aligner PATH``: usage, arguments, options."""
    command = find_command(path)
    ctx = command.make_context(f"aligner {path}", [], resilient_parsing=True)
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name != "argument"]
    usage = " ".join([f"aligner {path}", *command.collect_usage_pieces(ctx)])
    parts = [f"```\n{_plain_usage(usage)}\n```"]
    if arguments:
        parts.append(_table(("Argument", "Type", "Description"), _argument_rows(arguments, ctx)))
    if options:
        header = ("Option", "Type", "Default", "Description")
        parts.append(_table(header, [_option_row(p, ctx) for p in options]))
    # md_in_html keeps the tables Markdown inside a div the stylesheet can address
    return '<div class="cli-reference" markdown>\n\n' + "\n\n".join(parts) + "\n\n</div>\n"


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: replace every ``<!-- cli: NAME -->`` marker of a page."""
    return MARKER.sub(lambda match: reference(match.group(1)), markdown)


def _plain_usage(usage: str) -> str:
    # Typer writes required arguments as {NAME}; the table says which are required
    return re.sub(r"\{([^{}]+)\}", r"\1", usage)


def _argument_rows(arguments: list[Any], ctx: Any) -> list[tuple[str, ...]]:
    rows = []
    for param in arguments:
        help_text, extras = _help_and_extras(param, ctx)
        name = param.metavar or param.name.upper()
        note = "" if param.required else " (optional)"
        rows.append((_code(name), _type(param, ctx, extras), _cell(help_text) + note))
    return rows


def _option_row(param: Any, ctx: Any) -> tuple[str, ...]:
    help_text, extras = _help_and_extras(param, ctx)
    names = ", ".join(_code(name) for name in sorted(param.opts, key=_long_first))
    if param.secondary_opts:
        names += " / " + ", ".join(_code(name) for name in param.secondary_opts)
    required = " **(required)**" if param.required else ""
    return (names, _type(param, ctx, extras), _default(param, extras), _cell(help_text) + required)


def _long_first(name: str) -> tuple[bool, str]:
    return (not name.startswith("--"), name)


def _help_and_extras(param: Any, ctx: Any) -> tuple[str, list[str]]:
    """The help text without its bracketed tail, and the tail's items."""
    record = param.get_help_record(ctx)
    text = record[1] if record else (param.help or "")
    extras: list[str] = []
    while match := _EXTRA.search(text):
        extras = [item.strip() for item in match.group(1).split(";")] + extras
        text = text[: match.start()]
    return text.replace("\\[", "[").strip(), extras


def _type(param: Any, ctx: Any, extras: list[str]) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    choices = _choices(param)
    if choices:
        return " ".join(_code(choice) for choice in choices)
    # an option's metavar (FILE, FORMATS) says more than its type; an argument's is its name
    is_option = param.param_type_name != "argument"
    shown = (param.metavar if is_option else None) or _type_name(param, ctx)
    for item in extras:
        bounds = _RANGE.match(item)
        if bounds and any(bounds.groups()):
            low, high = bounds.group(1) or bounds.group(2), bounds.group(3)
            number = shown.removesuffix(" range").replace("int", "integer")
            if low and high:
                return f"{number}, {low} to {high}"
            return f"{number} ≥ {low}" if low else f"{number} ≤ {high}"
    return _cell(shown)


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    choices = (
        getattr(descriptor, "choices", None)
        or getattr(getattr(param, "type", None), "choices", None)
        or ()
    )
    if not choices:  # registry names: cli._options.choice() shows them as <a|b|c>
        metavar = getattr(param, "metavar", None) or ""
        if metavar.startswith("<") and metavar.endswith(">") and "|" in metavar:
            choices = metavar[1:-1].split("|")
    return [str(getattr(choice, "value", choice)) for choice in choices]


def _type_name(param: Any, ctx: Any) -> str:
    """``path``, ``int range``, ``str`` shown as ``text``: the type, as --help names it."""
    display = getattr(param, "display_type_rich", None)  # Typer's own click
    if display is not None:
        name = str(display(ctx=ctx) or "")
    else:
        try:
            name = str(param.make_metavar(ctx))  # click 8.2 and later
        except TypeError:
            name = str(param.make_metavar())  # click 8.1
    return name.strip("<>").lower().replace("str", "text").replace("integer", "int")


def _default(param: Any, extras: list[str]) -> str:
    for item in extras:
        if item.startswith("default:"):
            value = item.removeprefix("default:").strip()
            if param.secondary_opts:  # --resume / --no-resume: the one that is on
                return _code(f"--{value}")
            return _cell(value) if " " in value else _code(value)
    return "off" if getattr(param, "is_flag", False) else "–"


def _code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}"


def _cell(text: str) -> str:
    """Help text in a table cell: Markdown kept, what would end the cell or open a tag escaped."""
    pieces = re.split(r"(`[^`]*`)", text)
    out = []
    for piece in pieces:
        if piece.startswith("`"):
            out.append(piece.replace("|", "\\|"))
        else:
            escaped = piece.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            out.append(escaped.replace("*", "\\*").replace("_", "\\_"))
    return "".join(out)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
