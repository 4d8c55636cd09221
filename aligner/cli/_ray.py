"""``aligner batch --ray``: its options, and the Ray runtime around a run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from aligner.batch.distributed import RayOptions, start_ray
from aligner.batch.distributed.runtime import import_ray
from aligner.cli._shared import working
from aligner.errors import OptionError

if TYPE_CHECKING:
    from aligner.batch.distributed import RayCluster
    from aligner.batch.distributed.ray_engine import RayEngine
    from aligner.translation.stack import TranslatorOptions

RayOption = Annotated[
    bool,
    typer.Option("--ray", help="Translate on Ray Data workers (pip install 'aligner\\[ray]')."),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        help="--ray: an existing cluster ('auto', 'ray://host:10001'); default: a"
        " local runtime on every core of this machine."
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="--ray: workers, each holding one model (default: one per core,"
        " or per GPU share with --gpus-per-worker).",
    ),
]
GpusPerWorkerOption = Annotated[
    float, typer.Option(min=0.0, help="--ray: GPUs each worker holds (0: CPU workers).")
]


def check_ray_options(
    ray: bool, address: str | None, workers: int | None, gpus: float, align: bool
) -> None:
    """Usage errors before any work: Ray options without --ray, --ray with --align, and
    Ray not installed."""
    if not ray:
        if address is not None or workers is not None or gpus:
            raise OptionError("--ray-address, --workers and --gpus-per-worker go with --ray")
        return
    if align:
        raise OptionError("--ray translates; --align runs in this process")

    import_ray()  # ClusterError with the install hint: before OUT_DIR is made


def describe(cluster: RayCluster) -> str:
    """``Ray: 2 workers, 1 thread each; started in 3.9 s``."""
    threads = f"{cluster.threads} thread{'s' if cluster.threads != 1 else ''}"
    gpus = f", {cluster.num_gpus:g} GPU" if cluster.num_gpus else ""
    workers = f"{cluster.workers} worker{'s' if cluster.workers != 1 else ''}"
    return f"Ray: {workers}, {threads}{gpus} each; started in {cluster.started_seconds:.1f} s"


@contextmanager
def ray_engine(
    settings: TranslatorOptions,
    address: str | None,
    workers: int | None,
    gpus: float,
    quiet: bool,
) -> Iterator[RayEngine]:
    """The engine that feeds the cluster's workers, for as long as the run lasts."""
    from aligner.batch.distributed.ray_engine import RayEngine

    options = RayOptions(address=address, workers=workers, gpus_per_worker=gpus)
    with ExitStack() as stack:
        with working("starting Ray", quiet):
            cluster = stack.enter_context(start_ray(options, settings))
        if not quiet:
            typer.echo(describe(cluster), err=True)
        yield RayEngine(cluster)
