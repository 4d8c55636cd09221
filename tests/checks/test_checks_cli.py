"""The checks through the commands: --glossary for translate/align/batch, clean --drop."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

FAST = ["--backend", "ctranslate2", "--device", "cpu", "--threads", "1", "--beams", "1"]
runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text("Dewan Keamanan PBB bersidang.\nHarga beras naik.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["translate", "align", "batch"])
def test_bad_glossary_is_a_one_line_error_and_no_output(
    tmp_path: Path, article: Path, tiny_model: Path, command: str
) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("vaksin\tvaccine\nDewan Keamanan\n", encoding="utf-8")
    out = tmp_path / "out"
    args = {
        "translate": ["translate", str(article), "-o", f"{out}.jsonl"],
        "align": ["align", str(article), str(article), "-o", f"{out}.jsonl"],
        "batch": ["batch", str(tmp_path), str(out)],
    }[command]
    result = runner.invoke(
        app, [*args, "--model", str(tiny_model), *FAST, "--glossary", str(glossary), "-q"]
    )
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"aligner: error: {glossary}: line 2: expected source<TAB>target "
        "(and an optional comment), found 1 column"
    ]
    # nothing written (batch makes OUT_DIR before it loads the model, and leaves it empty)
    assert not [path for path in tmp_path.glob("out*") if path.is_file() or any(path.iterdir())]


def test_translate_flags_a_missing_term_and_signs_the_glossary(
    tmp_path: Path, article: Path, tiny_model: Path
) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("# terms\nDewan Keamanan\tSecurity Council\n", encoding="utf-8")
    out, meta = tmp_path / "out.jsonl", tmp_path / "meta.json"
    args = ["translate", str(article), "-o", str(out), "--model", str(tiny_model), *FAST]
    result = runner.invoke(app, [*args, "--glossary", str(glossary), "--meta", str(meta), "-q"])
    assert result.exit_code == 0, result.stderr
    pairs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # the random tiny model never writes "Security Council"
    assert "term:Dewan Keamanan" in pairs[0]["flags"]
    assert not any(f.startswith("term:") for f in pairs[1]["flags"])
    checks = json.loads(meta.read_text(encoding="utf-8"))["translator"]["checks"]
    assert checks["names"] == ["number", "url", "term"]
    assert len(checks["glossary_sha256"]) == 64


def test_clean_drop_number_and_term_counts_each_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "in.tsv"
    corpus.write_text(
        "Pada tahun 2010-2011 ada 5 kasus.\tIn 2010-211 there were 5 cases.\n"
        "Dewan Keamanan PBB bersidang.\tThe UN Safety Board met.\n"
        "Dewan Keamanan PBB bersidang hari ini.\tThe UN Security Council met today.\n"
        "Harga beras naik 5 persen.\tRice prices rose 5 percent.\n",
        encoding="utf-8",
    )
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Dewan Keamanan\tSecurity Council\n", encoding="utf-8")
    kept, rejected = tmp_path / "kept.tsv", tmp_path / "rej.tsv"
    result = runner.invoke(
        app,
        ["clean", str(corpus), "-o", str(kept), "--rejected", str(rejected), "-q",
         "--drop", "number,term", "--glossary", str(glossary)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        kept.read_text(encoding="utf-8").splitlines()
        == corpus.read_text(encoding="utf-8").splitlines()[2:]
    )
    reasons = [line.split("\t")[:2] for line in rejected.read_text().splitlines()]
    assert reasons == [["1", "number:2011"], ["2", "term:Dewan Keamanan"]]
    summary = result.stderr
    assert "  number" in summary and "  term" in summary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--drop", "term"], "--drop term needs --glossary FILE"),
        (["--drop", "numbers"], "unknown check 'numbers'; choose one of: number, url, term"),
    ],
)
def test_clean_drop_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    corpus = tmp_path / "in.tsv"
    corpus.write_text("Harga naik.\tPrices rose.\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(corpus), "-o", str(tmp_path / "k.tsv"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "k.tsv").exists()


def test_align_with_a_model_checks_the_aligned_pairs(tmp_path: Path, tiny_model: Path) -> None:
    source, target = tmp_path / "a.id", tmp_path / "a.en"
    source.write_text(
        "Dewan Keamanan PBB bersidang pada hari Senin.\nHarga beras naik 5 persen tahun 2020.\n"
        "Warga menyambut baik rencana itu.\n",
        encoding="utf-8",
    )
    target.write_text(
        "The UN Safety Board met on Monday.\nRice prices rose 5 percent in 2021.\n"
        "Residents welcomed the plan.\n",
        encoding="utf-8",
    )
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Dewan Keamanan\tSecurity Council\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        ["align", str(source), str(target), "-o", str(out), "--model", str(tiny_model), *FAST,
         "--glossary", str(glossary), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pairs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    flags = {pair["source"]: set(pair["flags"]) for pair in pairs}
    assert flags[source.read_text().splitlines()[0]] == {"term:Dewan Keamanan"}
    assert flags[source.read_text().splitlines()[1]] == {"number:2020"}
    assert flags[source.read_text().splitlines()[2]] == set()


def test_batch_glossary_flags_and_a_new_glossary_redoes_the_run(
    tmp_path: Path, tiny_model: Path
) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Dewan Keamanan PBB bersidang.\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"

    def run(target: str) -> tuple[list[str], str]:
        glossary.write_text(f"Dewan Keamanan\t{target}\n", encoding="utf-8")
        args = ["batch", str(inputs), str(out), "-f", "jsonl", "--model", str(tiny_model)]
        result = runner.invoke(app, [*args, *FAST, "--glossary", str(glossary), "-q"])
        assert result.exit_code == 0, result.stderr
        (line,) = (out / "docs" / "a.txt.jsonl").read_text(encoding="utf-8").splitlines()
        pair = json.loads(line)
        return [f for f in pair["flags"] if f.startswith("term:")], pair["target"]

    flags, output = run("Security Council")
    assert flags == ["term:Dewan Keamanan"]
    # a glossary whose target the model's output has: the run is redone, not resumed
    word = re.findall(r"\w+", output)[0]
    assert run(word) == ([], output)


def test_align_glossary_needs_the_model(tmp_path: Path, article: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Dewan Keamanan\tSecurity Council\n", encoding="utf-8")
    args = ["align", str(article), str(article), "--no-mt", "--glossary", str(glossary)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--glossary needs the model: drop --no-mt" in result.stderr
