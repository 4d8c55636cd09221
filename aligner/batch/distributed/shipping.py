"""The model to the workers through Ray, for clusters whose nodes share no disk.

    driver  ship_model: the model folder and (CTranslate2) its conversion, packed as one
            tar (names sorted, times and owners zeroed: the same model packs to the same
            bytes), its sha256, put once in Ray's object store
    worker  local_settings: on first use on a node, the tar fetched from the object store
            and unpacked into the node's cache, ``$ALIGNER_RAY_CACHE/<sha256>/`` (default
            ``<tmp>/aligner-ray-<uid>/``), under a lock, renamed into place when complete;
            every later actor, probe or run on that node finds it there

The worker loads the model from its own copy, so a hub id resolved (downloaded) by the
driver and a folder only the driver can see work alike. The copy holds the very files of
the driver's folder, so the model's fingerprint, and with it the run signature and the
resume key, is the local run's. What crosses the network: the tar once per node, then
only chunks' sentences and their translations.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aligner.common.locks import folder_lock
from aligner.errors import ModelError
from aligner.translation.stack import TranslatorOptions

__all__ = ["ShippedModel", "local_settings", "node_cache", "ship_model"]

_MODEL, _STORE = "model", "store"  # the tar's two folders


@dataclass(frozen=True, slots=True)
class ShippedModel:
    """A packed model in the object store: ``ref`` (an ObjectRef of the tar's bytes), its
    ``sha256``, the model folder's name and its conversion's (None: no conversion)."""

    ref: Any
    sha256: str
    folder: str
    converted: str | None
    size: int


def ship_model(ray: Any, model_dir: Path, converted: Path | None) -> ShippedModel:
    """Pack ``model_dir`` (and ``converted``) and put it in the object store, once."""
    from aligner.translation.models.convert import model_name

    # named as the store names it (a hub snapshot after its repository, not its commit),
    # so that the copy's conversion is found under the name the driver's has
    folder = model_name(model_dir)
    data = _pack(model_dir, folder, converted)
    digest = hashlib.sha256(data).hexdigest()
    ref = ray.put(data)
    name = converted.name if converted is not None else None
    return ShippedModel(ref, digest, folder, name, len(data))


def local_settings(
    ray: Any, settings: TranslatorOptions, shipped: ShippedModel
) -> TranslatorOptions:
    """``settings`` with the model this node's copy of ``shipped`` (unpacked if need be);
    the model store of this worker process is the copy's, where its conversion is."""
    root = _unpacked(ray, shipped)
    if shipped.converted is not None:
        # this process is a Ray worker of this run: its CTranslate2 backend looks for the
        # conversion in the store, which is the copy's, not the driver's path
        os.environ["ALIGNER_MODELS"] = str(root / _STORE)
    return replace(settings, model=str(root / _MODEL / shipped.folder))


def node_cache() -> Path:
    """Where a node keeps unpacked models: ``$ALIGNER_RAY_CACHE`` or a per-user folder in
    the node's temporary directory."""
    configured = os.environ.get("ALIGNER_RAY_CACHE")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(configured) if configured else Path(tempfile.gettempdir()) / f"aligner-ray-{uid}"


def _pack(model_dir: Path, folder: str, converted: Path | None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", dereference=True) as tar:
        _add_folder(tar, model_dir, f"{_MODEL}/{folder}")
        if converted is not None:
            _add_folder(tar, converted, f"{_STORE}/{converted.name}")
    return buffer.getvalue()


def _add_folder(tar: tarfile.TarFile, folder: Path, name: str) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        info = tar.gettarinfo(str(path), f"{name}/{path.relative_to(folder).as_posix()}")
        info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
        info.mode = 0o644
        with path.open("rb") as handle:
            tar.addfile(info, handle)


def _unpacked(ray: Any, shipped: ShippedModel) -> Path:
    cache = node_cache()
    target = cache / shipped.sha256
    if target.is_dir():
        return target
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with folder_lock(target):
            if not target.is_dir():  # another worker of this node may have finished it
                _unpack(ray.get(shipped.ref), target)
    except OSError as exc:
        raise ModelError(f"{cache}: cannot unpack the model here ({exc.strerror or exc})") from exc
    return target


def _unpack(data: bytes, target: Path) -> None:
    if hashlib.sha256(data).hexdigest() != target.name:
        raise ModelError(f"the model received for {target} does not match its sha256")
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            if hasattr(tarfile, "data_filter"):  # no links out, no absolute names
                tar.extractall(partial, filter="data")
            else:  # pragma: no cover - Pythons before the filter backports
                tar.extractall(partial)
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
