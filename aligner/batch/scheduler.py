"""The model loop of a batch run (the main thread): jobs in, finished jobs to the writers.

Sentences are gathered across files into chunks of ``--chunk`` sentences, so small files
still fill the model's batches; a file is finished when its last sentence is translated.
The chunks go to a ``ChunkEngine`` (``batch.engines``): this process's model one chunk at
a time, or Ray workers a window of chunks at a time (``batch.distributed``); chunks are
cut, planned against the translation memory and finished in the same order either way,
so both give the same translations.
In align mode each document pair is aligned as a whole. A chunk the model fails on fails
every file with a sentence in it; the others go on.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from aligner.batch.engines import ChunkEngine, LocalEngine
from aligner.batch.intake import reason
from aligner.batch.jobs import Job, JobState, RunContext
from aligner.batch.manifest import ManifestRecord
from aligner.batch.options import BatchOptions
from aligner.batch.result import BatchResult
from aligner.batch.threads import END, get, put
from aligner.errors import AlignerError
from aligner.translation.memory import CachedTranslator, MemoryPlan
from aligner.types import Pair, Translation

__all__ = ["ModelLoop"]

Chunk = list[tuple[Job, int]]  # (file, sentence number) waiting for the model


class ModelLoop:
    def __init__(
        self,
        context: RunContext,
        options: BatchOptions,
        translator: CachedTranslator | None,
        result: BatchResult,
        stop: threading.Event,
        writer_failed: threading.Event,
        engine: ChunkEngine | None = None,
    ) -> None:
        self.context, self.options, self.translator = context, options, translator
        # what translates a chunk's misses: this process's model, or Ray workers
        self.engine: ChunkEngine = engine or LocalEngine(translator)
        self.result, self.stop, self.writer_failed = result, stop, writer_failed

    def run(self, jobs: queue.Queue[Any], done: queue.Queue[Any]) -> None:
        chunk: Chunk = []  # sentences not cut into a chunk yet
        window: list[Chunk] = []  # chunks planned together (one, unless distributed)
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
                chunk, window = self._cut(chunk, window, done, last=False)
        while chunk or window:
            chunk, window = self._cut(chunk, window, done, last=True)

    def _cut(
        self, chunk: Chunk, window: list[Chunk], done: queue.Queue[Any], *, last: bool
    ) -> tuple[Chunk, list[Chunk]]:
        """Cut full chunks (``last``: the rest too) into the window, translating it when it
        is full (``last``: when nothing is left to cut). What a failed chunk left
        untranslated goes back in front of the rest, to be cut again as a local run
        would cut it; a file failed with its chunk leaves the chunks still to be cut."""
        size = self.options.chunk_sentences
        while len(chunk) >= size or (last and chunk):
            window.append(chunk[:size])
            chunk = chunk[size:]
            if len(window) >= self.engine.window or (last and not chunk):
                left = self._translate(window, done)
                window, chunk = [], [(job, i) for job, i in left + chunk if job.in_model]
        if last and window:
            left = self._translate(window, done)
            window, chunk = [], [(job, i) for job, i in left if job.in_model]
        return chunk, window

    def _count_read(self, job: Job) -> None:
        if job.state not in (JobState.SKIPPED, JobState.FAILED):
            self.context.counts.sentences_total += len(job.sentences)
            self.context.emit()

    def _advance(self, count: int) -> None:
        self.context.counts.sentences_done += count
        self.context.emit()

    # -- translation

    def _translate(self, window: list[Chunk], done: queue.Queue[Any]) -> Chunk:
        """Translate the chunks of ``window``: each planned against the memory in order
        (a sentence an earlier chunk of the window translates counts as known, as it would
        be once that chunk is stored), the rest translated by the engine, each chunk's
        files finished as its translations come back, in order. After a chunk that fails,
        the rest of the window is returned uncut: its plans assumed that chunk."""
        if self.translator is None:
            raise ValueError("batch translation needs a translator")  # run_batch checks
        cached = self.translator
        shares = cached.cache is not None  # without a memory every chunk stands alone
        plans: list[MemoryPlan] = []
        pending: dict[str, None] = {}
        for chunk in window:
            texts = [job.sentences[i].text for job, i in chunk]
            plans.append(cached.plan(texts, pending if shares else {}))
            pending.update(dict.fromkeys(plans[-1].missing))
        earlier: dict[str, Translation] = {}
        started = time.monotonic()
        results = self.engine.translate_plans(plans, self._advance)
        for number, (chunk, plan, fresh) in enumerate(zip(window, plans, results, strict=True)):
            if isinstance(fresh, AlignerError):
                self._fail_chunk(chunk, str(fresh), done)
                close = getattr(results, "close", None)
                if close is not None:
                    close()  # the engine's work on the rest is not needed
                return [entry for rest in window[number + 1 :] for entry in rest]
            out, hits = cached.settle(plan, fresh, earlier)
            earlier.update(fresh)
            now = time.monotonic()
            self._finish_chunk(chunk, out, hits, (now - started) / max(1, len(chunk)), done)
            started = now
        return []

    def _finish_chunk(
        self,
        chunk: Chunk,
        out: list[Translation],
        hits: list[bool],
        share: float,
        done: queue.Queue[Any],
    ) -> None:
        for (job, i), translation, hit in zip(chunk, out, hits, strict=True):
            job.translations[i] = translation
            job.cached += hit
            job.waiting -= 1
            job.seconds += share
            if job.waiting == 0:
                self._complete(job, done)
        self.result.sentences += sum(not job.resumed for job, _ in chunk)

    def _fail_chunk(self, head: Chunk, error: str, done: queue.Queue[Any]) -> None:
        # each job once, in chunk order (jobs are mutable, so not hashable: keyed by id)
        for job in {id(job): job for job, _ in head}.values():
            if job.in_model:
                job.state, job.record = (
                    JobState.FAILED,
                    self.context.record(job, "failed", error=error),
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

        if job.document is None or job.target is None:
            raise ValueError(f"{job.source.rel}: pending but not read")  # a bug
        started, reported = time.monotonic(), 0

        def advance(count: int) -> None:
            nonlocal reported
            reported += count
            self._advance(count)

        try:
            pairs = align_segmented(
                job.source.rel,
                job.sentences,
                job.target,
                translator=self.translator,
                progress=advance,
            )
        except AlignerError as exc:
            job.state, job.record = (
                JobState.FAILED,
                self.context.record(job, "failed", error=reason(exc, job.source.rel)),
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
