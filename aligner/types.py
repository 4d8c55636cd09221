"""The frozen data types that flow between pipeline stages, and the words they share.

text.load / text.readers -> Document (an Origin for structured formats);
text.segmenter -> Sentence; translation -> Translation;
pipeline (translate or align) -> Pair; output.formats write Pairs. Stages pass these,
never raw dicts. ``Flag`` names every flag a pair can carry; ``has_letters`` is the one
definition of "has letters" (what decides ``Sentence.translatable``); ``SupportsTranslate``
is what the pipeline, the alignment bridge and batch need from a translator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol, runtime_checkable


class Flag(str, Enum):
    """Why a pair is doubtful, or how it was made. Parametrised flags (``boilerplate:spam``,
    ``lang-src:en``) are built with ``flag(Flag.BOILERPLATE, "spam")``."""

    COPY = "copy"  # the output repeats the source
    REPEAT = "repeat"  # the output loops on an n-gram
    RATIO = "ratio"  # output length far from what the source predicts
    MAX_LENGTH = "max-length"  # decoding stopped at the output cap
    EMPTY = "empty"  # the output is empty
    LONG_SPLIT = "long-split"  # longer than the model accepts: split, translated, rejoined
    RETRIED = "retried"  # re-decoded with a repetition penalty after repeat/max-length
    PASSTHROUGH = "passthrough"  # copied through, not translated (no letters)
    UNALIGNED = "unaligned"  # a 1-0 or 0-1 bead of alignment
    BOILERPLATE = "boilerplate"  # parametrised: boilerplate:<reason>
    LANG_SRC = "lang-src"  # parametrised: lang-src:<code>, the source is not Indonesian
    LANG_TGT = "lang-tgt"  # parametrised: lang-tgt:<code>, the output is not English
    POST_EDITED = "post-edited"  # a person changed the machine output (XLIFF, review page)
    CONFIRMED = "confirmed"  # a person accepted a pair that needed review
    NUMBER = "number"  # parametrised: number:<the source number missing from the output>
    URL = "url"  # parametrised: url:<the URL, e-mail, @handle or #hashtag not kept verbatim>
    TERM = "term"  # parametrised: term:<the glossary source term whose target is missing>
    ENFORCED = "enforced"  # a lower-ranked n-best hypothesis chosen to pass a failed check

    def __str__(self) -> str:
        return self.value


def flag(kind: Flag, value: str | None = None) -> str:
    """The flag string of ``kind``: ``"copy"``, or ``"boilerplate:spam"`` with a value."""
    return kind.value if value is None else f"{kind.value}:{value}"


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter (Unicode category L*): "½", "²", "Ⅻ", "***" have none,
    so they are copied through rather than translated."""
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a Document read from a structured format (html, docx, odt, md) came from.

    ``data`` holds the original file when a writer rebuilds it (docx: the translated
    document keeps the source's styles, tables, headers and footers). ``dropped_blocks``
    and ``dropped_chars`` count the text blocks an extractor left out (html: menus, ads,
    "Baca juga" links), so that a run's metadata states what did not reach the pairs.
    """

    format: str  # the reader's name: "html", "docx", "odt", "md"
    data: bytes = field(default=b"", repr=False)
    dropped_blocks: int = 0
    dropped_chars: int = 0

    def extraction(self) -> dict[str, object]:
        """The run-metadata record: ``{"format": ..., "dropped_blocks": ..., ...}``."""
        return {
            "format": self.format,
            "dropped_blocks": self.dropped_blocks,
            "dropped_chars": self.dropped_chars,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """A text read and normalised; offsets of later stages index these paragraphs."""

    path: str  # file path as given, or "-" for stdin
    paragraphs: tuple[str, ...]
    encoding: str
    origin: Origin | None = None  # None for plain text


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pair:
        """The inverse of ``to_json``."""
        return cls(
            doc=data["doc"],
            paragraph=data["paragraph"],
            source_ids=tuple(data["source_ids"]),
            target_ids=tuple(data["target_ids"]),
            source=data["source"],
            target=data["target"],
            confidence=data["confidence"],
            flags=frozenset(data["flags"]),
            bead=data["bead"],
            logprob=data.get("logprob"),
            tokens=data.get("tokens"),
        )


class SupportsTranslate(Protocol):
    """What the pipeline needs from a translator (``translation.Translator`` and
    ``clean.NoiseFlagger`` fit)."""

    def translate(
        self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None
    ) -> list[Translation]: ...

    def signature(self) -> dict[str, Any]: ...


@runtime_checkable
class SupportsTranslateIter(SupportsTranslate, Protocol):
    """A translator that also hands back each distinct output as soon as it is done
    (``translation.Translator``), so that a wrapper can work on it while later batches
    decode: ``(indices of the text in texts, Translation)``, in no particular order."""

    def translate_iter(self, texts: Sequence[str]) -> Iterator[tuple[list[int], Translation]]: ...
