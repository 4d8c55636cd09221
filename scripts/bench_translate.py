#!/usr/bin/env python
"""Translation speed: ``aligner translate`` / ``aligner batch`` against raw CTranslate2 at
every split of the cores.

    flock -x /tmp/aligner-bench.lock python scripts/bench_translate.py [--quick]
    python scripts/bench_translate.py --device cuda        # on a GPU machine: one command

Builds (or reuses) a random model with the real opus-mt-id-en architecture
(``scripts/make_test_model.py --arch opus-mt``) and its CTranslate2 conversion, then runs,
interleaved over ``--repeats`` rounds, each configuration in its own subprocess (so its
peak RSS is its own), on the same news-valid sentences:

- raw CTranslate2 (int8 on CPU, float16 on CUDA): every ``inter x intra`` split of the
  cores (on CUDA: 1, 2 and 4 batches per GPU on every GPU) at two batch budgets, the
  length-sorted batches submitted at once with ``translate_batch(asynchronous=True)`` and
  collected in order, as a user who knows the engine would;
- ``aligner translate`` at its defaults, and with ``--parallel-batches 1`` (one batch at
  a time on every core: the shape before several batches were in flight);
- ``aligner batch`` at its defaults, on the same sentences spread over a few files;

greedy, beam 4 and beam 6 (the model's default). Random weights would decide how long
outputs are, so every output is exactly ``--output-tokens`` tokens (min = max length; end
to end through ``$ALIGNER_BENCH_OUTPUT_TOKENS``, which also turns off the cap-hit retry).
The report gives medians of the rounds with their ranges, the ratio of each default to
the best raw configuration, and the peak RSS each extra batch in flight costs.
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
DECODINGS = {1: "greedy", 4: "beam 4", 6: "beam 6"}
COMPUTE = {"cpu": "int8", "cuda": "float16"}
STARTUP = "start-up: aligner translate of 1 line"  # news-valid line 1: two sentences
BASELINE = "aligner translate (default) at"  # an older commit's, with --baseline REF


def _cores() -> int:
    sys.path.insert(0, str(ROOT))
    from aligner.translation.backends.base import available_cores

    return available_cores()


def _load_sentences(path: Path, count: int) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:count]


# -- worker side: one raw configuration, in its own process ---------------------------------


def _cut(order: list[int], pieces: list[list[str]], budget: int) -> list[list[int]]:
    """Indices of length-sorted batches within ``budget`` padded source tokens (the
    Translator's rule)."""
    batches: list[list[int]] = [[]]
    for i in order:
        if batches[-1] and (len(batches[-1]) + 1) * len(pieces[i]) > budget:
            batches.append([])
        batches[-1].append(i)
    return batches


def run_ct2(config: dict[str, Any], translator: Any, pieces: list[list[str]]) -> list[list[str]]:
    """Raw ``translate_batch``: every batch submitted asynchronously, results in order."""
    n = config["output_tokens"]
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    batches = _cut(order, pieces, config["batch_tokens"])
    pending = [
        translator.translate_batch(
            [pieces[i] for i in batch],
            asynchronous=True,
            beam_size=config["beams"],
            max_decoding_length=n,
            min_decoding_length=n,
            max_input_length=0,
            suppress_sequences=[["<pad>"]],
        )
        for batch in batches
    ]
    outputs: list[list[str]] = [[] for _ in pieces]
    for batch, results in zip(batches, pending, strict=True):
        for i, result in zip(batch, results, strict=True):
            outputs[i] = result.result().hypotheses[0]
    return outputs


def worker(config: dict[str, Any]) -> None:
    """What a user who knows the engine writes: read the sentences, tokenize them with the
    model's SentencePiece, load CTranslate2 at one split, translate, detokenize, write a
    TSV. Nothing of aligner is imported; the parent times the whole process, this the
    decoding."""
    import ctranslate2
    import sentencepiece

    model = Path(config["model"])
    source = sentencepiece.SentencePieceProcessor(model_file=str(model / "source.spm"))
    target = sentencepiece.SentencePieceProcessor(model_file=str(model / "target.spm"))
    vocab = set(json.loads((model / "vocab.json").read_text(encoding="utf-8")))
    sentences = _load_sentences(Path(config["data"]), config["sentences"])
    pieces = [
        [p if p in vocab else "<unk>" for p in source.encode(s, out_type=str)] + ["</s>"]
        for s in sentences
    ]
    gpus = config.get("gpus", 0)
    translator = ctranslate2.Translator(
        config["ct2_dir"],
        device=config["device"],
        device_index=list(range(gpus)) if gpus else 0,
        compute_type=config["compute"],
        inter_threads=config["inter"],
        intra_threads=config["intra"],
    )
    start = time.perf_counter()
    outputs = run_ct2(config, translator, pieces)
    seconds = time.perf_counter() - start
    with open(config["output"], "w", encoding="utf-8") as out:
        for sentence, hypothesis in zip(sentences, outputs, strict=True):
            out.write(f"{sentence}\t{target.decode_pieces(hypothesis)}\n")
    tokens = sum(map(len, outputs))
    print(json.dumps({"decode_s": seconds, "output_tokens": tokens, "sentences": len(outputs)}))


# -- parent side: subprocesses ----------------------------------------------------------------


def _spawn(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[str, float, float, float]:
    """Run ``cmd``; its stdout, wall seconds, peak RSS in MB and CPU seconds (user and
    system: on a busy machine the CPU a configuration spends per token is steadier than
    its wall time)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{cmd[:4]}... failed:\n{err.read().decode()[-3000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        return out.read().decode(), wall, usage.ru_maxrss / 1024, cpu


def run_raw(config: dict[str, Any]) -> dict[str, Any]:
    """One raw configuration: ``seconds`` is the whole process (start, load, tokenize,
    decode, write), as for ``aligner``; ``decode_s`` the decoding alone."""
    with tempfile.TemporaryDirectory() as tmp:
        config = {**config, "output": str(Path(tmp) / "out.tsv")}
        cmd = [sys.executable, __file__, "--worker", json.dumps(config)]
        stdout, wall, rss, cpu = _spawn(cmd, _env())
    found = json.loads(stdout.strip().splitlines()[-1])
    return {**found, "seconds": wall, "peak_rss_mb": rss, "cpu_s": cpu}


def _aligner(args: list[str]) -> list[str]:
    """The installed ``aligner`` command of this environment (``python -m aligner`` if none)."""
    script = Path(sys.executable).parent / "aligner"
    launcher = [str(script)] if script.is_file() else [sys.executable, "-m", "aligner"]
    return [*launcher, *args]


def _env(args: argparse.Namespace | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args is not None:
        env.update(ALIGNER_MODELS=str(args.store), **{FORCE_ENV: str(args.output_tokens)})
    return env


def run_e2e(config: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """A real ``aligner translate`` (one file) or ``aligner batch`` (``--files`` files)."""
    sentences = _load_sentences(args.data, config.get("sentences", args.sentences))
    common = ["--model", str(args.model), "--device", args.device, "-q", *config["extra"]]
    if config["beams"] != 6:  # 6: the model's default, left to it
        common += ["--beams", str(config["beams"])]
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        files = args.files if config["command"] == "batch" else 1
        for k in range(files):
            text = "\n".join(sentences[k::files]) + "\n"
            (folder / f"part{k:02d}.id.txt").write_text(text, encoding="utf-8")
        if config["command"] == "batch":
            cmd = ["batch", str(folder), str(out), "-f", "tsv", *common]
            corpus = out / "corpus.tsv"
        else:
            corpus = Path(tmp) / "out.tsv"
            cmd = ["translate", str(folder / "part00.id.txt"), "-o", str(corpus), *common]
        if config.get("baseline"):  # the older checkout, run from its own folder
            where = Path(config["baseline"])
            env = {**_env(args), "PYTHONPATH": str(where)}
            _, wall, rss, cpu = _spawn([sys.executable, "-m", "aligner", *cmd], env, where)
        else:
            _, wall, rss, cpu = _spawn(_aligner(cmd), _env(args))
        pairs = corpus.read_text(encoding="utf-8").count("\n")
    return {
        "seconds": wall,
        "sentences": pairs,
        "output_tokens": pairs * args.output_tokens,
        "peak_rss_mb": rss,
        "cpu_s": cpu,
    }


# -- plan -------------------------------------------------------------------------------------


def splits(args: argparse.Namespace) -> list[tuple[int, int]]:
    """(inter, intra): on CPU every factorisation of the cores; on CUDA batches per GPU."""
    if args.device == "cuda":
        return [(inter, 1) for inter in (1, 2, 4)]
    cores = args.cores
    return [(inter, cores // inter) for inter in range(1, cores + 1) if cores % inter == 0]


def plan(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every configuration of one round, raw and end to end alternating so that drift on
    a busy machine hits both alike."""
    base = {
        "data": str(args.data),
        "model": str(args.model),
        "output_tokens": args.output_tokens,
        "sentences": args.sentences,
        "device": args.device,
        "compute": COMPUTE[args.device],
        "ct2_dir": str(args.ct2_dir),
        "gpus": args.gpus,
    }
    raw, e2e = [], []
    for beams in args.beams:
        tag = DECODINGS[beams]
        for budget in args.budgets:
            for inter, intra in splits(args):
                name = f"raw CTranslate2, inter {inter} x intra {intra}, {budget} tokens, {tag}"
                raw.append(
                    {**base, "kind": "raw", "beams": beams, "batch_tokens": budget}
                    | {"inter": inter, "intra": intra, "name": name}
                )
        for command, extra, label in (
            ("translate", [], "aligner translate (default)"),
            ("translate", ["--parallel-batches", "1"], "aligner translate --parallel-batches 1"),
            ("batch", [], "aligner batch (default)"),
        ):
            e2e.append(
                {"kind": "e2e", "command": command, "extra": extra, "beams": beams}
                | {"name": f"{label}, {tag}"}
            )
        if args.baseline:
            e2e.append(
                {"kind": "e2e", "command": "translate", "extra": [], "beams": beams}
                | {"name": f"{BASELINE} {args.baseline_ref}, {tag}", "baseline": args.baseline}
            )
    # the fixed cost of a run (imports, model load), to report rates after it as well
    e2e.append(
        {"kind": "e2e", "command": "translate", "extra": [], "beams": 1, "sentences": 1}
        | {"name": STARTUP}
    )
    order: list[dict[str, Any]] = []
    while raw or e2e:
        order += [fam.pop(0) for fam in (raw, e2e) if fam]
    return order


# -- setup ------------------------------------------------------------------------------------

# The parent never imports ctranslate2: Linux carries a process's peak RSS over fork and
# exec into its children, so a heavy parent would inflate every child's figure.
CONVERT = (
    "import sys; from pathlib import Path; "
    "from aligner.translation.models.convert import ensure_converted; "
    "print(ensure_converted(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])))"
)
GPUS = "import ctranslate2; print(ctranslate2.get_cuda_device_count())"


def checkout_baseline(args: argparse.Namespace, folder: Path) -> None:
    """``args.baseline`` (a commit) exported into ``folder``, and run once so that its own
    model conversion is not timed; ``args.baseline`` becomes that folder."""
    args.baseline_ref = args.baseline
    archive = subprocess.run(
        ["git", "archive", "--format=tar", args.baseline], cwd=ROOT, check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    args.baseline = str(folder)
    compile_package(folder)
    warm = {"kind": "e2e", "command": "translate", "extra": [], "beams": 1, "sentences": 1}
    run_e2e(warm | {"baseline": args.baseline}, args)


def compile_package(root: Path) -> None:
    """Byte-compile aligner under ``root``, as ``pip install`` does: a checkout run with
    $PYTHONDONTWRITEBYTECODE set (as some containers do) would otherwise compile every
    module it imports at every start (0.08 s here), a cost no installed copy has."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "aligner")], check=True)


def prepare(args: argparse.Namespace) -> None:
    compile_package(ROOT)
    if not (args.model / "config.json").is_file():
        print(f"building the opus-mt-architecture random model in {args.model}", file=sys.stderr)
        build = [sys.executable, str(ROOT / "scripts/make_test_model.py"), str(args.model)]
        subprocess.run([*build, "--arch", "opus-mt", "--text", str(args.data)], check=True)
    cmd = [sys.executable, "-c", CONVERT, str(args.model), COMPUTE[args.device], str(args.store)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=_env())
    args.ct2_dir = Path(done.stdout.strip().splitlines()[-1])
    found = subprocess.run([sys.executable, "-c", GPUS], capture_output=True, text=True)
    args.gpus = int(found.stdout.strip() or 0) if args.device == "cuda" else 0
    if args.device == "cuda" and not args.gpus:
        raise SystemExit("--device cuda: CTranslate2 sees no GPU on this machine")


def machine(args: argparse.Namespace) -> dict[str, Any]:
    from importlib.metadata import version

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [ln for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    return {
        "cores": args.cores,
        "cpu": cpu,
        "gpus": args.gpus,
        "device": args.device,
        "python": platform.python_version(),
        "ctranslate2": version("ctranslate2"),
        "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# -- report -----------------------------------------------------------------------------------


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    row["sent_per_s"] = row["sentences"] / row["seconds"]
    row["tok_per_s"] = row["output_tokens"] / row["seconds"]
    row["cpu_ms_per_tok"] = 1000 * row["cpu_s"] / max(1, row["output_tokens"])
    if "decode_s" in row:  # raw rows: the decoding alone, beside the whole process
        row["decode_tok_per_s"] = row["output_tokens"] / row["decode_s"]
    return row


def _median_row(found: list[dict[str, Any]]) -> dict[str, Any]:
    """One configuration over its rounds: medians, with every round's tokens/s kept."""
    row = dict(found[0])
    keys = ("seconds", "sent_per_s", "tok_per_s", "peak_rss_mb", "cpu_ms_per_tok")
    for key in (*keys, "decode_s", "decode_tok_per_s"):
        if key in row:
            row[key] = statistics.median(r[key] for r in found)
    row["rounds_tok_per_s"] = [r["tok_per_s"] for r in found]
    row["rounds_peak_rss_mb"] = [r["peak_rss_mb"] for r in found]
    return row


def _best_raw(rows: list[dict[str, Any]], beams: int, key: str = "tok_per_s") -> dict[str, Any]:
    """The fastest raw configuration by ``key``: the whole process (``tok_per_s``) or the
    decoding alone (``decode_tok_per_s``)."""
    found = [r for r in rows if r["kind"] == "raw" and r["beams"] == beams]
    return max(found, key=lambda r: r[key])


def _named(rows: list[dict[str, Any]], label: str, beams: int) -> dict[str, Any] | None:
    return next((r for r in rows if r["name"] == f"{label}, {DECODINGS[beams]}"), None)


def ratios(rows: list[dict[str, Any]], beams_run: list[int]) -> list[dict[str, Any]]:
    """Each default against the best raw configuration, end to end (whole processes both:
    need >= 0.95 greedy and beam 4), against the raw decoding alone, and after our start-up;
    and the default against the one-batch-at-a-time shape."""
    out = []
    first = next((r for r in rows if r["name"] == STARTUP), None)
    startup = first["seconds"] if first else 0.0
    for beams in beams_run:
        best = _best_raw(rows, beams)
        decode = _best_raw(rows, beams, "decode_tok_per_s")
        for label in ("aligner translate (default)", "aligner batch (default)"):
            row = _named(rows, label, beams)
            if row is None:
                continue
            tag = f"{label} / best raw, {DECODINGS[beams]}"
            need = 0.95 if beams in (1, 4) and "translate" in label else None
            out.append(
                _ratio(f"{tag}: whole processes", row["tok_per_s"] / best["tok_per_s"], need, best)
            )
            value = row["tok_per_s"] / decode["decode_tok_per_s"]
            out.append(_ratio(f"{tag}: raw decoding alone", value, None, decode))
            if row["seconds"] > startup:  # on a busy machine the start-up row may not be
                after = row["output_tokens"] / (row["seconds"] - startup)
                what = f"{tag}: ours after its start-up, raw decoding alone"
                out.append(_ratio(what, after / decode["decode_tok_per_s"], None, decode))
        default = _named(rows, "aligner translate (default)", beams)
        old = next(
            (r for r in rows if r["name"].startswith(BASELINE) and r["beams"] == beams), None
        )
        if default and old:
            value = default["tok_per_s"] / old["tok_per_s"]
            need = 1.5 if beams == 1 else None
            out.append(_ratio(f"default / {old['name']}", value, need))
        one = _named(rows, "aligner translate --parallel-batches 1", beams)
        if default and one:
            value = default["tok_per_s"] / one["tok_per_s"]
            out.append(_ratio(f"default / --parallel-batches 1, {DECODINGS[beams]}", value, None))
    return out


def _ratio(
    what: str, value: float, need: float | None, vs: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "what": what,
        "value": value,
        "need": f">= {need}" if need else "",
        "ok": None if need is None else value >= need,
        "vs": vs["name"] if vs else "",
    }


def rss_per_batch(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Peak RSS each extra batch in flight costs: the raw rows with the most batches
    against those with one, per decoding and budget."""
    out = []
    for beams in sorted({r["beams"] for r in rows}):
        for budget in sorted({r.get("batch_tokens", 0) for r in rows if r["kind"] == "raw"}):
            same = [
                r
                for r in rows
                if r["kind"] == "raw" and r["beams"] == beams and r["batch_tokens"] == budget
            ]
            if len(same) < 2:
                continue
            one = min(same, key=lambda r: r["inter"])
            most = max(same, key=lambda r: r["inter"])
            extra = (most["peak_rss_mb"] - one["peak_rss_mb"]) / max(1, most["inter"] - 1)
            out.append(
                {
                    "decoding": DECODINGS[beams],
                    "batch_tokens": budget,
                    "one_batch_mb": one["peak_rss_mb"],
                    "batches": most["inter"],
                    "most_batches_mb": most["peak_rss_mb"],
                    "per_extra_batch_mb": extra,
                }
            )
    return out


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Machine: {m['cores']} cores ({m['cpu']}), GPUs: {m['gpus']}, device {m['device']}, "
        f"Python {m['python']}, CTranslate2 {m['ctranslate2']}; load average {m['load']}; "
        f"{m['date']}.",
        f"Model: random weights, opus-mt-id-en architecture; {result['sentences']} news-valid "
        f"sentences; every output forced to {result['output_tokens']} tokens. Medians of "
        f"{result['repeats']} interleaved round(s), each configuration its own process; "
        "ranges over the rounds.",
        "",
        "Tokens/s: whole processes (start, load, tokenize, decode, write); raw rows also "
        "give the decoding alone.",
        "",
        "| configuration | tokens/s | range | decoding alone | sent/s | peak RSS (MB) | range "
        "| CPU ms/token |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(result["rows"], key=lambda r: (r["beams"], r["kind"], r["name"])):
        tok, rss = r["rounds_tok_per_s"], r["rounds_peak_rss_mb"]
        decode = f"{r['decode_tok_per_s']:.0f}" if "decode_tok_per_s" in r else ""
        lines.append(
            f"| {r['name']} | {r['tok_per_s']:.0f} | {min(tok):.0f}–{max(tok):.0f} | {decode} | "
            f"{r['sent_per_s']:.1f} | {r['peak_rss_mb']:.0f} | {min(rss):.0f}–{max(rss):.0f} | "
            f"{r['cpu_ms_per_tok']:.2f} |"
        )
    lines += ["", "| ratio | value | needed | met | best raw |", "|---|---:|---:|---|---|"]
    for r in result["ratios"]:
        met = "" if r["ok"] is None else "yes" if r["ok"] else "NO"
        lines.append(f"| {r['what']} | {r['value']:.2f} | {r['need']} | {met} | {r['vs']} |")
    lines += [
        "",
        "| decoding | batch tokens | 1 batch (MB) | most batches | their peak (MB) "
        "| per extra batch (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in result["rss_per_batch"]:
        lines.append(
            f"| {r['decoding']} | {r['batch_tokens']} | {r['one_batch_mb']:.0f} | {r['batches']} "
            f"| {r['most_batches_mb']:.0f} | {r['per_extra_batch_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


# -- main -------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--data", type=Path, default=DATA, help="news-valid.id (one sentence a line)")
    p.add_argument("--model", type=Path, default=ROOT / "bench-out" / "opus-mt-random")
    p.add_argument("--store", type=Path, default=ROOT / "bench-out" / "models")
    p.add_argument("--out", type=Path, default=ROOT / "bench-out")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--sentences", type=int, default=384)
    p.add_argument("--output-tokens", type=int, default=24)
    p.add_argument("--files", type=int, default=8, help="aligner batch: files to spread over")
    p.add_argument("--repeats", type=int, default=3, help="interleaved rounds; medians reported")
    p.add_argument("--quick", action="store_true", help="a short run: few sentences, one round")
    p.add_argument(
        "--beams",
        type=int,
        nargs="+",
        choices=sorted(DECODINGS),
        help="decodings to time (default: all, --quick: 1 and 4; --beams 1 --repeats 8 is a "
        "focused greedy run)",
    )
    p.add_argument("--from-json", type=Path, help="only re-render the report of a saved run")
    p.add_argument(
        "--baseline",
        metavar="REF",
        help="also time `aligner translate` as it was at this git commit (e.g. 71cd653, "
        "the default before several batches were in flight)",
    )
    args = p.parse_args(argv)
    args.budgets = [1024, 2048] if args.device == "cpu" else [8192, 16384]
    if args.quick:
        args.sentences, args.output_tokens, args.repeats, args.files = 64, 16, 1, 4
    args.beams = args.beams or ([1, 4] if args.quick else sorted(DECODINGS))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    if args.from_json:
        return report(json.loads(args.from_json.read_text(encoding="utf-8")), args.out)
    args.cores = _cores()
    prepare(args)
    with tempfile.TemporaryDirectory() as older:
        if args.baseline:
            checkout_baseline(args, Path(older))
        return report(measure(args), args.out)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {}
    for round_no in range(1, args.repeats + 1):
        for config in plan(args):
            print(f"round {round_no}: {config['name']}", file=sys.stderr, flush=True)
            raw = run_e2e(config, args) if config["kind"] == "e2e" else run_raw(config)
            keep = {k: config[k] for k in ("name", "kind", "beams")}
            keep |= {k: config[k] for k in ("inter", "intra", "batch_tokens") if k in config}
            row = _rates({**raw, **keep})
            runs.setdefault(config["name"], []).append(row)
            print(f"  {row['tok_per_s']:.0f} tok/s, {row['peak_rss_mb']:.0f} MB", file=sys.stderr)
    rows = [_median_row(found) for found in runs.values()]
    return {
        "machine": machine(args),
        "sentences": args.sentences,
        "output_tokens": args.output_tokens,
        "repeats": args.repeats,
        "beams": args.beams,
        "rows": rows,
    }


def report(result: dict[str, Any], out: Path) -> int:
    result["ratios"] = ratios(result["rows"], result["beams"])
    result["rss_per_batch"] = rss_per_batch(result["rows"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "translate.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (out / "translate.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
