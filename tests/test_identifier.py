"""The language identifier's unpacked-model cache and background load."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from aligner.clean import identifier as ident
from aligner.clean.language import CANDIDATES

SAMPLES = [
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.",
    "The president opened a new toll road in Central Java on Monday.",
    "Der Präsident eröffnete am Montag eine neue Mautstraße in Zentraljava.",
    "Le président a inauguré lundi une nouvelle autoroute à péage.",
    "Ini adalah contoh kalimat.",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALIGNER_CACHE", str(tmp_path))
    return tmp_path


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "identifier").glob("*"))


def test_cached_model_ranks_exactly_as_the_packaged_one(cache: Path) -> None:
    first = ident.Identifier(CANDIDATES).get()  # from the package; writes the cache
    [written] = _files(cache)
    assert (written / "manifest.json").is_file()
    again = ident.Identifier(CANDIDATES).get()  # from the cache, its tables mapped
    assert type(again) is type(first)
    assert isinstance(again.tk_nextmove, memoryview)
    assert again.nb_classes == first.nb_classes
    for text in SAMPLES:
        assert again.rank(text) == first.rank(text)


@pytest.mark.parametrize("damage", ["cut", "no manifest", "empty"])
def test_a_damaged_cache_is_rebuilt(cache: Path, damage: str) -> None:
    ident.Identifier(CANDIDATES).get()
    [written] = _files(cache)
    table = written / "nextmove.bin"
    if damage == "cut":  # as if cut off mid-write elsewhere
        table.write_bytes(table.read_bytes()[:1000])
    elif damage == "no manifest":
        (written / "manifest.json").unlink()
    else:
        table.write_bytes(b"")
    model = ident.Identifier(CANDIDATES).get()
    assert model.rank(SAMPLES[0])[0][0] == "id"
    assert table.stat().st_size > 1_000_000  # whole again
    assert (written / "manifest.json").is_file()
    assert _files(cache) == [written]  # no temporary folder left beside it


def test_an_unwritable_cache_only_costs_the_cache(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ALIGNER_CACHE", str(blocker))  # mkdir under a file fails
    model = ident.Identifier(CANDIDATES).get()
    assert model.rank(SAMPLES[1])[0][0] == "en"


def test_other_candidates_get_their_own_cache(cache: Path) -> None:
    ident.Identifier(CANDIDATES).get()
    small = ident.Identifier(("id", "en")).get()
    assert len(_files(cache)) == 2
    assert sorted(set(small.nb_classes)) == ["en", "id"]


def test_preload_and_a_guess_at_once_load_one_model(cache: Path, monkeypatch) -> None:
    loads: list[str] = []
    real = ident.Identifier._load

    def counted(self: ident.Identifier) -> object:
        loads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(ident.Identifier, "_load", counted)
    shared = ident.Identifier(CANDIDATES)
    shared.preload()
    model = shared.get()
    for thread in threading.enumerate():
        if thread.name == "aligner-langid-load":
            thread.join()
    assert shared.get() is model
    assert len(loads) == 1
    assert model.rank(SAMPLES[0])[0][0] == "id"
