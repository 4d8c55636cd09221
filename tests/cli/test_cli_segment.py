"""``aligner segment``: output formats, stdin, and a one-line error for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from aligner.cli import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> Result:
    return runner.invoke(app, ["segment", *args], input=stdin)


def test_article_text_output_is_the_hand_checked_segmentation() -> None:
    result = run(str(DATA / "article-ukraine.id.txt"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (DATA / "article-ukraine.segments.txt").read_text(encoding="utf-8")


def test_jsonl_output(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Dr. Budi datang. “Kami senang,” katanya.\n–––\n", encoding="utf-8")
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records == [
        {"paragraph": 0, "index": 0, "start": 0, "end": 16, "text": "Dr. Budi datang."},
        {"paragraph": 0, "index": 1, "start": 17, "end": 40, "text": "“Kami senang,” katanya."},
        {"paragraph": 1, "index": 2, "start": 0, "end": 3, "text": "–––"},
    ]
    assert "“Kami" in result.stdout  # ensure_ascii=False: readable UTF-8


def test_stdin_and_english() -> None:
    result = run("-", "--lang", "en", stdin=b"Mr. Smith left. He was late.\n\nBye.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Mr. Smith left.\nHe was late.\n\nBye.\n"


def test_blank_paragraph_mode_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Kafé itu\nramai. Ia senang.\n\nDua.\n".encode("latin-1"))
    result = run(str(path), "--paragraphs", "blank", "--encoding", "latin-1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Kafé itu ramai.\nIa senang.\n\nDua.\n"


def test_empty_file_gives_empty_output(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run(str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("folder", "dir", "is a directory, not a file"),
        ("image.bin", b"\x89PNG\x00\x00\x01\xff", "binary file (contains NUL bytes), not text"),
        (
            "latin.txt",
            b"caf\xe9",
            "not valid UTF-8 at byte 3 (use --encoding to name the encoding)",
        ),
    ],
    ids=["missing", "directory", "binary", "invalid-utf8"],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes | str | None, problem: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"aligner: error: {path}: {problem}\n"


def test_invalid_utf8_on_stdin_names_stdin() -> None:
    result = run("-", stdin=b"ok\n\xff\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "aligner: error: <stdin>: not valid UTF-8 at byte 3 (use --encoding to name the encoding)\n"
    )


def test_unknown_encoding_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Halo.", encoding="utf-8")
    result = run(str(path), "--encoding", "klingon")
    assert result.exit_code == 2
    assert result.stderr == f"aligner: error: {path}: unknown encoding 'klingon'\n"


def test_real_process_pipes_utf8() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aligner", "segment", "-", "--format", "jsonl"],
        input="Ia datang… Lalu pergi.".encode(),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Ia datang…", "Lalu pergi."]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["segment", "--paragraphs", "zz", "x.txt"], "Invalid value for '--paragraphs'"),
        (["translate", "--beams", "0", "x.txt"], "Invalid value for '--beams'"),
        (
            ["translate", "-f", "xyz", "x.txt"],
            "'--format' / '-f': unknown format 'xyz'; choose from tsv",
        ),
        (["segmnt", "x.txt"], "No such command 'segmnt'"),
        (["batch", "in"], "Missing argument"),
    ],
)
def test_usage_errors_of_the_console_command_are_one_line(args: list[str], says: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aligner", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("aligner: error: ") and says in line and "--help" in line


def test_the_console_command_alone_prints_its_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aligner"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "Usage: aligner" in done.stdout and "translate" in done.stdout


LOADED = (
    "import sys, typer\n"
    "from aligner.cli import _invoked, load_commands\n"
    "app = load_commands(_invoked(sys.argv[1:]))\n"
    "print(' '.join(sorted(typer.main.get_command(app).commands)))\n"
    "heavy = ('aligner.batch', 'aligner.evaluation')\n"
    "print(' '.join(sorted(m for m in sys.modules if m.startswith(heavy))))"
)
EVERY = "align batch clean convert evaluate models segment translate"


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["translate", "x.txt"], "models translate"),  # the models group is always there
        (["segment", "--help"], "models segment"),
        (["models", "list"], "models"),
        (["--help"], EVERY),
        (["transl"], EVERY),  # a misspelt command: every name, to suggest the right one
    ],
)
def test_the_console_command_loads_only_the_command_it_runs(args: list[str], commands: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True
    )
    registered, imported = done.stdout.splitlines()
    assert registered == commands
    # translating a file imports no batch, Ray or evaluation code
    assert (imported == "") == (commands != EVERY)


def test_an_unreadable_file_is_a_one_line_input_error(tmp_path: Path) -> None:
    import os

    locked = tmp_path / "locked.txt"
    locked.write_text("Harga naik.\n", encoding="utf-8")
    locked.chmod(0)
    # root reads any file: drop the capabilities that let it, as a user would lack them
    as_user = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    prefix = as_user if os.geteuid() == 0 else []
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "aligner", "segment", str(locked)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"aligner: error: {locked}: cannot read (Permission denied)\n"
