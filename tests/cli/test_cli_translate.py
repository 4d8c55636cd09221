"""`aligner translate` and `aligner models` end to end with the tiny model."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.text.load import read_document
from aligner.text.segmenter import segment_document

ARTICLE = Path(__file__).parents[1] / "data" / "translate-article.id.txt"
SENTENCES = [s.text for s in segment_document(read_document(ARTICLE))]
FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run(runner, tiny_model, *args, input=None):
    return runner.invoke(app, ["translate", "--model", str(tiny_model), *FAST, *args], input=input)


def test_the_fixture_article_has_passthrough_and_duplicate_lines():
    assert "***" in SENTENCES and "2024" in SENTENCES
    assert len(set(SENTENCES)) < len(SENTENCES)


def test_jsonl_pairs_cover_every_sentence_once_in_order(runner, tiny_model, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(runner, tiny_model, str(ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["source"] for r in records] == SENTENCES
    assert [r["source_ids"] for r in records] == [[i] for i in range(len(SENTENCES))]
    for r in records:
        assert list(r) == [
            "doc", "paragraph", "source_ids", "target_ids", "source", "target",
            "confidence", "logprob", "tokens", "flags", "bead",
        ]  # fmt: skip
        assert r["target_ids"] == r["source_ids"] and r["bead"] == "1-1"
        assert isinstance(r["confidence"], float) and 0.0 < r["confidence"] <= 1.0
        assert isinstance(r["logprob"], float) and isinstance(r["tokens"], int)
        assert r["flags"] == sorted(r["flags"])
    passthrough = [r for r in records if r["source"] in ("***", "2024")]
    assert all(r["target"] == r["source"] and r["flags"] == ["passthrough"] for r in passthrough)
    duplicates = [r for r in records if r["source"] == "Harga beras naik."]
    assert len(duplicates) == 2 and duplicates[0]["target"] == duplicates[1]["target"]


def test_tsv_is_the_default_on_stdout(runner, tiny_model):
    result = run(runner, tiny_model, str(ARTICLE))
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == SENTENCES
    assert all(len(row) == 3 and 0 < float(row[2]) <= 1 for row in rows)


def test_tmx_parses_with_one_tu_per_pair(runner, tiny_model, tmp_path):
    out = tmp_path / "out.tmx"
    assert run(runner, tiny_model, str(ARTICLE), "-o", str(out)).exit_code == 0
    root = ET.parse(out).getroot()
    assert root.find("header").get("srclang") == "id"
    units = root.findall("./body/tu")
    sources = [tu.find("./tuv[@{http://www.w3.org/XML/1998/namespace}lang='id']/seg").text
               for tu in units]  # fmt: skip
    assert sources == SENTENCES


def test_moses_writes_three_aligned_files(runner, tiny_model, tmp_path):
    prefix = tmp_path / "corpus"
    result = run(runner, tiny_model, str(ARTICLE), "-f", "moses", "-o", str(prefix))
    assert result.exit_code == 0, result.output
    ids = (tmp_path / "corpus.id").read_text("utf-8").splitlines()
    ens = (tmp_path / "corpus.en").read_text("utf-8").splitlines()
    scores = (tmp_path / "corpus.scores").read_text("utf-8").splitlines()
    assert ids == SENTENCES and len(ens) == len(scores) == len(ids)


def test_text_keeps_the_paragraphs(runner, tiny_model, tmp_path):
    out = tmp_path / "out.txt"
    assert run(runner, tiny_model, str(ARTICLE), "-o", str(out)).exit_code == 0
    paragraphs = [p for p in out.read_text("utf-8").split("\n") if p.strip()]
    assert len(paragraphs) == len(read_document(ARTICLE).paragraphs)
    assert "***" in paragraphs and "2024" in paragraphs


def test_html_shows_every_source_sentence_in_order(runner, tiny_model, tmp_path):
    out = tmp_path / "review.html"
    assert run(runner, tiny_model, str(ARTICLE), "-o", str(out)).exit_code == 0
    page = out.read_text("utf-8")
    positions = [page.find(html.escape(s, quote=False)) for s in SENTENCES if s != SENTENCES[4]]
    assert -1 not in positions and positions == sorted(positions)


def test_stdin_and_meta_file(runner, tiny_model, tmp_path):
    meta = tmp_path / "meta.json"
    result = run(runner, tiny_model, "-", "-f", "jsonl", "--meta", str(meta),
                 input=ARTICLE.read_text("utf-8"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(SENTENCES)
    signature = json.loads(meta.read_text("utf-8"))
    translator = signature["translator"]
    assert translator["backend"] == "transformers" and translator["beams"] == 1
    assert signature["mode"] == "translate" and signature["alignment"] is None
    assert signature["options"]["format"] == "jsonl"
    assert set(signature) == {"aligner", "mode", "segmenter", "alignment", "translator", "options"}
    assert len(translator["model_sha256"]) == 64 and signature["segmenter"]


@pytest.mark.parametrize(
    ("fmt", "extra", "hashed"),
    [("tsv", [], False), ("jsonl", [], False), ("tmx", [], True), ("tsv", ["--meta"], True)],
)
def test_weights_are_hashed_only_for_metadata_that_is_written(
    runner, tiny_model, tmp_path, monkeypatch, fmt, extra, hashed
):
    import aligner.translation.translator

    calls = []
    real = aligner.translation.translator.folder_sha256
    monkeypatch.setattr(
        aligner.translation.translator, "folder_sha256", lambda d: calls.append(d) or real(d)
    )
    extra = [*extra, str(tmp_path / "meta.json")] if extra else []
    out = tmp_path / f"out.{fmt}"
    assert run(runner, tiny_model, str(ARTICLE), "-o", str(out), *extra).exit_code == 0
    assert bool(calls) == hashed
    if fmt == "tmx":  # the header carries the signature, hash included
        assert real(tiny_model) in out.read_text("utf-8")


def test_min_confidence_drops_and_says_how_many(runner, tiny_model):
    result = run(runner, tiny_model, str(ARTICLE), "--min-confidence", "0.99")
    assert result.exit_code == 0, result.output
    kept = result.stdout.splitlines()
    assert all(row.split("\t")[0] in ("***", "2024") for row in kept)  # passthrough is 1.0
    dropped = len(SENTENCES) - len(kept)
    assert f"dropped {dropped} of {len(SENTENCES)} pairs" in result.stderr


def test_two_runs_are_byte_identical(runner, tiny_model, tmp_path):
    outputs = []
    for name in ("a.jsonl", "b.jsonl"):
        assert run(runner, tiny_model, str(ARTICLE), "-o", str(tmp_path / name)).exit_code == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_unknown_extension_needs_a_format(runner, tiny_model, tmp_path):
    result = run(runner, tiny_model, str(ARTICLE), "-o", str(tmp_path / "out.xyz"))
    assert result.exit_code != 0
    assert "pass -f" in result.stderr and not (tmp_path / "out.xyz").exists()


def test_offline_missing_model_is_one_line(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ALIGNER_MODELS", str(tmp_path / "models"))
    result = runner.invoke(app, ["translate", str(ARTICLE), "-o", str(tmp_path / "o.tsv")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: model")
    assert "aligner models download Helsinki-NLP/opus-mt-id-en" in lines[0]
    assert not (tmp_path / "o.tsv").exists()


def test_models_list_and_download(runner, tiny_model, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
    shutil.copytree(tiny_model, tmp_path / "acme--tiny-mt")
    result = runner.invoke(app, ["models", "list", "--dir", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.split()[:3] == ["acme/tiny-mt", "hf", "marian"]
    empty = runner.invoke(app, ["models", "list", "--dir", str(tmp_path / "none")])
    assert empty.exit_code == 0 and "no models" in empty.stderr
    result = runner.invoke(app, ["models", "download", "acme/other", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_installed_command_in_a_subprocess(tiny_model, tmp_path):
    command = Path(sys.executable).with_name("aligner")
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    args = ["translate", "--model", str(tiny_model), *FAST, str(ARTICLE), "-o", str(out)]
    done = subprocess.run(
        [str(command), *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar or library chatter when stderr is not a terminal
    assert len(out.read_text("utf-8").splitlines()) == len(SENTENCES)


def test_min_confidence_on_a_review_format_keeps_every_pair_and_says_so(runner, tiny_model):
    result = run(runner, tiny_model, str(ARTICLE), "-f", "jsonl", "--min-confidence", "0.99")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(SENTENCES)
    assert "jsonl keeps every pair" in result.stderr


def test_cuda_without_a_gpu_is_one_clear_line(runner, tiny_model):
    import torch

    if torch.cuda.is_available():  # on a GPU machine the same command must just work
        args = ["--backend", "transformers", "--device", "cuda", "--beams", "1", str(ARTICLE)]
        result = runner.invoke(app, ["translate", "--model", str(tiny_model), *args])
        assert result.exit_code == 0, result.output
        return
    args = ["--backend", "transformers", "--device", "cuda", str(ARTICLE)]
    result = runner.invoke(app, ["translate", "--model", str(tiny_model), *args])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "aligner: error: device cuda: torch finds no CUDA device on this machine"
    ]


def test_a_folder_that_is_not_a_model_is_one_clear_line(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["translate", "--model", str(tmp_path / "empty"), str(ARTICLE)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"aligner: error: {tmp_path / 'empty'}: not a model folder"
        " (no config.json or decoder.yml)"
    )


@pytest.mark.parametrize("meta_on", ["input", "output"])
def test_meta_never_overwrites_the_input_or_the_output(runner, tiny_model, tmp_path, meta_on):
    source = tmp_path / "artikel.txt"
    source.write_bytes(ARTICLE.read_bytes())
    output = tmp_path / "pairs.tsv"
    meta = source if meta_on == "input" else output
    result = run(runner, tiny_model, str(source), "-o", str(output), "--meta", str(meta))
    assert result.exit_code == 1
    assert "refusing to write" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert source.read_bytes() == ARTICLE.read_bytes()  # input untouched
    assert not output.exists()  # refused before any work: no output written


def _no_model(*args, **kwargs):
    raise AssertionError("the model was loaded before the outputs were checked")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-f", "moses", "-o", "corp", "--meta", "corp.en"], "corp.en: it is also the output"),
        (["-o", "missing/out.tsv"], "folder missing does not exist"),
        (["-o", "out.tsv", "--meta", "missing/run.json"], "folder missing does not exist"),
        (["-o", "same.tsv", "--meta", "same.tsv"], "same.tsv: it is also the output"),
        (["-o", ".", "-f", "tsv"], "it is a directory"),
        (["-f", "moses"], "give an output path prefix"),
        (["--meta", "-"], "--meta needs a file path"),
    ],
)
def test_outputs_that_cannot_be_written_are_refused_before_any_work(
    runner, tiny_model, tmp_path, monkeypatch, args, says
):
    import aligner.translation.stack

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(aligner.translation.stack, "build_translator", _no_model)
    result = run(runner, tiny_model, str(ARTICLE), *args)
    assert result.exit_code in (1, 2)
    (line,) = result.stderr.splitlines()
    assert line.startswith("aligner: error: ") and says in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written


def test_dash_output_is_standard_output(runner, tiny_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, tiny_model, str(ARTICLE), "-o", "-", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(SENTENCES)
    assert not (tmp_path / "-").exists()
