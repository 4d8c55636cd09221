"""Shared fixtures: the tiny random Marian model, built once per test session."""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# CTranslate2 picks its CPU kernels by processor (Intel: MKL and AVX-512; AMD: oneDNN and
# AVX2), and int8 results differ a little between the two. The tests pin one portable
# choice, before anything loads CTranslate2 (subprocesses inherit it), so that outputs
# (tests/test_golden.py) are the same on every x86-64 machine with AVX2.
if platform.machine() in ("x86_64", "AMD64"):
    for _name, _value in (
        ("CT2_USE_MKL", "0"),
        ("CT2_FORCE_CPU_ISA", "AVX2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
    ):
        os.environ.setdefault(_name, _value)


def _load_builder():  # scripts/ is not a package: load make_test_model.py by path
    path = ROOT / "scripts" / "make_test_model.py"
    spec = importlib.util.spec_from_file_location("make_test_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_test_model"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def make_test_model():
    """The ``scripts/make_test_model.py`` module (``build_model(outdir, arch, text, seed)``)."""
    return _load_builder()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, make_test_model) -> Path:
    """Path of a tiny Marian model folder (random seeded weights, 64 positions)."""
    return make_test_model.build_model(tmp_path_factory.mktemp("models") / "tiny-marian")


@pytest.fixture(scope="session")
def tiny_marian_npz(tmp_path_factory: pytest.TempPathFactory, make_test_model) -> Path:
    """A tiny Marian release (decoder.yml, model.npz, vocab .yml, *.spm), 64 positions."""
    return make_test_model.build_model(
        tmp_path_factory.mktemp("models") / "tiny-marian-npz", "marian-npz"
    )


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory: pytest.TempPathFactory, make_test_model) -> Path:
    """A tiny M2M-100 folder (random weights, 64 positions)."""
    return make_test_model.build_model(tmp_path_factory.mktemp("models") / "tiny-m2m100", "m2m100")


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory: pytest.TempPathFactory, make_test_model) -> Path:
    """A tiny NLLB-200 folder (random weights, 64 positions)."""
    return make_test_model.build_model(tmp_path_factory.mktemp("models") / "tiny-nllb", "nllb")


@pytest.fixture(scope="session", autouse=True)
def _private_model_store(tmp_path_factory: pytest.TempPathFactory):
    """No test writes into the checkout's models/ or the user's cache: CTranslate2
    conversions of test models go to a session-private store (tests that need their own
    store set it themselves)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNER_MODELS", str(tmp_path_factory.mktemp("store")))
        # nor into the user's cache folder (the language identifier's unpacked model)
        patch.setenv("ALIGNER_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield
