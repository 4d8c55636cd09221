"""`aligner clean` end to end on the small noisy corpus of tests/data (and hand-made files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

DATA = Path(__file__).parents[1] / "data"
NOISY = DATA / "noisy.tsv"  # scripts/make_noisy_corpus.py news-valid --lines 1000:1150 --seed 5
LABELS = (DATA / "noisy.labels").read_text(encoding="utf-8").splitlines()
runner = CliRunner()


def clean(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["clean", *args, "-q"])
    return result.exit_code, result.stderr


def rejected_lines(path: Path) -> dict[int, list[str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {int(row[0]): row[1].split(",") for row in rows}


def test_noisy_corpus_noise_removed_clean_kept(tmp_path: Path) -> None:
    code, err = clean(str(NOISY), "-o", str(tmp_path / "kept.tsv"), "--rejected",
                      str(tmp_path / "rej.tsv"))  # fmt: skip
    assert code == 0, err
    removed = rejected_lines(tmp_path / "rej.tsv")
    kinds = set(LABELS) - {"clean", "shuffled"}
    for kind in kinds:
        lines = [n for n, label in enumerate(LABELS, start=1) if label == kind]
        assert all(n in removed for n in lines), kind
    clean_lines = [n for n, label in enumerate(LABELS, start=1) if label == "clean"]
    assert sum(n not in removed for n in clean_lines) >= 0.97 * len(clean_lines)
    assert "kept" in err and "removed" in err and "duplicate" in err


def test_kept_pairs_are_written_exactly_as_read_in_order(tmp_path: Path) -> None:
    corpus = tmp_path / "in.tsv"
    pair = b"Harga beras naik lima persen pada bulan ini.\tRice prices rose five percent."
    lines = [
        pair + b"\t0.91\r\n",
        pair + b"\t0.5\n",  # a duplicate
        b"Pemerintah  akan membangun jalan baru.\tThe government  will build a new road.",
    ]
    corpus.write_bytes(b"".join(lines))
    code, err = clean(str(corpus), "-o", str(tmp_path / "out.tsv"))
    assert code == 0, err
    assert (tmp_path / "out.tsv").read_bytes() == lines[0] + lines[2] + b"\n"


def test_min_score_on_the_third_column(tmp_path: Path) -> None:
    corpus = tmp_path / "in.tsv"
    corpus.write_text(
        "Harga beras naik lima persen pada bulan ini.\tRice prices rose five percent.\t0.2\n"
        "Pemerintah akan membangun jalan baru.\tThe government will build a new road.\t0.8\n",
        encoding="utf-8",
    )
    code, _ = clean(str(corpus), "-o", str(tmp_path / "out.tsv"), "--min-score", "0.5",
                    "--rejected", str(tmp_path / "rej.tsv"))  # fmt: skip
    assert code == 0
    assert rejected_lines(tmp_path / "rej.tsv") == {1: ["score"]}


def test_moses_in_jsonl_out(tmp_path: Path) -> None:
    source = "Pemerintah akan membangun jalan baru."
    target = "The government will build a new road."
    (tmp_path / "c.id").write_text(f"{source}\n{source}\n", encoding="utf-8")
    (tmp_path / "c.en").write_text(f"{target}\n{target}\n", encoding="utf-8")
    code, err = clean("--from", "moses", str(tmp_path / "c"), "-f", "jsonl",
                      "-o", str(tmp_path / "out.jsonl"))  # fmt: skip
    assert code == 0, err
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["source"], r["target"]) for r in records] == [(source, target)]


def test_jsonl_in_keeps_records_whole(tmp_path: Path) -> None:
    good = {"source": "Pemerintah akan membangun jalan baru.", "target":
            "The government will build a new road.", "confidence": 0.9, "flags": ["x"]}  # fmt: skip
    spam = {"source": "Slot gacor maxwin hari ini", "target": "Slot gacor maxwin today"}
    text = json.dumps(good) + "\n" + json.dumps(spam) + "\n"
    (tmp_path / "in.jsonl").write_text(text, encoding="utf-8")
    code, _ = clean(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == json.dumps(good) + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a\tb\nno tab here\n", "in.tsv:2: expected 2 or 3 tab-separated fields, found 1"),
        (b"a\tb\tc\td\n", "in.tsv:1: expected 2 or 3 tab-separated fields, found 4"),
        (b"a\tb\tx\n", "in.tsv:1: third field 'x' is not a number"),
        (b"a\tb\n\xff\tc\n", "in.tsv:2: not valid UTF-8 at byte 0"),
    ],
)
def test_malformed_line_stops_with_its_number(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "in.tsv").write_bytes(content)
    code, err = clean(str(tmp_path / "in.tsv"), "-o", str(tmp_path / "out.tsv"))
    assert code == 1
    assert err.startswith("aligner: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "out.tsv").exists()  # nothing partial left behind


def test_skip_malformed_goes_on_and_rejects_the_line(tmp_path: Path) -> None:
    good = "Pemerintah akan membangun jalan baru.\tThe government will build a new road.\n"
    (tmp_path / "in.tsv").write_text(good + "one field only\n" + good.lower(), encoding="utf-8")
    code, err = clean(str(tmp_path / "in.tsv"), "-o", str(tmp_path / "out.tsv"),
                      "--skip-malformed", "--rejected", str(tmp_path / "rej.tsv"))  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8") == good
    assert rejected_lines(tmp_path / "rej.tsv") == {2: ["malformed"], 3: ["duplicate"]}


def test_moses_sides_of_different_length(tmp_path: Path) -> None:
    (tmp_path / "c.id").write_text("satu\ndua\n", encoding="utf-8")
    (tmp_path / "c.en").write_text("one\n", encoding="utf-8")
    code, err = clean("--from", "moses", str(tmp_path / "c"), "-o", str(tmp_path / "o"))
    assert code == 1 and "c.en: ends at line 1, before the other side" in err


def test_bad_paths_and_formats(tmp_path: Path) -> None:
    code, err = clean(str(tmp_path / "missing.tsv"), "-o", str(tmp_path / "o.tsv"))
    assert code == 1 and "missing.tsv: no such file" in err
    (tmp_path / "c.txt").write_text("a\tb\n", encoding="utf-8")
    code, err = clean(str(tmp_path / "c.txt"), "-o", str(tmp_path / "o.tsv"))
    assert code == 1 and "pass --from" in err
    code, err = clean(str(NOISY), "-o", str(NOISY))
    assert code == 1 and "input" in err
    code, err = clean(str(NOISY), "-o", str(tmp_path / "o.tsv"), "--min-score", "nan")
    assert code == 2


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["clean", "--help"])
    assert result.exit_code == 0
    for option in ("--rejected", "--from", "--min-score", "--drop-misaligned", "--skip-malformed"):
        assert option in result.stdout
