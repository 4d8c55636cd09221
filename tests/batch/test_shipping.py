"""The model shipped to Ray workers (aligner.batch.distributed.shipping), without Ray: an
object store that counts its gets stands in for Ray's, the model and its conversion are
real (the tiny model)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from aligner.batch.distributed.shipping import local_settings, ship_model
from aligner.errors import ModelError
from aligner.translation.backends.ct2 import convert_for
from aligner.translation.models.convert import ct2_folder, is_current
from aligner.translation.stack import TranslatorOptions, build_translator


class CountingStore:
    """``ray.put`` and ``ray.get`` over a dict, counting the gets."""

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self.gets = 0

    def put(self, value: Any) -> int:
        self.objects[len(self.objects)] = value
        return len(self.objects) - 1

    def get(self, ref: int) -> Any:
        self.gets += 1
        return self.objects[ref]


def test_a_hub_snapshot_is_unpacked_once_and_loads_as_on_the_driver(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub snapshot (named after its commit) keeps its conversion's name, its files and
    so its fingerprint; a second worker of the node finds the copy."""
    snapshot = tmp_path / "hub" / "models--owner--tiny" / "snapshots" / "0123abcd"
    shutil.copytree(tiny_model, snapshot)
    store = tmp_path / "driver-store"
    converted = convert_for(snapshot, "cpu", None, store)
    ray = CountingStore()
    shipped = ship_model(ray, snapshot, converted)
    assert ship_model(CountingStore(), snapshot, converted).sha256 == shipped.sha256  # same bytes

    monkeypatch.setenv("ALIGNER_RAY_CACHE", str(tmp_path / "node-cache"))
    monkeypatch.setenv("ALIGNER_MODELS", str(store))
    settings = TranslatorOptions(model=str(snapshot), device="cpu", name="owner/tiny")
    driver = build_translator(settings).signature()
    shutil.rmtree(tmp_path / "hub")  # what the node cannot see
    shutil.rmtree(store)
    local = local_settings(ray, settings, shipped)
    local_model = Path(str(local.model))
    assert local_model == tmp_path / "node-cache" / shipped.sha256 / "model" / "owner--tiny"
    node_store = Path(os.environ["ALIGNER_MODELS"])
    assert is_current(ct2_folder(local_model, "int8", node_store), local_model, "int8")
    assert build_translator(local).signature() == driver  # no conversion, same fingerprint
    assert local_settings(ray, settings, shipped) == local and ray.gets == 1


def test_a_damaged_transfer_is_refused(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ray = CountingStore()
    shipped = ship_model(ray, tiny_model, None)
    ray.objects[shipped.ref] = ray.objects[shipped.ref][:-1] + b"!"
    monkeypatch.setenv("ALIGNER_RAY_CACHE", str(tmp_path / "cache"))
    with pytest.raises(ModelError, match="does not match its sha256"):
        local_settings(ray, TranslatorOptions(model=str(tiny_model)), shipped)
    assert [p.name for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")] == []
