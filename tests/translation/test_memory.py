"""The translation memory: exact round trips, concurrent writers, and the run's planner."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aligner.errors import OutputError
from aligner.signature import memory_key
from aligner.translation.memory import MemoryPlanner, TranslationCache
from aligner.types import Translation

T1 = Translation("The house is big.", 0.4123456789012345, -3.5421, 6, frozenset({"ratio", "copy"}))
T2 = Translation("", 1e-300, -700.25, 1, frozenset())


def test_round_trip_keeps_every_field_exactly(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("sig", [("Rumahnya besar.", T1), ("Kosong", T2)])
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        found = cache.get_many("sig", ["Rumahnya besar.", "Kosong", "missing"])
        other = cache.get_many("other-signature", ["Rumahnya besar."])
    assert found == {"Rumahnya besar.": T1, "Kosong": T2}
    assert other == {}


def test_first_stored_translation_wins(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("sig", [("a", T1)])
        cache.put_many("sig", [("a", T2)])
        assert cache.get_many("sig", ["a"]) == {"a": T1}
        assert len(cache) == 1


def test_wal_mode_and_many_lookups(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    items = [(f"kalimat {i}", T1) for i in range(1200)]  # more than one lookup chunk
    with TranslationCache(path) as cache:
        cache.put_many("sig", items)
        assert len(cache.get_many("sig", [s for s, _ in items])) == 1200
    (mode,) = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_unusable_path_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot open translation cache"):
        TranslationCache(tmp_path / "file" / "c.sqlite")


def test_memory_key_is_stable_and_order_free() -> None:
    assert memory_key({"a": 1, "b": [2]}) == memory_key({"b": [2], "a": 1})
    assert memory_key({"a": 1}) != memory_key({"a": 2})


_WRITER = """
import sys
from pathlib import Path
from aligner.translation.memory import TranslationCache
from aligner.types import Translation
path, who = Path(sys.argv[1]), sys.argv[2]
with TranslationCache(path) as cache:
    for batch in range(40):
        items = [(f"s{batch}-{i}", Translation(f"{who}-{batch}-{i}", 0.5, -1.0, 2, frozenset()))
                 for i in range(25)]
        cache.put_many("sig", items)
        cache.put_many("sig", [(f"own-{who}-{batch}", Translation(who, 0.5, -1.0, 2, frozenset()))])
"""


@pytest.mark.slow
def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    TranslationCache(path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), who]) for who in ("A", "B")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with TranslationCache(path) as cache:
        shared = cache.get_many("sig", [f"s{b}-{i}" for b in range(40) for i in range(25)])
        own = cache.get_many("sig", [f"own-{w}-{b}" for w in "AB" for b in range(40)])
        assert len(cache) == 40 * 25 + 80
    assert len(shared) == 1000 and len(own) == 80
    # each shared sentence holds one writer's whole translation, never a mix
    assert all(t.text.split("-", 1)[1] == s[1:] for s, t in shared.items())
    (check,) = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()
    assert check == "ok"


_OPENER = """
import sys, time
from pathlib import Path
from aligner.translation.memory import TranslationCache
from aligner.types import Translation
who, folder, rounds = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
for n in range(rounds):
    (folder / f"ready-{n}-{who}").touch()
    while not (folder / f"go-{n}").exists():
        pass
    with TranslationCache(folder / f"new-{n}.sqlite") as cache:
        cache.put_many("sig", [(who, Translation("t", 0.5, -1.0, 1, frozenset()))])
"""


@pytest.mark.slow
def test_many_processes_create_one_new_cache_at_once(tmp_path: Path) -> None:
    # Switching a brand-new file to WAL fails at once ("database is locked") in some of
    # the processes that race for it unless the opener retries.
    procs, rounds = 6, 40
    opened = [
        subprocess.Popen([sys.executable, "-c", _OPENER, str(who), str(tmp_path), str(rounds)])
        for who in range(procs)
    ]
    for n in range(rounds):
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob(f"ready-{n}-*"))) < procs and time.monotonic() < deadline:
            if any(p.poll() for p in opened):  # one died: the rest need no more waiting
                break
            time.sleep(0.002)
        (tmp_path / f"go-{n}").touch()
    assert [p.wait(timeout=120) for p in opened] == [0] * procs
    for n in range(rounds):
        with TranslationCache(tmp_path / f"new-{n}.sqlite") as cache:
            assert len(cache) == procs


def test_threads_share_one_connection(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite") as cache:

        def work(who: int) -> None:
            for i in range(50):
                cache.put_many("sig", [(f"{who}-{i}", T1)])
                assert cache.get_many("sig", [f"{who}-{i}"]) == {f"{who}-{i}": T1}

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(cache) == 200


def test_planner_answers_a_second_run_from_the_memory(tmp_path: Path, tiny_model: Path) -> None:
    from aligner.batch.engines import LocalEngine
    from aligner.translation.stack import TranslatorStack
    from aligner.translation.translator import Translator

    translator = Translator(tiny_model, backend="transformers", device="cpu")
    engine = LocalEngine(TranslatorStack(translator, noise=False))
    texts = ["Saya makan nasi.", "Dia pergi ke pasar.", "Saya makan nasi.", "***"]
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        planner = MemoryPlanner(cache, engine.signature)
        ticks: list[int] = []
        plan = planner.plan(texts)
        assert plan.missing == ["Saya makan nasi.", "Dia pergi ke pasar.", "***"]
        first, hits1 = planner.settle(plan, engine.translate_plan(plan, ticks.append))
        assert sum(ticks) == len(texts)
        assert hits1 == [False] * 4 and (planner.hits, planner.misses) == (0, 4)
        second, hits2 = planner.settle(planner.plan(texts), {})
        assert hits2 == [True] * 4 and (planner.hits, planner.misses) == (4, 4)
    assert second == first == translator.translate(texts)
    # a different decoding signature does not see those entries
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        beams1 = Translator(tiny_model, backend="transformers", beams=1)
        other = MemoryPlanner(cache, beams1.signature())
        assert other.key != planner.key
        assert other.plan(texts[:1]).missing == texts[:1]


def test_without_a_memory_every_chunk_stands_alone() -> None:
    planner = MemoryPlanner(None, {"model": "m"})
    plan = planner.plan(["a", "b", "a"], pending={"a": None})
    assert plan.missing == ["a", "b"] and plan.known == {}
