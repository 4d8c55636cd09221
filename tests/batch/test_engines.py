"""The model loop over an engine that plans windows of chunks (as the Ray engine does),
with this process's tiny model: the local run's outputs, and a chunk that fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from aligner.batch.engines import ChunkResult, LocalEngine
from aligner.batch.runner import BatchOptions, run_batch
from aligner.errors import BackendError
from aligner.translation.memory import MemoryPlan
from aligner.translation.stack import TranslatorStack
from aligner.translation.translator import Translator


class WindowEngine(LocalEngine):
    """This process's translator, a window of chunks at a time; the chunks numbered in
    ``fail`` (counting from 0 over the run) fail as a model error would."""

    def __init__(self, translator: Translator, window: int, fail: frozenset[int] = frozenset()):
        # the stack the run builds over its translator (and a Ray worker builds)
        super().__init__(TranslatorStack(translator))
        self.window, self.fail, self.seen = window, fail, 0

    def translate_plans(
        self, plans: Sequence[MemoryPlan], progress: Callable[[int], None]
    ) -> Iterator[ChunkResult]:
        for plan in plans:
            number, self.seen = self.seen, self.seen + 1
            if number in self.fail:
                yield BackendError("out of memory")
            else:
                yield from super().translate_plans([plan], progress)


def _folder(root: Path) -> Path:
    """Six files of two sentences; f4 repeats a sentence of f0 (a later chunk's hit)."""
    src = root / "in"
    src.mkdir()
    for i in range(6):
        first = "Kalimat pertama yang sama." if i in (0, 4) else f"Kalimat nomor {i} di sini."
        (src / f"f{i}.txt").write_text(f"{first} Yang ini pendek {i}.\n", "utf-8")
    return src


@pytest.mark.parametrize("use_cache", [True, False])
def test_windows_give_the_local_outputs(tmp_path: Path, translator, use_cache: bool) -> None:
    src = _folder(tmp_path)
    options = BatchOptions(chunk_sentences=3, formats=("jsonl", "tsv"), use_cache=use_cache)
    local = run_batch(src, tmp_path / "local", translator, options)
    windowed = run_batch(
        src, tmp_path / "window", None, options, engine=WindowEngine(translator, window=3)
    )
    for name in ("corpus.jsonl", "corpus.tsv"):
        assert (tmp_path / "window" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert windowed.cache_hits == local.cache_hits == (1 if use_cache else 0)


def test_a_failed_chunk_fails_its_files_and_the_rest_is_cut_again(
    tmp_path: Path, translator
) -> None:
    """Chunk 0 (f0 and half of f1) fails in a window of four: f0 and f1 fail; the rest of
    the window is cut and planned again without them, as a local run would cut it, so f4
    (whose repeated sentence chunk 0 was to translate) is translated after all."""
    src = _folder(tmp_path)
    options = BatchOptions(chunk_sentences=3, formats=("jsonl",))
    result = run_batch(
        src,
        tmp_path / "out",
        None,
        options,
        engine=WindowEngine(translator, window=4, fail=frozenset({0})),
    )
    status = {r.path: (r.status, r.error) for r in result.records}
    assert status == {
        "f0.txt": ("failed", "out of memory"),
        "f1.txt": ("failed", "out of memory"),
        "f2.txt": ("done", None),
        "f3.txt": ("done", None),
        "f4.txt": ("done", None),
        "f5.txt": ("done", None),
    }
    assert result.exit_code == 2
    local = run_batch(
        src,
        tmp_path / "local",
        None,
        options,
        engine=WindowEngine(translator, window=1, fail=frozenset({0})),
    )
    assert (tmp_path / "out" / "corpus.jsonl").read_bytes() == (
        tmp_path / "local" / "corpus.jsonl"
    ).read_bytes()
    assert [r.status for r in local.records] == [r.status for r in result.records]
