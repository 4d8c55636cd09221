"""``aligner align`` through CliRunner: outputs, formats, the MT bridge, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

DATA = Path(__file__).parents[1] / "data"
ID_LINES = (DATA / "align_news.id").read_text(encoding="utf-8").splitlines()
EN_LINES = (DATA / "align_news.en").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The first ten lines each side, English line 3 left out (its source becomes 1-0).

    Indonesian line 6 is two sentences, its English one: a 2-1 bead.
    """
    source, target = tmp_path / "doc.id.txt", tmp_path / "doc.en.txt"
    source.write_text("\n".join(ID_LINES[:10]) + "\n", encoding="utf-8")
    target.write_text("\n".join(EN_LINES[:3] + EN_LINES[4:10]) + "\n", encoding="utf-8")
    return source, target


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_no_mt_writes_tsv_to_stdout(pair: tuple[Path, Path]) -> None:
    code, out, _ = _run("align", str(pair[0]), str(pair[1]), "--no-mt")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == 10  # eleven source sentences, nine targets: one 2-1, one 1-0
    assert rows[0][:2] == [ID_LINES[0], EN_LINES[0]]
    assert rows[3][:2] == [ID_LINES[3], ""]


def test_jsonl_output_file_covers_every_sentence(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    code, stdout, _ = _run("align", str(pair[0]), str(pair[1]), "--no-mt", "-o", str(out))
    assert code == 0 and stdout == ""
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [i for r in records for i in r["source_ids"]] == list(range(11))
    assert [j for r in records for j in r["target_ids"]] == list(range(9))
    assert records[3]["bead"] == "1-0" and records[3]["flags"] == ["unaligned"]
    assert records[3]["target_ids"] == []
    assert [r["bead"] for r in records].count("1-1") == 8
    assert records[6]["bead"] == "2-1" and records[6]["source_ids"] == [6, 7]
    assert all(0.0 <= r["confidence"] <= 1.0 for r in records)
    assert records[0]["doc"] == str(pair[0])


def test_mt_bridge_with_the_tiny_model(
    pair: tuple[Path, Path], tiny_model: Path, tmp_path: Path
) -> None:
    meta = tmp_path / "meta.json"
    code, out, err = _run(
        "align",
        str(pair[0]),
        str(pair[1]),
        "--model",
        str(tiny_model),
        "-f",
        "jsonl",
        "--meta",
        str(meta),
        "--quiet",
    )
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["bead"] for r in records].count("1-0") == 1
    signature = json.loads(meta.read_text(encoding="utf-8"))
    assert signature["translator"]["model"] == str(tiny_model)
    assert signature["mode"] == "align"
    assert signature["alignment"].startswith("align-")
    assert signature["options"]["no_mt"] is False


def test_missing_file_is_one_line_error(pair: tuple[Path, Path], tmp_path: Path) -> None:
    code, out, err = _run("align", str(tmp_path / "absent.id.txt"), str(pair[1]), "--no-mt")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "absent.id.txt" in err


def test_missing_model_points_to_no_mt(pair: tuple[Path, Path], tmp_path: Path) -> None:
    code, _, err = _run("align", str(pair[0]), str(pair[1]), "--model", str(tmp_path / "nomodel"))
    assert code != 0
    assert err.count("\n") == 1 and "--no-mt" in err


def test_both_sides_from_stdin_is_refused(pair: tuple[Path, Path]) -> None:
    code, _, err = _run("align", "-", "-", "--no-mt")
    assert code != 0 and "stdin" in err


def test_unknown_output_extension_asks_for_format(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "pairs.weird"
    code, _, err = _run("align", str(pair[0]), str(pair[1]), "--no-mt", "-o", str(out))
    assert code != 0 and "-f" in err
    assert not out.exists()


def test_output_never_overwrites_an_input(pair: tuple[Path, Path]) -> None:
    before = pair[1].read_bytes()
    code, _, _ = _run(
        "align", str(pair[0]), str(pair[1]), "--no-mt", "-f", "tsv", "-o", str(pair[1])
    )
    assert code != 0
    assert pair[1].read_bytes() == before


def test_blank_line_paragraphs(tmp_path: Path) -> None:
    source, target = tmp_path / "a.id", tmp_path / "a.en"
    source.write_text(f"{ID_LINES[0]}\n{ID_LINES[1]}\n\n{ID_LINES[2]}\n", encoding="utf-8")
    target.write_text(f"{EN_LINES[0]}\n{EN_LINES[1]}\n\n{EN_LINES[2]}\n", encoding="utf-8")
    code, out, _ = _run(
        "align", str(source), str(target), "--no-mt", "--paragraphs", "blank", "-f", "jsonl"
    )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["source_ids"], r["target_ids"], r["paragraph"]) for r in records] == [
        ([0], [0], 0),
        ([1], [1], 0),
        ([2], [2], 1),
    ]


def test_meta_on_an_input_is_refused_before_any_output(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    before = pair[1].read_bytes()
    out = tmp_path / "pairs.tsv"
    code, _, err = _run(
        "align", str(pair[0]), str(pair[1]), "--no-mt", "-o", str(out), "--meta", str(pair[1])
    )
    assert code == 1 and "refusing to write" in err
    assert pair[1].read_bytes() == before and not out.exists()


def test_min_confidence_on_jsonl_warns_that_every_pair_is_kept(pair: tuple[Path, Path]) -> None:
    code, out, err = _run(
        "align", str(pair[0]), str(pair[1]), "--no-mt", "-f", "jsonl", "--min-confidence", "0.9"
    )
    assert code == 0 and len(out.splitlines()) == 10
    assert "keeps every pair" in err


def _run_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """The console command with stderr on a pseudo-terminal (progress shows only there)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aligner", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stdout = proc.communicate(timeout=120)[0]
    return proc.returncode, stdout.decode("utf-8"), shown.decode("utf-8", "replace")


@pytest.mark.slow
def test_no_mt_shows_that_it_is_aligning(pair: tuple[Path, Path]) -> None:
    code, out, shown = _run_on_a_terminal("align", str(pair[0]), str(pair[1]), "--no-mt")
    assert code == 0 and len(out.splitlines()) >= 9
    assert "aligning" in shown


@pytest.mark.slow
def test_mt_bridge_shows_translation_then_alignment(
    pair: tuple[Path, Path], tiny_model: Path
) -> None:
    code, out, shown = _run_on_a_terminal(
        "align", str(pair[0]), str(pair[1]), "--model", str(tiny_model),
        "--backend", "transformers", "--device", "cpu",
    )  # fmt: skip
    assert code == 0 and len(out.splitlines()) >= 9
    assert "translating" in shown and "aligning" in shown
    assert shown.index("translating") < shown.rindex("aligning")


def test_meta_on_one_of_the_moses_files_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    prefix = tmp_path / "out" / "amc"
    prefix.parent.mkdir()
    code, _, err = _run(
        "align", str(pair[0]), str(pair[1]), "--no-mt", "-f", "moses", "-o", str(prefix),
        "--meta", f"{prefix}.id",
    )  # fmt: skip
    assert code == 1 and "it is also the output" in err and err.count("\n") == 1
    assert list(prefix.parent.iterdir()) == []
