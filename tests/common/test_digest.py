"""A model folder's sha256, remembered by its files' stat (aligner.common.digest)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import aligner.common.digest as digest
from aligner.common.digest import folder_sha256


def _model(root: Path) -> Path:
    folder = root / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "model.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "config.json").write_text('{"d_model": 8}', encoding="utf-8")
    (folder / "sub" / "vocab.txt").write_text("a\nb\n", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")  # hidden: left out
    return folder


def _by_hand(folder: Path) -> str:
    h = hashlib.sha256()
    for name in ("config.json", "model.bin", "sub/vocab.txt"):
        h.update(name.encode() + b"\0" + (folder / name).read_bytes())
    return h.hexdigest()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders whose bytes were read."""
    seen: list[Path] = []
    real = digest._hash
    monkeypatch.setattr(
        digest, "_hash", lambda folder, files: seen.append(folder) or real(folder, files)
    )
    return seen


def test_the_hash_is_of_the_names_and_bytes_and_is_read_once(
    tmp_path: Path, reads: list[Path]
) -> None:
    folder = _model(tmp_path)
    assert folder_sha256(folder) == _by_hand(folder)
    assert folder_sha256(folder) == _by_hand(folder)
    assert reads == [folder]  # the second run took it from the cache


def test_a_changed_file_is_hashed_again_even_at_the_same_size(
    tmp_path: Path, reads: list[Path]
) -> None:
    folder = _model(tmp_path)
    before = folder_sha256(folder)
    weights = folder / "model.bin"
    weights.write_bytes(bytes(reversed(range(256))) * 64)  # same size, new bytes
    after = folder_sha256(folder)
    assert after != before and after == _by_hand(folder) and len(reads) == 2


def test_a_new_file_changes_the_hash(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    before = folder_sha256(folder)
    (folder / "generation_config.json").write_text("{}", encoding="utf-8")
    assert folder_sha256(folder) != before


def test_a_damaged_cache_entry_is_not_believed(tmp_path: Path, reads: list[Path]) -> None:
    folder = _model(tmp_path)
    folder_sha256(folder)
    [entry] = (tmp_path / "cache" / "fingerprints").iterdir()
    entry.write_text("0" * 10, encoding="ascii")
    assert folder_sha256(folder) == _by_hand(folder) and len(reads) == 2


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("ALIGNER_CACHE", str(blocked))
    folder = _model(tmp_path)
    assert folder_sha256(folder) == folder_sha256(folder) == _by_hand(folder)
    assert len(reads) == 2 and blocked.read_text(encoding="utf-8") == ""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNER_CACHE", str(tmp_path / "cache"))
