"""A glossary: Indonesian terms and the English forms they must come out as.

The file is OmegaT's glossary layout, UTF-8 (a BOM is allowed), one entry a line:

    # comments and blank lines are skipped
    Dewan Keamanan<TAB>Security Council
    vaksin<TAB>vaccine<TAB>an optional third column: a comment, ignored
    vaksin<TAB>vaccination

A source may have several lines: any of its targets satisfies it. A line with one column
or more than three, an empty source or target, or bytes that are not UTF-8 is an
``InputError`` naming the file and the line. ``sha256`` hashes the entries as read (not
comments or order of lines), so it keys resume and the translation memory.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import DecodeError, InputError, InputNotFoundError, os_reason

__all__ = ["Glossary", "GlossaryEntry", "load_glossary", "parse_glossary"]

MAX_COLUMNS = 3  # source, target, comment


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    source: str  # as written in the glossary: what a ``term:`` flag names
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Glossary:
    path: str
    entries: tuple[GlossaryEntry, ...]

    @property
    def sha256(self) -> str:
        data = [[entry.source, list(entry.targets)] for entry in self.entries]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary file (see the module doc)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such glossary file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read the glossary: {os_reason(exc)}", path=path) from exc
    return parse_glossary(data, str(path))


def parse_glossary(data: bytes, path: str) -> Glossary:
    """The entries of a glossary file's bytes; ``path`` names it in errors."""
    targets: dict[str, list[str]] = {}
    data = data.removeprefix(b"\xef\xbb\xbf")
    for number, raw in enumerate(data.splitlines(), start=1):
        line = _decode(raw, path, number).strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source, target = _columns(line, path, number)
        known = targets.setdefault(source, [])
        if target not in known:
            known.append(target)
    entries = tuple(GlossaryEntry(source, tuple(found)) for source, found in targets.items())
    return Glossary(path, entries)


def _decode(raw: bytes, path: str, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"line {number}: not valid UTF-8 (byte {exc.start + 1})", path=path
        ) from exc


def _columns(line: str, path: str, number: int) -> tuple[str, str]:
    columns = line.split("\t")
    if not 2 <= len(columns) <= MAX_COLUMNS:
        raise InputError(
            f"line {number}: expected source<TAB>target (and an optional comment), "
            f"found {len(columns)} column{'s' if len(columns) != 1 else ''}",
            path=path,
        )
    source, target = " ".join(columns[0].split()), " ".join(columns[1].split())
    if not source:
        raise InputError(f"line {number}: empty source term", path=path)
    if not target:
        raise InputError(f"line {number}: empty target term", path=path)
    return source, target
