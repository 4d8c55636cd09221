"""Starting or joining a Ray runtime for a batch run, and checking it before any work.

``start_ray(options, settings)`` (a context manager) gives a ``RayCluster``: the Ray runtime
(a local one started for the run, or an existing cluster at ``--ray-address``), the model
prepared once by the driver, its signature as the workers compute it, and the engine
that sends chunks to the workers. Everything that can be refused is refused here, in one
line, before a file is read: Ray not installed, an address nobody answers at, GPUs asked
of a cluster that has none, a model the workers cannot load.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aligner.batch.distributed.shipping import ShippedModel, ship_model
from aligner.batch.distributed.worker import worker_signature
from aligner.errors import AlignerError, ClusterError
from aligner.translation.backends import resolve_name
from aligner.translation.backends.ct2 import available_cores, convert_for
from aligner.translation.models.store import DEFAULT_MODEL, default_store, resolve_model
from aligner.translation.stack import TranslatorOptions

__all__ = ["INSTALL_HINT", "RayCluster", "RayOptions", "import_ray", "ray_reason", "start_ray"]

INSTALL_HINT = "--ray needs Ray Data: pip install 'aligner[ray]'"
# Environment the workers must share with the driver: the model store, benchmark knobs,
# and the CPU kernel choice of CTranslate2 (int8 results depend on it).
_SHARED_ENV = ("ALIGNER_", "CT2_", "ONEDNN_", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
# Set on each node (``ray start``'s environment), never the driver's: where it unpacks models
_NODE_ENV = frozenset({"ALIGNER_RAY_CACHE"})
# A worker reserves this share of a core per thread, so that N workers on N cores leave
# room for Ray Data's own small tasks (splitting, iterating) and never starve them.
CPU_SHARE = 0.75
CONNECT_TIMEOUT = 10.0  # seconds to reach a cluster's address before Ray is asked
CHUNKS_PER_WORKER = 32  # chunks planned per window, per worker (see RayOptions.window)


@dataclass(frozen=True, slots=True)
class RayOptions:
    """``--ray`` and its options; ``None`` means: decided from the cluster."""

    address: str | None = None  # None: a local runtime for the run; "auto", "ray://h:10001"
    workers: int | None = None  # None: one per GPU share, else one per core (locally)
    gpus_per_worker: float = 0.0
    window: int | None = None  # chunks planned per window; None: 32 per worker


@dataclass(frozen=True, slots=True)
class RayCluster:
    """What a run needs of Ray: the workers' settings, the model's signature, the engine."""

    workers: int
    threads: int  # CTranslate2 threads of each worker
    num_cpus: float  # Ray CPUs each worker reserves
    num_gpus: float
    window: int
    settings: TranslatorOptions  # what each worker builds its Translator from
    signature: dict[str, Any]  # the workers' Translator.signature()
    env: dict[str, str]
    started_seconds: float  # connecting, checking and the probe (Ray's start-up cost)
    # the model in the object store, for workers that cannot see the driver's disk (None:
    # a local runtime, whose workers load the driver's folder)
    model: ShippedModel | None = None

    def remote_args(self) -> dict[str, Any]:
        """The Ray resources and environment of one worker (actor or probe task)."""
        args: dict[str, Any] = {"num_cpus": self.num_cpus, "runtime_env": {"env_vars": self.env}}
        if self.num_gpus:
            args["num_gpus"] = self.num_gpus
        return args


def import_ray() -> Any:
    """``ray`` with Ray Data, or a one-line ClusterError saying how to install it."""
    # Ray's C++ core logs to our stderr, under the progress bar (an error line for every
    # actor that Ray Data creates, about restarts it does not do): fatal errors only; what
    # goes wrong reaches us as exceptions. Read when ray is first imported.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ClusterError(INSTALL_HINT) from exc
    return ray


@contextmanager
def start_ray(options: RayOptions, settings: TranslatorOptions) -> Iterator[RayCluster]:
    """Connect (or start a local runtime), check resources, prepare the model, probe a
    worker; shuts down only a runtime it started itself."""
    import time

    started = time.monotonic()
    ray = import_ray()
    owned = _connect(ray, options.address)
    try:
        cluster = _plan(ray, options, settings, local=owned and options.address is None)
        signature = _probe(ray, cluster)
        yield replace(cluster, signature=signature, started_seconds=time.monotonic() - started)
    finally:
        if owned:
            ray.shutdown()


def _connect(ray: Any, address: str | None) -> bool:
    """Whether this call started (and so must stop) the runtime."""
    if ray.is_initialized():  # a caller's runtime (tests, notebooks): use it as it is
        return False
    # Ray's own logging would interleave with our progress bar; errors still reach us as
    # exceptions
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.CRITICAL,
    }
    held: list[str] = []  # what Ray's core wrote to stderr meanwhile
    try:
        if address is None:
            with _holding_stderr(held):
                ray.init(num_cpus=available_cores(), **kwargs)
        else:
            _check_reachable(address)
            with warnings.catch_warnings(), _holding_stderr(held):
                warnings.simplefilter("ignore", UserWarning)  # Ray Client warns, then raises
                ray.init(address=address, **kwargs)
    except (
        ConnectionError,
        RuntimeError,
        ValueError,
        TimeoutError,
        ray.exceptions.RayError,
    ) as exc:
        refused = isinstance(exc, ray.exceptions.AuthenticationError)
        if refused or any("Unauthenticated" in line for line in held):
            raise ClusterError(
                f"the Ray cluster at {address} refused this driver's token (the driver needs"
                " RAY_AUTH_MODE=token and the cluster's token: RAY_AUTH_TOKEN,"
                " RAY_AUTH_TOKEN_PATH or ~/.ray/auth_token)"
            ) from exc
        where = f"the Ray cluster at {address}" if address else "a local Ray runtime"
        raise ClusterError(f"cannot connect to {where}: {first_sentence(exc)}") from exc
    _quiet_ray_data(ray)
    return True


@contextmanager
def _holding_stderr(held: list[str]) -> Iterator[None]:
    """Hold what is written to the process's stderr (file descriptor 2) meanwhile, into
    ``held``. Ray's C++ core, started by ``ray.init``, writes a line there when it reads
    RAY_BACKEND_LOG_LEVEL ("logging.cc:… Set ray log level from environment variable …"),
    and its own account of a failed start, which our one-line error replaces: after a
    start every other line is passed on, after a failure none."""
    import sys
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as file:
        os.dup2(file.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            file.seek(0)
            held.extend(file.read().decode(errors="replace").splitlines(keepends=True))
        # only reached after a start: a failure left above, with the lines held
        sys.stderr.writelines(line for line in held if "Set ray log level" not in line)


def _check_reachable(address: str) -> None:
    """Fail at once where nothing listens: Ray itself retries an unreachable or unknown
    host for a minute or more before it gives up."""
    import socket

    if address in ("auto", "local"):
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"not host:port, 'auto' or ray://host:port: {address!r}")
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise ConnectionError(exc.strerror or str(exc)) from exc


def _quiet_ray_data(ray: Any) -> None:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI draws its own
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def _plan(ray: Any, options: RayOptions, settings: TranslatorOptions, *, local: bool) -> RayCluster:
    resources = ray.cluster_resources()
    cpus, gpus = float(resources.get("CPU", 0)), float(resources.get("GPU", 0))
    per = options.gpus_per_worker
    workers = options.workers or _default_workers(cpus, gpus, per, settings.threads)
    if per > 0 and gpus < per * workers:
        have = "no GPUs" if gpus == 0 else f"{gpus:g} GPUs"
        raise ClusterError(
            f"--workers {workers} --gpus-per-worker {per:g} needs"
            f" {per * workers:g} GPU(s); the Ray cluster has {have}"
        )
    threads = settings.threads or (max(1, int(cpus) // workers) if local and per == 0 else 1)
    num_cpus = CPU_SHARE * threads
    if per == 0 and cpus < num_cpus:
        raise ClusterError(
            f"a worker with {threads} threads needs {num_cpus:g} CPUs; the Ray cluster has {cpus:g}"
        )
    device = settings.device if settings.device != "auto" else ("cuda" if per else "cpu")
    prepared, converted = _prepare_model(replace(settings, device=device, threads=threads))
    shipped = None if local else ship_model(ray, Path(str(prepared.model)), converted)
    window = options.window or CHUNKS_PER_WORKER * workers
    env = _shared_env()
    return RayCluster(workers, threads, num_cpus, per, window, prepared, {}, env, 0.0, shipped)


def _default_workers(cpus: float, gpus: float, per_worker: float, threads: int | None) -> int:
    if per_worker > 0:
        return max(1, int(gpus // per_worker))
    # one single-threaded worker per core; with --threads, as many as fit the CPUs
    # (workers x threads never oversubscribes a node)
    return max(1, int(cpus) // (threads or 1))


def _prepare_model(settings: TranslatorOptions) -> tuple[TranslatorOptions, Path | None]:
    """The model as an absolute folder, converted once here for CTranslate2 so that
    workers never race on a conversion (its folder, or None), named as the user named it
    so the signature (and the resume key) is the local run's."""

    name = str(settings.model or DEFAULT_MODEL)
    model_dir = resolve_model(name).resolve()
    converted = None
    if resolve_name(settings.backend) == "ctranslate2":
        converted = convert_for(model_dir, settings.device, settings.compute_type).resolve()
    return replace(settings, model=str(model_dir), name=name), converted


def _shared_env() -> dict[str, str]:

    env = {
        key: value
        for key, value in os.environ.items()
        if key.startswith(_SHARED_ENV) and key not in _NODE_ENV
    }
    env["ALIGNER_MODELS"] = str(Path(default_store()).resolve())
    return env


def _probe(ray: Any, cluster: RayCluster) -> dict[str, Any]:
    """The signature of a Translator built as a worker builds it, where workers run: a
    model the workers cannot load fails here, before any work."""

    probe = ray.remote(max_retries=0, **cluster.remote_args())(worker_signature)
    try:
        result: dict[str, Any] = ray.get(probe.remote(cluster.settings, cluster.model))
    except ray.exceptions.RayTaskError as exc:
        cause = exc.cause if isinstance(exc.cause, AlignerError) else None
        if cause is not None:
            raise type(cause)(cause.message, path=cause.path) from exc
        raise ClusterError(f"a Ray worker could not load the model: {ray_reason(exc)}") from exc
    except ray.exceptions.RayError as exc:
        raise ClusterError(f"a Ray worker could not start: {ray_reason(exc)}") from exc
    return result


def first_sentence(exc: BaseException) -> str:
    """Ray's messages go on with advice on its own flags: keep what went wrong."""
    line = first_line(exc)
    head, dot, _ = line.partition(". ")
    return head + ("." if dot else "")


def ray_reason(exc: BaseException) -> str:
    """What went wrong on a worker: a task error's first line is Ray's task header
    (``ray::MapBatches(…) (pid=…)``, with colour codes), its cause says it."""
    cause = getattr(exc, "cause", None)
    return first_line(cause if isinstance(cause, BaseException) else exc)


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
