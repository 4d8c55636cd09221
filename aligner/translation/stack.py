"""How to build a Translator, as one value: what the CLI parses and batch (and its workers)
pass on. Standard library only, so it can be imported anywhere cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligner.translation.translator import Translator

__all__ = ["TranslatorOptions", "build_translator"]


@dataclass(frozen=True, slots=True)
class TranslatorOptions:
    """``None`` everywhere means: the model's or the backend's default."""

    model: str | Path | None = None  # hub id or folder; None: DEFAULT_MODEL
    backend: str = "auto"
    device: str = "auto"
    compute_type: str | None = None
    beams: int | None = None
    batch_tokens: int | None = None
    threads: int | None = None
    # what the signature calls the model when ``model`` is a folder resolved for it (Ray
    # workers load the driver's absolute folder under the name the user gave)
    name: str | None = None
    # batches decoded side by side (None: the backend's split of ``threads``); outputs
    # are the same for any value
    parallel_batches: int | None = None


def build_translator(options: TranslatorOptions, *, hint: str = "") -> Translator:
    """Load the translator; ``hint`` is appended to a model error (e.g. how to do without)."""
    from aligner.errors import ModelError
    from aligner.translation.models.store import DEFAULT_MODEL
    from aligner.translation.translator import Translator

    try:
        return Translator(
            options.model or DEFAULT_MODEL,
            backend=options.backend,
            device=options.device,
            beams=options.beams,
            batch_tokens=options.batch_tokens,
            compute_type=options.compute_type,
            threads=options.threads,
            parallel=options.parallel_batches,
            name=options.name,
        )
    except ModelError as exc:
        if not hint:
            raise
        raise type(exc)(f"{exc} ({hint})") from exc
