"""Finding, downloading, listing and removing models.

The model store is per user: ``$ALIGNER_MODELS``, else ``models`` in aligner's user cache
folder (``$ALIGNER_CACHE``, else the platform's: ``~/.cache/aligner/models`` on Linux,
``~/Library/Caches/aligner/models`` on macOS). Downloads and CTranslate2 conversions go
there, so a model is fetched and converted once per user, whatever folder a command runs
in. A ``models/`` folder that already exists in the current folder (the layout older
versions used) is still searched, read-only; none is ever created there.

``resolve_model(name)`` looks, in order, for: an existing folder path; the stores, as
``<owner>--<name>`` or ``<name>``; the Hugging Face cache; and last a download from the
Hugging Face hub, unless offline (``HF_HUB_OFFLINE=1`` or no network), which fails fast with
one line saying how to bring the model over (a known model's own way: a Marian release is a
zip to unpack, not a hub id). Only weights in safetensors (or, where a model has none,
PyTorch's weights-only format) and configuration files are fetched; remote code is never
run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.common.cachedir import user_cache
from aligner.errors import ModelNotFoundError
from aligner.translation.models.arch import Arch, detect, is_model_folder
from aligner.translation.tokenizer import read_json

__all__ = [
    "DEFAULT_MODEL",
    "ModelInfo",
    "default_store",
    "download_model",
    "list_cached_models",
    "list_models",
    "remove_model",
    "resolve_model",
    "search_stores",
    "store_path",
]

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-id-en"
HUB_HOST = "huggingface.co"
# what a Marian model needs; weights in safetensors first (see _download)
MODEL_FILES = ["*.json", "*.spm", "*.model", "*.txt"]
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str  # hub id style (owner/name) when the folder name says so
    path: Path
    size: int  # bytes on disk
    architecture: str  # e.g. MarianMTModel, or ctranslate2 for a converted model
    kind: str  # "hf" (transformers folder), "marian" (Marian release), "ct2" (conversion)
    licence: str = "unknown"


LEGACY_STORE = Path("models")  # searched when it exists, never created


def default_store() -> Path:
    """The user's model store: ``$ALIGNER_MODELS``, else ``models`` in the user cache
    folder (``aligner.common.cachedir``)."""
    if os.environ.get("ALIGNER_MODELS"):
        return Path(os.environ["ALIGNER_MODELS"])
    return user_cache() / "models"


def search_stores(store: Path | None = None) -> list[Path]:
    """Where models are looked for: ``store`` (default: the user's), then an existing
    ``./models`` of the current folder."""
    stores = [store or default_store()]
    if LEGACY_STORE.is_dir() and not _same(LEGACY_STORE, stores[0]):
        stores.append(LEGACY_STORE)
    return stores


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def store_path(name: str, store: Path | None = None) -> Path:
    """Where ``name`` lives in the store: ``owner/model`` becomes ``owner--model``."""
    return (store or default_store()) / name.replace("/", "--")


def _offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _online(timeout: float = 3.0) -> bool:
    """Can the hub be reached? One short TCP connect instead of the hub client's retries."""
    if _offline():
        return False
    try:
        with socket.create_connection((HUB_HOST, 443), timeout=timeout):
            return True
    except OSError:
        return False


def _how_to_get(name: str) -> str:
    from aligner.translation.models.known import how_to_get

    store = default_store()
    return (
        f"model {name!r} is not available offline (not a folder, not in the model store "
        f"{store}, not in the Hugging Face cache): {how_to_get(name, store_path(name, store))}, "
        f"or pass --model PATH"
    )


def _in_store(name: str, store: Path) -> Path | None:
    for folder in search_stores(store):
        for candidate in (store_path(name, folder), folder / name.rsplit("/", 1)[-1]):
            if is_model_folder(candidate):
                return candidate
    return None


def _hf_cache_dir() -> str | None:
    """The hub cache as the environment says now (the hub client reads it once, at import)."""
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    if os.environ.get("HF_HOME"):
        return os.path.join(os.environ["HF_HOME"], "hub")
    return None


def _in_hf_cache(name: str) -> Path | None:
    from huggingface_hub import snapshot_download

    try:
        path = Path(snapshot_download(name, local_files_only=True, cache_dir=_hf_cache_dir()))
    except Exception:  # any cache miss or corrupt cache entry: keep looking
        return None
    return path if (path / "config.json").is_file() else None


def resolve_model(name: str | Path, *, store: Path | None = None) -> Path:
    """The local folder of model ``name``, downloading it into the HF cache if need be."""
    path = Path(name)
    if path.is_dir():
        if not is_model_folder(path):
            raise ModelNotFoundError(f"{path}: not a model folder (no config.json or decoder.yml)")
        return path
    name = str(name)
    if not _REPO_ID.match(name):
        raise ModelNotFoundError(f"{name}: no such model folder, and not a Hugging Face model id")
    found = _in_store(name, store or default_store()) or _in_hf_cache(name)
    if found is not None:
        return found
    if not _online() or not _on_hub(name):
        raise ModelNotFoundError(_how_to_get(name))
    return _download(name, local_dir=None)


def _on_hub(name: str) -> bool:
    from aligner.translation.models.known import KNOWN

    known = KNOWN.get(name)
    return known is None or known.hub


def _download(name: str, local_dir: Path | None) -> Path:
    """Fetch configuration, tokenizer and weights (safetensors, else PyTorch weights-only)."""
    from huggingface_hub import snapshot_download

    try:
        cache = _hf_cache_dir()

        def fetch(patterns: list[str]) -> Path:
            return Path(
                snapshot_download(
                    name, local_dir=local_dir, cache_dir=cache, allow_patterns=patterns
                )
            )

        path = fetch([*MODEL_FILES, "*.safetensors"])
        if not any(path.glob("*.safetensors")):
            fetch(["pytorch_model.bin"])
    except Exception as exc:  # the hub client's errors are many; one line for the user
        raise ModelNotFoundError(f"cannot download model {name!r}: {exc}") from exc
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(f"{name!r} on the Hugging Face hub has no config.json")
    return path


def download_model(name: str, store: Path | None = None) -> Path:
    """Download ``name`` into the store (``store/<owner>--<name>``), atomically."""
    target = store_path(name, store)
    if is_model_folder(target):
        return target
    if not _REPO_ID.match(name):
        raise ModelNotFoundError(f"{name}: not a Hugging Face model id")
    if not _on_hub(name):
        raise ModelNotFoundError(_how_to_get(name))
    if not _online():
        raise ModelNotFoundError(
            f"cannot download model {name!r}: no network (or HF_HUB_OFFLINE is set); run this "
            f"on a connected machine and copy {target.parent}/ here"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _download(name, local_dir=tmp)
        shutil.rmtree(tmp / ".cache", ignore_errors=True)  # the hub client's bookkeeping
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def model_info(path: Path) -> ModelInfo | None:
    """What a store folder holds, or None if it is not a model."""
    from aligner.translation.models.known import licence

    config = read_json(path / "config.json")
    if (path / "decoder.yml").is_file() and not config:
        kind, arch = "marian", Arch.MARIAN_NPZ.value
    elif not config:
        return None
    elif (path / "model.bin").is_file():
        kind, arch = "ct2", "ctranslate2"
    else:
        kind, arch = "hf", detect(path).value
    name = path.name.replace("--", "/")
    return ModelInfo(name, path, _size(path), arch, kind, licence(name, path))


def list_models(store: Path) -> list[ModelInfo]:
    """The models in ``store``, sorted by name; folders that are not models are skipped."""
    if not store.is_dir():
        return []
    # hidden folders are downloads and conversions in progress
    folders = [p for p in sorted(store.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    return [info for info in map(model_info, folders) if info is not None]


def list_cached_models() -> list[ModelInfo]:
    """Seq2seq models in the Hugging Face cache (kind ``hf``, path of the newest snapshot)."""
    from huggingface_hub import scan_cache_dir

    try:
        cache = scan_cache_dir(_hf_cache_dir())
    except Exception:  # no cache folder yet, or one the hub client cannot read
        return []
    found = []
    for repo in sorted(cache.repos, key=lambda r: r.repo_id):
        revisions = sorted(repo.revisions, key=lambda r: r.last_modified)
        if repo.repo_type != "model" or not revisions:
            continue
        info = model_info(revisions[-1].snapshot_path)
        if info is not None:
            found.append(replace(info, name=repo.repo_id, size=repo.size_on_disk))
    return found


def remove_model(name: str, store: Path | None = None) -> list[Path]:
    """Remove model ``name`` (hub id or folder name) and its conversions from the user's
    store; returns what was removed. Each folder is renamed aside first, so a removal
    that is interrupted never leaves a half model under its name."""
    store = store or default_store()
    short = name.replace("/", "--")
    folders = [store / short, store / name.rsplit("/", 1)[-1]]
    found = [p for p in dict.fromkeys(folders) if p.is_dir() and not p.name.startswith(".")]
    stem = found[0].name if found else short
    found += sorted(p for p in store.glob(f"{stem}-ct2-*") if p.is_dir())
    if not found:
        raise ModelNotFoundError(f"{store}: no model {name!r} here (see `aligner models list`)")
    for folder in found:
        aside = folder.with_name(f".{folder.name}.removing")
        os.replace(folder, aside)
        shutil.rmtree(aside)
    return found
