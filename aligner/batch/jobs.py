"""One input file on its way through a batch run (its state: ``batch.states``), and the
context the reader, the model loop and the writers share.

A ``Job`` has one owner at a time: the reader thread makes it, hands it to the model loop
through a queue, which hands it to a writer through another. The run's counters are the
``Tally``'s (``batch.result``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.batch.manifest import ManifestRecord
from aligner.batch.result import Tally
from aligner.batch.states import JobState
from aligner.batch.walk import InputFile
from aligner.types import Document, Origin, Sentence, Translation

__all__ = ["Job", "RunContext", "input_sha256"]


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


@dataclass(frozen=True, slots=True)
class RunContext:
    """What the reader, the model loop and the writers of one run share."""

    in_dir: Path
    out_dir: Path
    key: str  # RunSignature.key: the resume check
    signature: dict[str, Any]
    tally: Tally

    def record(self, job: Job, status: JobState, **fields: Any) -> ManifestRecord:
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
        return self.out_dir.joinpath(".state", "pairs", f"{name}.jsonl")


def input_sha256(data: bytes, target: bytes | None) -> str:
    """The content hash of an input (and, in align mode, of its English side)."""
    digest = hashlib.sha256(data).hexdigest()
    if target is None:
        return digest
    return hashlib.sha256((digest + hashlib.sha256(target).hexdigest()).encode()).hexdigest()
