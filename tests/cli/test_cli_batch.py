"""``aligner batch`` through the CLI: exit codes, messages, and a real kill -9 + resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

DATA = Path(__file__).parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory):
    """A private model store holding the tiny model's CTranslate2 conversion, made once."""
    from aligner.translation.translator import Translator

    folder = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNER_MODELS", str(folder))
        Translator(tiny_model, backend="ctranslate2", device="cpu")
        yield folder


def _folder(root: Path, files: int = 2) -> Path:
    src = root / "in"
    (src / "deep").mkdir(parents=True)
    for i in range(files):
        (src / "deep" / f"n{i:03d}.txt").write_text(
            f"Berita nomor {i} terbit pagi ini. Warga kota {i} menyambutnya.\n"
            "Baca juga: berita lainnya.\n",
            encoding="utf-8",
        )
    return src


def _batch(*args: str):
    return runner.invoke(app, ["batch", *args])


def test_exit_2_lists_failed_files(tmp_path: Path, tiny_model: Path, store: Path) -> None:
    src = _folder(tmp_path)
    (src / "broken.txt").write_bytes(b"ok\x00\x01")
    result = _batch(str(src), str(tmp_path / "out"), "--model", str(tiny_model), "-f", "tsv,tmx")
    assert result.exit_code == 2, result.stderr
    assert "aligner: error: broken.txt: binary file" in result.stderr
    assert "files: 2 done (0 unchanged since the last run), 1 failed, 0 skipped" in result.stderr
    assert result.stdout == ""
    assert (tmp_path / "out" / "corpus.tmx").is_file()
    assert (tmp_path / "out" / "docs" / "deep" / "n001.txt.tmx").is_file()


def test_clean_folder_quiet_exit_0(tmp_path: Path, tiny_model: Path, store: Path) -> None:
    src, out = _folder(tmp_path), tmp_path / "out"
    args = [str(src), str(out), "--model", str(tiny_model), "--quiet"]
    result = _batch(*args)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = (out / "corpus.tsv").read_text("utf-8").splitlines()
    assert len(lines) == 4  # "Baca juga" left out as boilerplate (issue #12)
    again = _batch(*args[:-1], "--no-resume", "--cache", str(tmp_path / "tm.sqlite"))
    assert again.exit_code == 0 and "0 hits, 6 translated" in again.stderr
    third = _batch(*args[:-1], "--no-resume", "--cache", str(tmp_path / "tm.sqlite"))
    assert "6 hits, 0 translated" in third.stderr


def test_fatal_errors_exit_1(tmp_path: Path, store: Path) -> None:
    src = _folder(tmp_path)
    missing = _batch(str(src), str(tmp_path / "out"), "--model", str(tmp_path / "no-model"))
    assert missing.exit_code == 1 and missing.stderr.startswith("aligner: error: ")
    assert len(missing.stderr.splitlines()) == 1
    assert not (tmp_path / "out" / "manifest.jsonl").exists()
    (tmp_path / "file").write_text("x")
    blocked = _batch(str(src), str(tmp_path / "file" / "out"), "--align", "--no-mt")
    assert blocked.exit_code == 1 and "not writable" in blocked.stderr
    inside = _batch(str(src), str(tmp_path), "--align", "--no-mt")
    assert inside.exit_code == 1 and "must not be the input folder" in inside.stderr


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    assert _batch(str(src), str(tmp_path / "o"), "-f", "tsv,pdf").exit_code == 2
    assert _batch(str(src), str(tmp_path / "o"), "--min-confidence", "1.5").exit_code == 2
    assert _batch(str(src), str(tmp_path / "o"), "--no-mt").exit_code == 2
    assert not (tmp_path / "o").exists()


def test_align_no_mt(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.id.txt").write_bytes((DATA / "align_news.id").read_bytes())
    (src / "berita.en.txt").write_bytes((DATA / "align_news.en").read_bytes())
    out = tmp_path / "out"
    result = _batch(str(src), str(out), "--align", "--no-mt", "-f", "moses")
    assert result.exit_code == 0, result.stderr
    ids = (out / "corpus.id").read_text("utf-8").splitlines()
    ens = (out / "corpus.en").read_text("utf-8").splitlines()
    assert len(ids) == len(ens) >= 28
    record = json.loads((out / "manifest.jsonl").read_text("utf-8"))
    assert (record["path"], record["target"], record["status"]) == (
        "berita.id.txt",
        "berita.en.txt",
        "done",
    )


def _command(src: Path, out: Path, model: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aligner",
        "batch",
        str(src),
        str(out),
        "--model",
        str(model),
        "--chunk",
        "4",
        "-f",
        "tsv,jsonl",
        "--quiet",
    ]


def _done(manifest: Path) -> int:
    try:
        text = manifest.read_text("utf-8")
    except FileNotFoundError:
        return 0
    return text.count('"status": "done"')


@pytest.mark.slow
def test_kill_9_then_resume_gives_the_same_corpus(
    tmp_path: Path, tiny_model: Path, store: Path
) -> None:
    src = _folder(tmp_path, files=60)
    env = {**os.environ, "ALIGNER_MODELS": str(store)}
    whole = tmp_path / "whole"
    subprocess.run(_command(src, whole, tiny_model), env=env, check=True, timeout=300)

    out = tmp_path / "out"
    proc = subprocess.Popen(_command(src, out, tiny_model), env=env)
    deadline = time.monotonic() + 300
    while _done(out / "manifest.jsonl") == 0 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    killed_at = _done(out / "manifest.jsonl")
    assert 0 < killed_at < 60  # really stopped in the middle

    subprocess.run(_command(src, out, tiny_model), env=env, check=True, timeout=300)
    for name in ("corpus.tsv", "corpus.jsonl"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()
    records = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 60 and {r["status"] for r in records} == {"done"}
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.slow
def test_two_runs_share_one_cache_at_once(tmp_path: Path, tiny_model: Path, store: Path) -> None:
    env = {**os.environ, "ALIGNER_MODELS": str(store)}
    src = _folder(tmp_path, files=12)
    cache = tmp_path / "shared.sqlite"
    outs = [tmp_path / "a", tmp_path / "b"]
    procs = [
        subprocess.Popen([*_command(src, out, tiny_model), "--cache", str(cache)], env=env)
        for out in outs
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert (outs[0] / "corpus.tsv").read_bytes() == (outs[1] / "corpus.tsv").read_bytes()
    again = _batch(
        str(src),
        str(tmp_path / "c"),
        "--model",
        str(tiny_model),
        "--chunk",
        "4",
        "--cache",
        str(cache),
        "-f",
        "tsv",
    )
    assert again.exit_code == 0 and "36 hits, 0 translated" in again.stderr
    assert (tmp_path / "c" / "corpus.tsv").read_bytes() == (outs[0] / "corpus.tsv").read_bytes()
