"""What translates the chunks of a batch run: this process's model, or a Ray cluster.

The model loop (``batch.scheduler``) cuts the chunks and plans each against the
translation memory; an engine only turns each plan's ``missing`` sentences into
translations, and yields them chunk by chunk in the order it was given:

    LocalEngine   a window of chunks side by side, with this process's translator
    RayEngine     a window of chunks at a time, through Ray Data actors
                  (``aligner.batch.distributed``, imported only with ``--ray``)

A chunk the model fails on comes back as its ``AlignerError``, so the loop fails the
files of that chunk and goes on, as it does locally.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from aligner.errors import AlignerError
from aligner.translation.memory import CachedTranslator, MemoryPlan
from aligner.types import Translation

__all__ = ["ChunkEngine", "ChunkResult", "LocalEngine", "parallel_batches"]

ChunkResult = dict[str, Translation] | AlignerError  # a plan's missing -> translations


class ChunkEngine(Protocol):
    # chunks planned before any is translated: 1 locally; a distributed engine needs
    # enough to keep every worker busy
    window: int

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Callable[[int], None]
    ) -> Iterator[ChunkResult]:
        """One result per plan, in order; ``progress`` gets counts of the plans' texts
        (hits and misses) as they are done."""
        ...


class LocalEngine:
    """The chunks' misses through this process's translator, ``window`` chunks side by side.

    The translator decodes ``parallel`` batches at once, but a chunk's last batches
    leave some of its threads idle; with other chunks started they stay busy, and a window
    of twice that many chunks leaves them idle only at the window's end. Each chunk is
    still its own ``translate`` call, so its batches, and its translations, are those of a
    run with one chunk at a time (the scheduler plans a window as it would plan the same
    chunks one by one)."""

    def __init__(self, translator: CachedTranslator | None) -> None:
        self.translator = translator
        parallel = parallel_batches(translator)
        self.window = 1 if parallel <= 1 else 2 * parallel

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Callable[[int], None]
    ) -> Iterator[ChunkResult]:
        translator = self.translator
        if translator is None:
            raise ValueError("batch translation needs a translator")  # run_batch checks
        lock = threading.Lock()

        def advance(count: int) -> None:  # called from the chunks' threads
            with lock:
                progress(count)

        def one(plan: MemoryPlan) -> ChunkResult:
            try:
                return translator.translate_plan(plan, advance)
            except AlignerError as exc:
                return exc

        if self.window <= 1:
            yield from map(one, plans)
            return
        pool = ThreadPoolExecutor(self.window, thread_name_prefix="aligner-chunk")
        started: deque[Future[ChunkResult]] = deque()
        try:
            for plan in plans:
                started.append(pool.submit(one, plan))
                if len(started) > self.window:
                    yield started.popleft().result()
            while started:
                yield started.popleft().result()
        finally:  # the loop stopped early (a failed chunk): drop what has not started
            pool.shutdown(wait=True, cancel_futures=True)


def parallel_batches(translator: object) -> int:
    """How many batches the model under ``translator`` decodes at once, looked up through
    the wrappers around it (translation memory, noise flags); 1 when none says."""
    seen = 0
    while translator is not None and seen < 8:  # a wrapper chain, not a cycle
        parallel = getattr(translator, "parallel", None)
        if isinstance(parallel, int):
            return max(1, parallel)
        translator = getattr(translator, "translator", None) or getattr(translator, "inner", None)
        seen += 1
    return 1
