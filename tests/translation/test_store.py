"""Model lookup order, the offline error, and the store listing."""

from __future__ import annotations

import json
import shutil

import pytest

from aligner.errors import ModelNotFoundError
from aligner.translation.models.store import (
    DEFAULT_MODEL,
    default_store,
    download_model,
    list_cached_models,
    list_models,
    resolve_model,
    store_path,
)


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No store, an empty Hugging Face cache, and HF_HUB_OFFLINE=1."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("ALIGNER_MODELS", str(tmp_path / "store"))
    return tmp_path


def test_default_store_and_store_path(monkeypatch, tmp_path):
    monkeypatch.delenv("ALIGNER_MODELS", raising=False)
    monkeypatch.delenv("ALIGNER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_store() == tmp_path / "cache" / "aligner" / "models"
    monkeypatch.setenv("ALIGNER_CACHE", str(tmp_path / "elsewhere"))
    assert default_store() == tmp_path / "elsewhere" / "models"
    monkeypatch.setenv("ALIGNER_MODELS", str(tmp_path))
    assert store_path("Helsinki-NLP/opus-mt-id-en") == tmp_path / "Helsinki-NLP--opus-mt-id-en"
    assert DEFAULT_MODEL == "Helsinki-NLP/opus-mt-id-en"


def test_an_existing_folder_is_used_as_is(tiny_model, offline):
    assert resolve_model(tiny_model) == tiny_model
    assert resolve_model(str(tiny_model)) == tiny_model


@pytest.mark.parametrize("folder", ["acme--tiny-mt", "tiny-mt"])
def test_store_lookup_by_full_and_short_name(tiny_model, offline, folder):
    store = offline / "store"
    shutil.copytree(tiny_model, store / folder)
    assert resolve_model("acme/tiny-mt") == store / folder
    assert resolve_model("acme/tiny-mt", store=store) == store / folder


def _cache(tiny_model, cache):
    """A Hugging Face cache entry for ``acme/cached-mt`` as the hub client lays it out."""
    repo = cache / "models--acme--cached-mt"
    commit = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(tiny_model, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return repo / "snapshots" / commit


def test_hugging_face_cache_lookup(tiny_model, offline):
    snapshot = _cache(tiny_model, offline / "hf-cache")
    assert resolve_model("acme/cached-mt") == snapshot


def test_cached_models_are_listed(tiny_model, offline):
    assert list_cached_models() == []
    snapshot = _cache(tiny_model, offline / "hf-cache")
    (info,) = list_cached_models()
    assert (info.name, info.kind, info.architecture) == ("acme/cached-mt", "hf", "marian")
    assert info.path == snapshot and info.size > 0


@pytest.mark.parametrize("name", [DEFAULT_MODEL, "acme/no-such-model"])
def test_offline_missing_model_is_one_clear_line(offline, name):
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model(name)
    message = str(info.value)
    assert "\n" not in message
    assert f"aligner models download {name}" in message and "--model PATH" in message


def test_no_network_without_offline_flag_is_the_same_error(offline, monkeypatch):
    # This machine has no network: the hub host does not resolve, so the lookup fails fast.
    monkeypatch.delenv("HF_HUB_OFFLINE")
    with pytest.raises(ModelNotFoundError, match="aligner models download acme/x"):
        resolve_model("acme/x")


@pytest.mark.parametrize("name", ["./no/such/folder", "/abs/missing/model", "a/b/c", "bad name"])
def test_a_missing_path_is_not_looked_up_on_the_hub(offline, name):
    with pytest.raises(ModelNotFoundError, match="no such model folder"):
        resolve_model(name)


def test_download_offline_says_how_to_get_it(offline):
    with pytest.raises(ModelNotFoundError, match="connected machine") as info:
        download_model("acme/tiny-mt", offline / "store")
    assert "\n" not in str(info.value)
    assert not (offline / "store").exists()


def test_list_models(tiny_model, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(tiny_model, store / "acme--tiny-mt")
    ct2 = store / "acme--tiny-mt-ct2-int8"
    ct2.mkdir()
    (ct2 / "config.json").write_text(json.dumps({"add_source_bos": False}))
    (ct2 / "model.bin").write_bytes(b"\0" * 100)
    (store / "notes").mkdir()  # not a model
    shutil.copytree(tiny_model, store / ".acme--tiny-mt.tmp")  # a download in progress
    models = list_models(store)
    assert [(m.name, m.kind, m.architecture) for m in models] == [
        ("acme/tiny-mt", "hf", "marian"),
        ("acme/tiny-mt-ct2-int8", "ct2", "ctranslate2"),
    ]
    assert models[0].size == sum(f.stat().st_size for f in tiny_model.iterdir())
    assert models[1].size > 100
    assert list_models(tmp_path / "nothing") == []


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(ModelNotFoundError, match="not a model folder"):
        resolve_model(tmp_path / "notes")
