#!/usr/bin/env python
"""Batch throughput: many small files vs one file with the same sentences, and a cached re-run.

    flock /tmp/aligner-bench.lock python scripts/bench_batch.py [--files 1000] [--beams 1]

Takes ``--sentences`` lines of ``../shared/data/news-valid.id`` (all 1,953 by default) and
lays them out twice: as ``--files`` small files of one or two one-line paragraphs each (in
nested folders of 100), and as one file holding the same paragraphs in the same order.
Runs ``aligner.batch.runner.run_batch`` in this process (model loaded once, outside the timings)
on each, fresh output folder and fresh translation memory, alternating one file / many
files ``--repeat`` times (the machine is shared: the best of each is reported, every run
is listed), then re-runs the small-file folder twice: resumed (every file unchanged) and
``--no-resume`` (everything rewritten, every sentence answered by the translation memory).

Random weights would decide how long outputs are, so every output is forced to exactly
``--output-tokens`` tokens (``$ALIGNER_BENCH_OUTPUT_TOKENS``, as in bench_translate.py).
The model is the random opus-mt-id-en-architecture one that bench_translate.py builds
(``bench-out/opus-mt-random``; built here if missing), CTranslate2 int8 (the default).
Writes ``bench-out/batch.json`` and ``bench-out/batch.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "news-valid.id"
FORCE_ENV = "ALIGNER_BENCH_OUTPUT_TOKENS"


def _sentences(path: Path, count: int) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    found = [line for line in lines if line][:count]
    if len(found) < count:
        raise SystemExit(f"{path} has only {len(found)} sentences; ask for fewer")
    return found


def _layout(root: Path, sentences: list[str], files: int) -> tuple[Path, Path]:
    many, one = root / "many", root / "one"
    one.mkdir(parents=True)
    (one / "all.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    count = len(sentences)
    for number in range(files):
        folder = many / f"part{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        part = sentences[number * count // files : (number + 1) * count // files]
        (folder / f"article{number:04d}.txt").write_text("\n".join(part) + "\n", "utf-8")
    return many, one


def _run(label: str, src: Path, out: Path, translator: Any, **options: Any) -> dict[str, Any]:
    from aligner.batch.runner import BatchOptions, run_batch

    started = time.perf_counter()
    result = run_batch(src, out, translator, BatchOptions(formats=("tsv", "jsonl"), **options))
    wall = time.perf_counter() - started
    row = {
        "run": label,
        "files": sum(r.status == "done" for r in result.records),
        "sentences": result.sentences,
        "model_sentences": result.cache_misses,
        "cache_hits": result.cache_hits,
        "seconds": round(wall, 2),
        "sent_per_s": round(result.sentences / wall, 1) if wall else 0.0,
        "corpus_pairs": result.corpus_pairs,
    }
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row


def _prepare_model(args: argparse.Namespace) -> None:
    if (args.model / "config.json").is_file():
        return
    print(f"building the opus-mt-architecture random model in {args.model}", file=sys.stderr)
    build = [
        sys.executable,
        str(ROOT / "scripts/make_test_model.py"),
        str(args.model),
        "--arch",
        "opus-mt",
        "--text",
        str(args.data),
    ]
    subprocess.run(build, check=True)


def bench(args: argparse.Namespace) -> dict[str, Any]:
    os.environ[FORCE_ENV] = str(args.output_tokens)
    os.environ["ALIGNER_MODELS"] = str(args.store)
    sys.path.insert(0, str(ROOT))
    from aligner.translation.translator import Translator

    _prepare_model(args)
    translator = Translator(args.model, beams=args.beams)
    sentences = _sentences(args.data, args.sentences)
    translator.translate(sentences[-16:])  # warm-up, outside every timing
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        many, one = _layout(Path(tmp), sentences, args.files)
        opts = {"chunk_sentences": args.chunk}
        for attempt in range(args.repeat):
            layouts = (("one file", one, "one"), (f"{args.files} files", many, "many"))
            for label, src, name in layouts:
                shutil.rmtree(Path(tmp) / f"out-{name}", ignore_errors=True)
                row = _run(label, src, Path(tmp) / f"out-{name}", translator, **opts)
                rows.append({**row, "attempt": attempt + 1})
        rows.append(_run("re-run, resumed", many, Path(tmp) / "out-many", translator, **opts))
        rows.append(
            _run(
                "re-run, --no-resume (all from the cache)",
                many,
                Path(tmp) / "out-many",
                translator,
                resume=False,
                **opts,
            )
        )
        same = (Path(tmp) / "out-one" / "corpus.tsv").read_text("utf-8").count("\n") == (
            Path(tmp) / "out-many" / "corpus.tsv"
        ).read_text("utf-8").count("\n")
        shutil.rmtree(Path(tmp) / "many")
    best_one = max(r["sent_per_s"] for r in rows if r["run"] == "one file")
    best_many = max(r["sent_per_s"] for r in rows if r["run"] == f"{args.files} files")
    ratio = best_many / best_one if best_one else 0.0
    return {
        "rows": rows,
        "many_vs_one": round(ratio, 3),
        "same_corpus_size": same,
        "signature": translator.signature(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }


def markdown(report: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Model: random weights, opus-mt-id-en architecture, CTranslate2 int8, beams "
        f"{args.beams}; every output forced to {args.output_tokens} tokens; "
        f"{args.sentences} lines of news-valid.id in {args.files} files or one; "
        f"chunk {args.chunk}.",
        "",
        "| run | files | sentences | by the model | cache hits | seconds | sent/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["rows"]:
        label = row["run"] + (f" (#{row['attempt']})" if "attempt" in row else "")
        lines.append(
            f"| {label} | {row['files']} | {row['sentences']} | {row['model_sentences']} "
            f"| {row['cache_hits']} | {row['seconds']} | {row['sent_per_s']} |"
        )
    verdict = "yes" if abs(1 - report["many_vs_one"]) <= 0.15 else "NO"
    lines += [
        "",
        f"many files / one file, best sentences/s of each: "
        f"{report['many_vs_one']:.3f} (target: within 15%: {verdict})",
    ]
    return "\n".join(lines) + "\n"


def add_folder_arguments(p: argparse.ArgumentParser) -> None:
    """The folder, model and output options bench_ray.py shares."""
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--sentences", type=int, default=1953, help="lines of --data to use")
    p.add_argument("--beams", type=int, default=1)
    p.add_argument("--output-tokens", type=int, default=16)
    p.add_argument("--model", type=Path, default=ROOT / "bench-out" / "opus-mt-random")
    p.add_argument("--store", type=Path, default=ROOT / "bench-out" / "models")
    p.add_argument("--out", type=Path, default=ROOT / "bench-out")


def save(args: argparse.Namespace, name: str, report: dict[str, Any], text: str) -> None:
    """``bench-out/NAME.json`` and ``NAME.md``, and the table on stdout."""
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_folder_arguments(p)
    p.add_argument("--chunk", type=int, default=512, help="sentences per model call")
    p.add_argument("--repeat", type=int, default=2, help="alternating one/many runs")
    args = p.parse_args()
    report = bench(args)
    save(args, "batch", report, markdown(report, args))


if __name__ == "__main__":
    main()
