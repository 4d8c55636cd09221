"""The sha256 of a model folder, read once per state of its files, not at every run.

``folder_sha256(folder)`` hashes the relative names and bytes of every file that is not
hidden, in name order. Run signatures and batch resume keys carry it, so it must be the
hash of the bytes; but reading a model's weights at every start costs about a second a
gigabyte. The result is remembered in the user cache (``fingerprints/`` under
``aligner.common.cachedir.user_cache``), keyed by the folder's path and each file's name,
size, inode, modification and status-change times: ``git``'s rule for telling a file
unchanged without reading it. Writing a file changes its times, and the status-change time
cannot be set back by hand (``touch -d`` sets it to now), so a changed model is hashed
again. A cache that cannot be written is not an error: the hash is computed each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Final

from aligner.common.cachedir import user_cache

__all__ = ["folder_sha256"]

_HEX: Final = re.compile(r"[0-9a-f]{64}")


def folder_sha256(folder: Path) -> str:
    """sha256 over ``folder``'s files (names and bytes), from the cache when no file has
    changed since it was last computed."""
    files = _files(folder)
    entry = user_cache() / "fingerprints" / f"{_stat_key(folder, files)}.sha256"
    try:
        known = entry.read_text(encoding="ascii").strip()
    except OSError:
        known = ""
    if _HEX.fullmatch(known):
        return known
    digest = _hash(folder, files)
    _remember(entry, digest)
    return digest


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _stat_key(folder: Path, files: list[Path]) -> str:
    stamps = []
    for path in files:
        st = path.stat()
        name = path.relative_to(folder).as_posix()
        stamps.append([name, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns])
    text = json.dumps([str(folder.resolve()), stamps])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hash(folder: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _remember(entry: Path, digest: str) -> None:
    """Write the entry under a temporary name and rename it into place (two processes may
    write the same entry; both write the same text)."""
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(digest + "\n", encoding="ascii")
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
