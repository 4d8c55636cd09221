"""One ``RunSignature``: what reproduces an output, built in one place for every command.

Like sacrebleu's ``Signature``, it names everything an output depends on: the package
version, the segmenter, the translator (model, sha256 of its weights, backend, device,
compute type, beams, batch budget, limits, retry and scoring; see
``Translator.signature()``), the aligner where alignment runs, and the options of the run.
It goes into the TMX header, the HTML page, ``--meta`` and the batch manifest; its ``key``
decides whether a batch file is unchanged since the last run, and ``memory_key`` keys the
translation memory (the translator part only: a cached translation does not depend on the
output format or the segmenter).

    {"aligner": "0.1.0", "mode": "translate" | "align" | "batch",
     "segmenter": "1.0", "alignment": ALIGNER_VERSION ("align-5") | null,
     "translator": {...} | null, "options": {...}}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aligner import __version__
from aligner.alignment import ALIGNER_VERSION
from aligner.text.segmenter import SEGMENTER_VERSION

__all__ = [
    "Mode",
    "RunSignature",
    "align_signature",
    "batch_signature",
    "memory_key",
    "translate_signature",
]

Mode = Literal["translate", "align", "batch"]


@dataclass(frozen=True, slots=True)
class RunSignature:
    """What reproduces a run's output; ``to_json`` is what the outputs record."""

    mode: Mode
    translator: Mapping[str, Any] | None  # None: no model (align --no-mt)
    alignment: str | None  # the aligner's version where alignment runs
    options: Mapping[str, Any] = field(default_factory=dict)
    aligner: str = ""  # package version; filled in by __post_init__
    segmenter: str = ""

    def __post_init__(self) -> None:

        if not self.aligner:
            object.__setattr__(self, "aligner", __version__)
        if not self.segmenter:
            object.__setattr__(self, "segmenter", SEGMENTER_VERSION)

    def to_json(self) -> dict[str, Any]:
        return {
            "aligner": self.aligner,
            "mode": self.mode,
            "segmenter": self.segmenter,
            "alignment": self.alignment,
            "translator": dict(self.translator) if self.translator is not None else None,
            "options": dict(self.options),
        }

    @property
    def key(self) -> str:
        """A short stable hash of the whole signature (the batch resume check)."""
        return _digest(self.to_json())


def memory_key(translator: Mapping[str, Any]) -> str:
    """The translation memory's key for a translator's signature (and the package version,
    so a new release never answers with translations an older one made)."""

    return _digest({"aligner": __version__, "translator": dict(translator)})


def _digest(data: Mapping[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def translate_signature(
    translator: Mapping[str, Any],
    *,
    fmt: str,
    encoding: str | None,
    paragraphs: str,
    min_confidence: float | None,
    segmented: bool = False,
    **more: Any,
) -> RunSignature:
    """``aligner translate``; ``more``: further options that change the output."""
    options = {
        "format": fmt,
        "encoding": encoding,
        "paragraphs": paragraphs,
        "min_confidence": min_confidence,
        "segmented": segmented,
        **more,
    }
    return RunSignature("translate", translator, None, options)


def align_signature(
    translator: Mapping[str, Any] | None,
    *,
    fmt: str,
    encoding: str | None,
    paragraphs: str,
    min_confidence: float | None,
    **more: Any,
) -> RunSignature:
    """``aligner align``; ``translator`` None without a model (``--no-mt``)."""

    options = {
        "format": fmt,
        "encoding": encoding,
        "paragraphs": paragraphs,
        "min_confidence": min_confidence,
        "no_mt": translator is None,
        **more,
    }
    return RunSignature("align", translator, ALIGNER_VERSION, options)


def batch_signature(
    translator: Mapping[str, Any] | None,
    *,
    align: bool,
    formats: tuple[str, ...],
    min_confidence: float | None,
    encoding: str | None,
    paragraphs: str,
    chunk_sentences: int,
    **more: Any,
) -> RunSignature:
    """``aligner batch``: translation, or alignment with ``align``. The chunk size counts
    in translation only (a sentence's output depends a little on its batch-mates)."""
    alignment = None
    if align:
        alignment = ALIGNER_VERSION
    options = {
        "align": align,
        "formats": sorted(formats),
        "min_confidence": min_confidence,
        "encoding": encoding,
        "paragraphs": paragraphs,
        "chunk_sentences": None if align else chunk_sentences,
        **more,
    }
    return RunSignature("batch", translator, alignment, options)
