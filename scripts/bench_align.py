"""Benchmark ``aligner align --no-mt`` on a long document pair (default 10,000 sentences).

The pair is built from ``news-valid.id``/``.en`` repeated until long enough, with the same
perturbations as ``eval_align.py`` (merges, deletions, paragraphs); each repeat is seeded
differently. Reports sentences per side, wall time of segmentation + alignment, peak
traced Python memory (tracemalloc: numpy arrays included) and the process's peak RSS, and
the link F1 against the synthetic gold so that speed is never bought with accuracy.

``--real-mt`` benchmarks the MT bridge instead: ``eval_real.py``'s pre-split TICO-19
documents with the real opus-mt-id-en output as the bridge, reseeded and concatenated into
one long pair (``align_sentences`` directly: the text is already split).

    flock /tmp/aligner-bench.lock python scripts/bench_align.py
    flock /tmp/aligner-bench.lock python scripts/bench_align.py --sentences 50000 --progress
    flock /tmp/aligner-bench.lock python scripts/bench_align.py --real-mt --sentences 50000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_align

from aligner.pipeline import align_documents
from aligner.text.segmenter import segment_document
from aligner.types import Document


def long_pair(
    src: list[str], tgt: list[str], sentences: int, seed: int, merge: float, delete: float
) -> tuple[list[eval_align.Synthetic], Document, Document]:
    """Concatenated synthetic documents until the source has ``sentences`` sentences."""
    rng = random.Random(seed)
    common = (eval_align.common_words(src), eval_align.common_words(tgt))
    parts: list[eval_align.Synthetic] = []
    total = 0
    while total < sentences:
        start = rng.randrange(0, len(src) - 60)
        size = rng.randint(20, 60)
        part = eval_align.make_document(
            src[start : start + size], tgt[start : start + size], rng, merge, delete, common
        )
        parts.append(part)
        total += len(segment_document(eval_align.to_document(part.source, "part"), "id"))
    source = Document("bench.id", tuple(p for d in parts for p in d.source.paragraphs), "utf-8")
    target = Document("bench.en", tuple(p for d in parts for p in d.target.paragraphs), "utf-8")
    return parts, source, target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=eval_align.DATA / "news-valid.id")
    parser.add_argument("--target", type=Path, default=eval_align.DATA / "news-valid.en")
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--merge-rate", type=float, default=0.08)
    parser.add_argument("--delete-rate", type=float, default=0.04)
    parser.add_argument("--no-trace", action="store_true", help="skip tracemalloc (faster)")
    parser.add_argument("--progress", action="store_true", help="each pass's rows on stderr")
    parser.add_argument("--real-mt", action="store_true", help="TICO-19 with its real MT")
    args = parser.parse_args()
    if args.real_mt:
        return real_mt(args)
    src, tgt = eval_align.load(args.source, args.target, ":")
    parts, source, target = long_pair(
        src, tgt, args.sentences, args.seed, args.merge_rate, args.delete_rate
    )
    if not args.no_trace:
        tracemalloc.start()
    began = time.perf_counter()
    pairs = align_documents(source, target, align_progress=_Progress() if args.progress else None)
    seconds = time.perf_counter() - began
    traced = tracemalloc.get_traced_memory()[1] if not args.no_trace else 0
    tracemalloc.stop()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "source_sentences": len(segment_document(source, "id")),
        "target_sentences": len(segment_document(target, "en")),
        "pairs": len(pairs),
        "seconds": round(seconds, 1),
        "peak_traced_mib": round(traced / 2**20, 1),
        "peak_rss_mib": round(rss_kib / 1024, 1),
        "link_f1": round(_f1(parts, source, target, pairs), 4),
    }
    print(json.dumps(result, indent=1))


def real_mt(args: argparse.Namespace) -> None:
    """The long pair of TICO-19 documents with their real MT as the bridge."""
    import eval_real

    from aligner.alignment.search import align_sentences

    source: list[str] = []
    target: list[str] = []
    mt: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    seed = args.seed
    while len(source) < args.sentences:
        for doc in eval_real.tico_docs(eval_real.SHARED / "data", seed, args.merge_rate, 0.04):
            gold += [(_up(s, len(source)), _up(t, len(target))) for s, t in doc.gold]
            source, target, mt = source + doc.source, target + doc.target, mt + doc.mt
        seed += 1
    began = time.perf_counter()
    beads = align_sentences(
        source, target, source_mt=mt, progress=_Progress() if args.progress else None
    )
    seconds = time.perf_counter() - began
    counts = eval_align.Counts()
    counts.add(beads, gold)
    result = {
        "source_sentences": len(source),
        "target_sentences": len(target),
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "link_f1": round(counts.report()["link_f1"], 4),
    }
    print(json.dumps(result, indent=1))


def _up(ids: tuple[int, ...], offset: int) -> tuple[int, ...]:
    return tuple(k + offset for k in ids)


class _Progress:
    """Prints each alignment pass's progress to stderr, at most once per 10% of a pass."""

    def __init__(self) -> None:
        self.last: tuple[str, int] = ("", -1)
        self.began = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = 10 * done // max(1, total)
        if (stage, tenth) != self.last:
            self.last = (stage, tenth)
            seconds = time.perf_counter() - self.began
            print(f"{seconds:7.1f} s  {stage:<10} {done:>7}/{total}", file=sys.stderr)


def _f1(
    parts: list[eval_align.Synthetic], source: Document, target: Document, pairs: list
) -> float:
    """Link F1 of the long alignment against the gold of its concatenated parts."""
    from aligner.alignment.search import Bead

    counts = eval_align.Counts()
    src = segment_document(source, "id")
    tgt = segment_document(target, "en")
    s_off = t_off = p_s = p_t = 0
    gold = []
    for part in parts:
        n_s, n_t = len(part.source.paragraphs), len(part.target.paragraphs)
        s_sent = [s for s in src if p_s <= s.paragraph < p_s + n_s]
        t_sent = [t for t in tgt if p_t <= t.paragraph < p_t + n_t]
        local_s = [_shift(s, -p_s, -s_off) for s in s_sent]
        local_t = [_shift(t, -p_t, -t_off) for t in t_sent]
        for ss, tt in eval_align.gold_beads(part, local_s, local_t):
            gold.append((tuple(k + s_off for k in ss), tuple(k + t_off for k in tt)))
        s_off, t_off, p_s, p_t = s_off + len(s_sent), t_off + len(t_sent), p_s + n_s, p_t + n_t
    beads = [Bead(p.source_ids, p.target_ids, p.confidence) for p in pairs]
    counts.add(beads, gold)
    return counts.report()["link_f1"]


def _shift(sentence, paragraph: int, index: int):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(sentence, paragraph=sentence.paragraph + paragraph, index=sentence.index + index)


if __name__ == "__main__":
    main()
