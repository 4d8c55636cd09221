#!/usr/bin/env python
"""What the checks cost: when every check passes, and when every sentence fails one.

    flock -x /tmp/aligner-bench.lock python scripts/bench_checks.py [--arch tiny|opus-mt]
        [--sentences N] [--repeats R]

On the first N Indonesian sources of TICO-19 (``../shared/data/realmt``), with a random
model of the given architecture (``scripts/make_test_model.py``; ``opus-mt`` is the real
opus-mt-id-en shape), CTranslate2 on CPU, the model's default beams:

- ``off``: the Translator without checks;
- ``fail``: a glossary whose term is in every sentence and whose target no output has,
  so every sentence asks for its n-best list (``NBEST`` hypotheses) and scores them.

An output that passes costs only the checks themselves, timed alone on TICO-19's 2,100
real (source, output) pairs (a random model cannot stand in for passing outputs: it
invents numbers).
Each configuration runs ``--repeats`` times, interleaved; the median is reported. The
machines this runs on are shared and noisy: treat the figures as ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from aligner.checks import Glossary, GlossaryEntry, check_flags, make_checks
from aligner.translation.enforce import NBEST
from aligner.translation.translator import Translator

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "realmt"


def _model(arch: str) -> Path:
    import importlib.util

    folder = Path(tempfile.gettempdir()) / f"aligner-bench-checks-{arch}"
    if not (folder / "config.json").is_file():
        spec = importlib.util.spec_from_file_location(
            "mtm", ROOT / "scripts" / "make_test_model.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build_model(folder, arch)
    return folder


def _time(translator: Translator, texts: list[str]) -> float:
    start = time.perf_counter()
    translator.translate(texts)
    return time.perf_counter() - start


def _checks_alone() -> tuple[float, int]:
    read = lambda name: (DATA / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    pairs = list(zip(read("tico19-test.id"), read("tico19-test.opus-mt-id-en.en"), strict=True))
    checks = make_checks()
    start = time.perf_counter()
    for source, output in pairs:
        check_flags(source, output, checks)
    return time.perf_counter() - start, len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", default="tiny", choices=["tiny", "opus-mt"])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sources = (DATA / "tico19-test.id").read_text(encoding="utf-8").splitlines()
    plain = sources[: args.sentences]
    words = sorted({s.split()[0] for s in plain})
    glossary = Glossary("bench", tuple(GlossaryEntry(w, ("zzqqxx",)) for w in words))
    model = _model(args.arch)
    common = {"backend": "ctranslate2", "device": "cpu"}
    runs = {
        "off": Translator(model, checks=(), **common),
        "fail": Translator(model, glossary=glossary, checks=("term",), **common),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, translator in runs.items():
            times[name].append(_time(translator, plain))
    median = {name: statistics.median(values) for name, values in times.items()}
    n = len(plain)
    print(f"{args.arch} model, {n} sentences, beams {runs['off'].beams}, n-best {NBEST}")
    for name, seconds in median.items():
        print(f"  {name:5} {seconds:7.2f} s  {1000 * seconds / n:7.1f} ms/sentence")
    extra = (median["fail"] - median["off"]) / n
    print(f"  a failed check costs {1000 * extra:.1f} ms more per sentence: "
          f"{median['fail'] / median['off']:.2f}x the translation alone")  # fmt: skip
    alone, pairs = _checks_alone()
    print(f"  checks alone (number, url) on {pairs} real pairs: {alone:.2f} s, "
          f"{1e6 * alone / pairs:.0f} µs/pair")  # fmt: skip


if __name__ == "__main__":
    main()
