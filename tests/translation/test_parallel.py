"""Several batches in flight: the split of the threads, and outputs that do not depend on it.

The golden inputs (``tests/test_golden.py``) run through the CLI with 1, 2 and 3 batches
side by side must give the recorded bytes; with a small batch budget (many batches, so
several really are in flight) the outputs must be the same for every setting.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.batch.engines import LocalEngine
from aligner.cli import app
from aligner.translation.backends import base
from aligner.translation.backends.base import _cgroup_quota, available_cores, thread_split
from aligner.translation.stack import TranslatorStack
from aligner.translation.translator import Translator

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = json.loads((DATA / "golden.json").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.mark.parametrize(
    ("threads", "parallel", "split"),
    [
        (1, None, (1, 1)),
        (2, None, (2, 1)),
        (3, None, (3, 1)),
        (4, None, (4, 1)),
        (6, None, (4, 1)),
        (8, None, (4, 2)),
        (16, None, (4, 4)),
        (4, 2, (2, 2)),
        (2, 3, (3, 1)),  # more batches than threads: one thread each
        (16, 1, (1, 16)),  # the old shape: one batch on every core
    ],
)
def test_thread_split(threads: int, parallel: int | None, split: tuple[int, int]) -> None:
    assert thread_split(threads, parallel) == split


@pytest.mark.parametrize(
    ("text", "cpus"),
    [
        ("max 100000\n", None),
        ("200000 100000\n", 2),
        ("150000 100000\n", 2),
        ("50000 100000\n", 1),
        ("800000 100000", 8),
        ("garbage\n", None),
        ("100000 0\n", None),
    ],
)
def test_cgroup_quota(tmp_path: Path, text: str, cpus: int | None) -> None:
    path = tmp_path / "cpu.max"
    path.write_text(text, encoding="ascii")
    assert _cgroup_quota(path) == cpus


def test_available_cores_follows_a_cgroup_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _cgroup_quota(tmp_path / "missing") is None
    monkeypatch.setattr(base, "CGROUP_CPU_MAX", tmp_path / "missing")
    unlimited = available_cores()
    quota = tmp_path / "cpu.max"
    quota.write_text("100000 100000\n", encoding="ascii")
    monkeypatch.setattr(base, "CGROUP_CPU_MAX", quota)
    assert unlimited >= 1
    assert available_cores() == 1


def test_backend_loads_the_split(tiny_model: Path) -> None:
    translator = Translator(tiny_model, beams=1, threads=4, parallel=2)
    backend = translator.backend
    assert (backend.inter_threads, backend.intra_threads) == (2, 2)  # type: ignore[attr-defined]
    assert translator.parallel == 2
    assert "parallel" not in json.dumps(translator.signature())  # outputs do not depend on it


def test_batches_really_run_side_by_side(tiny_model: Path) -> None:
    """The first two batches must be decoding at the same moment: each waits for the
    other at a barrier, which one batch at a time would never pass."""
    sentences = [f"Kalimat nomor {n} ada di sini, kata dia pada hari Senin." for n in range(12)]
    alone = Translator(tiny_model, beams=1, batch_tokens=40, parallel=1).translate(sentences)
    translator = Translator(tiny_model, beams=1, batch_tokens=40, parallel=3)
    backend = translator.backend
    generate = backend.generate
    meet = threading.Barrier(2, timeout=30)
    calls: list[str] = []
    lock = threading.Lock()

    def side_by_side(sources, options):  # type: ignore[no-untyped-def]
        with lock:
            calls.append(threading.current_thread().name)
            first_two = len(calls) <= 2
        if first_two:
            meet.wait()
        return generate(sources, options)

    backend.generate = side_by_side  # type: ignore[method-assign]
    together = translator.translate(sentences)
    assert len(calls) > 3 and len(set(calls)) > 1
    assert together == alone


def test_local_engine_window_follows_the_model(tiny_model: Path) -> None:
    stack = TranslatorStack(Translator(tiny_model, beams=1, parallel=3))
    assert stack.parallel == 3
    assert LocalEngine(stack).window == 6
    one = TranslatorStack(Translator(tiny_model, beams=1, parallel=1))
    assert LocalEngine(one).window == 1


@pytest.mark.parametrize(
    ("cpus", "threads", "workers"), [(2, None, 2), (16, None, 16), (16, 4, 4), (2, 4, 1), (6, 4, 1)]
)
def test_ray_default_workers_fit_the_cpus(cpus: int, threads: int | None, workers: int) -> None:
    """Default workers x threads never exceeds a node's CPUs (no oversubscription)."""
    from aligner.batch.distributed.runtime import _default_workers

    assert _default_workers(float(cpus), 0.0, 0.0, threads) == workers


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.stderr)


def _golden_outputs(work: Path, model: str, extra: list[str]) -> dict[str, str]:
    """translate, align with the model and batch on the golden inputs, hashed by the
    golden file's names."""
    for name in ("article-ukraine.id.txt", "align_news.id", "align_news.en"):
        shutil.copy(DATA / name, work / name)
    _run("translate", "article-ukraine.id.txt", "-f", "jsonl", "-o", "t-jsonl", "--model", model)
    _run("align", "align_news.id", "align_news.en", "-o", "a-mt.jsonl", "--model", model, *extra)
    (work / "in" / "sub").mkdir(parents=True)
    shutil.copy(DATA / "article-ukraine.id.txt", work / "in" / "ukraine.txt")
    shutil.copy(DATA / "translate-article.id.txt", work / "in" / "sub" / "article.txt")
    _run("batch", "in", "out", "--model", model, "-f", "tsv,jsonl", "-q", *extra)
    found = {
        "translate/t-jsonl": _sha(work / "t-jsonl"),
        "align/mt.jsonl": _sha(work / "a-mt.jsonl"),
    }
    for name in ("corpus.jsonl", "corpus.tsv", "docs/sub/article.txt.jsonl"):
        found[f"batch/{name}"] = _sha(work / "out" / name)
    return found


@pytest.mark.parametrize("parallel", [1, 2, 3])
def test_golden_outputs_with_any_number_of_batches_in_flight(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch, parallel: int
) -> None:
    monkeypatch.chdir(tmp_path)
    found = _golden_outputs(tmp_path, str(tiny_model), ["--parallel-batches", str(parallel)])
    assert found == {name: GOLDEN[name] for name in found}


def test_many_small_batches_give_the_same_bytes_in_flight(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashes = []
    for parallel in (1, 2, 3):
        work = tmp_path / str(parallel)
        work.mkdir()
        monkeypatch.chdir(work)
        extra = ["--batch-tokens", "48", "--parallel-batches", str(parallel)]
        hashes.append(_golden_outputs(work, str(tiny_model), extra))
    assert hashes[0] == hashes[1] == hashes[2]
