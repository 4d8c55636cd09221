"""The transformers backend: Marian, M2M-100 and NLLB models on torch (CPU, or CUDA in
float16). A multilingual model's target language token is forced as the first output token
(``forced_bos_token_id``) and left out of outputs and scores. Marian's own release format
(decoder.yml + .npz) is for CTranslate2 only: this backend says so.

Imported only when asked for (``get_backend("transformers")``): it is the only module
that imports torch and transformers at load time.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from aligner.errors import BackendError, ModelError
from aligner.translation.backends import register_backend
from aligner.translation.backends.base import (
    Backend,
    DecodeOptions,
    available_cores,
    resolve_device,
)
from aligner.translation.models.arch import Arch, detect
from aligner.translation.tokenizer import load_tokenizer, read_json

__all__ = ["TransformersBackend"]

# compute types this backend can run; int8 is torch's dynamic quantisation of Linear layers (CPU)
COMPUTE_TYPES = ("float32", "float16", "bfloat16", "int8")
# padded source tokens per batch: CPU gains little past a few dozen sentences (and beams
# multiply memory); a GPU wants large batches
BATCH_TOKENS = {"cpu": 1024, "cuda": 8192}

SCORE_LOGITS = 16 * 1024 * 1024  # logits per scoring call (64 MB of float32)


@register_backend("transformers")
class TransformersBackend(Backend):
    """Greedy/beam decoding with ``generate`` and teacher-forced scoring with one forward pass."""

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        threads: int | None = None,
        parallel: int | None = None,
    ) -> None:
        import torch

        device = resolve_device(device, torch.cuda.is_available(), "torch")
        compute_type = compute_type or ("float16" if device == "cuda" else "float32")
        if compute_type not in COMPUTE_TYPES:
            valid = ", ".join(COMPUTE_TYPES)
            raise BackendError(f"compute type {compute_type!r} is not one of: {valid}")
        if compute_type == "int8" and device != "cpu":
            raise BackendError(
                "compute type int8 with the transformers backend needs the cpu device"
            )
        if detect(model_dir) is Arch.MARIAN_NPZ:
            raise ModelError(
                f"{model_dir}: a Marian release (decoder.yml + .npz) runs with the CTranslate2 "
                "backend only; the transformers backend needs a transformers-format model "
                "(config.json + weights): use --backend ctranslate2"
            )
        super().__init__(model_dir, device=device, compute_type=compute_type, threads=threads)
        # One batch at a time, ``parallel`` ignored: generate() runs its step loop in Python,
        # torch spreads each step over its intra-op threads. Those follow --threads, else
        # torch's own default (physical cores) within what this process may use (a
        # container's quota, which torch does not read).
        torch.set_num_threads(threads or min(torch.get_num_threads(), available_cores()))
        self.batch_tokens = BATCH_TOKENS[device]
        self.vocab = load_tokenizer(model_dir)
        self._prefix = self.vocab.to_ids(self.target_prefix)
        self.model = self._load(torch)
        self._config = read_json(Path(model_dir) / "config.json")

    def _load(self, torch: Any) -> Any:
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # no "loading weights" bars or advice on our stderr
        hf_logging.disable_progress_bar()
        dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(
            self.compute_type or "", torch.float32
        )
        safetensors = any(self.model_dir.glob("*.safetensors"))
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(
                self.model_dir, dtype=dtype, use_safetensors=safetensors, local_files_only=True
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.model_dir}: cannot load the model: {exc}") from exc
        if self.compute_type == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, torch.qint8)
        # generate() fills a None in the config it is given from the model's own generation
        # config, so forced </s> at the cap must be switched off here, not only per call.
        model.generation_config.forced_eos_token_id = None
        return model.to(self.device).eval()

    def _batch(self, rows: list[list[int]], pad: int) -> tuple[Any, Any]:
        """Right-padded ids and their attention mask, on the model's device."""
        import torch

        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[i, : len(row)] = 1
        return ids.to(self.device), mask.to(self.device)

    def _generation_config(self, options: DecodeOptions) -> Any:
        config = self.model.generation_config.to_dict()
        config.update(
            num_beams=options.beams,
            max_new_tokens=options.max_new_tokens + len(self._prefix),
            forced_bos_token_id=self._prefix[0] if self._prefix else None,
            max_length=None,
            do_sample=False,
            num_return_sequences=1,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            repetition_penalty=options.repetition_penalty,
            min_new_tokens=options.min_new_tokens
            + len(self._prefix) * bool(options.min_new_tokens),
            # Hitting the cap must stay visible (no </s>), as in every backend: forcing
            # </s> at the cap would make a truncated output look finished.
            forced_eos_token_id=None,
        )
        from transformers import GenerationConfig

        return GenerationConfig(**config)

    def generate(self, sources: list[list[str]], options: DecodeOptions) -> list[list[str]]:
        import torch

        ids, mask = self._batch([self.vocab.to_ids(s) for s in sources], self.vocab.pad_id)
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=ids,
                attention_mask=mask,
                generation_config=self._generation_config(options),
            )
        # row[0]: the decoder start; then the forced prefix
        return [self._trim(row[1 + len(self._prefix) :]) for row in out.tolist()]

    def nbest(
        self, sources: list[list[str]], options: DecodeOptions, n: int
    ) -> list[list[list[str]]]:
        """``num_return_sequences`` best, from a beam of ``max(beams, n)``."""
        import torch

        ids, mask = self._batch([self.vocab.to_ids(s) for s in sources], self.vocab.pad_id)
        config = self._generation_config(replace(options, beams=max(options.beams, n)))
        config.num_return_sequences = n
        with torch.inference_mode():
            out = self.model.generate(input_ids=ids, attention_mask=mask, generation_config=config)
        # as in generate: row[0] the decoder start, then the forced prefix
        rows = [self._trim(row[1 + len(self._prefix) :]) for row in out.tolist()]
        return [rows[i * n : (i + 1) * n] for i in range(len(sources))]

    def _trim(self, row: list[int]) -> list[str]:
        """Pieces up to and including the first ``</s>``: what follows is batch padding."""
        eos = self.vocab.eos_id
        end = row.index(eos) + 1 if eos in row else len(row)
        return self.vocab.to_pieces(row[:end])

    def score(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        """Teacher-forced log-probs, in calls of at most ``SCORE_LOGITS`` logits: the output
        layer materialises a full-vocabulary row per target position (54,796 floats each
        for opus-mt), which for a whole batch would take hundreds of MB."""
        vocab = int(self._config.get("vocab_size", 1))
        width = max((len(t) for t in targets), default=1)
        per_call = max(1, SCORE_LOGITS // (vocab * width))
        scores: list[list[float]] = []
        for i in range(0, len(targets), per_call):
            scores += self._score(sources[i : i + per_call], targets[i : i + per_call])
        return scores

    def _score(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        import torch

        pad = self.vocab.pad_id
        start = int(self._config.get("decoder_start_token_id", pad))
        labels = [self._prefix + self.vocab.to_ids(t) for t in targets]
        ids, mask = self._batch([self.vocab.to_ids(s) for s in sources], pad)
        dec_ids, dec_mask = self._batch([[start, *row[:-1]] for row in labels], pad)
        gold, _ = self._batch(labels, pad)
        with torch.inference_mode():
            logits = self.model(
                input_ids=ids,
                attention_mask=mask,
                decoder_input_ids=dec_ids,
                decoder_attention_mask=dec_mask,
            ).logits
            logp = torch.log_softmax(logits.float(), dim=-1).gather(-1, gold.unsqueeze(-1))
        rows = logp.squeeze(-1).tolist()
        skip = len(self._prefix)  # the forced prefix is not part of the output's score
        return [row[skip : skip + len(t)] for row, t in zip(rows, targets, strict=True)]
