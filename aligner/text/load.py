"""Read a file or stdin into a normalised :class:`~aligner.types.Document`.

Decoding: UTF-8 with or without a BOM, UTF-16/UTF-32 with a BOM, or the encoding the
user names for files without a BOM. Bytes that are not valid UTF-8 are an error naming
the file and the byte offset, never replaced silently. NUL characters mean a binary file,
which is refused.

Normalisation, so that later stages see one spelling of the same text: NFC; CRLF and CR
to LF; non-breaking and other fixed-width spaces to a plain space; zero-width characters
and soft hyphens removed. The Document keeps the normalised text: every offset of later
stages refers to it.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from pathlib import Path
from typing import Final

from aligner.errors import (
    BinaryInputError,
    DecodeError,
    InputError,
    InputNotFoundError,
    OptionError,
)
from aligner.text.limits import over_limit, size
from aligner.types import Document, has_letters

__all__ = [
    "PARAGRAPH_MODES",
    "decode_text",
    "file_lines",
    "normalise",
    "read_bytes",
    "read_document",
    "read_document_bytes",
    "read_source",
]

# "segmented": every line, blank ones included, is one paragraph (``text.lines``)
PARAGRAPH_MODES: Final = ("line", "blank", "segmented")

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINES: Final = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# No-break space, figure space, narrow no-break space: spaces that only forbid a wrap.
_FIXED_SPACES: Final = re.compile("[\u00a0\u2007\u202f]")
# Zero-width space/non-joiner/joiner, word joiner, stray BOMs, soft hyphen.
_INVISIBLE: Final = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def read_document(
    source: str | Path, *, encoding: str | None = None, paragraphs: str = "line"
) -> Document:
    """Read ``source`` (a path, or ``"-"`` for stdin) into a Document."""
    path = str(source)
    return read_document_bytes(read_source(source), path, encoding=encoding, paragraphs=paragraphs)


def read_source(source: str | Path, *, limit: int | None = None) -> bytes:
    """The bytes of ``source`` (a path, or ``"-"`` for stdin); InputError naming it if
    it cannot be read, LimitError if it holds more than ``limit`` bytes."""
    path = str(source)
    if path != "-":
        return read_bytes(Path(source), path, limit=limit)
    data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    _check_size(len(data), "<stdin>", limit)
    return data


def read_document_bytes(
    data: bytes, path: str, *, encoding: str | None = None, paragraphs: str = "line"
) -> Document:
    """Decode, normalise and split ``data`` read from ``path`` into a Document."""
    if paragraphs not in PARAGRAPH_MODES:
        choices = ", ".join(PARAGRAPH_MODES)
        raise OptionError(f"unknown paragraph mode {paragraphs!r} (choose from {choices})")
    text, used = decode_text(data, path, encoding)
    text = normalise(text)
    split = {"line": _line_paragraphs, "blank": _blank_paragraphs}.get(paragraphs, _every_line)
    return Document(path=path, paragraphs=split(text), encoding=used)


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` read from ``path`` and the encoding used (BOM, ``encoding``,
    else UTF-8); DecodeError or BinaryInputError naming the file."""
    name = display_name(path)
    text, used = _decode(data, name, encoding)
    if "\x00" in text:
        raise BinaryInputError("binary file (contains NUL bytes), not text", path=name)
    return text, used


def display_name(path: str) -> str:
    """How a path is named in messages: stdin as ``<stdin>``."""
    return "<stdin>" if path == "-" else path


def normalise(text: str) -> str:
    """Newlines to LF, fixed spaces to spaces, invisible characters removed, then NFC."""
    text = _NEWLINES.sub("\n", text)
    text = _FIXED_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def file_lines(path: Path, *, bom: bool = False) -> list[str]:
    """The lines of a strict UTF-8 file as it holds them, for line-aligned data (corpora,
    references, scores), not documents: split on ``\n`` only, a ``\r`` before it taken
    as part of the line end, one final line end optional, nothing normalised. ``bom``: a
    leading UTF-8 BOM is the file's encoding mark, not text (else it stays in line 1)."""
    data = read_bytes(Path(path))
    try:
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 at byte {exc.start}", path=path) from None
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_bytes(file: Path, name: str | None = None, *, limit: int | None = None) -> bytes:
    """The bytes of ``file``; errors name it as ``name`` (default: the path itself). Over
    ``limit`` bytes (``Limits.file_bytes``) is a LimitError, before anything is read."""
    shown = str(file) if name is None else name
    try:
        if limit is None:
            return file.read_bytes()
        _check_size(file.stat().st_size, shown, limit)
        with file.open("rb") as handle:  # a file that grows, or a pipe: read no more
            data = handle.read(limit + 1)
        _check_size(len(data), shown, limit)
        return data
    except FileNotFoundError:
        raise InputNotFoundError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputNotFoundError("is a directory, not a file", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=shown) from None


def _check_size(count: int, name: str, limit: int | None) -> None:
    if limit is not None and count > limit:
        raise over_limit(name, f"the file holds {size(count)}", "file_bytes", limit)


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Return the text and the name of the encoding used.

    A BOM is conclusive and wins over ``encoding``, which names the encoding of files
    without one: so one --encoding serves both sides of ``align`` when one of them
    carries a BOM."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode_as(data[len(bom) :], name, codec, offset=len(bom))
            return text, codec + "-sig" if codec == "utf-8" else codec
    if encoding is not None:
        return _decode_as(data, name, encoding), encoding
    if b"\x00" in data:  # before decoding: a binary file is "binary", not "bad UTF-8"
        message = f"binary file (contains NUL bytes), not text{_utf16_hint(data)}"
        raise BinaryInputError(message, path=name)
    return _decode_as(data, name, "utf-8"), "utf-8"


def _utf16_hint(data: bytes) -> str:
    # UTF-16 without a BOM looks binary: every other byte of ASCII text is NUL.
    sample = data[:4096]
    for parity, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        if len(sample) >= 4 and sample[parity::2].count(0) >= 0.9 * len(sample[parity::2]):
            return f" (if it is UTF-16 without a BOM, use --encoding {codec})"
    return ""


def _decode_as(data: bytes, name: str, encoding: str, *, offset: int = 0) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise OptionError(f"unknown encoding {encoding!r}", path=name) from None
    if codec.name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data, offset = data[3:], offset + 3  # --encoding utf-8 on a file with a BOM
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if codec.name == "utf-8" else encoding
        hint = " (use --encoding to name the encoding)" if codec.name == "utf-8" else ""
        message = f"not valid {label} at byte {exc.start + offset}{hint}"
        raise DecodeError(message, path=name) from None


def _line_paragraphs(text: str) -> tuple[str, ...]:
    # News articles as exported: every non-empty line is a paragraph.
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def _every_line(text: str) -> tuple[str, ...]:
    # Pre-split input: line i is sentence i, so blank lines count; a final newline ends the
    # last line rather than starting an empty one.
    lines = text.split("\n")
    return tuple(lines[:-1] if lines and lines[-1] == "" else lines)


def _blank_paragraphs(text: str) -> tuple[str, ...]:
    # Blank lines separate paragraphs; hard-wrapped lines are joined with a space. A line
    # without letters ("***", "–––") stands alone so that it stays its own segment.
    paragraphs: list[str] = []
    block: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if not line or not has_letters(line):
            _flush(block, paragraphs)
            if line:
                paragraphs.append(line)
        else:
            block.append(line)
    _flush(block, paragraphs)
    return tuple(paragraphs)


def _flush(block: list[str], paragraphs: list[str]) -> None:
    if block:
        paragraphs.append(" ".join(block))
        block.clear()
