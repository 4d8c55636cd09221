"""The merged corpus of a batch run, rebuilt from the canonical records of done documents.

Done documents are read in path order from ``.state/pairs/<name>.jsonl``; a pair enters
``corpus.<ext>`` when both sides are non-empty, its confidence is at least
``--min-confidence`` (NaN counts as below) and no earlier pair had the same (source,
target). Rebuilding from the records, not from this run's memory, is what makes a resumed
run's corpus equal to an uninterrupted one's.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.batch.options import BatchOptions
from aligner.batch.result import BINS, CorpusStats, CorpusWrite
from aligner.clean.exclude import CorpusExclusion
from aligner.common.jsontext import json_text
from aligner.output.formats import format_path, get_writer, write_pairs
from aligner.types import Pair

if TYPE_CHECKING:
    from aligner.clean.exclude import CorpusExclusion

__all__ = ["LOWEST", "collect_stats", "exclusion", "read_state", "write_corpus"]

LOWEST = 20  # lowest-confidence pairs listed in the report


def read_state(path: Path) -> Iterator[Pair]:
    """The pairs of one canonical record."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield Pair.from_json(json.loads(line))


def corpus_pairs(pairs: Iterable[Pair], threshold: float | None) -> Iterator[Pair]:
    """Both sides non-empty, at or above ``threshold``, first of each (source, target)."""
    seen: set[bytes] = set()
    for pair in pairs:
        if not pair.source.strip() or not pair.target.strip():
            continue
        if threshold is not None and not pair.confidence >= threshold:
            continue  # NaN counts as below
        key = hashlib.blake2b(
            json_text([pair.source, pair.target]).encode("utf-8"), digest_size=16
        ).digest()
        if key not in seen:
            seen.add(key)
            yield pair


def exclusion(options: BatchOptions) -> CorpusExclusion:
    """What the corpus formats leave out: noise unless --keep-noise, more with --clean."""

    return CorpusExclusion(keep_noise=options.keep_noise, clean=options.clean)


def write_corpus(
    out_dir: Path,
    pairs: Callable[[], Iterable[Pair]],
    options: BatchOptions,
    meta: dict[str, Any],
) -> CorpusWrite:
    """Write ``corpus.<ext>`` in every format from a fresh stream of the done pairs each:
    the number of pairs written (a corpus format's, where there is one), the paths, and
    what the corpus formats left out (``noise``, ``clean``)."""
    paths: list[Path] = []
    written, left_out = 0, {}
    for fmt in options.formats:
        excluded = exclusion(options)
        report = write_pairs(
            corpus_pairs(pairs(), options.min_confidence),
            fmt,
            format_path(out_dir / "corpus", fmt),
            meta=meta,
            exclude=excluded,
        )
        paths.extend(report.paths)
        if get_writer(fmt).corpus:  # the corpus formats' count, noise left out
            left_out = dict(excluded.counts)
            written = report.written
        elif not left_out:
            written = report.written
    return CorpusWrite(written, tuple(paths), left_out)


def collect_stats(pairs: Iterable[Pair]) -> CorpusStats:
    """Histogram, lowest pairs, flag and bead counts over ``pairs`` (streamed once)."""
    histogram = [0] * BINS
    flags: Counter[str] = Counter()
    beads: Counter[str] = Counter()
    lowest: list[tuple[float, int, Pair]] = []  # max-heap by -confidence, order as tie-break
    total, score_sum, scored = 0, 0.0, 0
    for order, pair in enumerate(pairs):
        total += 1
        flags.update(pair.flags)
        beads[pair.bead] += 1
        if math.isnan(pair.confidence):
            continue
        scored += 1
        score_sum += pair.confidence
        histogram[min(BINS - 1, max(0, int(pair.confidence * BINS)))] += 1
        item = (-pair.confidence, -order, pair)
        if len(lowest) < LOWEST:
            heapq.heappush(lowest, item)
        elif item > lowest[0]:
            heapq.heapreplace(lowest, item)
    return CorpusStats(
        pairs=total,
        mean_confidence=score_sum / scored if scored else None,
        histogram=tuple(histogram),
        lowest=tuple(p for _, _, p in sorted(lowest, reverse=True)),
        flags=dict(sorted(flags.items())),
        beads=dict(sorted(beads.items())),
    )
