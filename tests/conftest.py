"""Shared fixtures: the tiny random Marian model, built once per test session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
