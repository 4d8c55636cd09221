"""Finding a batch's input files, and naming their outputs safely.

``find_inputs`` walks IN_DIR in sorted order (so every run sees the same sequence),
follows symlinks that stay inside IN_DIR, and skips with a warning those that leave it,
that loop back onto a folder being walked, and the excluded output folder. Matching is
on the POSIX path relative to IN_DIR: ``*`` and ``?`` stay within one path component,
``**/`` spans any number of folders (none included).

``OutputNames`` maps those relative paths to names under OUT_DIR: each component
cleaned of characters that are unsafe in file names, never ``.``/``..`` or absolute,
and made unique (case-insensitively) with a short hash when cleaning makes two collide.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["InputFile", "OutputNames", "find_inputs", "glob_regex", "is_inside"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"\\|?*]')
_MAX_NAME_BYTES = 200  # room for suffixes (.jsonl, .tmp) within the usual 255-byte limit


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file found under IN_DIR; ``problem`` says why it is skipped (a bad symlink)."""

    rel: str  # POSIX path relative to IN_DIR
    path: Path
    problem: str | None = None


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a ``/``-separated glob over relative paths (see module doc)."""
    parts = pattern.strip("/").split("/")
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
        else:
            out.append(_component(part) + ("" if last else "/"))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _component(part: str) -> str:
    out, i = [], 0
    while i < len(part):
        char = part[i]
        close = part.find("]", i + 2) if char == "[" else -1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif close > 0:
            body = part[i + 1 : close]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def is_inside(path: str, folder: str) -> bool:
    """True when real path ``path`` is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def find_inputs(
    root: Path,
    pattern: str,
    *,
    exclude: Path | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> list[InputFile]:
    """Every file under ``root`` whose relative path matches ``pattern``, sorted."""
    walker = _Walker(root, glob_regex(pattern), exclude, warn)
    walker.walk(root, "", frozenset({os.path.realpath(root)}))
    return walker.found


class _Walker:
    def __init__(
        self,
        root: Path,
        regex: re.Pattern[str],
        exclude: Path | None,
        warn: Callable[[str], None],
    ) -> None:
        self.root_real = os.path.realpath(root)
        self.regex = regex
        self.exclude = os.path.realpath(exclude) if exclude is not None else None
        self.warn = warn
        self.found: list[InputFile] = []

    def walk(self, folder: Path, prefix: str, ancestors: frozenset[str]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            self.warn(f"{folder}: cannot list folder: {exc.strerror or exc}")
            return
        for entry in entries:
            self._entry(entry, prefix + entry.name, ancestors)

    def _entry(self, entry: os.DirEntry[str], rel: str, ancestors: frozenset[str]) -> None:
        path = Path(entry.path)
        if entry.is_symlink():
            problem = self._link_problem(path)
            if problem is not None:
                self._skip(path, rel, problem)
                return
        if _is_dir(path):
            self._folder(path, rel, ancestors)
        elif self.regex.match(rel):
            self.found.append(InputFile(rel, path))

    def _folder(self, path: Path, rel: str, ancestors: frozenset[str]) -> None:
        real = os.path.realpath(path)
        if self.exclude is not None and is_inside(real, self.exclude):
            return  # the output folder inside IN_DIR: never read our own outputs
        if real in ancestors:
            self.warn(f"{path}: skipped: symlink loop (points back to {real})")
            return
        self.walk(path, rel + "/", ancestors | {real})

    def _link_problem(self, path: Path) -> str | None:
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symlink loop"
            return None  # dangling: reported as an unreadable file when read
        real = os.path.realpath(path)
        if not is_inside(real, self.root_real):
            return f"symlink leaves the input folder (to {real})"
        return None

    def _skip(self, path: Path, rel: str, problem: str) -> None:
        self.warn(f"{path}: skipped: {problem}")
        if self.regex.match(rel) and not _is_dir(path):
            self.found.append(InputFile(rel, path, problem))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class OutputNames:
    """Safe, unique names under OUT_DIR for relative input paths (see module doc)."""

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}  # casefolded safe name -> input rel path

    def name(self, rel: str) -> str:
        safe = "/".join(_safe_component(part) for part in rel.split("/") if part)
        key = safe.casefold()
        if self._taken.setdefault(key, rel) != rel:
            digest = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:8]
            safe = f"{safe}~{digest}"
            self._taken[safe.casefold()] = rel
        return safe


def _safe_component(part: str) -> str:
    part = _UNSAFE.sub("_", part).strip()
    part = part.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if part in ("", ".", ".."):
        part = "_" + part
    raw = part.encode("utf-8")
    if len(raw) > _MAX_NAME_BYTES:
        digest = hashlib.sha256(raw).hexdigest()[:8]
        part = raw[: _MAX_NAME_BYTES - 9].decode("utf-8", "ignore") + "~" + digest
    return part
