"""ENOSPC and EIO on the Nth open, write, fsync, rename or SQLite write of a real CLI run.

Every scenario runs in one subprocess (``driver.py``, the shim on its path): an
uninterrupted run first (the reference, and how many operations of each kind it makes),
then one run per N failing the Nth operation, for every N up to that count. Each faulted
run must end in one-line errors naming a path and the reason, with a documented exit
code, no traceback, no temp file, no partial output and the inputs untouched; a batch run
re-run without the fault must give the uninterrupted corpus byte for byte.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path("/proc/self/fd").is_dir(),
        reason="the shim names file descriptors through /proc (Linux)",
    ),
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "tests" / "data"
FORMATS = {
    "tsv": ["x.tsv"],
    "jsonl": ["x.jsonl"],
    "moses": ["x.id", "x.en", "x.scores"],
    "tmx": ["x.tmx"],
    "text": ["x.txt"],
    "html": ["x.html"],
}
REASONS = (
    "no space left on device",
    "input/output error",
    "database or disk is full",
    "disk I/O error",
)
ENOSPC, EIO = errno.ENOSPC, errno.EIO


def _translate_scenarios(text: Path, model: Path) -> list[dict[str, Any]]:
    out = []
    for fmt, files in FORMATS.items():
        prefix = "{out}/x" if fmt == "moses" else "{out}/" + files[0]
        # --keep-noise: a clean run then prints nothing (no "left out … as noise" note)
        argv = [
            "translate",
            str(text),
            "--model",
            str(model),
            "-f",
            fmt,
            "-o",
            prefix,
            "--quiet",
            "--keep-noise",
        ]
        # EIO where it differs from ENOSPC in practice: a write or fsync that fails late
        for kind, code in [
            ("open", ENOSPC),
            ("write", ENOSPC),
            ("fsync", ENOSPC),
            ("replace", ENOSPC),
            ("write", EIO),
            ("fsync", EIO),
        ]:
            out.append(
                {
                    "name": f"translate-{fmt}-{kind}-{code}",
                    "argv": argv,
                    "kind": kind,
                    "errno": code,
                    "inputs": [str(text)],
                    "compare": files,
                }
            )
    meta = [
        "translate",
        str(text),
        "--model",
        str(model),
        "-o",
        "{out}/x.tsv",
        "--meta",
        "{out}/x.meta.json",
        "--quiet",
        "--keep-noise",
    ]
    out += [
        {
            "name": f"translate-meta-{kind}",
            "argv": meta,
            "kind": kind,
            "errno": ENOSPC,
            "inputs": [str(text)],
            "compare": ["x.tsv", "x.meta.json"],
        }
        for kind in ("write", "replace")
    ]
    return out


def _other_scenarios(text: Path, model: Path, folder: Path) -> list[dict[str, Any]]:
    src, tgt = DATA / "align_news.id", DATA / "align_news.en"
    align = ["align", str(src), str(tgt), "--no-mt", "-f", "moses", "-o", "{out}/a", "--quiet"]
    out: list[dict[str, Any]] = [
        {
            "name": f"align-{kind}",
            "argv": align,
            "kind": kind,
            "errno": ENOSPC,
            "inputs": [str(src), str(tgt)],
            "compare": ["a.id", "a.en", "a.scores"],
        }
        for kind in ("open", "write", "fsync", "replace")
    ]
    out += [
        {
            "name": f"segment-{fmt}-{code}",
            "argv": ["segment", str(text), "-f", fmt],
            "kind": "write",
            "errno": code,
            "inputs": [str(text)],
            "stdout": True,
        }
        for fmt in ("text", "jsonl")
        for code in (ENOSPC, EIO)
    ]
    batch = [
        "batch",
        str(folder),
        "{out}",
        "--model",
        str(model),
        "-f",
        "tsv,jsonl",
        "--chunk",
        "4",
        "--quiet",
    ]
    inputs = [str(p) for p in sorted(folder.iterdir())]
    corpus = ["corpus.tsv", "corpus.jsonl"]
    # every operation of a two-file run (about 20 fsyncs, the most of any kind): a cap of
    # 40 tries each N there is, and keeps the suite at about a minute
    out += [
        {
            "name": f"batch-{kind}-{code}",
            "argv": batch,
            "kind": kind,
            "errno": code,
            "inputs": inputs,
            "compare": corpus,
            "resume": True,
            "cap": 40,
        }
        for kind, code in [
            ("open", ENOSPC),
            ("write", ENOSPC),
            ("fsync", ENOSPC),
            ("replace", ENOSPC),
            ("sqlite", ENOSPC),
            ("sqlite", EIO),
        ]
    ]
    return out


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
    converted: Path,
    news_folder: Callable[[Path, int], Path],
) -> dict[str, list[Any]]:
    root = tmp_path_factory.mktemp("faults")
    text = root / "article.txt"
    text.write_text(
        "Berita itu terbit pagi ini. Warga kota menyambutnya!\nBaca juga: berita lainnya.\n",
        encoding="utf-8",
    )
    folder = news_folder(root / "in", 2)
    scenarios = _translate_scenarios(text, converted) + _other_scenarios(text, converted, folder)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, str(HERE / "driver.py")],
        input="".join(json.dumps(s) + "\n" for s in scenarios),
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    (root / "runs.jsonl").write_text(proc.stdout, encoding="utf-8")  # to read on a failure
    assert proc.returncode == 0, proc.stderr[-3000:]
    found: dict[str, list[Any]] = {s["name"]: [] for s in scenarios}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        found[record["name"]].append(record)
    return found


def _check_error_lines(record: dict[str, Any], where: str) -> None:
    lines = record["stderr"].splitlines()
    errors = [line for line in lines if line.startswith("aligner: error: ")]
    assert errors and len(errors) == len(lines), record["stderr"]
    for line in errors:
        assert line.endswith(REASONS) and (where in line or "standard output" in line), line


def _check_run(record: dict[str, Any], kind: str) -> None:
    assert record["traceback"] is None, record["traceback"]
    assert record["inputs_unchanged"]
    assert not [f for f in record["files"] if f.endswith(".tmp")], record["files"]
    assert record["fired"]
    where = record.get("out", "")
    if record["code"] == 0:  # the fault was absorbed (a best-effort folder fsync)
        assert record["stderr"] == "" and record["after"] == record["reference"]
        return
    _check_error_lines(record, where)
    if kind == "batch":
        assert record["code"] in (1, 2)  # 2: some files failed; 1: the run could not finish
        assert (record["rerun_code"], record["rerun_stderr"]) == (0, "")
        assert record["rerun"] == record["reference"]  # byte for byte
    else:
        assert record["code"] == 1
        written = {name for name, digest in record.get("after", {}).items() if digest}
        assert written == set(), f"partial output left: {written}"


SCENARIOS = ["translate", "align", "segment", "batch"]


@pytest.mark.parametrize("command", SCENARIOS)
def test_every_fault_is_one_line_and_leaves_nothing_partial(
    runs: dict[str, list[Any]], command: str
) -> None:
    mine = {name: records for name, records in runs.items() if name.startswith(command)}
    assert mine
    for name, records in mine.items():
        reference, faulted = records[0], records[1:]
        assert (reference["n"], reference["code"], reference["traceback"]) == (0, 0, None), name
        count = reference["counts"][reference["kind"]]
        assert count > 0, f"{name}: the run makes no such operation"
        assert [r["n"] for r in faulted] == list(range(1, min(count, 40) + 1)), name
        for record in faulted:
            try:
                _check_run(record, command)
            except AssertionError as exc:
                raise AssertionError(f"{name} n={record['n']}: {exc}") from exc
