"""The model loop of a batch run (the main thread): jobs in, finished jobs to the writers.

Sentences are gathered across files into chunks of ``--chunk`` sentences, so small files
still fill the model's batches; a file is finished when its last sentence is translated.

    Chunker            cuts the waiting sentences into chunks, and chunks into windows of
                       the engine's size; what a failed chunk left goes back to be cut again
    WindowTranslation  plans a window against the translation memory, has the engine
                       translate the misses, settles each chunk in order
    ModelLoop          reads jobs, drives the two, finishes files and hands them over

The engine (``batch.engines``) is this process's translator stack or Ray workers; chunks
are cut, planned and finished in the same order either way, so both give the same
translations. In align mode each document pair is aligned as a whole. A chunk the model
fails on fails every file with a sentence in it; the others go on.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aligner.batch.engines import ChunkEngine, LocalEngine, RememberingTranslator
from aligner.batch.intake import reason
from aligner.batch.jobs import Job, RunContext
from aligner.batch.options import BatchOptions
from aligner.batch.states import JobState
from aligner.batch.threads import END, get, put
from aligner.checks import Check
from aligner.errors import AlignerError
from aligner.pipeline import align_segmented, build_pairs
from aligner.translation.memory import MemoryPlan, MemoryPlanner
from aligner.types import Pair, SupportsTranslate, Translation

__all__ = ["Chunker", "Handoff", "ModelLoop", "WindowTranslation"]

Chunk = list[tuple[Job, int]]  # (file, sentence number) waiting for the model


class Chunker:
    """Sentences waiting for the model, cut into chunks of ``size`` and windows of
    ``window`` chunks, in the order their files were read."""

    def __init__(self, size: int, window: int) -> None:
        self.size, self.window_size = size, window
        self._waiting: Chunk = []  # not cut into a chunk yet
        self._window: list[Chunk] = []  # cut, waiting for the window to fill

    def add(self, job: Job) -> None:
        self._waiting.extend((job, i) for i in range(len(job.sentences)))

    def next_window(self, *, last: bool) -> list[Chunk] | None:
        """The next full window (``last``: whatever is left, once nothing more comes), or
        None when no window is ready."""
        while len(self._waiting) >= self.size or (last and self._waiting):
            self._window.append(self._waiting[: self.size])
            self._waiting = self._waiting[self.size :]
            if len(self._window) >= self.window_size or (last and not self._waiting):
                return self._take()
        return self._take() if last and self._window else None

    def give_back(self, left: Chunk) -> None:
        """After a window: what a failed chunk left untranslated goes back in front, to be
        cut again as a local run would cut it; files failed meanwhile drop out."""
        self._waiting = [(job, i) for job, i in left + self._waiting if job.in_model]

    def _take(self) -> list[Chunk]:
        window, self._window = self._window, []
        return window


@dataclass(frozen=True, slots=True)
class SettledChunk:
    """A chunk's translations in its order, which came from the memory, and the seconds
    its share of the window took."""

    chunk: Chunk
    translations: list[Translation]
    hits: list[bool]
    seconds: float


@dataclass(frozen=True, slots=True)
class FailedChunk:
    chunk: Chunk
    error: AlignerError
    rest: Chunk  # the window's later chunks, uncut: their plans assumed this one


class WindowTranslation:
    """One window of chunks through the memory and the engine (see module doc)."""

    def __init__(self, planner: MemoryPlanner, engine: ChunkEngine) -> None:
        self.planner, self.engine = planner, engine

    def translate(self, window: list[Chunk], advance: Any) -> Iterator[SettledChunk | FailedChunk]:
        """Each chunk of ``window`` planned in order (a sentence an earlier chunk of the
        window translates counts as known, as it would be once that chunk is stored),
        translated by the engine and settled, in order; after a chunk that fails, nothing."""
        plans: list[MemoryPlan] = []
        pending: dict[str, None] = {}
        for chunk in window:
            plans.append(self.planner.plan([job.sentences[i].text for job, i in chunk], pending))
            pending.update(dict.fromkeys(plans[-1].missing))
        earlier: dict[str, Translation] = {}
        started = time.monotonic()
        results = self.engine.translate_plans(plans, advance)
        for number, (chunk, plan, fresh) in enumerate(zip(window, plans, results, strict=True)):
            if isinstance(fresh, AlignerError):
                close = getattr(results, "close", None)
                if close is not None:
                    close()  # the engine's work on the rest is not needed
                yield FailedChunk(chunk, fresh, [e for rest in window[number + 1 :] for e in rest])
                return
            out, hits = self.planner.settle(plan, fresh, earlier)
            earlier.update(fresh)
            now = time.monotonic()
            yield SettledChunk(chunk, out, hits, (now - started) / max(1, len(chunk)))
            started = now


class Handoff:
    """The model loop's side of the queue to the writers."""

    def __init__(self, done: queue.Queue[Any], writer_failed: threading.Event) -> None:
        self.done, self.writer_failed = done, writer_failed

    def send(self, job: Job, pairs: list[Pair] | None = None) -> None:
        job.document = job.target = None  # free the text early; the pairs carry it
        if not put(self.done, (job, pairs), self.writer_failed):
            raise _WriterStopped


class ModelLoop:
    """Reads jobs, has them translated (or aligned), finishes them and hands them over."""

    def __init__(
        self, options: BatchOptions, planner: MemoryPlanner, engine: ChunkEngine | None
    ) -> None:
        """Chunks go through ``planner`` (the memory) and ``engine``; an alignment bridges
        through both when the engine is this process's (no engine: ``--no-mt``)."""
        self.options, self.planner = options, planner
        self.translation: WindowTranslation | None = None
        self.bridge: SupportsTranslate | None = None
        self.checks: tuple[Check, ...] = ()  # what an alignment's pairs are checked for
        if not options.align and engine is not None:
            self.translation = WindowTranslation(planner, engine)
        elif isinstance(engine, LocalEngine):
            self.bridge = RememberingTranslator(planner, engine)
            self.checks = engine.stack.checks
        window = engine.window if engine is not None else 1
        self.chunker = Chunker(options.chunk_sentences, window)

    def run(
        self, context: RunContext, jobs: queue.Queue[Any], stop: threading.Event, handoff: Handoff
    ) -> None:
        self.context = context
        while (job := get(jobs, stop)) is not END:
            if job.state not in (JobState.SKIPPED, JobState.FAILED):
                self.context.tally.read(len(job.sentences))
            if not job.in_model:
                self._hand_over(job, handoff)
            elif self.options.align:
                self._align(job, handoff)
            else:
                self.chunker.add(job)
                self._drain(handoff, last=False)
        self._drain(handoff, last=True)

    def _drain(self, handoff: Handoff, *, last: bool) -> None:
        while (window := self.chunker.next_window(last=last)) is not None:
            if self.translation is None:
                raise ValueError("batch translation needs a translator")  # run_batch checks
            left: Chunk = []
            for outcome in self.translation.translate(window, self.context.tally.advance):
                if isinstance(outcome, FailedChunk):
                    self._fail_chunk(outcome.chunk, str(outcome.error), handoff)
                    left = outcome.rest
                else:
                    self._finish_chunk(outcome, handoff)
            self.chunker.give_back(left)

    def _finish_chunk(self, settled: SettledChunk, handoff: Handoff) -> None:
        parts = zip(settled.chunk, settled.translations, settled.hits, strict=True)
        for (job, i), translation, hit in parts:
            job.translations[i] = translation
            job.cached += hit
            job.waiting -= 1
            job.seconds += settled.seconds
            if job.waiting == 0:
                self._complete(job, handoff)
        self.context.tally.processed(sum(not job.resumed for job, _ in settled.chunk))

    def _fail_chunk(self, head: Chunk, error: str, handoff: Handoff) -> None:
        # each job once, in chunk order (jobs are mutable, so not hashable: keyed by id)
        for job in {id(job): job for job, _ in head}.values():
            if job.in_model:
                self._fail(job, error, handoff)

    def _fail(self, job: Job, error: str, handoff: Handoff) -> None:
        job.state = JobState.FAILED
        job.record = self.context.record(job, JobState.FAILED, error=error)
        self._hand_over(job, handoff)

    def _complete(self, job: Job, handoff: Handoff) -> None:

        if job.state is JobState.REFEED:  # its outputs are in place from the run that did it
            job.state = JobState.UNCHANGED
            self._hand_over(job, handoff)
            return
        translations = [t for t in job.translations if t is not None]
        job.state = JobState.DONE
        self._hand_over(job, handoff, build_pairs(job.source.rel, job.sentences, translations))

    def _align(self, job: Job, handoff: Handoff) -> None:

        if job.document is None or job.target is None:
            raise ValueError(f"{job.source.rel}: pending but not read")  # a bug
        started, reported = time.monotonic(), 0

        def advance(count: int) -> None:
            nonlocal reported
            reported += count
            self.context.tally.advance(count)

        try:
            pairs = align_segmented(
                job.source.rel,
                job.sentences,
                job.target,
                translator=self.bridge,
                progress=advance,
                checks=self.checks,
            )
        except AlignerError as exc:
            self._fail(job, reason(exc, job.source.rel), handoff)
            return
        job.seconds += time.monotonic() - started
        self.context.tally.advance(max(0, len(job.sentences) - reported))  # --no-mt: none
        self.context.tally.processed(len(job.sentences))
        job.state = JobState.DONE
        self._hand_over(job, handoff, pairs)

    def _hand_over(self, job: Job, handoff: Handoff, pairs: list[Pair] | None = None) -> None:
        if job.record is not None:  # failed, skipped, or left as an earlier run did it
            self.context.tally.finished(job.record.status, resumed=job.resumed)
        handoff.send(job, pairs)


class _WriterStopped(Exception):
    """A writer thread died; its own error is re-raised by the driver."""
