"""Fixtures of the fault suite: the tiny model converted once, folders of short news."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def converted(tiny_model: Path) -> Path:
    """The tiny model, its CTranslate2 conversion made up front (not inside a timed or
    signalled subprocess)."""
    from aligner.translation.translator import Translator

    Translator(tiny_model, backend="ctranslate2", device="cpu")
    return tiny_model


@pytest.fixture(scope="session")
def news_folder() -> Callable[[Path, int], Path]:
    """``make(folder, files)``: ``files`` two-paragraph news files in a new ``folder``."""

    def make(folder: Path, files: int) -> Path:
        folder.mkdir(parents=True)
        for i in range(files):
            (folder / f"n{i:03d}.txt").write_text(
                f"Berita nomor {i} terbit pagi ini. Warga kota {i} menyambutnya.\n"
                "Baca juga: berita lainnya.\n",
                encoding="utf-8",
            )
        return folder

    return make
