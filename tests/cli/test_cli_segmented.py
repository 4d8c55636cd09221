"""Pre-split input (``--segmented``), a given MT (``--mt``) and index output (``-f ids``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import AlignmentError
from aligner.evaluation.alignment_scores import parse_beads
from aligner.text.lines import line_sentences, read_lines, read_mt

DATA = Path(__file__).parents[1] / "data"
ID_LINES = (DATA / "align_news.id").read_text(encoding="utf-8").splitlines()
EN_LINES = (DATA / "align_news.en").read_text(encoding="utf-8").splitlines()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Twelve Indonesian lines (line 6 holds two sentences), the English without line 3,
    and the English of every source line as its MT."""
    source = _write(tmp_path / "doc.id", ID_LINES[:12])
    target = _write(tmp_path / "doc.en", EN_LINES[:3] + EN_LINES[4:12])
    mt = _write(tmp_path / "doc.mt", EN_LINES[:12])
    return source, target, mt


# --------------------------------------------------------------------- reading lines


def test_line_i_is_sentence_i_and_blank_lines_keep_their_number(tmp_path: Path) -> None:
    doc = read_lines(_write(tmp_path / "a.txt", ["  Satu. Dua.", "", "Tiga.  "]))
    found = line_sentences(doc)
    assert [(s.text, s.index, s.paragraph) for s in found] == [
        ("  Satu. Dua.", 0, 0),
        ("", 1, 1),
        ("Tiga.  ", 2, 2),
    ]  # the line, not re-split
    assert doc.paragraphs[0][found[0].start : found[0].end] == "  Satu. Dua."
    assert not found[1].translatable


def test_no_final_newline_is_the_same_file(tmp_path: Path) -> None:
    with_newline = line_sentences(read_lines(_write(tmp_path / "a", ["x", "y"])))
    (tmp_path / "b").write_text("x\ny", encoding="utf-8")
    assert line_sentences(read_lines(tmp_path / "b")) == with_newline


def test_mt_with_another_line_count_is_an_error_naming_the_file(tmp_path: Path) -> None:
    source = line_sentences(read_lines(_write(tmp_path / "a.id", ["Satu.", "Dua."])))
    mt = _write(tmp_path / "a.mt", ["One."])
    with pytest.raises(AlignmentError, match=r"a\.mt: 1 lines, but a\.id has 2"):
        read_mt(mt, source, "a.id")
    empty_line_ok = _write(tmp_path / "b.mt", ["One.", ""])
    assert read_mt(empty_line_ok, source, "a.id") == ["One.", ""]


# --------------------------------------------------------------------- align --segmented


def test_segmented_no_mt_writes_one_bead_per_line(files: tuple[Path, Path, Path]) -> None:
    code, out, _ = _run(
        "align", str(files[0]), str(files[1]), "--segmented", "--no-mt", "-f", "ids"
    )
    assert code == 0
    beads = parse_beads(out.splitlines(), "stdout")
    assert [s for b in beads for s in b[0]] == list(range(12))  # line 6 is not re-split
    assert [t for b in beads for t in b[1]] == list(range(11))
    assert ((3,), ()) in beads and ((6,), (5,)) in beads
    assert all(line.count(":") == 2 for line in out.splitlines())


def test_mt_file_is_the_bridge_and_no_model_is_loaded(files: tuple[Path, Path, Path]) -> None:
    # no --model: the default one cannot be loaded here (no hub), so none may be loaded
    code, out, err = _run(
        "align", str(files[0]), str(files[1]), "--segmented", "--mt", str(files[2]), "-f", "jsonl"
    )
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    links = [(tuple(r["source_ids"]), tuple(r["target_ids"])) for r in records]
    assert links == [((k,), (k,)) for k in range(3)] + [((3,), ())] + [
        ((k,), (k - 1,)) for k in range(4, 12)
    ]
    assert records[3]["flags"] == ["unaligned"]


def test_ids_are_never_filtered(files: tuple[Path, Path, Path]) -> None:
    code, out, err = _run(
        "align",
        str(files[0]),
        str(files[1]),
        "--segmented",
        "--no-mt",
        "-f",
        "ids",
        "--min-confidence",
        "0.99",
    )
    assert code == 0
    assert len(out.splitlines()) == 12 and "keeps every pair" in err  # 11 1-1, one 1-0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--no-mt"], "--mt .* is the bridge: drop --no-mt"),
        (["--model", "x"], "--mt .* is the bridge: drop --model"),
    ],
)
def test_mt_conflicts_are_refused(
    files: tuple[Path, Path, Path], extra: list[str], message: str
) -> None:
    code, _, err = _run(
        "align", str(files[0]), str(files[1]), "--segmented", "--mt", str(files[2]), *extra
    )
    assert code == 2 and err.startswith("aligner: error: ")
    assert len(err.strip().splitlines()) == 1 and re.search(message, err)


def test_mt_needs_segmented(files: tuple[Path, Path, Path]) -> None:
    code, _, err = _run("align", str(files[0]), str(files[1]), "--mt", str(files[2]))
    assert code == 2 and "--mt needs --segmented" in err


def test_bad_mt_file_is_a_one_line_error_naming_it(
    files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    short = _write(tmp_path / "short.mt", EN_LINES[:5])
    code, out, err = _run(
        "align",
        str(files[0]),
        str(files[1]),
        "--segmented",
        "--mt",
        str(short),
        "-o",
        str(tmp_path / "out.ids"),
    )
    assert code == 1 and out == ""
    assert (
        err == f"aligner: error: {short}: 5 lines, but {files[0]} has 12: "
        "the MT needs one line per source line\n"
    )
    assert not (tmp_path / "out.ids").exists()
    code, _, err = _run(
        "align", str(files[0]), str(files[1]), "--segmented", "--mt", str(tmp_path / "missing.mt")
    )
    assert code == 1 and "missing.mt" in err and len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------- translate --segmented


def test_translate_segmented_keeps_lines(tiny_model: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.id", [ID_LINES[6], "", ID_LINES[0]])
    code, out, err = _run(
        "translate", str(source), "--segmented", "--model", str(tiny_model), "-f", "jsonl", "-q"
    )
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source_ids"] for r in records] == [[0], [1], [2]]
    assert [r["source"] for r in records] == [ID_LINES[6], "", ID_LINES[0]]
    code, text, _ = _run(
        "translate", str(source), "--segmented", "--model", str(tiny_model), "-f", "text", "-q"
    )
    assert code == 0 and len(text.splitlines()) == 3
