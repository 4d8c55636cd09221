"""The chunks of a window through Ray Data: one Dataset, an actor pool, results in order.

    driver: plans   --from_items (one block per chunk)--> map_batches(ChunkTranslator,
            ActorPoolStrategy(size=workers), num_cpus/num_gpus per worker)
            --iter_rows, in chunk order (preserve_order)--> driver: memory, pairs, outputs

Only a chunk's distinct untranslated sentences cross the network; the driver keeps the
documents, the translation memory and every output. Ray retries the tasks of a worker
that dies and restarts the actor (``max_restarts``/``max_task_retries`` set explicitly),
and since each chunk is translated as a whole by one worker, a retried chunk gives the
translations the first try would have.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from aligner.batch.distributed.runtime import RayCluster, import_ray, ray_reason
from aligner.batch.distributed.worker import ChunkTranslator, decode_translations
from aligner.batch.engines import ChunkResult
from aligner.common.jsontext import json_text
from aligner.errors import AlignerError, ClusterError
from aligner.translation.memory import MemoryPlan

__all__ = ["RayEngine"]

# A worker killed mid-chunk is restarted (always) and its chunk retried, up to 3 times: a
# chunk that kills every worker it meets (out of host memory, a native crash) then ends
# the run with a one-line error, resumable, instead of retrying forever. A chunk that
# cannot be translated fails with an AlignerError, not a crash.
RESTARTS = {"max_restarts": -1, "max_task_retries": 3}


class RayEngine:
    """A ``ChunkEngine`` on Ray Data (see the module doc): each worker builds the translator
    stack a local run builds (``translation.stack.build_stack``), and ``signature`` is
    theirs, so a Ray run resumes a local one and the reverse."""

    def __init__(self, cluster: RayCluster) -> None:
        self.cluster = cluster
        self.window = cluster.window
        ray = import_ray()
        # chunks finish in their order (set once: DataContext is this process's)
        ray.data.DataContext.get_current().execution_options.preserve_order = True

    @property
    def signature(self) -> Mapping[str, Any]:
        return self.cluster.signature

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Callable[[int], None]
    ) -> Iterator[ChunkResult]:
        rows = [
            {"chunk": i, "texts": json_text(p.missing)} for i, p in enumerate(plans) if p.missing
        ]
        results = self._run(rows) if rows else iter(())
        for i, plan in enumerate(plans):
            fresh: ChunkResult = {}
            if plan.missing:
                fresh = _result(plan, i, next(results))
            progress(len(plan.texts))
            yield fresh

    def _run(self, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        ray = import_ray()
        from ray.data import ActorPoolStrategy

        cluster = self.cluster
        with warnings.catch_warnings():
            # Ray 2.60 warns that these go with the other generic remote arguments in
            # 2.64; its own defaults are the same, so the run stays retried after that
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                ChunkTranslator,
                fn_constructor_kwargs={"settings": cluster.settings, "model": cluster.model},
                batch_size=1,
                batch_format="numpy",
                compute=ActorPoolStrategy(size=min(cluster.workers, len(rows))),
                **cluster.remote_args(),
                **RESTARTS,
            )
        try:
            yield from dataset.iter_rows()
        except ray.exceptions.RayError as exc:
            raise ClusterError(f"the Ray run failed: {ray_reason(exc)}") from exc


def _result(plan: MemoryPlan, index: int, row: dict[str, Any]) -> ChunkResult:
    if int(row["chunk"]) != index:  # preserve_order broken: never pair the wrong chunk
        raise ClusterError(f"Ray returned chunk {row['chunk']} where {index} was due")
    if row["error"]:
        return AlignerError(str(row["error"]))
    return dict(zip(plan.missing, decode_translations(str(row["translations"])), strict=True))
