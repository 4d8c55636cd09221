"""What a batch run reports: live counters for a progress bar, corpus statistics, the result.

These are plain data, shared by the driver (``batch.runner``), the report (``batch.run_report``)
and the CLI, so none of them has to import another's module.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aligner.batch.manifest import ManifestRecord
from aligner.types import Pair

__all__ = ["BINS", "BatchProgress", "BatchResult", "CorpusStats", "CorpusWrite", "Tally"]

BINS = 10  # confidence histogram bins of width 0.1


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """A snapshot of the counters, for a progress bar; ``sentences_total`` grows as files
    are read."""

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


class Tally:
    """The run's counters, owned here: the reader, the model loop and the writers report
    to it from their threads, each change under one lock, and every change is passed on
    as a snapshot to ``progress``."""

    def __init__(self, files_total: int, progress: Callable[[BatchProgress], None] | None) -> None:
        self._counts = BatchProgress(files_total=files_total)
        self._progress = progress
        self._lock = threading.Lock()
        self.sentences_processed = 0  # this run's, not resumed files' (model loop only)
        self.files_resumed = 0  # left as an earlier run did them

    def _add(self, **more: int) -> None:
        with self._lock:
            counts = self._counts
            self._counts = replace(counts, **{k: getattr(counts, k) + v for k, v in more.items()})
            if self._progress is not None:
                self._progress(self._counts)

    def read(self, sentences: int) -> None:
        """A file was read with this many sentences for the model."""
        self._add(sentences_total=sentences)

    def advance(self, sentences: int) -> None:
        """More sentences translated or aligned."""
        self._add(sentences_done=sentences)

    def processed(self, sentences: int) -> None:
        """Sentences of this run's files handed on (model loop only)."""
        self.sentences_processed += sentences

    def finished(self, status: str, *, resumed: bool) -> None:
        """A file the model loop hands on with its record: failed, skipped, or done by an
        earlier run (``resumed``); a file done in this run counts once it is written."""
        self.files_resumed += resumed  # model loop only, like sentences_processed
        done, failed, skipped = (status == s for s in ("done", "failed", "skipped"))
        self._add(files_done=int(done), files_failed=int(failed), files_skipped=int(skipped))

    def written(self, *, failed: bool = False) -> None:
        """A writer put a document's outputs in place (or failed to)."""
        self._add(files_done=int(not failed), files_failed=int(failed))

    def snapshot(self) -> BatchProgress:
        with self._lock:
            return self._counts


@dataclass(frozen=True, slots=True)
class CorpusWrite:
    """What writing ``corpus.*`` did: unique pairs written, the files, what was left out."""

    pairs: int = 0
    paths: tuple[Path, ...] = ()
    left_out: Mapping[str, int] = field(default_factory=dict)  # noise, clean (aligner.clean)


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


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a run did, built once when it ends."""

    records: tuple[ManifestRecord, ...]
    signature: dict[str, Any]
    seconds: float = 0.0
    sentences: int = 0  # sentences processed in this run (not resumed ones)
    cache_hits: int = 0
    cache_misses: int = 0
    resumed: int = 0  # files left as they were: done before with the same input and options
    corpus: CorpusWrite = field(default_factory=CorpusWrite)
    report_path: Path | None = None
    stats: CorpusStats = field(default_factory=CorpusStats)

    @property
    def corpus_pairs(self) -> int:
        return self.corpus.pairs

    @property
    def corpus_paths(self) -> tuple[Path, ...]:
        return self.corpus.paths

    @property
    def corpus_left_out(self) -> Mapping[str, int]:
        return self.corpus.left_out

    @property
    def failed(self) -> list[ManifestRecord]:
        return [r for r in self.records if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 2 if self.failed else 0
