"""What runs on a Ray worker: one Translator per actor, a chunk's misses per call.

Rows cross the network as JSON text (a chunk id, its distinct untranslated sentences; back:
their Translations, or the error the chunk failed with), so Arrow carries plain strings
and a float comes back exactly as the worker computed it. ``json_text`` writes lone
surrogates (undecodable input bytes) as escapes: Arrow holds only valid UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aligner.batch.distributed.shipping import ShippedModel, local_settings
from aligner.common.jsontext import json_text
from aligner.errors import AlignerError
from aligner.translation.stack import TranslatorOptions, build_stack
from aligner.types import Translation

__all__ = ["ChunkTranslator", "decode_translations", "encode_translations", "worker_signature"]


def _on_this_node(settings: TranslatorOptions, model: ShippedModel | None) -> TranslatorOptions:
    """``settings`` with the model where this worker can load it: the node's copy of a
    shipped model, else the driver's folder (a local runtime)."""
    if model is None:
        return settings
    import ray

    return local_settings(ray, settings, model)


def worker_signature(settings: TranslatorOptions, model: ShippedModel | None) -> dict[str, Any]:
    """The signature of the stack a worker builds (the driver's probe task)."""
    return dict(build_stack(_on_this_node(settings, model)).signature)


def encode_translations(translations: Sequence[Translation]) -> str:
    # lone surrogates (undecodable input bytes) as JSON escapes: Arrow holds UTF-8 only
    return json_text(
        [[t.text, t.confidence, t.logprob, t.tokens, sorted(t.flags)] for t in translations]
    )


def decode_translations(text: str) -> list[Translation]:
    return [
        Translation(target, float(confidence), float(logprob), int(tokens), frozenset(flags))
        for target, confidence, logprob, tokens, flags in json.loads(text)
    ]


class ChunkTranslator:
    """The callable class of ``Dataset.map_batches``: Ray Data keeps one per actor, so the
    model is loaded once per worker and reused for every chunk it is given."""

    def __init__(self, settings: TranslatorOptions, model: ShippedModel | None = None) -> None:
        # the stack a local run builds, over this node's copy of the model
        self.translator = build_stack(_on_this_node(settings, model)).translator

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: list[str] = []
        errors: list[str] = []
        for texts in batch["texts"]:
            try:
                out.append(encode_translations(self.translator.translate(json.loads(texts))))
                errors.append("")
            except AlignerError as exc:  # the chunk fails, as locally; the run goes on
                out.append("[]")
                errors.append(str(exc))
        return {"chunk": list(batch["chunk"]), "translations": out, "error": errors}
