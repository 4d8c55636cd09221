"""Batch translation past one machine, on Ray Data (``aligner batch --ray``).

The driver does everything a local run does (walk, manifest, translation memory, chunks,
writers, corpus), in the same code; only the chunks' untranslated sentences go to Ray
workers, each holding one Translator:

    runtime   start_ray: a local runtime or a cluster, resources checked, the model
              converted once, a worker's signature probed (one-line errors before work)
    engine    RayEngine: a window of chunks through Dataset.map_batches on an actor pool
    worker    ChunkTranslator: what runs on the workers

Ray is an optional extra (``pip install 'aligner[ray]'``) imported only here.
"""

from aligner.batch.distributed.runtime import RayCluster, RayOptions, start_ray

__all__ = ["RayCluster", "RayOptions", "start_ray"]
