"""The model loop of a batch run (the main thread): jobs in, finished jobs to the writers.

Sentences are gathered across files into chunks of ``--chunk`` sentences, so small files
still fill the model's batches; a file is finished when its last sentence is translated.
In align mode each document pair is aligned as a whole. A chunk the model fails on fails
every file with a sentence in it; the others go on.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from aligner.batch.jobs import Job, JobState, RunContext
from aligner.batch.manifest import ManifestRecord
from aligner.batch.options import BatchOptions
from aligner.batch.result import BatchResult
from aligner.batch.threads import END, get, put
from aligner.errors import AlignerError
from aligner.translation.memory import CachedTranslator
from aligner.types import Pair

__all__ = ["ModelLoop"]

Chunk = list[tuple[Job, int]]  # (file, sentence number) waiting for the model


class ModelLoop:
    def __init__(
        self, context: RunContext, options: BatchOptions, translator: CachedTranslator | None,
        result: BatchResult, stop: threading.Event, writer_failed: threading.Event,
    ) -> None:
        self.context, self.options, self.translator = context, options, translator
        self.result, self.stop, self.writer_failed = result, stop, writer_failed

    def run(self, jobs: queue.Queue[Any], done: queue.Queue[Any]) -> None:
        chunk: Chunk = []
        size = self.options.chunk_sentences
        while True:
            job = get(jobs, self.stop)
            if job is END:
                break
            self._count_read(job)
            if not job.in_model:
                self._hand_over(job, done)
            elif self.options.align:
                self._align(job, done)
            else:
                chunk.extend((job, i) for i in range(len(job.sentences)))
                while len(chunk) >= size:
                    chunk = self._translate(chunk, size, done)
        while chunk:
            chunk = self._translate(chunk, len(chunk), done)

    def _count_read(self, job: Job) -> None:
        if job.state not in (JobState.SKIPPED, JobState.FAILED):
            self.context.counts.sentences_total += len(job.sentences)
            self.context.emit()

    def _advance(self, count: int) -> None:
        self.context.counts.sentences_done += count
        self.context.emit()

    # -- translation

    def _translate(self, chunk: Chunk, size: int, done: queue.Queue[Any]) -> Chunk:
        """Translate the first ``size`` sentences of ``chunk``; returns the rest."""
        if self.translator is None:
            raise ValueError("batch translation needs a translator")  # run_batch checks
        head, rest = chunk[:size], chunk[size:]
        texts = [job.sentences[i].text for job, i in head]
        started = time.monotonic()
        try:
            out, hits = self.translator.translate_marked(texts, progress=self._advance)
        except AlignerError as exc:
            self._fail_chunk(head, str(exc), done)
            return [(job, i) for job, i in rest if job.in_model]
        share = (time.monotonic() - started) / max(1, len(head))
        for (job, i), translation, hit in zip(head, out, hits, strict=True):
            job.translations[i] = translation
            job.cached += hit
            job.waiting -= 1
            job.seconds += share
            if job.waiting == 0:
                self._complete(job, done)
        self.result.sentences += sum(not job.resumed for job, _ in head)
        return rest

    def _fail_chunk(self, head: Chunk, error: str, done: queue.Queue[Any]) -> None:
        # each job once, in chunk order (jobs are mutable, so not hashable: keyed by id)
        for job in {id(job): job for job, _ in head}.values():
            if job.in_model:
                job.state, job.record = JobState.FAILED, self.context.record(
                    job, "failed", error=error
                )
                self._hand_over(job, done)

    def _complete(self, job: Job, done: queue.Queue[Any]) -> None:
        from aligner.pipeline import build_pairs

        if job.state is JobState.REFEED:  # its outputs are in place from the run that did it
            job.state = JobState.UNCHANGED
            self._hand_over(job, done)
            return
        translations = [t for t in job.translations if t is not None]
        job.state = JobState.DONE
        self._hand_over(job, done, build_pairs(job.source.rel, job.sentences, translations))

    # -- alignment

    def _align(self, job: Job, done: queue.Queue[Any]) -> None:
        from aligner.pipeline import align_segmented
        from aligner.text.segmenter import segment_document

        if job.document is None or job.target is None:
            raise ValueError(f"{job.source.rel}: pending but not read")  # a bug
        started, reported = time.monotonic(), 0

        def advance(count: int) -> None:
            nonlocal reported
            reported += count
            self._advance(count)

        try:
            target = segment_document(job.target, lang="en")
            pairs = align_segmented(job.source.rel, job.sentences, target,
                                    translator=self.translator, progress=advance)
        except AlignerError as exc:
            job.state, job.record = JobState.FAILED, self.context.record(
                job, "failed", error=exc.message if exc.path == job.source.rel else str(exc)
            )
            self._hand_over(job, done)
            return
        job.seconds += time.monotonic() - started
        self._advance(max(0, len(job.sentences) - reported))  # --no-mt reports nothing
        self.result.sentences += len(job.sentences)
        job.state = JobState.DONE
        self._hand_over(job, done, pairs)

    # -- to the writers

    def _hand_over(self, job: Job, done: queue.Queue[Any], pairs: list[Pair] | None = None) -> None:
        if job.record is not None:
            self._count_finished(job.record, resumed=job.resumed)
        # the writer counts written documents once their outputs are in place
        job.document = job.target = None  # free the text early; the pairs carry it
        if not put(done, (job, pairs), self.writer_failed):
            raise _WriterStopped

    def _count_finished(self, record: ManifestRecord, *, resumed: bool) -> None:
        counts = self.context.counts
        if record.status == "failed":
            counts.files_failed += 1
        elif record.status == "skipped":
            counts.files_skipped += 1
        self.result.resumed += resumed
        self.context.emit(files_done=record.status == "done")


class _WriterStopped(Exception):
    """A writer thread died; its own error is re-raised by the driver."""
