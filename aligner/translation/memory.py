"""Translation memory: a SQLite cache of whole translations, shared between runs.

Keyed by (signature, source sentence), where the signature is
``aligner.signature.memory_key`` of the translator stack's signature (model, weights hash,
backend, decoding options) and the package version, so a hit is exactly what the same
model and options produced before: same target text, same confidence, logprob, token
count and flags.

Concurrency: WAL mode lets readers and one writer work side by side; writes go in one
``BEGIN IMMEDIATE`` transaction per batch with a generous busy timeout, and
``INSERT OR IGNORE`` keeps the first stored translation, so two runs that translate the
same sentence at once still agree on what the cache returns afterwards.

Faults: a write that fails (a full disk, an I/O error) rolls its transaction back, so the
file holds every earlier batch and nothing of the failed one, and is reported as
``PATH: database or disk is full``. A file that is not a usable memory (truncated,
garbage, or stamped by a newer schema version in ``PRAGMA user_version``) is moved aside
to ``NAME.corrupt-N`` with a warning, and a fresh memory takes its place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from aligner.errors import OutputError, os_reason
from aligner.signature import memory_key
from aligner.types import Translation

__all__ = ["MemoryPlan", "MemoryPlanner", "TranslationCache"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    signature TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    confidence REAL NOT NULL,
    logprob REAL NOT NULL,
    tokens INTEGER NOT NULL,
    flags TEXT NOT NULL,
    PRIMARY KEY (signature, source)
) WITHOUT ROWID
"""
SCHEMA_VERSION = 1  # PRAGMA user_version; 0 is a memory made before it was stamped
_BUSY_TIMEOUT_MS = 60_000
_LOOKUP_CHUNK = 500  # stays well under SQLite's limit on bound parameters


class TranslationCache:
    """A SQLite translation memory. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path, warn: Callable[[str], None] = lambda message: None) -> None:
        self.path = path
        self._lock = threading.Lock()  # one connection, possibly shared by threads
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except _Unusable as exc:
                aside = _move_aside(path)
                warn(f"{path}: {exc}; moved aside to {aside}, starting a fresh translation memory")
                self._db = self._open()
        except OSError as exc:
            reason = os_reason(exc)
            raise OutputError(f"cannot open translation cache: {reason}", path=path) from exc

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(
                str(self.path),
                timeout=_BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise OutputError(f"cannot open translation cache: {exc}", path=self.path) from exc
        try:
            _setup(db)
        except _Unusable:
            db.close()
            raise
        except sqlite3.Error as exc:
            db.close()
            raise OutputError(f"cannot open translation cache: {exc}", path=self.path) from exc
        return db

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def _failed(self, exc: sqlite3.Error) -> OutputError:
        return OutputError(str(exc), path=self.path)

    def get_many(self, signature: str, sources: Sequence[str]) -> dict[str, Translation]:
        """Stored translations for those of ``sources`` that are in the cache."""
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(sources))
        with self._lock:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                part = unique[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(part))
                try:
                    rows = self._db.execute(
                        "SELECT source, target, confidence, logprob, tokens, flags"
                        f" FROM translations WHERE signature = ? AND source IN ({marks})",
                        [signature, *part],
                    ).fetchall()
                except sqlite3.Error as exc:
                    raise self._failed(exc) from exc
                found.update((row[0], _row_translation(row)) for row in rows)
        return found

    def put_many(self, signature: str, items: Iterable[tuple[str, Translation]]) -> None:
        """Store translations in one transaction; existing entries are kept as they are."""
        rows = [
            (signature, src, t.text, t.confidence, t.logprob, t.tokens, json.dumps(sorted(t.flags)))
            for src, t in items
        ]
        if not rows:
            return
        with self._lock:
            try:
                with self._transaction():
                    self._db.executemany(
                        "INSERT OR IGNORE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                    )
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc

    def __len__(self) -> int:
        with self._lock:
            try:
                (count,) = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): takes the write lock up
    front, so a concurrent writer waits on the busy timeout instead of failing mid-way."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self._rollback()
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._rollback()  # never leave the connection inside a transaction
            raise

    def _rollback(self) -> None:
        # SQLite has already rolled back by itself after some errors (a full disk, an I/O
        # error): a second ROLLBACK would fail with "no transaction is active" and hide
        # the error that matters
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")


class _Unusable(Exception):
    """The file is not a translation memory this version can use (moved aside)."""


def _setup(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    # Switching a new file to WAL (and the first schema write) can fail with "database is
    # locked" at once, without waiting on the busy timeout, when another process opens the
    # same new cache at the same moment: SQLite does not call the busy handler there.
    # Retry with a short back-off instead.
    try:
        _retry_locked(lambda: db.execute("PRAGMA journal_mode = WAL"))
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _Unusable(f"written by a newer aligner (schema version {version})")
        # reads every page once: a truncated file shows up here, not in the middle of a run
        (check,) = db.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):  # full, I/O error, locked: not the file
            raise
        raise _Unusable(f"not a usable translation memory ({exc})") from exc
    if check != "ok":
        raise _Unusable(f"not a usable translation memory ({check})")
    db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoint
    _retry_locked(lambda: _create_schema(db))


def _create_schema(db: sqlite3.Connection) -> None:
    with _Transaction(db):
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal and -shm files) to the first free ``NAME.corrupt-N``."""
    number = 1
    while (aside := path.with_name(f"{path.name}.corrupt-{number}")).exists():
        number += 1
    for suffix in ("-wal", "-shm", ""):  # the database last: it is what names the set
        with suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def _retry_locked(action: Callable[[], object]) -> None:
    """Run ``action``, retrying while SQLite says the database is locked or busy."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _row_translation(row: tuple[Any, ...]) -> Translation:
    _, target, confidence, logprob, tokens, flags = row
    return Translation(
        target, float(confidence), float(logprob), int(tokens), frozenset(json.loads(flags))
    )


@dataclass(frozen=True, slots=True)
class MemoryPlan:
    """One chunk's texts, what the memory knew of them, and the distinct rest: every text
    not in ``missing`` is a hit (answered by the memory, or by an earlier chunk)."""

    texts: list[str]
    known: dict[str, Translation]
    missing: list[str]

    @property
    def hits(self) -> list[bool]:
        missing = set(self.missing)
        return [t not in missing for t in self.texts]

    @property
    def hit_count(self) -> int:
        return sum(self.hits)


class MemoryPlanner:
    """The translation memory in front of a translator stack, for one run: which texts of a
    chunk the memory answers, which the engine must translate, and storing what it did.

    It owns the run's hit and miss counts (the model loop is its only caller)."""

    def __init__(self, cache: TranslationCache | None, signature: Mapping[str, Any]) -> None:
        self.cache = cache
        self.key = memory_key(signature)
        self.hits = 0
        self.misses = 0

    def plan(self, texts: Sequence[str], pending: Mapping[str, object] = {}) -> MemoryPlan:
        """What the cache answers of ``texts`` and the distinct rest for the model.

        ``pending``: sentences an earlier chunk of the same window is translating now;
        they count as hits, answered by ``settle`` from that chunk's translations, exactly
        as the memory would answer them had that chunk been stored first. Without a
        memory every chunk stands alone, so ``pending`` is ignored."""
        if self.cache is None:
            return MemoryPlan(list(texts), {}, list(dict.fromkeys(texts)))
        known = self.cache.get_many(self.key, texts)
        missing = list(dict.fromkeys(t for t in texts if t not in known and t not in pending))
        return MemoryPlan(list(texts), known, missing)

    def settle(
        self,
        plan: MemoryPlan,
        fresh: Mapping[str, Translation],
        earlier: Mapping[str, Translation] = {},
    ) -> tuple[list[Translation], list[bool]]:
        """Store the engine's ``fresh`` translations of ``plan.missing`` and answer every
        text of the plan; ``earlier``: what earlier chunks of the window translated."""
        hits = plan.hits
        if self.cache is not None:
            hit_count = sum(hits)
            self.hits += hit_count
            self.misses += len(plan.texts) - hit_count
            self.cache.put_many(self.key, fresh.items())
        # looked up, not merged: ``earlier`` grows over a window, copying it per chunk
        # would cost the driver the square of the window
        known = plan.known
        return [
            known[t] if t in known else fresh[t] if t in fresh else earlier[t] for t in plan.texts
        ], hits
