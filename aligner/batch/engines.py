"""What translates the chunks of a batch run: this process's model, or a Ray cluster.

The model loop (``batch.scheduler``) cuts the chunks and plans each against the
translation memory; an engine only turns each plan's ``missing`` sentences into
translations, and yields them chunk by chunk in the order it was given:

    LocalEngine   one chunk at a time, with this process's translator
    RayEngine     a window of chunks at a time, through Ray Data actors
                  (``aligner.batch.distributed``, imported only with ``--ray``)

A chunk the model fails on comes back as its ``AlignerError``, so the loop fails the
files of that chunk and goes on, as it does locally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from aligner.errors import AlignerError
from aligner.translation.memory import CachedTranslator, MemoryPlan
from aligner.types import Translation

__all__ = ["ChunkEngine", "ChunkResult", "LocalEngine"]

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
    """The chunk's misses through this process's translator, one chunk at a time."""

    window = 1

    def __init__(self, translator: CachedTranslator | None) -> None:
        self.translator = translator

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Callable[[int], None]
    ) -> Iterator[ChunkResult]:
        if self.translator is None:
            raise ValueError("batch translation needs a translator")  # run_batch checks
        for plan in plans:
            try:
                yield self.translator.translate_plan(plan, progress)
            except AlignerError as exc:
                yield exc
