"""A real full disk (a small tmpfs, where the tests run as root, as CI does): one-line
errors, then freeing space and re-running gives the uninterrupted corpus byte for byte."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {mount.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _resize(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def test_batch_on_a_full_disk_then_resume(
    tmp_path: Path, converted: Path, small_disk: Path, news_folder: Callable[[Path, int], Path]
) -> None:
    src = news_folder(tmp_path / "in", 30)
    args = ["--model", str(converted), "--chunk", "4", "-f", "tsv,jsonl", "--quiet"]
    whole = tmp_path / "whole"
    subprocess.run(
        [sys.executable, "-m", "aligner", "batch", str(src), str(whole), *args],
        check=True,
        timeout=300,
    )
    out = small_disk / "out"
    run = [sys.executable, "-m", "aligner", "batch", str(src), str(out), *args]

    full = subprocess.run(run, capture_output=True, text=True, timeout=300, check=False)
    assert full.returncode in (1, 2), full.stderr
    lines = full.stderr.splitlines()
    assert lines and all(line.startswith("aligner: error: ") for line in lines), full.stderr
    assert all(
        line.endswith(("no space left on device", "database or disk is full")) for line in lines
    ), full.stderr
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []

    _resize(small_disk, "32m")  # space freed
    again = subprocess.run(run, capture_output=True, text=True, timeout=300, check=False)
    assert (again.returncode, again.stderr) == (0, "")
    for name in ("corpus.tsv", "corpus.jsonl"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()
