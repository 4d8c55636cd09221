"""The one place a translator stack is built: backend -> Translator -> noise flags.

    TranslatorOptions   how to build it, as one value: what the CLI parses and batch (and
                        its Ray workers) pass on; standard library only, cheap to import
    build_translator    options -> the model's ``Translator`` (backend, tokenizer, decoding)
    TranslatorStack     a translator -> what callers translate with: the noise flags of
                        ``aligner.clean`` around it (unless asked not to), and the
                        signature of the whole stack, taken once
    build_stack         both in one step (the CLI, a Ray worker)

The signature is the stack's, not the model's: it names the noise-flag rules too, so a
change of rules changes resume keys and translation-memory keys. Whoever translates chunks
(a batch run's engine: this process or Ray workers) receives a stack; the translation
memory (``translation.memory.MemoryPlanner``) plans in front of it under its signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.checks import Check, load_glossary
from aligner.errors import ModelError
from aligner.translation.models.store import DEFAULT_MODEL
from aligner.translation.translator import Translator
from aligner.types import SupportsTranslate

__all__ = ["TranslatorOptions", "TranslatorStack", "build_stack", "build_translator"]


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

    # batches decoded side by side (None: the backend's split of ``threads``); outputs
    # are the same for any value
    parallel_batches: int | None = None


class TranslatorStack:
    """What callers translate with (``translator``) and what reproduces its output: the
    given translator with noise flags around it unless ``noise`` is off (an aligner's
    bridge runs no language guesses)."""

    def __init__(self, translator: SupportsTranslate, *, noise: bool = True) -> None:
        # what the model's translator checks in its outputs (an aligner's pairs get the same)
        model = translator if isinstance(translator, Translator) else None
        self.checks: tuple[Check, ...] = tuple(model.checks) if model is not None else ()
        # batches the model decodes at once: an engine keeps that many chunks busy
        self.parallel = model.parallel if model is not None else 1
        if noise:
            from aligner.clean import NoiseFlagger

            translator = NoiseFlagger(translator)
        self.translator = translator
        self._signature: Mapping[str, Any] | None = None

    @property
    def signature(self) -> Mapping[str, Any]:
        """The whole stack's, taken once when first asked (it hashes the model's weights,
        which a run that writes no metadata never needs)."""
        if self._signature is None:
            self._signature = self.translator.signature()
        return self._signature


def build_translator(options: TranslatorOptions, *, hint: str = "") -> Translator:
    """Load the model's translator (with the glossary its checks enforce); ``hint`` is
    appended to a model error (e.g. how to do without a model)."""
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
            parallel=options.parallel_batches,
            name=options.name,
            glossary=glossary,
        )
    except ModelError as exc:
        if not hint:
            raise
        raise type(exc)(f"{exc} ({hint})") from exc


def build_stack(
    options: TranslatorOptions, *, noise: bool = True, hint: str = ""
) -> TranslatorStack:
    """``TranslatorStack(build_translator(options))``: the model loaded, the stack built.
    The noise flags' language identifier loads in the background meanwhile."""
    if noise:
        from aligner.clean import preload_identifier

        preload_identifier()
    return TranslatorStack(build_translator(options, hint=hint), noise=noise)
