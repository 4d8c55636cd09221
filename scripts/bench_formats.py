"""Benchmark the output writers: pairs per second and peak memory for each format.

    python scripts/bench_formats.py [--pairs 100000] [--memory] [--out DIR]

Pairs are built from the real sentences of ``../shared/data/news-valid.{id,en}`` when
present (cycled to reach ``--pairs``), otherwise from a fixed sentence. With ``--memory``,
peak memory is the Python heap high-water mark of a second, traced write (tracemalloc):
streaming writers stay flat, the html writer (it buffers its rows) grows with the input.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from aligner.output.formats import FORMATS, write_pairs
from aligner.types import Pair

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def sentences(data: Path) -> list[tuple[str, str]]:
    source, target = data / "news-valid.id", data / "news-valid.en"
    if source.exists() and target.exists():
        return list(
            zip(
                source.read_text(encoding="utf-8").splitlines(),
                target.read_text(encoding="utf-8").splitlines(),
                strict=True,
            )
        )
    return [("Jakarta adalah ibu kota Indonesia.", "Jakarta is the capital of Indonesia.")]


def pairs(texts: list[tuple[str, str]], count: int) -> Iterator[Pair]:
    for i, (src, tgt) in zip(range(count), itertools.cycle(texts)):
        yield Pair("bench.txt", i // 5, (i,), (i,), src, tgt, (i % 997) / 997, frozenset(), "1-1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: a temp one)")
    parser.add_argument("--memory", action="store_true", help="also measure peak heap (slow)")
    args = parser.parse_args()
    texts = sentences(args.data)
    with tempfile.TemporaryDirectory() as temp:
        out = args.out or Path(temp)
        print(f"{args.pairs} pairs ({len(texts)} distinct sentence pairs)")
        print(f"{'format':8} {'seconds':>8} {'pairs/s':>10} {'MB out':>8} {'peak MB':>8}")
        for fmt in FORMATS:
            start = time.perf_counter()
            report = write_pairs(pairs(texts, args.pairs), fmt, out / f"bench.{fmt}")
            seconds = time.perf_counter() - start
            size = sum(p.stat().st_size for p in report.paths) / 2**20
            peak = peak_mb(texts, args.pairs, fmt, out) if args.memory else float("nan")
            rate = report.written / seconds
            print(f"{fmt:8} {seconds:8.2f} {rate:10.0f} {size:8.1f} {peak:8.1f}")


def peak_mb(texts: list[tuple[str, str]], count: int, fmt: str, out: Path) -> float:
    """Heap high-water mark of a second, traced write (tracemalloc slows it a lot)."""
    tracemalloc.start()
    write_pairs(pairs(texts, count), fmt, out / f"bench.{fmt}")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


if __name__ == "__main__":
    main()
