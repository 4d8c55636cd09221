"""The batch manifest: ``OUT_DIR/manifest.jsonl``, one JSON record per input file.

Records are appended one line at a time, each flushed and fsynced before the run goes
on, so a crash loses at most the line being written. Reading takes the last record per
path and ignores a torn last line; the next append first cuts such a tail off. At the end
of a run the file is rewritten atomically with one record per path, sorted by path.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aligner.batch.states import JobState
from aligner.output.io import atomic_write, os_error

__all__ = ["Manifest", "ManifestRecord"]

FINAL = (JobState.DONE, JobState.FAILED, JobState.SKIPPED)  # what a record may say


@dataclass(frozen=True, slots=True)
class ManifestRecord:
    """What happened to one input file. ``path`` is relative to IN_DIR, POSIX style."""

    path: str
    status: JobState  # one of FINAL
    sha256: str | None = None
    signature: str | None = None  # options signature the file was processed under
    error: str | None = None
    sentences: int = 0
    pairs: int = 0
    mean_confidence: float | None = None
    min_confidence: float | None = None
    flags: dict[str, int] = field(default_factory=dict)
    cached: int = 0  # sentences answered by the translation memory
    seconds: float = 0.0
    target: str | None = None  # --align mode: the English file paired with ``path``
    dropped_blocks: int = 0  # html: text blocks the extractor left out (page chrome)
    dropped_chars: int = 0  # ... and their characters

    def to_json(self) -> dict[str, Any]:
        # field by field: dataclasses.asdict deep-copies every value, a cost paid once per
        # file of a batch run
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["flags"] = dict(self.flags)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ManifestRecord:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        status = JobState(known.pop("status"))
        if status not in FINAL:
            raise ValueError(f"not a final state: {status.value}")
        return cls(status=status, **known)


class Manifest:
    """Append-only record of a batch run; the last record per path wins."""

    def __init__(self, path: Path, warn: Callable[[str], None] = lambda message: None) -> None:
        self.path = path
        self.warn = warn
        self.records: dict[str, ManifestRecord] = self._load()
        self._handle: IO[str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, ManifestRecord]:
        records: dict[str, ManifestRecord] = {}
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return records
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            record = _parse(line)
            if record is not None:
                records[record.path] = record
            elif number < len(lines) or text.endswith("\n"):  # not just a torn tail
                self.warn(
                    f"{self.path}:{number}: not a manifest record; ignored "
                    "(the file it was about counts as not done)"
                )
        return records

    def append(self, record: ManifestRecord) -> None:
        """Add one record durably: written, flushed and fsynced before returning."""
        line = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=False) + "\n"
        with self._lock:  # writer threads share the file: whole lines, one at a time
            try:
                if self._handle is None:
                    self._handle = self._open_for_append()
                self._handle.write(line)
                self._handle.flush()
                os.fsync(self._handle.fileno())
            except OSError as exc:
                self._drop_handle()  # a part line left behind is a torn tail: cut on reopen
                raise os_error(exc, self.path) from exc
            self.records[record.path] = record

    def _open_for_append(self) -> IO[str]:
        _cut_torn_tail(self.path)
        return open(self.path, "a", encoding="utf-8", newline="\n")

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            try:
                handle.close()
            except OSError as exc:
                raise os_error(exc, self.path) from exc

    def _drop_handle(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with suppress(OSError):  # flushing what a failed write left fails again
                handle.close()

    def compact(self, keep: set[str] | None = None) -> None:
        """Rewrite atomically: one record per path (only ``keep`` if given), sorted."""
        self.close()
        paths = sorted(p for p in self.records if keep is None or p in keep)
        with atomic_write(self.path) as handle:
            for path in paths:
                handle.write(json.dumps(self.records[path].to_json(), ensure_ascii=False) + "\n")


def _parse(line: str) -> ManifestRecord | None:
    try:
        data = json.loads(line)
        return ManifestRecord.from_json(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError):
        return None  # a line torn by a crash


def _cut_torn_tail(path: Path) -> None:
    """Drop a last line without its newline (a crash mid-write) before appending."""
    try:
        with open(path, "rb+") as handle:
            data = handle.read()
            if data and not data.endswith(b"\n"):
                handle.truncate(data.rfind(b"\n") + 1)
    except FileNotFoundError:
        pass
