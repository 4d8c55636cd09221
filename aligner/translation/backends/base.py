"""The backend interface: one seq2seq model run on SentencePiece pieces.

Tokenisation is shared (the model's MarianTokenizer / SentencePiece), so every backend
sees and returns the same pieces and confidence means the same thing across backends.
The public ``Translator`` validates and orchestrates (dedup, long-split, flags, retry);
a backend only decodes and scores.
"""

from __future__ import annotations

import math
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from aligner.errors import BackendError
from aligner.translation.models.arch import detect, target_prefix
from aligner.translation.models.arch import input_limit as arch_input_limit

DEVICES = ("cpu", "cuda")
# Batches decoded side by side on CPU, at most: past this, more cores go to each batch
# (intra-op threads) rather than to more batches. Each batch in flight holds its own
# activations and beam caches (about 150 MB greedy, 300 MB at beam 6 with opus-mt, see
# docs/speed.md), and a short input has only a few batches to run side by side.
MAX_PARALLEL_CPU = 4
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def available_cores() -> int:
    """Cores this process may use: its CPU affinity (taskset, a container's cpuset),
    capped by a cgroup v2 CPU quota (``docker --cpus``, Kubernetes limits) when one is set,
    never the host's count when it is limited."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_quota(CGROUP_CPU_MAX)
    return max(1, min(cores, quota)) if quota else max(1, cores)


def _cgroup_quota(path: Path) -> int | None:
    """CPUs allowed by a cgroup v2 ``cpu.max`` ("QUOTA PERIOD", or "max PERIOD": none),
    rounded up: a quota of 1.5 CPUs keeps two threads busy part of the time."""
    try:
        quota, period = path.read_text(encoding="ascii").split()[:2]
    except (OSError, ValueError):
        return None
    if not quota.isdigit() or not period.isdigit() or int(period) == 0:
        return None
    return max(1, math.ceil(int(quota) / int(period)))


def thread_split(threads: int | None, parallel: int | None = None) -> tuple[int, int]:
    """``(batches in flight, threads per batch)`` for ``threads`` CPU threads in all
    (None: every core this process may use; see ``available_cores``).

    One thread per batch, up to ``MAX_PARALLEL_CPU`` batches: a small batch keeps one core
    busier than it keeps several, so on 2 cores two batches side by side decode 1.6-1.8x
    as fast as one batch on both cores (docs/speed.md). Past that cap the extra cores
    are shared out among the batches: 8 cores are 4 batches of 2 threads, 16 cores 4 of 4.
    ``parallel`` (``--parallel-batches``) overrides the number of batches; the threads
    are then shared out among them (at least one each).
    """
    total = threads or available_cores()
    inter = parallel or min(total, MAX_PARALLEL_CPU)
    return inter, max(1, total // inter)


def resolve_device(device: str, has_cuda: bool, engine: str) -> str:
    """``auto`` is CUDA when ``engine`` (who is asked) sees a GPU, else CPU; ``cuda``
    without one is an error, as is a name outside ``auto``, ``cpu``, ``cuda``."""
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r}; choose one of: auto, cpu, cuda")
    if device == "cuda" and not has_cuda:
        raise BackendError(f"device cuda: {engine} finds no CUDA device on this machine")
    return device


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    beams: int
    max_new_tokens: int  # cap for the whole batch (the Translator batches by length)
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    min_new_tokens: int = 0  # only benchmarks set it (= max_new_tokens: a fixed output length)


class Backend(ABC):
    """Decode and score with one model. Subclasses register with ``@register_backend``.

    ``device`` may be ``auto``: the backend resolves it (CUDA when it sees a GPU) and keeps
    the concrete device, and its default ``compute_type``, on ``self`` for ``describe``.

    ``parallel`` is how many batches the backend decodes at once: the Translator keeps
    that many in flight, each ``generate`` and its ``score`` on one thread of its own, so
    a backend with ``parallel`` > 1 keeps any per-call state per thread.

    ``waiting`` is how many more calls the backend accepts at once than it decodes: they
    wait in its own queue (CTranslate2's) and start the moment a batch ends, instead of
    after the calling thread has taken that batch's results back. 0: calls beyond
    ``parallel`` would compete for the same cores (torch).

    A backend may still be loading its weights when its constructor returns (CTranslate2
    does, on a thread of its own); ``ready`` waits for that and raises its error.
    """

    name: ClassVar[str]
    parallel: int = 1
    waiting: int = 0

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        threads: int | None = None,
        parallel: int | None = None,
    ) -> None:
        # ``parallel``: batches side by side, where the backend can (--parallel-batches)
        self.model_dir = model_dir
        self._max_input = input_limit(model_dir)
        # pieces forced before the output (a multilingual model's target language token):
        # generate returns outputs without them, score takes targets without them
        self.target_prefix: tuple[str, ...] = target_prefix(detect(model_dir))
        self.device = device
        self.compute_type = compute_type
        self.threads = threads

    def ready(self) -> None:
        """Wait until the model can decode; a load that failed raises here. The
        Translator calls it once it has loaded its own tokenizer meanwhile."""
        return  # loaded in the constructor

    @property
    def max_input_tokens(self) -> int:
        """Longest source (in pieces, end-of-sentence included) the model accepts."""
        return self._max_input

    @abstractmethod
    def generate(self, sources: list[list[str]], options: DecodeOptions) -> list[list[str]]:
        """Translate a batch. ``sources`` are pieces ending with ``</s>``; each result is the
        output pieces without the decoder start token, ending with ``</s>`` unless decoding
        stopped at ``max_new_tokens``."""

    @abstractmethod
    def score(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        """Teacher-forced log-probabilities, one per target piece (``</s>`` included), under
        the model's plain log-softmax: no beam, length or repetition adjustments.

        Callers use only each list's sum and length (confidence is ``exp(mean log p)``), so a
        backend that knows only a sequence's total, such as a beam hypothesis's score, may
        return that sequence's mean log-prob once per piece: sum and length stay exact, the
        individual values are then not per-piece."""

    def nbest(
        self, sources: list[list[str]], options: DecodeOptions, n: int
    ) -> list[list[list[str]]]:
        """The ``n`` best hypotheses of each source by beam search (width at least ``n``),
        best first, each as ``generate`` returns an output. Backends override this; the
        Translator asks for it only when a check fails (``aligner.translation.enforce``)."""
        raise NotImplementedError(f"backend {self.name!r} gives no n-best list")

    def describe(self) -> dict[str, str]:
        """What goes into the reproducibility signature."""
        return {
            "backend": self.name,
            "device": self.device,
            "compute_type": self.compute_type or "",
        }


def input_limit(model_dir: Path) -> int:
    """The model's input limit (512 for opus-mt), one definition for every backend
    (``aligner.translation.models.arch.input_limit``)."""
    return arch_input_limit(model_dir)
