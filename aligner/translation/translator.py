"""Sentences in, ``Translation``s out: batching, long input, confidence, flags, retry.

The ``Translator`` validates and orchestrates; a backend (``aligner.translation.backends``) only
decodes and scores SentencePiece pieces. Per run:

1. Lines without letters ("***", "2024") are passed through: the Translation's text is the
   source, confidence 1.0, logprob 0.0, tokens 0, flag ``passthrough``.
2. Identical sentences are translated once.
3. A sentence over the model's input limit is split (``aligner.translation.longsplit``), its pieces
   translated and rejoined with a space into one Translation flagged ``long-split``.
4. Units are sorted by length and batched under a token budget (padded source tokens);
   ``max_new_tokens`` is ``2 * source tokens + 10``, capped by the model. The backend's
   ``parallel`` batches run side by side, each on its own thread (step 5 whole), and are
   taken back in order: the batches, and so the outputs, are the same for any number.
5. Each batch is decoded, then scored teacher-forced (confidence) in one batched pass;
   a backend skips that pass where decoding already gave exactly the plain log-softmax
   values (CTranslate2: greedy step log-probs, and beam scores without penalties).
   Outputs that loop (``repeat``) or hit the cap (``max-length``) are decoded once more
   with ``no_repeat_ngram_size`` and a repetition penalty; the better-scoring output is
   kept and flagged ``retried``.
6. Every output is checked for what must survive translation (``aligner.checks``: numbers,
   links, glossary terms); one that fails is replaced by the best n-best hypothesis that
   passes, flagged ``enforced``, or keeps its flags (``aligner.translation.enforce``).

Everything is deterministic: same texts, model and options give the same Translations.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aligner.checks import CHECKS, Glossary, checks_signature, make_checks
from aligner.common.digest import folder_sha256
from aligner.common.inflight import in_order
from aligner.common.textrules import text_flags
from aligner.errors import AlignerError, OptionError
from aligner.translation.backends import Backend, DecodeOptions, get_backend
from aligner.translation.confidence import confidence, is_repeat
from aligner.translation.enforce import NBEST, enforce_all
from aligner.translation.longsplit import split_long
from aligner.translation.models.arch import Arch, detect, npz_settings
from aligner.translation.models.known import licence
from aligner.translation.models.store import DEFAULT_MODEL, resolve_model
from aligner.translation.tokenizer import (
    EOS,
    Vocab,
    check_tokenizer_files,
    load_tokenizer,
    read_json,
)
from aligner.types import Flag, Translation, has_letters

__all__ = [
    "DEFAULT_BATCH_TOKENS",
    "RETRY_NGRAM",
    "RETRY_PENALTY",
    "Translator",
    "max_new_tokens",
    "passthrough",
]

DEFAULT_BATCH_TOKENS = 1024  # padded source tokens per batch; beams multiply the work
RETRY_NGRAM, RETRY_PENALTY = 3, 1.2  # the retry of a looping or capped output
FORCED_LENGTH_ENV = "ALIGNER_BENCH_OUTPUT_TOKENS"  # see _forced_output_tokens
OUTPUT_RATIO, OUTPUT_MARGIN = 2, 10  # max_new_tokens = 2 * source tokens + 10, then capped

Progress = Callable[[int], None]


def passthrough(text: str) -> Translation:
    """A text without letters ("***", "2024") is copied, not translated: confidence 1."""
    return Translation(text, 1.0, 0.0, 0, frozenset({Flag.PASSTHROUGH.value}))


def max_new_tokens(source_tokens: int, cap: int) -> int:
    """Room for the longest plausible translation of a source, within the model's cap."""
    return max(1, min(cap, OUTPUT_RATIO * source_tokens + OUTPUT_MARGIN))


@dataclass(frozen=True, slots=True)
class _Unit:
    """One piece of backend work: a whole sentence, or one part of a long one."""

    text_id: int
    source: str
    pieces: tuple[str, ...]  # empty: a letterless part of a long sentence, copied as is


_Batch = list[tuple[int, _Unit]]  # (unit number, unit), as the batches are cut


@dataclass(frozen=True, slots=True)
class _Output:
    text: str
    logprobs: tuple[float, ...]
    flags: frozenset[str]

    @property
    def mean(self) -> float:
        return math.fsum(self.logprobs) / len(self.logprobs) if self.logprobs else 0.0


class Translator:
    """Translate sentences with one model and backend; see the module docstring."""

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        backend: str = "auto",
        device: str = "auto",
        beams: int | None = None,
        batch_tokens: int | None = None,
        compute_type: str | None = None,
        threads: int | None = None,
        parallel: int | None = None,
        name: str | None = None,
        glossary: Glossary | None = None,
        checks: Sequence[str] = CHECKS,
    ) -> None:
        # ``name``: what the signature calls the model, when ``model`` is a folder resolved
        # elsewhere for the same name (a Ray worker's copy of the driver's run)
        self.model_name = name or str(model)
        # benchmarks only ($ALIGNER_BENCH_OUTPUT_TOKENS, read once here so that a benchmark
        # of the CLI can set it): random weights must not decide how much work a run does
        self.forced = _forced_output_tokens()
        self.model_dir = resolve_model(model)
        self.beams = beams if beams is not None else _default_beams(self.model_dir)
        self.batch_tokens = batch_tokens if batch_tokens is not None else DEFAULT_BATCH_TOKENS
        if self.beams < 1 or self.batch_tokens < 1 or (parallel is not None and parallel < 1):
            raise OptionError("beams, batch_tokens and parallel must be at least 1")
        options = {
            "device": device,
            "compute_type": compute_type,
            "threads": threads,
            "parallel": parallel,
        }
        self.backend, self.vocab = _backend_and_tokenizer(self.model_dir, backend, options)
        if batch_tokens is None:  # each backend knows its best budget (large on CUDA)
            self.batch_tokens = getattr(self.backend, "batch_tokens", DEFAULT_BATCH_TOKENS)
        self.limit = self.backend.max_input_tokens
        self.cap = self.limit - 1 - len(self.backend.target_prefix)  # start token, prefix
        self._fingerprint: str | None = None
        self.checks = make_checks(glossary, checks)  # enforced from the n-best list

    @property
    def parallel(self) -> int:
        """Batches decoded at once (the backend's split of the threads, or --parallel-batches)."""
        return self.backend.parallel

    def translate(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[Translation]:
        """One Translation per text, in order."""
        results: dict[int, Translation] = {}
        for indices, translation in self.translate_iter(texts):
            results.update(dict.fromkeys(indices, translation))
            if progress:
                progress(len(indices))
        return [results[i] for i in range(len(texts))]

    def translate_iter(self, texts: Sequence[str]) -> Iterator[tuple[list[int], Translation]]:
        """``(indices, Translation)`` as soon as each distinct text is done (not in order):
        ``indices`` are the positions of that text in ``texts``. Passthrough lines first."""
        unique: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if has_letters(text):
                unique.setdefault(text, []).append(i)
            else:
                yield [i], passthrough(text)
        sources = list(unique)
        done = ((i, sources[i], t) for i, t in self._translate_unique(sources))
        nbest = self.nbest if self.forced is None else _no_hypotheses
        for text_id, translation in enforce_all(done, self.checks, nbest):
            yield unique[sources[text_id]], translation

    def signature(self) -> dict[str, Any]:
        """What reproduces this run's output: model, weights hash, backend and decoding."""
        return {
            "model": self.model_name,
            "model_sha256": self.fingerprint(),
            "model_licence": licence(self.model_name, self.model_dir),
            **self.backend.describe(),
            "beams": self.beams,
            "batch_tokens": self.batch_tokens,
            "max_input_tokens": self.limit,
            "max_new_tokens": f"min({OUTPUT_RATIO}*source+{OUTPUT_MARGIN}, {self.cap})",
            "retry": {"no_repeat_ngram_size": RETRY_NGRAM, "repetition_penalty": RETRY_PENALTY},
            "scoring": "confidence = exp(mean log p), teacher-forced, plain log-softmax",
            "checks": {**checks_signature(self.checks), "nbest": NBEST},
        }

    def nbest(self, texts: Sequence[str], n: int = NBEST) -> list[list[Translation]]:
        """The model's ``n`` best translations of each sentence, best first by beam score,
        each scored teacher-forced like any output (none for one over the input limit)."""
        return _nbest(self, texts, n)

    def fingerprint(self) -> str:
        """sha256 over the model folder's files (names and bytes): asked once per
        Translator, and read from the user cache while the files are unchanged
        (``aligner.common.digest``)."""
        if self._fingerprint is None:
            self._fingerprint = folder_sha256(self.model_dir)
        return self._fingerprint

    # -- orchestration -----------------------------------------------------------------

    def _translate_unique(self, sources: list[str]) -> Iterator[tuple[int, Translation]]:
        """(text id, Translation) for each source, as soon as all its units are done."""
        units = [u for text_id, text in enumerate(sources) for u in self._units(text_id, text)]
        pending = {text_id: 0 for text_id in range(len(sources))}
        for unit in units:
            pending[unit.text_id] += 1
        done: dict[int, list[tuple[int, _Output]]] = {}
        for batch, outputs in self._in_flight(self._batches(units)):
            for (index, unit), output in zip(batch, outputs, strict=True):
                done.setdefault(unit.text_id, []).append((index, output))
                pending[unit.text_id] -= 1
                if pending[unit.text_id] == 0:
                    parts = [out for _, out in sorted(done.pop(unit.text_id))]
                    yield unit.text_id, _assemble(sources[unit.text_id], parts)

    def _units(self, text_id: int, text: str) -> list[_Unit]:
        parts = split_long(text, self.vocab.count, self.limit)
        encode = self.vocab.encode
        return [
            _Unit(text_id, part, tuple(encode(part.strip())) if has_letters(part) else ())
            for part in parts
        ]

    def _batches(self, units: list[_Unit]) -> Iterator[_Batch]:
        """Length-sorted batches whose padded size stays within ``batch_tokens``."""
        order = sorted(enumerate(units), key=lambda iu: (len(iu[1].pieces), iu[0]))
        batch: _Batch = []
        for index, unit in order:
            if batch and (len(batch) + 1) * len(unit.pieces) > self.batch_tokens:
                yield batch
                batch = []
            batch.append((index, unit))
        if batch:
            yield batch

    def _in_flight(self, batches: Iterator[_Batch]) -> Iterator[tuple[_Batch, list[_Output]]]:
        """Each batch with its outputs, in order, ``parallel`` of them decoding at once;
        twice as many are queued (a backend with a queue of its own, ``waiting``, is handed
        them at once), so a worker starts the next batch while the last is taken back."""

        def run(batch: _Batch) -> tuple[_Batch, list[_Output]]:
            return batch, self._run([u for _, u in batch])

        parallel, waiting = self.parallel, self.backend.waiting
        depth = max(2 * parallel, parallel + waiting)
        yield from in_order(
            run, batches, workers=parallel + waiting, depth=depth, name="aligner-batch"
        )

    def _run(self, units: list[_Unit]) -> list[_Output]:
        """Decode, score, and retry what loops or hits the cap; letterless parts copied."""
        outputs = [_Output(u.source.strip(), (), frozenset()) for u in units]
        work = [i for i, u in enumerate(units) if u.pieces]
        if not work:
            return outputs
        sources = [list(units[i].pieces) for i in work]
        options = DecodeOptions(self.beams, max_new_tokens(max(map(len, sources)), self.cap))
        forced = self.forced
        if forced:  # benchmark mode: exactly `forced` tokens each, so no cap-hit retry
            options = replace(options, max_new_tokens=forced, min_new_tokens=forced)
        first = self._decode(sources, options)
        retry = {Flag.REPEAT.value, Flag.MAX_LENGTH.value}
        redo = [k for k, out in enumerate(first) if out.flags & retry]
        redo = [] if forced else redo
        if redo:
            again = self._decode(
                [sources[k] for k in redo],
                replace(
                    options, no_repeat_ngram_size=RETRY_NGRAM, repetition_penalty=RETRY_PENALTY
                ),
            )
            for k, second in zip(redo, again, strict=True):
                first[k] = _better(first[k], second)
        for i, out in zip(work, first, strict=True):
            outputs[i] = out
        return outputs

    def _decode(self, sources: list[list[str]], options: DecodeOptions) -> list[_Output]:
        hyps = self.backend.generate(sources, options)
        if not options.min_new_tokens:
            # The batch is decoded under the cap of its longest source; hold each output to
            # its own cap so a sentence's translation does not depend on its batch-mates.
            hyps = [
                h[: max_new_tokens(len(s), self.cap)] for h, s in zip(hyps, sources, strict=True)
            ]
        # A capped output has no </s>; it is scored with one, so its confidence also says
        # how likely the model found ending there.
        targets = [h if h and h[-1] == EOS else [*h, EOS] for h in hyps]
        if options.min_new_tokens:  # benchmark mode: a forced length is not a capped output
            targets = hyps
        scores = self.backend.score(sources, targets)
        return [
            _Output(self.vocab.decode(hyp), tuple(score), _piece_flags(hyp))
            for hyp, score in zip(hyps, scores, strict=True)
        ]


def _backend_and_tokenizer(
    model_dir: Path, backend: str, options: dict[str, Any]
) -> tuple[Backend, Vocab]:
    """The backend, then the tokenizer: a backend may load its weights in the background
    meanwhile (CTranslate2 does), and is ready when this returns. A folder without the
    tokenizer's files is refused before anything slower (a conversion) runs, and a broken
    tokenizer is reported before any error of the backend, as when it loaded first."""
    check_tokenizer_files(model_dir)
    try:
        loaded = get_backend(backend)(model_dir, **options)
    except AlignerError:
        load_tokenizer(model_dir)
        raise
    vocab = load_tokenizer(model_dir)
    loaded.ready()
    return loaded, vocab


def _nbest(translator: Translator, texts: Sequence[str], n: int) -> list[list[Translation]]:
    """``Translator.nbest``."""
    encoded = [translator.vocab.encode(text.strip()) for text in texts]
    limit, cap = translator.limit, translator.cap
    work = [i for i, p in enumerate(encoded) if has_letters(texts[i]) and len(p) <= limit]
    found: list[list[Translation]] = [[] for _ in texts]
    if not work:
        return found
    options = DecodeOptions(
        translator.beams, max_new_tokens(max(len(encoded[i]) for i in work), cap)
    )
    lists = translator.backend.nbest([encoded[i] for i in work], options, n)
    # held to each sentence's own cap, as in _decode: batch-mates change nothing
    hyps = [
        (i, h[: max_new_tokens(len(encoded[i]), cap)])
        for i, hs in zip(work, lists, strict=True)
        for h in hs
    ]
    targets = [h if h and h[-1] == EOS else [*h, EOS] for _, h in hyps]
    scores = translator.backend.score([encoded[i] for i, _ in hyps], targets)
    for (i, h), s in zip(hyps, scores, strict=True):
        output = _Output(translator.vocab.decode(h), tuple(s), _piece_flags(h))
        found[i].append(_assemble(texts[i], [output]))
    return found


def _no_hypotheses(texts: Sequence[str]) -> list[list[Translation]]:
    """Benchmark mode's n-best list: none. Random weights fail the checks at random, so the
    n-best decoding that real output needs on a few lines (4% on TICO-19; its cost is
    ``scripts/bench_checks.py``'s) stays out of the decoding speed; the checks still run."""
    return [[] for _ in texts]


def _forced_output_tokens() -> int | None:
    """``$ALIGNER_BENCH_OUTPUT_TOKENS``: benchmarks only (scripts/bench_translate.py), so
    that random weights do not decide how much work a run does."""
    value = os.environ.get(FORCED_LENGTH_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _piece_flags(hyp: list[str]) -> frozenset[str]:
    flags = set()
    if not hyp or hyp[-1] != EOS:
        flags.add(Flag.MAX_LENGTH.value)
    if is_repeat(hyp):
        flags.add(Flag.REPEAT.value)
    return frozenset(flags)


def _better(first: _Output, second: _Output) -> _Output:
    """The better-scoring of an output and its retry (a non-empty one first), flagged."""
    best = max((second, first), key=lambda o: (bool(o.text.strip()), o.mean))
    return replace(best, flags=best.flags | {Flag.RETRIED.value})


def _assemble(source: str, parts: list[_Output]) -> Translation:
    """One Translation from the outputs of a sentence's units, in order."""
    text = " ".join(p.text for p in parts if p.text)
    logprobs = [lp for p in parts for lp in p.logprobs]
    conf, total, tokens = confidence(logprobs)
    flags = set(text_flags(source, text))
    for part in parts:
        flags |= part.flags
    if len(parts) > 1:
        flags.add(Flag.LONG_SPLIT.value)
    return Translation(text, conf, total, tokens, frozenset(flags))


def _default_beams(model_dir: Path) -> int:
    """Beam size from the model's generation config (or config, or a Marian release's
    decoder.yml), else greedy."""
    if detect(model_dir) is Arch.MARIAN_NPZ:
        return max(1, int(npz_settings(model_dir).get("beam-size", 1)))
    for name in ("generation_config.json", "config.json"):
        beams = read_json(model_dir / name).get("num_beams")
        if isinstance(beams, int) and beams >= 1:
            return beams
    return 1
