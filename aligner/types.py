"""The frozen data types that flow between pipeline stages.

document.py -> Document; segment.py -> Sentence; translate.py -> Translation;
translate/align -> Pair; formats/ write Pairs. Stages pass these, never raw dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """A text read and normalised; offsets of later stages index these paragraphs."""

    path: str  # file path as given, or "-" for stdin
    paragraphs: tuple[str, ...]
    encoding: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One segment of a paragraph: ``paragraphs[paragraph][start:end] == text``."""

    text: str
    paragraph: int  # 0-based paragraph number in the document
    index: int  # 0-based sentence number in document order
    start: int
    end: int
    translatable: bool = True  # False for lines without letters ("–––", "***")


@dataclass(frozen=True, slots=True)
class Translation:
    """A model output for one source sentence.

    ``confidence`` is exp(logprob / tokens): the geometric-mean probability of the output
    tokens (end-of-sentence included) under one teacher-forced pass of the model.
    """

    text: str
    confidence: float
    logprob: float  # sum of token log-probabilities
    tokens: int  # number of scored output tokens, end-of-sentence included
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned unit; the same fields as a JSONL line, so every writer reads one shape.

    ``bead`` is ``1-1`` for translation; alignment also yields ``1-2``, ``2-1``,
    ``1-0``, ``0-1`` (ids are sentence indices on each side in document order).
    """

    doc: str
    paragraph: int
    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    source: str
    target: str
    confidence: float
    flags: frozenset[str] = field(default_factory=frozenset)
    bead: str = "1-1"
    logprob: float | None = None
    tokens: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSONL record: field order fixed, flags sorted, so output is deterministic."""
        return {
            "doc": self.doc,
            "paragraph": self.paragraph,
            "source_ids": list(self.source_ids),
            "target_ids": list(self.target_ids),
            "source": self.source,
            "target": self.target,
            "confidence": self.confidence,
            "logprob": self.logprob,
            "tokens": self.tokens,
            "flags": sorted(self.flags),
            "bead": self.bead,
        }
