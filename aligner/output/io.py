"""Atomic file writing: an output path holds either its old content or the complete new one.

Every output file is written to a hidden temporary name in the same folder
(``.NAME.PID-N.tmp``), flushed and fsynced, then renamed over the final path with
``os.replace``. On any exception (KeyboardInterrupt included) the temporary file is
removed and whatever was at the final path before is left untouched. Same folder, so
the rename never crosses a file system.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from aligner.errors import OutputError, os_reason

__all__ = [
    "atomic_write",
    "atomic_write_group",
    "check_writable",
    "ensure_not_input",
    "os_error",
    "remove_stale_temps",
]

# distinguishes temp files of two writes to the same path within one process
_counter = itertools.count()


def os_error(exc: OSError, path: str | os.PathLike[str]) -> OutputError:
    """The one-line error for a failed write of ``path``: ``PATH: no space left on device``."""
    return OutputError(os_reason(exc), path=path)


def check_writable(path: Path) -> None:
    """Raise OutputError (one line, naming ``path``) unless a file can be created there."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: folder {folder} is not writable")


def ensure_not_input(output: Path, inputs: Sequence[Path], *, role: str = "the input file") -> None:
    """Refuse an output path that is (or links to) one of ``inputs`` (``role`` names them)."""
    out = Path(output)
    for given in inputs:
        if _same_file(out, Path(given)):
            raise OutputError(f"refusing to write {out}: it is {role} {given}")


def _same_file(a: Path, b: Path) -> bool:
    # samefile also catches hard links and symlinks; resolve() covers paths not yet created
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{next(_counter)}.tmp")


_TEMP = re.compile(r"\..+\.(\d+)-\d+\.tmp\Z")  # what _temp_name makes: .NAME.PID-N.tmp


def remove_stale_temps(folder: Path) -> None:
    """Temp files under ``folder`` left by a killed process (it is gone) are removed."""
    for path in folder.rglob(".*.tmp"):
        match = _TEMP.match(path.name)
        if match and not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _open_temp(path: Path, mode: str, encoding: str | None, newline: str | None) -> IO[Any]:
    check_writable(path)
    temp = _temp_name(path)
    binary = "b" in mode
    try:
        # "x": never reuse a stale temp file; permissions follow the umask like any new file
        return open(
            temp,
            mode.replace("w", "x"),
            encoding=None if binary else encoding,
            newline=None if binary else newline,
        )
    except OSError as exc:
        raise os_error(exc, path) from exc


def _discard(handle: IO[Any]) -> None:
    # closing flushes what is buffered, which fails again on a full disk; the descriptor
    # is closed all the same, and the error that got us here is the one to report
    with suppress(OSError):
        handle.close()
    with suppress(FileNotFoundError):
        os.unlink(handle.name)


def _commit(handle: IO[Any], path: Path) -> None:
    """Flush and fsync a finished temp file (still open) and close it."""
    try:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
    except OSError as exc:
        raise os_error(exc, path) from exc


def _rename(handle: IO[Any], path: Path) -> None:
    try:
        os.replace(handle.name, path)
    except OSError as exc:
        raise os_error(exc, path) from exc


def _rename_all(handles: list[IO[Any]], paths: list[Path]) -> None:
    """Rename every temp file into place; if one rename fails, those already done are
    undone (the old file put back, or a new one removed), so a group never shows half of
    a new set under the final names. A group of one is a single atomic rename."""
    if len(paths) == 1:
        _rename(handles[0], paths[0])
        return
    done: list[tuple[Path, Path | None]] = []  # (final path, hard link to its old file)
    try:
        for handle, path in zip(handles, paths, strict=True):
            old = _keep_old(path)
            done.append((path, old))
            _rename(handle, path)
    except BaseException:
        for path, old in done[:-1]:  # the last one is the rename that failed
            with suppress(OSError):
                os.replace(old, path) if old is not None else os.unlink(path)
        _drop_backups(done[-1:])
        raise
    _drop_backups(done)


def _keep_old(path: Path) -> Path | None:
    backup = _temp_name(path)
    try:
        os.link(path, backup)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(exc, path) from exc
    return backup


def _drop_backups(done: list[tuple[Path, Path | None]]) -> None:
    for _, old in done:
        if old is not None:
            with suppress(OSError):
                os.unlink(old)


def _fsync_folder(folder: Path) -> None:
    # makes the rename itself durable; not possible on every platform, so best effort
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_mode(mode: str) -> None:
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write supports modes 'w' and 'wb', not {mode!r}")


@contextmanager
def atomic_write_group(
    paths: Sequence[Path],
    mode: str = "w",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Iterator[list[IO[Any]]]:
    """Write several files that belong together (moses ``.id``/``.en``/``.scores``).

    No file is renamed into place until every one of them is complete; on any exception
    all temp files are removed and every previous file is left untouched. The renames
    themselves are one after another (POSIX has no multi-file rename).
    """
    _check_mode(mode)
    paths = [Path(p) for p in paths]
    # the same file under two spellings (x/../out.tsv, a symlink) would be renamed onto
    # itself: the second file written would silently replace the first
    if len({os.path.realpath(p) for p in paths}) != len(paths):
        raise OutputError(f"output paths repeat: {', '.join(map(str, paths))}")
    with ExitStack() as stack:
        handles: list[IO[Any]] = []
        for path in paths:
            handle = _open_temp(path, mode, encoding, newline)
            handles.append(handle)
            stack.callback(_discard, handle)  # undone below once all are renamed
        try:
            yield handles
        except OSError as exc:
            # a write in the caller's loop: name the file it was about (an input being
            # read names itself), else the group's first output
            raise os_error(exc, exc.filename or paths[0]) from exc
        for handle, path in zip(handles, paths, strict=True):
            _commit(handle, path)
        _rename_all(handles, paths)
        stack.pop_all()
    for folder in dict.fromkeys(p.parent for p in paths):
        _fsync_folder(folder)


@contextmanager
def atomic_write(
    path: Path,
    mode: str = "w",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing so that it appears only when complete.

    ``newline="\\n"`` writes ``\\n`` unchanged on every platform (byte-identical output).
    """
    with atomic_write_group([path], mode, encoding, newline) as (handle,):
        yield handle
