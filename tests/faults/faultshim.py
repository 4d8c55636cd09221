"""Fault injection: ENOSPC or EIO on the Nth operation of one kind on a path under a folder.

Kinds: ``open`` (a file opened for writing), ``write`` (a write reaching the file, after
Python's buffer), ``fsync``, ``replace`` (the rename into place) and ``sqlite`` (a write
statement of a SQLite connection: it fails as SQLite reports a full disk or an I/O error,
with SQLite's own rollback after a failed COMMIT). Only paths under the armed folder count,
so reading the model, importing modules and writing bytecode are never touched.

``install()`` wraps ``builtins.open``/``io.open``, ``os.write``, ``os.fsync``,
``os.replace`` and ``sqlite3.connect`` once; ``PLAN.arm(...)`` chooses the fault of the
next run and ``PLAN.counts`` says how many operations of each kind it saw. Linux only:
file descriptors are named through ``/proc/self/fd``.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3
import threading
from typing import Any

KINDS = ("open", "write", "fsync", "replace", "sqlite")
_SQLITE_MESSAGES = {errno.ENOSPC: "database or disk is full", errno.EIO: "disk I/O error"}
_SQLITE_WRITES = ("INSERT", "COMMIT", "CREATE", "PRAGMA JOURNAL_MODE", "PRAGMA USER_VERSION =")


class Plan:
    """Which operation fails next, and the counts of those seen since the last ``arm``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # batch writes from several threads
        self.root: str | None = None
        self.kind, self.nth, self.code = "", 0, 0
        self.counts = dict.fromkeys(KINDS, 0)
        self.fired = False

    def arm(self, root: str | None, kind: str = "", nth: int = 0, code: int = 0) -> None:
        with self._lock:
            self.root = None if root is None else os.path.realpath(root)
            self.kind, self.nth, self.code = kind, nth, code
            self.counts = dict.fromkeys(KINDS, 0)
            self.fired = False

    def hit(self, kind: str, path: Any) -> int:
        """Count one operation; the errno to fail it with, or 0."""
        if self.root is None or not _under(path, self.root):
            return 0
        with self._lock:
            self.counts[kind] += 1
            if kind == self.kind and self.counts[kind] == self.nth:
                self.fired = True
                return self.code
        return 0

    def check(self, kind: str, path: Any, filename: Any = None) -> None:
        code = self.hit(kind, path)
        if code:
            raise OSError(code, os.strerror(code), *(() if filename is None else (filename,)))


PLAN = Plan()


def _under(path: Any, root: str) -> bool:
    if isinstance(path, int):
        try:
            path = os.readlink(f"/proc/self/fd/{path}")
        except OSError:
            return False
    if not isinstance(path, (str, bytes, os.PathLike)):
        return False
    text = os.fsdecode(os.fspath(path))
    real = os.path.realpath(text)
    return real == root or real.startswith(root + os.sep)


class _FaultyFileIO(io.FileIO):
    def write(self, data: Any) -> int:  # type: ignore[override]
        PLAN.check("write", self.name)
        return super().write(data)


_real_open = builtins.open


def _open(
    file: Any,
    mode: str = "r",
    buffering: int = -1,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
    closefd: bool = True,
    opener: Any = None,
) -> Any:
    writing = any(c in mode for c in "wax+")
    if not writing or isinstance(file, int) or PLAN.root is None or not _under(file, PLAN.root):
        return _real_open(file, mode, buffering, encoding, errors, newline, closefd, opener)
    PLAN.check("open", file, filename=os.fspath(file))
    raw = _FaultyFileIO(file, "".join(c for c in mode if c in "rwxa+"), closefd, opener=opener)
    if buffering == 0:
        return raw
    kind = io.BufferedRandom if "+" in mode else io.BufferedWriter
    buffer = kind(raw) if buffering in (-1, 1) else kind(raw, buffering)
    if "b" in mode:
        return buffer
    return io.TextIOWrapper(buffer, encoding, errors, newline, line_buffering=buffering == 1)


def _wrap_os() -> None:
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace

    def write(fd: int, data: Any) -> int:
        PLAN.check("write", fd)
        return real_write(fd, data)

    def fsync(fd: Any) -> None:
        PLAN.check("fsync", fd if isinstance(fd, int) else fd.fileno())
        real_fsync(fd)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        PLAN.check("replace", dst, filename=src)
        real_replace(src, dst, **kwargs)

    os.write, os.fsync, os.replace = write, fsync, replace


class _FaultyConnection(sqlite3.Connection):
    """Fails a write statement as SQLite does when its file cannot be written."""

    database = ""

    def _fault(self, sql: str) -> None:
        statement = " ".join(sql.split()).upper()
        if not statement.startswith(_SQLITE_WRITES):
            return
        code = PLAN.hit("sqlite", self.database)
        if not code:
            return
        if statement.startswith("COMMIT") and self.in_transaction:
            super().execute("ROLLBACK")  # SQLite rolls back by itself on a full disk
        raise sqlite3.OperationalError(_SQLITE_MESSAGES.get(code, os.strerror(code)))

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self._fault(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self._fault(sql)
        return super().executemany(sql, *args)


def _wrap_sqlite() -> None:
    real_connect = sqlite3.connect

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if "factory" in kwargs or not _under(database, PLAN.root or "/nonexistent"):
            return real_connect(database, *args, **kwargs)
        db = real_connect(database, *args, factory=_FaultyConnection, **kwargs)
        db.database = os.fspath(database)  # type: ignore[attr-defined]
        return db

    sqlite3.connect = connect  # type: ignore[assignment]


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    builtins.open = io.open = _open  # type: ignore[assignment]
    _wrap_os()
    _wrap_sqlite()


def open_sink(path: str) -> io.TextIOWrapper:
    """A text file whose writes count (and fail) like any other, opened without counting
    the open: the driver's stand-in for a redirected standard output."""
    raw = _FaultyFileIO(path, "w")
    return io.TextIOWrapper(io.BufferedWriter(raw), "utf-8", newline="\n")
