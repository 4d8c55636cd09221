"""One process at a time on a folder: an advisory lock file beside it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["folder_lock"]


@contextlib.contextmanager
def folder_lock(target: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``target`` (a folder being built), held in
    ``.<name>.lock`` beside it; a no-op where fcntl does not exist, where building in a
    temporary folder and renaming it into place still keeps the folder whole."""
    lock_path = target.with_name(f".{target.name}.lock")
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
