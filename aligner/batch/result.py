"""What a batch run reports: live counters for a progress bar, corpus statistics, the result.

These are plain data, shared by the driver (``batch.runner``), the report (``batch.run_report``)
and the CLI, so none of them has to import another's module.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.batch.manifest import ManifestRecord
from aligner.types import Pair

__all__ = ["BINS", "BatchProgress", "BatchResult", "CorpusStats"]

BINS = 10  # confidence histogram bins of width 0.1


@dataclass(slots=True)
class BatchProgress:
    """Counters for a progress bar; ``sentences_total`` grows as files are read."""

    sentences_done: int = 0
    sentences_total: int = 0
    files_done: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    files_total: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.sentences_done / elapsed if elapsed > 0 else 0.0


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Every pair of every done document (this run's and resumed ones), before the corpus
    filter: counts, the confidence histogram, the lowest-confidence pairs."""

    pairs: int = 0
    mean_confidence: float | None = None
    histogram: tuple[int, ...] = (0,) * BINS
    lowest: tuple[Pair, ...] = ()
    flags: Mapping[str, int] = field(default_factory=dict)
    beads: Mapping[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class BatchResult:
    records: list[ManifestRecord]
    signature: dict[str, Any]
    seconds: float = 0.0
    sentences: int = 0  # sentences processed in this run (not resumed ones)
    cache_hits: int = 0
    cache_misses: int = 0
    resumed: int = 0  # files left as they were: done before with the same input and options
    corpus_pairs: int = 0
    corpus_paths: tuple[Path, ...] = ()
    report_path: Path | None = None
    stats: CorpusStats = field(default_factory=CorpusStats)
    corpus_left_out: dict[str, int] = field(default_factory=dict)  # noise, clean (aligner.clean)

    @property
    def failed(self) -> list[ManifestRecord]:
        return [r for r in self.records if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 2 if self.failed else 0
