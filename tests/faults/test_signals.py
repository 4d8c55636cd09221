"""SIGTERM and SIGHUP, sent for real to a running ``aligner``: stopped like Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _aligner(*args: str) -> list[str]:
    return [sys.executable, "-m", "aligner", *args]


def _wait_for(
    condition: Callable[[], bool], proc: subprocess.Popen[bytes], seconds: float = 300
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, "the run ended before the signal"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _model_loaded(pid: int) -> bool:
    try:
        return "ctranslate2" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs /proc (Linux)")
@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, "terminated"),
        (signal.SIGHUP, 129, "hangup"),
    ],
)
def test_translate_stops_cleanly(
    tmp_path: Path, converted: Path, signum: int, code: int, message: str
) -> None:
    text = tmp_path / "long.txt"
    text.write_text(
        "".join(f"Kalimat nomor {i} tentang berita kota hari ini.\n" for i in range(600)),
        encoding="utf-8",
    )
    before = text.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        _aligner("translate", str(text), "--model", str(converted), "-o", str(out / "x.tsv")),
        stderr=subprocess.PIPE,
    )
    _wait_for(lambda: _model_loaded(proc.pid), proc)
    time.sleep(0.5)  # into the translation
    os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code
    assert err.decode().splitlines()[-1] == f"aligner: error: {message}"
    assert "Traceback" not in err.decode()
    assert list(out.iterdir()) == []  # neither the output nor a temp file
    assert text.read_bytes() == before


def _done(manifest: Path) -> int:
    try:
        return manifest.read_text("utf-8").count('"status": "done"')
    except FileNotFoundError:
        return 0


def test_sigterm_during_batch_keeps_what_is_done_and_resumes(
    tmp_path: Path, converted: Path, news_folder: Callable[[Path, int], Path]
) -> None:
    src = news_folder(tmp_path / "in", 40)
    command = [
        "batch",
        str(src),
        "--model",
        str(converted),
        "--chunk",
        "4",
        "-f",
        "tsv,jsonl",
        "--quiet",
    ]
    whole = tmp_path / "whole"
    subprocess.run(_aligner(*command[:2], str(whole), *command[2:]), check=True, timeout=300)
    out = tmp_path / "out"
    run = _aligner(*command[:2], str(out), *command[2:])
    proc = subprocess.Popen(run, stderr=subprocess.PIPE)
    _wait_for(lambda: _done(out / "manifest.jsonl") > 0, proc)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (143, "aligner: error: terminated\n")
    assert 0 < _done(out / "manifest.jsonl") < 40  # stopped in the middle, kept what was done
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []

    again = subprocess.run(run, capture_output=True, timeout=300, check=False)
    assert (again.returncode, again.stderr) == (0, b"")
    for name in ("corpus.tsv", "corpus.jsonl"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()
