"""The batch tests' translator: the tiny model on CTranslate2, in a private model store."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def translator(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory):
    """CTranslate2 (the default backend; fast), converted into a private model store."""
    from aligner.translation.translator import Translator

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNER_MODELS", str(tmp_path_factory.mktemp("store")))
        yield Translator(tiny_model, backend="ctranslate2", device="cpu")
