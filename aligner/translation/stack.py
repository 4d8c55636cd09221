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
    glossary: Path | None = None  # TSV of terms the checks enforce (aligner.checks)


def build_translator(options: TranslatorOptions, *, hint: str = "") -> Translator:
    """Load the translator; ``hint`` is appended to a model error (e.g. how to do without)."""
    from aligner.checks import load_glossary
    from aligner.errors import ModelError
    from aligner.translation.models.store import DEFAULT_MODEL
    from aligner.translation.translator import Translator

    glossary = None if options.glossary is None else load_glossary(options.glossary)
    try:
        return Translator(
            options.model or DEFAULT_MODEL,
            backend=options.backend,
            device=options.device,
            beams=options.beams,
            batch_tokens=options.batch_tokens,
            compute_type=options.compute_type,
            threads=options.threads,
            name=options.name,
            glossary=glossary,
        )
    except ModelError as exc:
        if not hint:
            raise
        raise type(exc)(f"{exc} ({hint})") from exc
