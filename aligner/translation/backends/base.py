"""The backend interface: one seq2seq model run on SentencePiece pieces.

Tokenisation is shared (the model's MarianTokenizer / SentencePiece), so every backend
sees and returns the same pieces and confidence means the same thing across backends.
The public ``Translator`` validates and orchestrates (dedup, long-split, flags, retry);
a backend only decodes and scores.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from aligner.errors import BackendError
from aligner.translation.models.arch import detect, target_prefix
from aligner.translation.models.arch import input_limit as arch_input_limit

DEVICES = ("cpu", "cuda")


def resolve_device(device: str, has_cuda: bool, engine: str) -> str:
    """``auto`` is CUDA when ``engine`` (who is asked) sees a GPU, else CPU; ``cuda``
    without one is an error, as is a name outside ``auto``, ``cpu``, ``cuda``."""
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r}; choose one of: auto, cpu, cuda")
    if device == "cuda" and not has_cuda:
        raise BackendError(f"--device cuda: {engine} finds no CUDA device on this machine")
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
    """

    name: ClassVar[str]

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.model_dir = model_dir
        self._max_input = input_limit(model_dir)
        # pieces forced before the output (a multilingual model's target language token):
        # generate returns outputs without them, score takes targets without them
        self.target_prefix: tuple[str, ...] = target_prefix(detect(model_dir))
        self.device = device
        self.compute_type = compute_type
        self.threads = threads

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
