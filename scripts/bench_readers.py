#!/usr/bin/env python
"""Input readers on the fixtures: what the html extraction keeps and drops, and how fast.

    python scripts/bench_readers.py [--repeat N] [--inputs DIR]

For every saved news page of DIR (default tests/data/inputs, built by
make_input_fixtures.py): how many lines of the article body come through as paragraphs,
how many of the page-chrome texts leak into them, the dropped blocks and characters,
and milliseconds per read (article and --html-all); then milliseconds per read of the
docx, odt and md fixtures and per docx write (the docx rebuilt with every paragraph
replaced). No model is involved: these are the readers and the writer alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import time
from collections.abc import Callable
from pathlib import Path

from aligner.output.formats import write_pairs
from aligner.text.readers import ReadOptions, read_input_file
from aligner.types import Pair

ROOT = Path(__file__).resolve().parent.parent


def _fixtures():  # a sibling script, loaded by path
    path = ROOT / "scripts" / "make_input_fixtures.py"
    spec = importlib.util.spec_from_file_location("fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ms(work: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    return 1000 * (time.perf_counter() - started) / repeat


def pages(inputs: Path, repeat: int) -> None:
    fixtures = _fixtures()
    body = fixtures.article_body()
    print(f"{'page':24}body lines  chrome leaked  dropped blocks/chars  ms  ms --html-all")
    for page in sorted(inputs.glob("news-*.html")):
        doc = read_input_file(page)
        kept = sum(line in doc.paragraphs for line in body)
        leaked = sum(any(c in p for p in doc.paragraphs) for c in fixtures.CHROME)
        origin = doc.origin
        assert origin is not None
        ms = _ms(lambda p=page: read_input_file(p), repeat)
        ms_all = _ms(lambda p=page: read_input_file(p, options=ReadOptions(html_all=True)), repeat)
        print(
            f"{page.name:24}{kept:>4}/{len(body):<7}{leaked:>4}/{len(fixtures.CHROME):<10}"
            f"{origin.dropped_blocks:>6}/{origin.dropped_chars:<14}{ms:5.1f}  {ms_all:5.1f}"
        )


def documents(inputs: Path, repeat: int) -> None:
    for name in ("article.id.docx", "article.id.odt", "article.id.md"):
        doc = read_input_file(inputs / name)
        ms = _ms(lambda n=name: read_input_file(inputs / n), repeat)
        print(f"read {name:18} {len(doc.paragraphs):3} paragraphs  {ms:6.1f} ms")
    doc = read_input_file(inputs / "article.id.docx")
    pairs = [Pair(doc.path, k, (k,), (k,), p, p.upper(), 0.9) for k, p in enumerate(doc.paragraphs)]

    def write() -> None:
        stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        write_pairs(pairs, "docx", None, stream=stream, origin=doc.origin)

    print(f"write docx from the docx   {len(pairs):3} paragraphs  {_ms(write, repeat):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--inputs", type=Path, default=ROOT / "tests/data/inputs")
    args = parser.parse_args()
    pages(args.inputs, args.repeat)
    documents(args.inputs, args.repeat)


if __name__ == "__main__":
    main()
