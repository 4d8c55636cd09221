#!/usr/bin/env python
"""CPU throughput and int8 size of each model architecture we know (docs/models.md).

    flock -x /tmp/aligner-bench.lock python scripts/bench_models.py [--archs A,B] [--sentences N]

For each architecture, builds (once, under ``--work``) a model with random weights at the
published size (``scripts/make_test_model.py --arch opus-mt|tatoeba|m2m100-418m|...``: the
real opus-mt-id-en configuration, the published hyper-parameters of the others), converts it
to CTranslate2 int8 as ``aligner`` does, and times ``Translator.translate`` with the default
backend on CPU over real Indonesian sentences (``../shared/data/news-valid.id``), in a
subprocess of its own. Random weights would decide how long outputs are, so every output is
forced to ``--output-tokens`` tokens (``$ALIGNER_BENCH_OUTPUT_TOKENS``); the decoding work
is then the architecture's, not the weights'. Quality is not measured here (the weights
are random): the published scores are in ``aligner.translation.models.known``.

Writes ``<out>/models.json`` and ``<out>/models.md``. On a shared machine the figures are
noisy; run it where nothing else runs for numbers to publish.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "news-valid.id"
FALLBACK = ROOT / "tests" / "data" / "tico19-sample.id"
DEFAULT_ARCHS = "opus-mt,tatoeba,m2m100-418m,nllb-600m"
FORCE_ENV = "ALIGNER_BENCH_OUTPUT_TOKENS"


def _sentences(count: int) -> list[str]:
    path = DATA if DATA.is_file() else FALLBACK
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:count]


def worker(
    model_dir: Path, count: int, beams: int, threads: int | None, repeats: int
) -> dict[str, Any]:
    """One architecture, in this process: load (converting once), warm up, time
    ``repeats`` runs and keep the median (a shared machine is noisy)."""
    from aligner.translation.translator import Translator

    started = time.perf_counter()
    translator = Translator(model_dir, backend="ctranslate2", device="cpu", beams=beams,
                            threads=threads)  # fmt: skip
    load_s = time.perf_counter() - started
    sentences = _sentences(count)
    translator.translate(sentences[:2])
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        translator.translate(sentences)
        runs.append(time.perf_counter() - started)
    elapsed = statistics.median(runs)
    model_bin = Path(translator.backend.ct2_dir) / "model.bin"  # type: ignore[attr-defined]
    return {
        "sentences": len(sentences),
        "seconds": round(elapsed, 2),
        "runs_s": [round(run, 2) for run in runs],
        "sents_per_s": round(len(sentences) / elapsed, 2),
        "load_s": round(load_s, 1),
        "int8_mb": round(model_bin.stat().st_size / 2**20),  # MiB, as `aligner models list`
        "input_limit": translator.limit,
    }


def _build(arch: str, work: Path) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_test_model

    folder = work / arch
    if not folder.is_dir():
        print(f"building {arch} (random weights) in {folder}", file=sys.stderr, flush=True)
        make_test_model.build_model(folder, arch)
    return folder


def _run(arch: str, args: argparse.Namespace) -> dict[str, Any]:
    folder = _build(arch, args.work)
    env = {**os.environ, FORCE_ENV: str(args.output_tokens), "ALIGNER_MODELS": str(args.work)}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    command = [sys.executable, __file__, "--worker", str(folder), "--sentences",
               str(args.sentences), "--beams", str(args.beams),
               "--repeats", str(args.repeats)]  # fmt: skip
    if args.threads:
        command += ["--threads", str(args.threads)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{arch}: worker failed:\n{done.stderr[-2000:]}")
    return {"arch": arch, **json.loads(done.stdout.strip().splitlines()[-1])}


def _markdown(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    head = (
        f"CPU ({platform.processor() or platform.machine()}, {os.cpu_count()} cores), "
        f"CTranslate2 int8, beam {args.beams}, {args.sentences} sentences (median of "
        f"{args.repeats} runs), every output "
        f"{args.output_tokens} tokens; random weights at the published sizes.\n\n"
        "| architecture | int8 on disk | sentences/s | load (s) | input limit |\n"
        "|---|---:|---:|---:|---:|\n"
    )
    lines = [
        f"| {r['arch']} | {r['int8_mb']} MB | {r['sents_per_s']} | {r['load_s']} | "
        f"{r['input_limit']} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archs", default=DEFAULT_ARCHS)
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--output-tokens", type=int, default=24)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the median counts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/aligner-bench-models"))
    parser.add_argument("--out", type=Path, default=Path("bench-results"))
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = worker(args.worker, args.sentences, args.beams, args.threads, args.repeats)
        print(json.dumps(result))
        return 0
    rows = []
    for arch in args.archs.split(","):
        rows.append(_run(arch, args))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "models.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (args.out / "models.md").write_text(_markdown(rows, args), encoding="utf-8")
    print(_markdown(rows, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
