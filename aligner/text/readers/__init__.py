"""Input readers, registered by name and imported lazily: a file's bytes -> Document.

    READERS = ("txt", "html", "docx", "odt", "md")

The format comes from the file's extension (``infer_input_format``), case-insensitive;
``input_format`` (``--input-format``) overrides it. Standard input and unknown extensions
are plain text.

    .txt and anything else -> txt    .html .htm .xhtml -> html    .docx -> docx
    .odt -> odt    .md .markdown -> md

Every reader yields the same :class:`~aligner.types.Document`: normalised paragraphs (one
line each, whitespace collapsed) that segmentation and everything after it take as they
take text. Structured formats also set ``Document.origin``: the html reader counts what
its extractor left out, the docx reader keeps the file for the docx writer. A reader's
library is imported only when a file of its format is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from aligner._registry import Registry
from aligner.errors import OptionError
from aligner.text.load import display_name, read_source
from aligner.text.readers._reader import Reader, ReadOptions
from aligner.types import Document

__all__ = [
    "READERS",
    "ReadOptions",
    "Reader",
    "extraction_note",
    "get_reader",
    "infer_input_format",
    "read_input_bytes",
    "read_input_file",
    "register_reader",
]

READERS: tuple[str, ...] = ("txt", "html", "docx", "odt", "md")
DEFAULT_READER = "txt"
_registry: Registry[Reader] = Registry("input format", READERS, __name__, OptionError)

R = TypeVar("R", bound=type[Reader])


def register_reader(name: str, *, extensions: tuple[str, ...]) -> Callable[[R], R]:
    """Class decorator: make a Reader subclass available under ``name``."""

    return _registry.register(name, extensions=tuple(ext.lower() for ext in extensions))


def get_reader(name: str) -> type[Reader]:
    """The Reader class for ``name``; an unknown name raises OptionError listing the valid ones."""
    return _registry.get(name)


def infer_input_format(path: str | Path) -> str:
    """The reader for ``path``'s extension (see module doc); stdin and others are txt."""
    suffix = Path(str(path)).suffix.lower()
    if str(path) == "-" or not suffix:
        return DEFAULT_READER
    for name in READERS:
        if suffix in get_reader(name).extensions:
            return name
    return DEFAULT_READER


def read_input_bytes(
    data: bytes, path: str, input_format: str | None = None, options: ReadOptions | None = None
) -> Document:
    """``data`` read from ``path`` as ``input_format`` (None: from the extension)."""
    name = input_format or infer_input_format(path)
    return get_reader(name)().read(data, path, options or ReadOptions())


def read_input_file(
    source: str | Path, input_format: str | None = None, options: ReadOptions | None = None
) -> Document:
    """Read ``source`` (a path, or ``"-"`` for stdin) with the reader its format names."""

    name = input_format or infer_input_format(source)
    get_reader(name)  # an unknown format is refused before anything is read
    options = options or ReadOptions()
    data = read_source(source, limit=options.limits.file_bytes)
    return read_input_bytes(data, str(source), name, options)


def extraction_note(document: Document) -> str | None:
    """One line saying what the extractor left out of ``document``, or None if nothing."""
    origin = document.origin
    if origin is None or not origin.dropped_blocks:
        return None

    return (
        f"{display_name(document.path)}: extraction left out {origin.dropped_blocks} text "
        f"blocks ({origin.dropped_chars} characters) of page chrome; --html-all keeps them"
    )
