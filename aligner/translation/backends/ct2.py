"""The CTranslate2 backend: int8 on CPU, float16 on CUDA, the same pieces in and out.

The Hugging Face folder is converted once into the model store
(``aligner.translation.models.convert``); loading a converted model imports only
``ctranslate2``, never torch or transformers, so a warm start is fast. Scores are plain
log-softmax log-probs, what the Translator's confidence is defined on: taken from decoding
itself when it computes exactly those (the hypothesis score; see ``_plain``), else from
``score_batch``, one teacher-forced pass.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from aligner.common.inflight import in_background
from aligner.errors import BackendError
from aligner.translation.backends import register_backend
from aligner.translation.backends.base import (
    Backend,
    DecodeOptions,
    available_cores,
    resolve_device,
    thread_split,
)
from aligner.translation.models.convert import ensure_converted
from aligner.translation.models.store import default_store
from aligner.translation.tokenizer import EOS, PAD

DEFAULT_COMPUTE_TYPE = {"cpu": "int8", "cuda": "float16"}
# The weights kept on disk for each compute type (CTranslate2 converts between them at load
# time, so this only decides the conversion's size and load cost).
_STORED = {
    "int8": "int8",
    "int8_float32": "int8",
    "int8_float16": "int8_float16",
    "int8_bfloat16": "int8_float16",
    "float16": "float16",
    "bfloat16": "float16",
}
# Padded source tokens per batch (the Translator's default budget with this backend, and
# CTranslate2's own max_batch_size): on CPU moderate batches (scripts/bench_translate.py
# compares budgets); on CUDA large batches keep the device busy.
BATCH_TOKENS = {"cpu": 2048, "cuda": 16384}
# Logits (target positions x vocabulary) one scoring call may hold: 16M floats, 64 MB.
SCORE_LOGITS = 1 << 24
# Batches in flight on each GPU: one decodes while the next one's input is prepared.
PARALLEL_PER_GPU = 2

__all__ = ["CTranslate2Backend", "available_cores", "convert_for", "resolve_compute_type"]


def convert_for(
    model_dir: Path, device: str, compute_type: str | None, store: Path | None = None
) -> Path:
    """The model converted for a backend on ``device`` with ``compute_type`` (None: the
    device's default): the backend's own step, and what a Ray driver runs once before its
    workers start (no such device needed here)."""
    if device not in DEFAULT_COMPUTE_TYPE:
        raise BackendError(
            f"unknown device {device!r}; choose one of: {', '.join(DEFAULT_COMPUTE_TYPE)}"
        )
    quantization = _STORED.get(compute_type or DEFAULT_COMPUTE_TYPE[device], "float32")
    return ensure_converted(model_dir, quantization, store or _default_store())


def resolve_compute_type(device: str, compute_type: str | None) -> str:
    import ctranslate2

    if compute_type is None:
        return DEFAULT_COMPUTE_TYPE[device]
    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if compute_type not in supported:
        raise BackendError(
            f"compute type {compute_type!r} is not supported on {device}; "
            f"choose one of: {', '.join(supported)}"
        )
    return compute_type


@register_backend("ctranslate2")
class CTranslate2Backend(Backend):
    """A Marian model converted to CTranslate2 and run with ``ctranslate2.Translator``."""

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        threads: int | None = None,
        parallel: int | None = None,
        store: Path | None = None,
    ) -> None:
        import ctranslate2

        gpus = ctranslate2.get_cuda_device_count()
        device = resolve_device(device, gpus > 0, "CTranslate2")
        compute_type = resolve_compute_type(device, compute_type)
        super().__init__(
            model_dir, device=device, compute_type=compute_type, threads=threads, parallel=parallel
        )
        self.quantization = _STORED.get(compute_type, "float32")
        self.ct2_dir = convert_for(model_dir, device, compute_type, store)
        self.batch_tokens = BATCH_TOKENS[device]
        # the weights load in the background (CTranslate2 lets go of the GIL meanwhile)
        # while the Translator loads its tokenizer; ready() waits for them
        self._loading = self._load(threads, parallel, gpus if device == "cuda" else 0)
        # Per calling thread: (source, output) -> log-probs of its last plain batch, kept
        # from decoding (_plain) for the score() call that follows on the same thread;
        # several batches are decoded at once, each from its own thread.
        self._state = threading.local()
        vocabulary = _target_vocabulary(self.ct2_dir)
        self._vocab_size = max(1, len(vocabulary))
        # transformers bans <pad> through the model's bad_words_ids; do the same here.
        self._suppress = [[PAD]] if vocabulary[-1:] == [PAD] else None

    def _load(self, threads: int | None, parallel: int | None, gpus: int) -> Future[Any]:
        """Start loading the weights once, with ``inter`` workers that each decode one batch
        (on CUDA: that many per GPU, on every visible GPU) with ``intra`` threads."""
        if gpus:
            inter = parallel or PARALLEL_PER_GPU
            intra = max(1, (threads or available_cores()) // (inter * gpus))
            self.parallel = inter * gpus
        else:
            inter, intra = thread_split(threads, parallel)
            self.parallel = inter
        # one batch queued behind each one decoding: a worker never idles while the
        # thread that gave it its last batch takes the results back (1-2% greedy)
        self.waiting = self.parallel
        self.inter_threads, self.intra_threads = inter, intra
        options = {
            "device": self.device,
            "device_index": list(range(gpus)) if gpus else 0,
            "compute_type": self.compute_type or "default",
            "inter_threads": inter,
            "intra_threads": intra,
        }
        return in_background(lambda: _open(self.ct2_dir, options), name="aligner-ct2-load")

    def ready(self) -> None:
        self._loading.result()

    @property
    def _translator(self) -> Any:
        """The loaded ``ctranslate2.Translator``."""
        return self._loading.result()

    @property
    def _decoded(self) -> dict[tuple[tuple[str, ...], tuple[str, ...]], list[float]]:
        """This thread's log-probs kept from its last plain batch (see ``_decode_plain``)."""
        decoded: dict[tuple[tuple[str, ...], tuple[str, ...]], list[float]] | None
        decoded = getattr(self._state, "decoded", None)
        if decoded is None:
            decoded = self._state.decoded = {}
        return decoded

    def generate(self, sources: list[list[str]], options: DecodeOptions) -> list[list[str]]:
        self._state.decoded = {}
        if not sources:
            return []
        if _plain(options) and not self.target_prefix:
            return self._decode_plain(sources, options)
        results = self._translate(sources, options, suppress=self._suppress)
        skip = len(self.target_prefix)  # the hypotheses start with the forced prefix
        return [list(result.hypotheses[0])[skip:] for result in results]

    def _translate(
        self,
        sources: list[list[str]],
        options: DecodeOptions,
        *,
        suppress: list[list[str]] | None,
        scores: bool = False,
        hypotheses: int = 1,
    ) -> Any:
        return self._translator.translate_batch(
            sources,
            beam_size=max(1, options.beams),
            # CTranslate2's default, spelled out: the hypothesis score is then the sum of
            # its log-probs divided by its length (</s> included), which _decode_plain uses.
            length_penalty=1.0,
            max_decoding_length=options.max_new_tokens + len(self.target_prefix),
            min_decoding_length=min(options.min_new_tokens, options.max_new_tokens),
            target_prefix=[list(self.target_prefix)] * len(sources) if self.target_prefix else None,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            repetition_penalty=options.repetition_penalty,
            suppress_sequences=suppress,
            return_end_token=True,  # keep </s> when decoding ended on it, as the ABC says
            return_scores=scores,  # without it, steps carry no log-prob either
            num_hypotheses=hypotheses,
            max_input_length=0,  # never truncate: the Translator splits long input itself
            max_batch_size=self._decode_tokens(options.beams),
            batch_type="tokens",
        )

    def _decode_tokens(self, beams: int) -> int:
        """CTranslate2's batch budget: beam search keeps ``beams`` hypotheses (and their
        caches) per source, so wide beams get proportionally smaller batches; this keeps a
        beam-6 run on CPU well under 1 GB with no loss of speed (see the benchmark)."""
        return max(1, self.batch_tokens * 2 // max(2, beams))

    def _decode_plain(self, sources: list[list[str]], options: DecodeOptions) -> list[list[str]]:
        """Decode keeping each output's log-probs for ``score``, so that the re-scoring pass
        (as costly as half the decoding: it recomputes the 54,796-way output layer) is
        skipped for these outputs.

        Without penalties and without suppression, decoding computes the plain log-softmax
        values a teacher-forced pass would give, and with ``length_penalty`` 1 the score
        CTranslate2 returns (greedy or beam) is the output's mean log-prob, ``</s>``
        included: recorded as that mean once per piece (exact sum and count, see
        ``Backend.score``). Greedy could report each step's log-prob through a callback,
        but that calls into Python at every step of every batch, under the GIL: 4-8% of a
        greedy run's time with two batches in flight, for values no caller uses.
        ``<pad>`` is therefore not suppressed here: an output that chose it is decoded again
        with suppression, and re-scored. (So beam search ranks hypotheses under the plain
        log-softmax, where transformers renormalises after banning ``<pad>``; the two can
        differ only where ``<pad>`` is likely. A forced minimum length, used only by
        benchmarks, masks ``</s>`` and so renormalises those log-probs slightly.)
        """
        results = self._translate(sources, options, suppress=None, scores=True)
        hyps = [list(result.hypotheses[0]) for result in results]
        redo = [i for i, hyp in enumerate(hyps) if self._suppress and PAD in hyp]
        if redo:
            again = self._translate([sources[i] for i in redo], options, suppress=self._suppress)
            for i, result in zip(redo, again, strict=True):
                hyps[i] = list(result.hypotheses[0])
        for i, (hyp, result) in enumerate(zip(hyps, results, strict=True)):
            if i not in redo and hyp and result.scores:
                self._decoded[(tuple(sources[i]), tuple(hyp))] = [result.scores[0]] * len(hyp)
        return hyps

    def score(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        scores = [
            self._decoded.get((tuple(s), tuple(t))) for s, t in zip(sources, targets, strict=True)
        ]
        todo = [i for i, known in enumerate(scores) if known is None]
        for chunk in score_chunks([targets[i] for i in todo], self._vocab_size):
            picked = [todo[k] for k in chunk]
            results = self._score([sources[i] for i in picked], [targets[i] for i in picked])
            for i, result in zip(picked, results, strict=True):
                scores[i] = result
        return [list(known or []) for known in scores]

    def _score(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        # score_batch always appends </s> and scores it; give it targets without one and
        # drop that extra score where the target did not end with </s> (a capped output).
        ended = [bool(target) and target[-1] == EOS for target in targets]
        # A forced prefix is scored too; its log-probs are dropped: confidence is over the
        # output proper.
        prefix, skip = list(self.target_prefix), len(self.target_prefix)
        bodies = [prefix + (t[:-1] if end else t) for t, end in zip(targets, ended, strict=True)]
        results = self._translator.score_batch(sources, bodies, max_input_length=0)
        return [
            list(result.log_probs)[skip:] if end else list(result.log_probs)[skip:-1]
            for result, end in zip(results, ended, strict=True)
        ]

    def nbest(
        self, sources: list[list[str]], options: DecodeOptions, n: int
    ) -> list[list[list[str]]]:
        """CTranslate2's ``num_hypotheses`` best, from a beam of ``max(beams, n)``."""
        if not sources:
            return []
        wide = replace(options, beams=max(options.beams, n))
        results = self._translate(sources, wide, suppress=self._suppress, scores=True, hypotheses=n)
        skip = len(self.target_prefix)  # the hypotheses start with the forced prefix
        return [[list(hyp)[skip:] for hyp in result.hypotheses] for result in results]

    def describe(self) -> dict[str, str]:
        import ctranslate2

        return {
            **super().describe(),
            "ctranslate2": ctranslate2.__version__,
            "quantization": self.quantization,
        }


def _open(ct2_dir: Path, options: dict[str, Any]) -> Any:
    """``ctranslate2.Translator`` over ``ct2_dir``; its failure as a ``BackendError``."""
    import ctranslate2

    try:
        return ctranslate2.Translator(str(ct2_dir), **options)
    except (RuntimeError, ValueError) as exc:
        raise BackendError(f"{ct2_dir}: cannot load the CTranslate2 model: {exc}") from exc


def score_chunks(targets: list[list[str]], vocab_size: int) -> list[list[int]]:
    """Indices grouped by target length so that no scoring call holds more than
    ``SCORE_LOGITS`` logits: teacher forcing materialises a full-vocabulary row for every
    target position (54,796 floats each for opus-mt), which would otherwise take hundreds of
    MB per batch."""
    per_call = max(1, SCORE_LOGITS // vocab_size)
    chunks: list[list[int]] = []
    for i in sorted(range(len(targets)), key=lambda i: len(targets[i])):
        width = len(targets[i]) + 1
        if not chunks or (len(chunks[-1]) + 1) * width > per_call:
            chunks.append([])
        chunks[-1].append(i)
    return chunks


def _plain(options: DecodeOptions) -> bool:
    """Decoding (greedy or beam) whose log-probs are the plain log-softmax values."""
    return options.no_repeat_ngram_size == 0 and options.repetition_penalty == 1.0


def _default_store() -> Path:

    return default_store()


def _target_vocabulary(ct2_dir: Path) -> list[str]:
    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        path = ct2_dir / name
        if path.is_file():
            return list(json.loads(path.read_text(encoding="utf-8")))
    return []
