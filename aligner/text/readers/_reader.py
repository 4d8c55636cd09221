"""The reader base class, its options, and what every reader does to a paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from aligner.text.limits import Limits
from aligner.text.load import normalise
from aligner.types import Document

__all__ = ["ReadOptions", "Reader", "clean_paragraph"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """``encoding`` (txt, md, html without a declared charset), ``paragraphs`` (txt: line or
    blank), ``html_all`` (html: every text block of the page, not only the article),
    ``limits`` (what a document may cost; by default from ``ALIGNER_MAX_*``)."""

    encoding: str | None = None
    paragraphs: str = "line"
    html_all: bool = False
    limits: Limits = field(default_factory=Limits.from_env)


class Reader:
    """One input format. Subclasses are registered by name with ``register_reader``."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        """The Document of ``data``, read from ``path`` (named in every error message)."""
        raise NotImplementedError


def clean_paragraph(text: str) -> str:
    """One paragraph as the text reader would give it: normalised (NFC, fixed spaces,
    invisible characters), line breaks and tabs as single spaces, no outer whitespace."""

    return " ".join(normalise(text).split())
