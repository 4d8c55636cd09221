"""One input file on its way through a batch run, with its state as an explicit enum, and
the context the reader, the model loop and the writers share.

    reader:      PENDING (read, segmented) | REFEED | UNCHANGED | SKIPPED | FAILED
    model loop:  PENDING -> DONE (pairs made) | FAILED;  REFEED -> UNCHANGED
    writers:     DONE -> outputs, canonical record, manifest line "done";
                 SKIPPED/FAILED -> manifest line;  UNCHANGED -> nothing to write
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from aligner.batch.manifest import ManifestRecord, Status
from aligner.batch.result import BatchProgress
from aligner.batch.walk import InputFile
from aligner.types import Document, Origin, Sentence, Translation

__all__ = ["Job", "JobState", "RunContext", "input_sha256"]


class JobState(str, Enum):
    SKIPPED = "skipped"  # not processed: a bad symlink, an empty file, no sentences
    FAILED = "failed"  # unreadable or undecodable, or its translation or alignment failed
    UNCHANGED = "unchanged"  # done before with the same input and options: left as it is
    # unchanged, but its sentences still go through the chunks (answered by the memory), so
    # chunks are cut exactly as in an uninterrupted run; its outputs are not rewritten
    REFEED = "refeed"
    PENDING = "pending"  # read and segmented, waiting for the model
    DONE = "done"  # translated or aligned: its pairs go to a writer


@dataclass(slots=True)
class Job:
    """One input file; ``record`` is the manifest record to write (SKIPPED, FAILED) or the
    one of the earlier run (UNCHANGED, REFEED)."""

    source: InputFile
    name: str  # safe relative output name
    state: JobState = JobState.PENDING
    sha256: str | None = None
    record: ManifestRecord | None = None
    document: Document | None = None
    target: list[Sentence] | None = None  # align mode: the English side, segmented
    origin: Origin | None = None  # the source's structure (docx writer), what extraction left
    sentences: list[Sentence] = field(default_factory=list)
    translations: list[Translation | None] = field(default_factory=list)
    cached: int = 0  # sentences the translation memory answered
    waiting: int = 0  # sentences not translated yet
    seconds: float = 0.0

    @property
    def resumed(self) -> bool:
        return self.state in (JobState.UNCHANGED, JobState.REFEED)

    @property
    def in_model(self) -> bool:
        """Whether its sentences go through the model loop."""
        return self.state in (JobState.PENDING, JobState.REFEED)


@dataclass(slots=True)
class RunContext:
    """What the reader, the model loop and the writers of one run share."""

    in_dir: Path
    out_dir: Path
    key: str  # RunSignature.key: the resume check
    signature: dict[str, Any]
    progress: Callable[[BatchProgress], None] | None
    counts: BatchProgress = field(default_factory=BatchProgress)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def emit(self, files_done: int = 0, files_failed: int = 0) -> None:
        with self._lock:  # called from the model and the writer threads
            self.counts.files_done += files_done
            self.counts.files_failed += files_failed
            if self.progress is not None:
                self.progress(self.counts)

    def record(self, job: Job, status: Status, **fields: Any) -> ManifestRecord:
        return ManifestRecord(
            job.source.rel,
            status,
            sha256=job.sha256,
            signature=self.key,
            seconds=round(job.seconds, 3),
            **fields,
        )

    def state_path(self, name: str) -> Path:
        """The canonical record of a done document's pairs (the corpus is built from it)."""
        return self.out_dir / ".state" / "pairs" / f"{name}.jsonl"


def input_sha256(data: bytes, target: bytes | None) -> str:
    """The content hash of an input (and, in align mode, of its English side)."""
    digest = hashlib.sha256(data).hexdigest()
    if target is None:
        return digest
    return hashlib.sha256((digest + hashlib.sha256(target).hexdigest()).encode()).hexdigest()
