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
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from aligner.common.inflight import in_order
from aligner.errors import AlignerError
from aligner.translation.memory import MemoryPlan, MemoryPlanner
from aligner.translation.stack import TranslatorStack
from aligner.types import Translation

__all__ = [
    "ChunkEngine",
    "ChunkResult",
    "LocalEngine",
    "RememberingTranslator",
    "translate_missing",
]

ChunkResult = dict[str, Translation] | AlignerError  # a plan's missing -> translations
Progress = Callable[[int], None]


class ChunkEngine(Protocol):
    # chunks planned before any is translated: 1 locally; a distributed engine needs
    # enough to keep every worker busy
    window: int

    @property
    def signature(self) -> Mapping[str, Any]:
        """The signature of the translator stack that translates the chunks."""
        ...

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Progress
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

    def __init__(self, stack: TranslatorStack) -> None:
        self.stack = stack
        # enough chunks side by side to keep each of the model's parallel batches busy
        self.window = 1 if stack.parallel <= 1 else 2 * stack.parallel

    @property
    def signature(self) -> Mapping[str, Any]:
        return self.stack.signature

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Progress
    ) -> Iterator[ChunkResult]:
        lock = threading.Lock()

        def advance(count: int) -> None:  # called from the chunks' threads
            with lock:
                progress(count)

        def one(plan: MemoryPlan) -> ChunkResult:
            try:
                return self.translate_plan(plan, advance)
            except AlignerError as exc:
                return exc

        window = self.window
        yield from in_order(one, plans, workers=window, depth=window + 1, name="aligner-chunk")

    def translate_plan(self, plan: MemoryPlan, progress: Progress | None) -> dict[str, Translation]:
        """The translations of ``plan.missing``; ``progress`` counts the plan's texts: hits
        at once, the rest as the model reports them."""
        hit_count = plan.hit_count
        if progress is not None and hit_count:
            progress(hit_count)
        covered = len(plan.texts) - hit_count
        return translate_missing(self.stack.translator.translate, plan.missing, covered, progress)


def translate_missing(
    translate: Callable[..., list[Translation]],
    missing: list[str],
    covered: int,
    progress: Progress | None,
) -> dict[str, Translation]:
    """``translate`` distinct ``missing`` sentences standing for ``covered`` of the caller's,
    its progress scaled back to the caller's count so a bar still ends at ``covered``."""
    if not missing:
        return {}
    if progress is None:
        return dict(zip(missing, translate(missing), strict=True))
    # the model sees each distinct sentence once; scale its progress back to the
    # caller's count so the bar still ends at len(texts)
    scale = covered / len(missing)
    exact, whole = 0.0, 0

    def step(n: int) -> None:
        nonlocal exact, whole
        exact += n * scale
        more = min(int(exact), covered) - whole
        if more > 0:
            whole += more
            progress(more)

    out = translate(missing, progress=step)
    if covered > whole:
        progress(covered - whole)
    return dict(zip(missing, out, strict=True))


class RememberingTranslator:
    """The run's engine behind its memory, for what is not cut into chunks (the bridge of
    an alignment): hits from the memory, misses from the engine, then stored."""

    def __init__(self, planner: MemoryPlanner, engine: LocalEngine) -> None:
        self.planner, self.engine = planner, engine

    def translate(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[Translation]:
        plan = self.planner.plan(texts)
        return self.planner.settle(plan, self.engine.translate_plan(plan, progress))[0]

    def signature(self) -> dict[str, Any]:
        return dict(self.engine.signature)
