#!/usr/bin/env python
"""Translation speed: transformers vs CTranslate2 vs end-to-end ``aligner translate``.

    flock /tmp/aligner-bench.lock python scripts/bench_translate.py [--quick] [--sentences N]

Builds (or reuses) a random model with the real opus-mt-id-en architecture
(``scripts/make_test_model.py --arch opus-mt``) and its CTranslate2 conversions, then runs,
interleaved, each configuration in its own subprocess (so peak RSS is per configuration):

- raw transformers fp32 ``generate`` at batch sizes 1/16/64, greedy and beam 4;
- raw transformers with dynamic int8 (``torch.ao.quantization.quantize_dynamic``);
- raw CTranslate2 fp32 and int8 ``translate_batch`` (token-budget batches);
- end to end: a real ``aligner translate`` subprocess (default options except ``--beams``);
- cold start: launch to first pair written, converted model present (both backends);
- peak memory of the default path on a 1,000-sentence article.

All on the same real sentences (``../shared/data/news-valid.id``). Random weights would
decide how long outputs are, so every output is forced to exactly ``--output-tokens``
tokens (min = max length; end to end through ``$ALIGNER_BENCH_OUTPUT_TOKENS``, which also
turns off the cap-hit retry that every forced output would otherwise trigger).
The machines this runs on are noisy (±20% between identical runs), so every configuration
runs ``--repeats`` times, interleaved, and the report gives each one's median run.
Writes ``<out>/translate.json`` and ``<out>/translate.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "news-valid.id"
FORCE_ENV = "ALIGNER_BENCH_OUTPUT_TOKENS"


# -- worker side: one configuration, in its own process ------------------------------------


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _load_sentences(path: Path, count: int, every: int = 1) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:count][::every]


def _pieces(model_dir: Path, sentences: list[str]) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    from aligner.translation.tokenizer import MarianVocab

    vocab = MarianVocab(model_dir)
    return [vocab.encode(s) for s in sentences]


def run_hf(config: dict[str, Any], pieces: list[list[str]]) -> dict[str, Any]:
    """Raw ``MarianMTModel.generate``, length-sorted batches of ``batch`` sentences."""
    import torch
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(_cores())
    model = MarianMTModel.from_pretrained(config["model"]).eval()
    if config["compute"] == "int8":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, torch.qint8)
    model.generation_config.forced_eos_token_id = None
    vocab = json.loads((Path(config["model"]) / "vocab.json").read_text(encoding="utf-8"))
    rows = sorted(([vocab.get(p, 1) for p in s] for s in pieces), key=len)
    pad, n, out_tokens = vocab["<pad>"], config["output_tokens"], 0
    start = time.perf_counter()
    for i in range(0, len(rows), config["batch"]):
        batch = rows[i : i + config["batch"]]
        width = max(map(len, batch))
        ids = torch.tensor([r + [pad] * (width - len(r)) for r in batch])
        mask = (ids != pad).long()
        with torch.inference_mode():
            out = model.generate(
                input_ids=ids,
                attention_mask=mask,
                num_beams=config["beams"],
                do_sample=False,
                min_new_tokens=n,
                max_new_tokens=n,
            )
        out_tokens += int((out[:, 1:] != pad).sum())
    return {"seconds": time.perf_counter() - start, "output_tokens": out_tokens}


def run_ct2(config: dict[str, Any], pieces: list[list[str]]) -> dict[str, Any]:
    """Raw ``ctranslate2.Translator.translate_batch`` with the backend's settings."""
    import ctranslate2

    translator = ctranslate2.Translator(
        config["ct2_dir"],
        device="cpu",
        compute_type=config["compute"],
        inter_threads=1,  # as the backend: one batch at a time, all cores on it
        intra_threads=_cores(),
    )
    n = config["output_tokens"]
    start = time.perf_counter()
    results = translator.translate_batch(
        pieces,
        beam_size=config["beams"],
        max_decoding_length=n,
        min_decoding_length=n,
        max_batch_size=config["batch_tokens"],
        batch_type="tokens",
        max_input_length=0,
        suppress_sequences=[["<pad>"]],
        return_end_token=True,
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "output_tokens": sum(len(r.hypotheses[0]) for r in results)}


def worker(config: dict[str, Any]) -> None:
    every = config.get("every", 1)
    sentences = _load_sentences(Path(config["data"]), config["sentences"], every)
    pieces = _pieces(Path(config["model"]), sentences)
    result = run_hf(config, pieces) if config["kind"] == "hf" else run_ct2(config, pieces)
    result.update(sentences=len(sentences), input_tokens=sum(map(len, pieces)))
    print(json.dumps(result))


# -- parent side -----------------------------------------------------------------------------


def _spawn(cmd: list[str], env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Run ``cmd``; its stdout, wall seconds and peak RSS in MB (of that child alone)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[:4]}... failed:\n{err.read().decode()[-3000:]}")
        return out.read().decode(), wall, usage.ru_maxrss / 1024


def run_raw(config: dict[str, Any]) -> dict[str, Any]:
    stdout, _, rss = _spawn([sys.executable, __file__, "--worker", json.dumps(config)])
    result = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "peak_rss_mb": rss}


def _aligner_cmd(args: list[str]) -> list[str]:
    """The installed ``aligner`` command of this environment (``python -m aligner`` if none)."""
    script = Path(sys.executable).parent / "aligner"
    launcher = [str(script)] if script.is_file() else [sys.executable, "-m", "aligner"]
    return [*launcher, "translate", *args]


def _env(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "ALIGNER_MODELS": str(args.store),
        FORCE_ENV: str(args.output_tokens),
        "PYTHONPATH": str(ROOT),
    }


def run_e2e(config: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """A real ``aligner translate`` run over a file of the sentences, one per line."""
    sentences = _load_sentences(args.data, config["sentences"])
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "article.id.txt", Path(tmp) / "out.tsv"
        per_line = config.get("per_paragraph", 1)
        lines = [" ".join(sentences[i : i + per_line]) for i in range(0, len(sentences), per_line)]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cmd = ["--model", str(args.model), "-o", str(output), "--quiet", str(source)]
        if config["beams"]:
            cmd[:0] = ["--beams", str(config["beams"])]
        _, wall, rss = _spawn(_aligner_cmd(cmd), _env(args))
        pairs = output.read_text(encoding="utf-8").count("\n")
    tokens = pairs * args.output_tokens
    return {"seconds": wall, "sentences": pairs, "output_tokens": tokens, "peak_rss_mb": rss}


def cold_start(backend: str, args: argparse.Namespace) -> float:
    """Seconds from launching ``aligner translate`` to its first pair on stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "one.id.txt"
        source.write_text(_load_sentences(args.data, 1)[0] + "\n", encoding="utf-8")
        cmd = _aligner_cmd(["--model", str(args.model), "--backend", backend, str(source)])
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(args), cwd=ROOT
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        seconds = time.perf_counter() - start
        proc.wait()
    if not first:
        raise RuntimeError(f"cold start with {backend}: no output")
    return seconds


# -- plan --------------------------------------------------------------------------------------


def plan(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every configuration, interleaved across families so drift hits all alike."""
    base = {"data": str(args.data), "model": str(args.model), "output_tokens": args.output_tokens}
    n, slow = args.sentences, args.slow_every
    fams: dict[str, list[dict[str, Any]]] = {k: [] for k in ("hf32", "hf8", "ct32", "ct8", "e2e")}
    for beams in (1, 4):
        tag = "greedy" if beams == 1 else "beam 4"
        for batch in args.hf_batches:
            every = 2 * slow if batch == 1 else slow if beams > 1 else 1
            fams["hf32"].append(
                {
                    **base,
                    "kind": "hf",
                    "compute": "float32",
                    "beams": beams,
                    "batch": batch,
                    "sentences": n,
                    "every": every,
                    "name": f"transformers fp32, batch {batch}, {tag}",
                }
            )
        for batch in args.hf_int8_batches:
            fams["hf8"].append(
                {
                    **base,
                    "kind": "hf",
                    "compute": "int8",
                    "beams": beams,
                    "batch": batch,
                    "sentences": n,
                    "every": slow if beams > 1 else 1,
                    "name": f"transformers dynamic int8, batch {batch}, {tag}",
                }
            )
        for compute, fam in (("float32", "ct32"), ("int8", "ct8")):
            for budget in args.ct2_budgets:
                fams[fam].append(
                    {
                        **base,
                        "kind": "ct2",
                        "compute": compute,
                        "beams": beams,
                        "batch_tokens": budget,
                        "sentences": n,
                        "ct2_dir": str(args.ct2_dirs[compute]),
                        "name": f"CTranslate2 {compute}, {budget} tokens, {tag}",
                    }
                )
        fams["e2e"].append(
            {
                "kind": "e2e",
                "beams": beams,
                "sentences": n,
                "name": f"aligner translate (default, int8), {tag}",
            }
        )
    order: list[dict[str, Any]] = []
    while any(fams.values()):
        for fam in fams.values():
            if fam:
                order.append(fam.pop(0))
    return order


# -- setup -----------------------------------------------------------------------------------


# The parent never imports torch, transformers or ctranslate2: Linux carries a process's
# peak RSS over fork and exec into its children, so a heavy parent would inflate every
# child's figure. Building and converting run in subprocesses for the same reason.
CONVERT = (
    "import sys; from pathlib import Path; "
    "from aligner.translation.models.convert import ensure_converted; "
    "print(ensure_converted(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])))"
)


def prepare(args: argparse.Namespace) -> None:
    if not (args.model / "config.json").is_file():
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
    args.ct2_dirs = {}
    for quantization in ("float32", "int8"):
        cmd = [sys.executable, "-c", CONVERT, str(args.model), quantization, str(args.store)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        args.ct2_dirs[quantization] = Path(done.stdout.strip())


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text().splitlines()
            if ln.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cores": _cores(),
        "cpu": cpu,
        "python": platform.python_version(),
        **{name: version(name) for name in ("torch", "transformers", "ctranslate2")},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# -- report ----------------------------------------------------------------------------------


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    row["sent_per_s"] = row["sentences"] / row["seconds"]
    row["tok_per_s"] = row["output_tokens"] / row["seconds"]
    return row


def _median_row(found: list[dict[str, Any]]) -> dict[str, Any]:
    """One configuration over its rounds: the run of median speed (its own RSS and
    tokens), with every round's sentences/s kept to show the spread."""
    ranked = sorted(found, key=lambda r: r["sent_per_s"])
    row = dict(ranked[(len(ranked) - 1) // 2])
    row["rounds_sent_per_s"] = [r["sent_per_s"] for r in found]
    row["peak_rss_mb"] = max(r["peak_rss_mb"] for r in found)
    return row


def _best(rows: list[dict[str, Any]], prefix: str, beams: int) -> dict[str, Any]:
    found = [r for r in rows if r["name"].startswith(prefix) and r["beams"] == beams]
    return max(found, key=lambda r: r["sent_per_s"])


def ratios(rows: list[dict[str, Any]], cold: dict[str, float], article: dict[str, Any]) -> dict:
    out: dict[str, Any] = {}
    for beams, need in ((4, 2.0), (1, 3.0)):
        tag = "greedy" if beams == 1 else "beam4"
        e2e = _best(rows, "aligner translate", beams)
        hf = _best(rows, "transformers fp32", beams)
        ct8 = _best(rows, "CTranslate2 int8", beams)
        speedup = e2e["sent_per_s"] / hf["sent_per_s"]
        share = e2e["sent_per_s"] / ct8["sent_per_s"]
        out[f"e2e_vs_transformers_fp32_best_{tag}"] = {
            "value": speedup,
            "need": f">= {need}",
            "ok": speedup >= need,
            "vs": hf["name"],
        }
        out[f"e2e_vs_raw_ct2_int8_{tag}"] = {
            "value": share,
            "need": ">= 0.85",
            "ok": share >= 0.85,
            "vs": ct8["name"],
        }
        # the same, with the fixed start-up (the cold start measured below) taken out
        steady = e2e["sentences"] / max(1e-9, e2e["seconds"] - cold["ctranslate2"])
        share = steady / ct8["sent_per_s"]
        out[f"e2e_after_startup_vs_raw_ct2_int8_{tag}"] = {
            "value": share,
            "need": ">= 0.85",
            "ok": share >= 0.85,
            "vs": ct8["name"],
        }
    out["cold_start_s"] = {
        "value": cold["ctranslate2"],
        "need": "< 2",
        "ok": cold["ctranslate2"] < 2,
    }
    rss = article["peak_rss_mb"]
    out["article_peak_rss_mb"] = {"value": rss, "need": "< 1024", "ok": rss < 1024}
    return out


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, torch {m['torch']}, "
        f"transformers {m['transformers']}, CTranslate2 {m['ctranslate2']}; {m['date']}.",
        f"Model: random weights, opus-mt-id-en architecture; every output forced to "
        f"{result['output_tokens']} tokens; sentences from news-valid.id.",
        "",
        f"Each configuration ran {result.get('repeats', 1)} time(s), interleaved with the "
        "others; sent/s and tokens/s are the median run's, with the range over the rounds.",
        "",
        "| configuration | sentences | sent/s (median) | range | tokens/s | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(result["rows"], key=lambda r: r["name"]):
        spread = r.get("rounds_sent_per_s", [r["sent_per_s"]])
        lines.append(
            f"| {r['name']} | {r['sentences']} | {r['sent_per_s']:.1f} | "
            f"{min(spread):.1f}–{max(spread):.1f} | {r['tok_per_s']:.0f} | "
            f"{r['peak_rss_mb']:.0f} |"
        )
    a = result["article"]
    lines += [
        "",
        f"Cold start (launch to first pair, converted model present), median of "
        f"{result['cold_runs']}: CTranslate2 {result['cold_start']['ctranslate2']:.2f} s, "
        f"transformers {result['cold_start']['transformers']:.2f} s.",
        f"Article of {a['sentences']} sentences, default options ({a['beams_label']}): "
        f"{a['seconds']:.1f} s, {a['sent_per_s']:.1f} sent/s, peak RSS {a['peak_rss_mb']:.0f} MB.",
        "",
        "| target | value | needed | met |",
        "|---|---:|---:|---|",
    ]
    for key, r in result["ratios"].items():
        lines.append(f"| {key} | {r['value']:.2f} | {r['need']} | {'yes' if r['ok'] else 'NO'} |")
    return "\n".join(lines) + "\n"


# -- main ------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--model", type=Path, default=ROOT / "bench-out" / "opus-mt-random")
    p.add_argument("--store", type=Path, default=ROOT / "bench-out" / "models")
    p.add_argument("--out", type=Path, default=ROOT / "bench-out")
    p.add_argument("--sentences", type=int, default=256)
    p.add_argument("--output-tokens", type=int, default=32)
    p.add_argument(
        "--slow-every",
        type=int,
        default=4,
        help="transformers beam runs use every Nth sentence, batch-1 runs every 2Nth (time)",
    )
    p.add_argument("--article-sentences", type=int, default=1000)
    p.add_argument("--cold-runs", type=int, default=3)
    p.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="rounds over every configuration (interleaved); the report gives medians",
    )
    p.add_argument("--quick", action="store_true", help="few sentences, fewer configurations")
    p.add_argument("--from-json", type=Path, help="only re-render the report of a saved run")
    args = p.parse_args(argv)
    args.hf_batches, args.hf_int8_batches = [1, 16, 64], [16, 64]
    args.ct2_budgets = [1024, 2048, 4096]
    if args.quick:
        args.sentences, args.article_sentences, args.cold_runs, args.repeats = 32, 100, 1, 1
        args.hf_batches, args.hf_int8_batches, args.ct2_budgets = [16], [16], [2048]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    if args.from_json:
        result = json.loads(args.from_json.read_text(encoding="utf-8"))
        result["ratios"] = ratios(result["rows"], result["cold_start"], result["article"])
        return report(result, args.out)
    prepare(args)
    runs: dict[str, list[dict[str, Any]]] = {}
    for round_no in range(1, args.repeats + 1):
        for config in plan(args):
            print(f"round {round_no}: {config['name']}", file=sys.stderr, flush=True)
            raw = run_e2e(config, args) if config["kind"] == "e2e" else run_raw(config)
            row = _rates({**raw, "name": config["name"], "beams": config["beams"]})
            runs.setdefault(config["name"], []).append(row)
            print(
                f"  {row['sent_per_s']:.1f} sent/s, {row['peak_rss_mb']:.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    rows = [_median_row(found) for found in runs.values()]
    cold = {
        b: statistics.median(cold_start(b, args) for _ in range(args.cold_runs))
        for b in ("ctranslate2", "transformers")
    }
    article = _rates(run_e2e({"beams": 0, "sentences": args.article_sentences}, args))
    article["beams_label"] = "the model's default beams"
    result = {
        "machine": machine(),
        "output_tokens": args.output_tokens,
        "repeats": args.repeats,
        "rows": rows,
        "cold_start": cold,
        "cold_runs": args.cold_runs,
        "article": article,
        "ratios": ratios(rows, cold, article),
    }
    return report(result, args.out)


def report(result: dict[str, Any], out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    (out / "translate.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (out / "translate.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
