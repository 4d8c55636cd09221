"""Atomic writes: a path holds its old content or the complete new one, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from aligner.errors import OutputError
from aligner.output.io import atomic_write, atomic_write_group, ensure_not_input


def leftovers(folder: Path) -> list[str]:
    """Hidden temp files left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_complete_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_write(out) as handle:
        handle.write("a\nb\n")
        assert not out.exists()  # visible only once complete
        assert len(leftovers(tmp_path)) == 1
    assert out.read_bytes() == b"a\nb\n"
    assert leftovers(tmp_path) == []


def test_newline_is_written_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_write(out) as handle:
        handle.write("x\ny\r\nz")
    assert out.read_bytes() == b"x\ny\r\nz"


def test_binary_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    with atomic_write(out, "wb") as handle:
        handle.write(b"\x00\xff")
    assert out.read_bytes() == b"\x00\xff"


def test_unsupported_mode_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'a'"), atomic_write(tmp_path / "x", "a"):
        pass


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_leaves_old_file_and_no_temp(tmp_path: Path, exc: BaseException) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old content\n")
    with pytest.raises(type(exc)), atomic_write(out) as handle:
        handle.write("new, half written")
        raise exc
    assert out.read_text() == "old content\n"
    assert leftovers(tmp_path) == []


def test_failure_without_previous_file_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_write(tmp_path / "out.txt") as handle:
        handle.write("partial")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_new_file_permissions_follow_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "out.txt") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    # not the 0600 of mkstemp: an output file is readable like any other new file
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


def test_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "out.tsv"
    with pytest.raises(OutputError) as info, atomic_write(out):
        pass
    message = str(info.value)
    assert str(out) in message and "does not exist" in message and "\n" not in message


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with (
        pytest.raises(OutputError, match="does not exist"),
        atomic_write(tmp_path / "file" / "out.tsv"),
    ):
        pass


def test_path_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"), atomic_write(tmp_path):
        pass


def _unprivileged(action: Callable[[], str]) -> str:
    """Run ``action`` as a user without root's override of file permissions.

    As root, permission bits do not stop writes, so the action runs in a forked child
    that has dropped to uid/gid 65534 (nobody); its result comes back through a pipe.
    """
    if os.geteuid() != 0:
        return action()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = action()
        except BaseException as exc:
            result = f"unexpected {exc!r}"
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read().decode()
    os.waitpid(pid, 0)
    return data


def test_unwritable_folder() -> None:
    # mkdtemp, not tmp_path: the unprivileged child must be able to reach the folder
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        folder = base / "readonly"
        folder.mkdir(mode=0o555)
        folder.chmod(0o555)
        out = folder / "out.tsv"

        def attempt() -> str:
            try:
                with atomic_write(out) as handle:
                    handle.write("x")
            except OutputError as exc:
                return str(exc)
            return "written"

        message = _unprivileged(attempt)
        assert message == f"cannot write {out}: folder {folder} is not writable"
        assert list(folder.iterdir()) == []
    finally:
        (base / "readonly").chmod(0o755)
        (base / "readonly").rmdir()
        base.rmdir()


def test_group_renames_only_when_all_complete(tmp_path: Path) -> None:
    paths = [tmp_path / "c.id", tmp_path / "c.en", tmp_path / "c.scores"]
    with atomic_write_group(paths) as handles:
        for handle, text in zip(handles, ["a\n", "b\n", "1\n"], strict=True):
            handle.write(text)
        assert not any(p.exists() for p in paths)
    assert [p.read_text() for p in paths] == ["a\n", "b\n", "1\n"]
    assert leftovers(tmp_path) == []


def test_group_failure_keeps_every_old_file(tmp_path: Path) -> None:
    paths = [tmp_path / "c.id", tmp_path / "c.en", tmp_path / "c.scores"]
    for path in paths:
        path.write_text(f"old {path.suffix}\n")
    with pytest.raises(RuntimeError), atomic_write_group(paths) as handles:
        handles[0].write("new complete\n")
        handles[1].write("new complete\n")
        raise RuntimeError("third file never finished")
    assert [p.read_text() for p in paths] == [f"old {p.suffix}\n" for p in paths]
    assert leftovers(tmp_path) == []


def test_group_fails_before_writing_when_one_folder_is_missing(tmp_path: Path) -> None:
    paths = [tmp_path / "a.id", tmp_path / "missing" / "a.en"]
    with pytest.raises(OutputError, match="missing"), atomic_write_group(paths):
        pass
    assert list(tmp_path.iterdir()) == []


def test_group_rejects_repeated_paths(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputError, match="repeat"),
        atomic_write_group([tmp_path / "a", tmp_path / "a"]),
    ):
        pass


def test_ensure_not_input_same_path_spelled_differently(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x")
    for spelling in [source, tmp_path / "." / "in.txt", tmp_path / "sub" / ".." / "in.txt"]:
        with pytest.raises(OutputError, match="refusing to write"):
            ensure_not_input(spelling, [tmp_path / "other.txt", source])


def test_ensure_not_input_links(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x")
    (tmp_path / "soft.txt").symlink_to(source)
    os.link(source, tmp_path / "hard.txt")
    for name in ["soft.txt", "hard.txt"]:
        with pytest.raises(OutputError, match="input file"):
            ensure_not_input(tmp_path / name, [source])


def test_ensure_not_input_allows_other_files(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x")
    ensure_not_input(tmp_path / "in.txt.tsv", [source])  # does not raise
    ensure_not_input(tmp_path / "in.txt", [])
