#!/usr/bin/env python
"""Ray scaling: the 1,000-file folder of bench_batch.py, local vs --ray --workers 1 and 2.

    flock /tmp/aligner-bench.lock python scripts/bench_ray.py [--files 1000] [--beams 1]
    python scripts/bench_ray.py --gpus-per-worker 1 --workers 1 2   # on a GPU machine

The same folder as ``scripts/bench_batch.py`` (``--sentences`` lines of news-valid.id in
``--files`` small files), the same random opus-mt-id-en-architecture model with every output
forced to ``--output-tokens`` tokens, CTranslate2 int8 on CPU. Runs, each with a fresh
output folder and translation memory:

    local                    run_batch in this process, model loaded outside the timing,
                             ``--threads`` (default: every core) on each chunk
    ray, N workers           start_ray (a local runtime on every core: connect, convert,
                             probe a worker) timed apart, then run_batch through RayEngine,
                             one thread per worker (``--gpus-per-worker``: GPU workers)

For each: the wall time, sentences/s over the whole run, and the steady rate: sentences
between 10% and 90% done over the time between them, which leaves out start-up (Ray's
actors load their models inside the run) and the tail. Checks the Ray corpora equal the
local one byte for byte. Writes ``bench-out/ray.json`` and ``bench-out/ray.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _bench_batch() -> ModuleType:
    """scripts/bench_batch.py, for its folder layout and model (scripts is no package)."""
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "scripts/bench_batch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Clock:
    """The progress callback: when each sentence count was reached."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: list[tuple[float, int]] = []

    def __call__(self, progress: Any) -> None:
        self.marks.append((time.perf_counter() - self.started, progress.sentences_done))

    def steady(self, total: int) -> float:
        """Sentences/s between 10% and 90% of ``total`` done."""
        low = next((t, n) for t, n in self.marks if n >= 0.1 * total)
        high = next((t, n) for t, n in self.marks if n >= 0.9 * total)
        return (high[1] - low[1]) / (high[0] - low[0]) if high[0] > low[0] else 0.0

    def first(self) -> float:
        return next(t for t, n in self.marks if n > 0)


def _run(
    label: str, src: Path, out: Path, translator: Any, chunk: int, engine: Any = None, **extra: Any
) -> dict[str, Any]:
    from aligner.batch.runner import BatchOptions, run_batch

    clock = _Clock()
    options = BatchOptions(formats=("tsv", "jsonl"), chunk_sentences=chunk)
    result = run_batch(src, out, translator, options, progress=clock, engine=engine)
    wall = time.perf_counter() - clock.started
    row = {
        "run": label,
        "sentences": result.sentences,
        "seconds": round(wall, 2),
        "sent_per_s": round(result.sentences / wall, 2),
        "steady_sent_per_s": round(clock.steady(result.sentences), 2),
        "first_result_s": round(clock.first(), 2),
        **extra,
    }
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row


def _ray_run(workers: int, args: argparse.Namespace, src: Path, out: Path) -> dict[str, Any]:
    from aligner.batch.distributed import RayOptions, start_ray
    from aligner.batch.distributed.ray_engine import RayEngine
    from aligner.translation.stack import TranslatorOptions

    settings = TranslatorOptions(model=str(args.model), beams=args.beams, threads=1)
    options = RayOptions(workers=workers, gpus_per_worker=args.gpus_per_worker)
    with start_ray(options, settings) as cluster:
        engine = RayEngine(cluster)
        return _run(
            f"ray, {workers} worker(s)",
            src,
            out,
            None,  # the engine translates; the workers build the stack
            args.chunk,
            engine,
            workers=workers,
            startup_s=round(cluster.started_seconds, 2),
        )


def bench(args: argparse.Namespace) -> dict[str, Any]:
    batch = _bench_batch()
    os.environ[batch.FORCE_ENV] = str(args.output_tokens)
    os.environ["ALIGNER_MODELS"] = str(args.store)
    sys.path.insert(0, str(ROOT))
    from aligner.translation.translator import Translator

    batch._prepare_model(args)
    sentences = batch._sentences(args.data, args.sentences)
    local = Translator(args.model, beams=args.beams, threads=args.threads)
    local.translate(sentences[-16:])  # warm-up, outside every timing
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        many, _ = batch._layout(Path(tmp), sentences, args.files)
        rows.append(
            _run(
                "local",
                many,
                Path(tmp) / "local",
                local,
                args.chunk,
                threads=local.backend.intra_threads,
            )
        )
        del local  # its memory and threads, before the workers start
        for workers in args.workers:
            rows.append(_ray_run(workers, args, many, Path(tmp) / f"ray{workers}"))
        same = all(_same(Path(tmp) / "local", Path(tmp) / f"ray{w}") for w in args.workers)
        shutil.rmtree(many)
    return {
        "rows": rows,
        "identical_corpus": same,
        "args": {k: str(v) for k, v in vars(args).items()},
    }


def _same(a: Path, b: Path) -> bool:
    files = [
        p.relative_to(a) for p in [*a.glob("corpus.*"), *(a / "docs").rglob("*")] if p.is_file()
    ]
    return bool(files) and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def markdown(report: dict[str, Any], args: argparse.Namespace) -> str:
    rows = report["rows"]
    local = rows[0]
    lines = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Model: random weights, opus-mt-id-en architecture, CTranslate2 int8, beams "
        f"{args.beams}; outputs forced to {args.output_tokens} tokens; {args.sentences} "
        f"lines of news-valid.id in {args.files} files; chunk {args.chunk}; GPUs per "
        f"worker {args.gpus_per_worker:g}.",
        "",
        "| run | Ray start-up s | first result s | seconds | sent/s | steady sent/s "
        "| vs local (steady) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row["steady_sent_per_s"] / local["steady_sent_per_s"]
        lines.append(
            f"| {row['run']} | {row.get('startup_s', '–')} | {row['first_result_s']} "
            f"| {row['seconds']} | {row['sent_per_s']} | {row['steady_sent_per_s']} "
            f"| {ratio:.3f} |"
        )
    lines += [
        "",
        f"corpus and docs/ identical to the local run's: "
        f"{'yes' if report['identical_corpus'] else 'NO'}",
    ]
    by_workers = {row["workers"]: row for row in rows if "workers" in row}
    if 1 in by_workers and 2 in by_workers:
        scaling = by_workers[2]["steady_sent_per_s"] / (2 * by_workers[1]["steady_sent_per_s"])
        lines.append(f"scaling efficiency, 2 workers vs 2 × 1 worker (steady): {scaling:.3f}")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _bench_batch().add_folder_arguments(p)
    p.add_argument(
        "--chunk",
        type=int,
        default=64,
        help="sentences per chunk (enough chunks to measure a steady rate)",
    )
    p.add_argument("--threads", type=int, default=None, help="local run (default: all cores)")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--gpus-per-worker", type=float, default=0.0)
    args = p.parse_args()
    report = bench(args)
    _bench_batch().save(args, "ray", report, markdown(report, args))


if __name__ == "__main__":
    main()
