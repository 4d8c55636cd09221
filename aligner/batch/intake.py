"""The reader thread of a batch run: each input file into a ``Job``.

It reads the bytes, hashes them, decides from the manifest whether the file is unchanged
since the last run, and reads and segments what must be processed, so the model loop gets
jobs whose state says what to do with them (``batch.jobs``).
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Any

from aligner.batch.jobs import Job, RunContext, input_sha256
from aligner.batch.manifest import ManifestRecord
from aligner.batch.options import BatchOptions
from aligner.batch.states import JobState
from aligner.batch.threads import END, put
from aligner.batch.walk import InputFile, OutputNames
from aligner.errors import AlignerError, InputError
from aligner.text import Limits, read_bytes
from aligner.text.readers import ReadOptions, read_input_bytes
from aligner.text.segmenter import segment_document

__all__ = ["Reader", "reason", "target_path", "target_rel"]


def target_path(source: InputFile, target_dir: Path | None) -> Path:
    """The English file of ``source`` in align mode: under ``target_dir`` at the same
    relative path, or ``NAME.en.EXT`` beside ``NAME.id.EXT``."""
    if target_dir is not None:
        return target_dir / source.rel
    head, _, tail = Path(source.rel).name.rpartition(".id.")
    return source.path.with_name(f"{head}.en.{tail}")


def target_rel(source: InputFile, target_dir: Path | None) -> str:
    """The English file: relative to --target-dir, or to IN_DIR beside the source."""
    if target_dir is not None:
        return source.rel
    name = target_path(source, target_dir).name
    return Path(source.rel).with_name(name).as_posix()


def reason(exc: AlignerError, name: str) -> str:
    """The message without the file's name where it is ``name``: the manifest names it."""
    return exc.message if exc.path == name else str(exc)


class Reader:
    """Turns input files into jobs, in order, onto a bounded queue."""

    def __init__(
        self,
        context: RunContext,
        options: BatchOptions,
        previous: dict[str, ManifestRecord],
        refeed: bool,
        stop: threading.Event,
    ) -> None:
        self.context, self.options, self.previous = context, options, previous
        # whether unchanged files still go through the model loop; see JobState.REFEED
        self.refeed = refeed
        self.stop = stop

    def read_all(self, inputs: list[InputFile], jobs: queue.Queue[Any]) -> None:
        names = OutputNames()
        for source in inputs:
            if self.stop.is_set():
                return
            job = Job(source, names.name(source.rel))
            started = time.monotonic()
            self._prepare(job)
            job.seconds = time.monotonic() - started
            if not put(jobs, job, self.stop):
                return
        put(jobs, END, self.stop)

    def _prepare(self, job: Job) -> None:
        rel = job.source.rel
        if job.source.problem is not None:
            self._finish(
                job,
                JobState.SKIPPED,
                ManifestRecord(rel, JobState.SKIPPED, error=job.source.problem),
            )
            return
        try:
            data, target = self._read_bytes(job)
        except InputError as exc:
            self._finish(
                job, JobState.FAILED, ManifestRecord(rel, JobState.FAILED, error=reason(exc, rel))
            )
            return
        job.sha256 = input_sha256(data, target)
        if self._unchanged(job) and not self.refeed:
            return
        if not data.strip():
            self._finish(
                job,
                JobState.SKIPPED,
                self.context.record(job, JobState.SKIPPED, error="empty file"),
            )
            return
        try:
            self._parse(job, data, target)
        except InputError as exc:
            failed = self.context.record(job, JobState.FAILED, error=reason(exc, rel))
            self._finish(job, JobState.FAILED, failed)

    @staticmethod
    def _finish(job: Job, state: JobState, record: ManifestRecord) -> None:
        job.state, job.record = state, record

    def _read_bytes(self, job: Job) -> tuple[bytes, bytes | None]:
        limit = Limits.from_env().file_bytes  # a huge file fails alone, before it is read
        data = read_bytes(job.source.path, job.source.rel, limit=limit)
        if not self.options.align:
            return data, None
        target_dir = self.options.target_dir
        return data, read_bytes(
            target_path(job.source, target_dir), target_rel(job.source, target_dir), limit=limit
        )

    def _unchanged(self, job: Job) -> bool:
        old = self.previous.get(job.source.rel)
        if not (self.options.resume and old is not None and old.status is JobState.DONE):
            return False
        same = old.sha256 == job.sha256 and old.signature == self.context.key
        if same and self.context.state_path(job.name).exists():
            state = JobState.REFEED if self.refeed else JobState.UNCHANGED
            self._finish(job, state, old)
            return True
        return False

    def _parse(self, job: Job, data: bytes, target: bytes | None) -> None:

        options = self.options
        reading = ReadOptions(
            encoding=options.encoding, paragraphs=options.paragraphs, html_all=options.html_all
        )
        job.document = read_input_bytes(data, job.source.rel, options.input_format, reading)
        job.origin = job.document.origin
        job.sentences = segment_document(job.document, options.lang)
        if target is not None:  # its messages keep the name: "NAME.en.txt: not valid UTF-8…"
            name = target_rel(job.source, options.target_dir)
            job.target = segment_document(
                read_input_bytes(target, name, options.input_format, reading), lang="en"
            )
        if not job.sentences:
            if job.state is JobState.REFEED:
                job.state = JobState.UNCHANGED  # nothing to feed
            else:
                self._finish(
                    job,
                    JobState.SKIPPED,
                    self.context.record(job, JobState.SKIPPED, error="empty: no sentences"),
                )
        job.translations = [None] * len(job.sentences)
        job.waiting = len(job.sentences)
