"""The writer threads of a batch run: a finished job's outputs, then its manifest line.

A done document's per-document outputs (``docs/<name>.<ext>`` in every format) and its
canonical record (``.state/pairs/<name>.jsonl``, every pair unfiltered) are renamed into
place before the manifest says ``done``, so a run killed at any point never counts a
document whose outputs are missing.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import Counter
from typing import Any

from aligner.batch.intake import target_rel
from aligner.batch.jobs import Job, RunContext
from aligner.batch.manifest import Manifest, ManifestRecord
from aligner.batch.merged import exclusion
from aligner.batch.options import BatchOptions
from aligner.batch.states import JobState
from aligner.batch.threads import END, get
from aligner.common.jsontext import json_text
from aligner.errors import OutputError
from aligner.output.formats import format_path, write_pairs
from aligner.output.io import atomic_write, os_error
from aligner.types import Pair

__all__ = ["DocumentWriter"]


class DocumentWriter:
    def __init__(
        self,
        context: RunContext,
        options: BatchOptions,
        manifest: Manifest,
        failed: threading.Event,
    ) -> None:
        self.context, self.options, self.manifest, self.failed = context, options, manifest, failed

    def write_all(self, done: queue.Queue[Any]) -> None:
        while True:
            item = get(done, self.failed)
            if item is END:
                return
            job, pairs = item
            if job.state is JobState.DONE:
                self._write_done(job, pairs)
            elif job.state in (JobState.SKIPPED, JobState.FAILED) and job.record is not None:
                self.manifest.append(job.record)

    def _write_done(self, job: Job, pairs: list[Pair]) -> None:
        """Outputs then "done"; an output that cannot be written (a full disk, an I/O
        error) fails this file alone, and the next run tries it again. If even its
        "failed" line cannot be written, the error ends the run."""
        try:
            record = self._write_document(job, pairs)
        except OSError as exc:  # mkdir of a docs/ folder
            record = self._failed(job, os_error(exc, exc.filename or self.context.out_dir))
        except OutputError as exc:
            record = self._failed(job, exc)
        self.manifest.append(record)
        self.context.tally.written(failed=record.status is not JobState.DONE)

    def _failed(self, job: Job, exc: OutputError) -> ManifestRecord:
        return self.context.record(job, JobState.FAILED, error=str(exc))

    def _write_document(self, job: Job, pairs: list[Pair]) -> ManifestRecord:
        started = time.monotonic()
        meta = {"aligner": self.context.signature, "input": job.source.rel, "sha256": job.sha256}
        base = self.context.out_dir / "docs" / job.name
        base.parent.mkdir(parents=True, exist_ok=True)
        for fmt in self.options.formats:
            write_pairs(
                pairs,
                fmt,
                format_path(base, fmt),
                meta=meta,
                min_confidence=self.options.min_confidence,
                origin=job.origin,
                exclude=exclusion(self.options),
            )
        state = self.context.state_path(job.name)
        state.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(state) as handle:
            for pair in pairs:
                handle.write(json_text(pair.to_json()) + "\n")
        job.seconds += time.monotonic() - started
        return self._done_record(job, pairs)

    def _done_record(self, job: Job, pairs: list[Pair]) -> ManifestRecord:
        scores = [p.confidence for p in pairs if not math.isnan(p.confidence)]
        flags = Counter(flag for pair in pairs for flag in pair.flags)
        target = target_rel(job.source, self.options.target_dir) if self.options.align else None
        return self.context.record(
            job,
            JobState.DONE,
            sentences=len(job.sentences),
            pairs=len(pairs),
            mean_confidence=round(sum(scores) / len(scores), 6) if scores else None,
            min_confidence=round(min(scores), 6) if scores else None,
            flags=dict(sorted(flags.items())),
            cached=job.cached,
            target=target,
            dropped_blocks=job.origin.dropped_blocks if job.origin else 0,
            dropped_chars=job.origin.dropped_chars if job.origin else 0,
        )
