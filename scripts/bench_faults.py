#!/usr/bin/env python
"""Peak memory (RSS) on big inputs: one huge paragraph without a full stop, and a folder of
very many small files.

    flock /tmp/aligner-bench.lock python scripts/bench_faults.py \\
        [--paragraph-mb 100] [--translate-mb 0.2] [--files 100000]

Each measurement is one real ``aligner`` process (the command a user runs), its peak RSS
read from ``os.wait4`` when it ends:

- ``segment`` of a single ``--paragraph-mb`` MB paragraph of words and commas with no
  sentence end (the worst case for the segmenter: one sentence of the whole paragraph);
- ``translate`` of such a paragraph of ``--translate-mb`` MB with the tiny test model (the
  long-input split cuts it into model-sized pieces; the model's speed, not memory, is why
  it is smaller);
- ``batch`` of ``--files`` one-line files in folders of 1,000, with the tiny model (a few
  distinct sentences, so the translation memory answers most and the run measures the
  walk, the manifest and the writers, not the model).

Writes ``bench-out/faults.json``. The tiny model is built by scripts/make_test_model.py
into ``bench-out/tiny-marian`` when missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
WORDS = ("berita", "kota", "warga", "pagi", "ini", "menyambut", "pemerintah", "jalan,")


def _paragraph(path: Path, megabytes: float) -> None:
    """One line of ``megabytes`` MB: words and commas, no full stop, written in pieces."""
    block = " ".join(WORDS * 4096) + " "
    left = int(megabytes * 1_000_000)
    with open(path, "w", encoding="utf-8") as handle:
        while left > 0:
            piece = block[:left]
            handle.write(piece)
            left -= len(piece)
        handle.write("\n")


def _folder(path: Path, files: int) -> None:
    for i in range(files):
        sub = path / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"n{i:06d}.txt").write_text(
            f"Berita kota nomor {i % 7} terbit pagi ini.\n", encoding="utf-8"
        )


def _measure(args: list[str]) -> dict[str, Any]:
    """Run ``aligner ARGS``; its exit code, seconds and peak RSS in MiB."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aligner", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # before wait4: a full pipe would block the child
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "args": args,
        "code": proc.returncode,
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "stderr_tail": err.decode(errors="replace")[-300:],
    }


def _tiny_model() -> Path:
    target = OUT / "tiny-marian"
    if not (target / "config.json").is_file():
        spec = importlib.util.spec_from_file_location(
            "make_test_model", ROOT / "scripts" / "make_test_model.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_test_model"] = module
        spec.loader.exec_module(module)
        module.build_model(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraph-mb", type=float, default=100.0)
    parser.add_argument("--translate-mb", type=float, default=0.2)
    parser.add_argument("--files", type=int, default=100_000)
    options = parser.parse_args()
    model = _tiny_model()
    results: dict[str, Any] = {"options": vars(options)}
    with tempfile.TemporaryDirectory(prefix="aligner-bench-faults-") as folder:
        work = Path(folder)
        _paragraph(work / "para.txt", options.paragraph_mb)
        results["segment"] = _measure(["segment", str(work / "para.txt")])
        _paragraph(work / "small.txt", options.translate_mb)
        results["translate"] = _measure(
            [
                "translate",
                str(work / "small.txt"),
                "--model",
                str(model),
                "-o",
                str(work / "x.tsv"),
                "--quiet",
            ]
        )
        (work / "para.txt").unlink()
        _folder(work / "in", options.files)
        results["batch"] = _measure(
            [
                "batch",
                str(work / "in"),
                str(work / "out"),
                "--model",
                str(model),
                "-f",
                "tsv",
                "--quiet",
            ]
        )
        shutil.rmtree(work / "out", ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "faults.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
