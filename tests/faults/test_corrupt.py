"""A corrupt translation memory is moved aside with a warning; a corrupt manifest line is
reported with its number and its file counts as not done."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from aligner.batch.manifest import Manifest, ManifestRecord
from aligner.translation.memory import SCHEMA_VERSION, TranslationCache
from aligner.types import Translation


def _good(path: Path) -> None:
    with TranslationCache(path) as cache:
        cache.put_many(
            "sig",
            [
                (f"kalimat {i}", Translation(f"s{i}", 0.5, -0.7, 3, frozenset()))
                for i in range(2000)
            ],
        )


def _truncate(path: Path) -> None:
    _good(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all\n" * 300)


def _future(path: Path) -> None:
    _good(path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


@pytest.mark.parametrize("spoil", [_truncate, _garbage, _future])
def test_corrupt_memory_is_moved_aside(tmp_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / ".aligner-cache.sqlite"
    spoil(path)
    spoiled = path.read_bytes()
    warnings: list[str] = []
    with TranslationCache(path, warn=warnings.append) as cache:
        assert len(cache) == 0  # a fresh one, usable
        cache.put_many("sig", [("a", Translation("b", 0.5, -0.7, 2, frozenset()))])
        assert cache.get_many("sig", ["a"])["a"].text == "b"
    aside = tmp_path / ".aligner-cache.sqlite.corrupt-1"
    assert len(warnings) == 1 and str(aside) in warnings[0] and str(path) in warnings[0]
    assert aside.read_bytes() == spoiled  # kept for a look, never deleted


def test_a_good_memory_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    _good(path)
    warnings: list[str] = []
    with TranslationCache(path, warn=warnings.append) as cache:
        assert len(cache) == 2000
    assert warnings == []


def test_failed_commit_rolls_back_once(tmp_path: Path) -> None:
    """SQLite has rolled back itself after a failed COMMIT: no second error hides it."""
    from aligner.translation.memory import _Transaction

    db = sqlite3.connect(tmp_path / "x.sqlite", isolation_level=None)
    db.execute("CREATE TABLE t (x PRIMARY KEY)")
    db.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError), _Transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
        db.execute("ROLLBACK")  # what SQLite does by itself on a full disk
        raise sqlite3.IntegrityError("the error that matters")
    assert not db.in_transaction
    assert db.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_corrupt_manifest_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    records = [ManifestRecord("a.txt", "done"), ManifestRecord("b.txt", "done")]
    lines = [json.dumps(r.to_json()) for r in records]
    lines[1] = lines[1][:20] + "\x00garbage"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warnings: list[str] = []
    manifest = Manifest(path, warn=warnings.append)
    assert set(manifest.records) == {"a.txt"}  # b.txt counts as not done
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:2: ")


def test_torn_last_line_is_silent(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    line = json.dumps(ManifestRecord("a.txt", "done").to_json())
    path.write_text(line + "\n" + line[:15], encoding="utf-8")  # a crash mid-append
    warnings: list[str] = []
    assert set(Manifest(path, warn=warnings.append).records) == {"a.txt"}
    assert warnings == []
