"""Convert a model folder into a CTranslate2 model in the user's model store.

``ensure_converted(model_dir, "int8")`` returns ``<store>/<name>-ct2-int8/``, converting
once when the folder is missing or was built from other weights: transformers folders
(Marian, M2M-100, NLLB) with CTranslate2's Transformers converter, Marian's own releases
(``decoder.yml`` + ``.npz``) with its OPUS-MT converter. The conversion is keyed to the
source files (size and a hash of the first and last MiB of the weights, the configuration,
vocabularies and SentencePiece models), recorded in ``aligner-ct2.json`` inside the
converted folder, so a changed model is reconverted, and a store copied to another machine
is not. A current conversion in a ``models/`` folder of the current folder (older
versions' store) is used as it is.

Atomic and safe under concurrency: conversions of one target are serialised with a lock
file; each is written into a temporary folder in the store and renamed into place only when
complete, so a killed conversion leaves at most a ``.tmp`` folder, never a half model under
the final name (stale ``.tmp`` folders are removed by the next conversion of that target).

Only conversion needs torch and transformers; this module imports them inside functions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from aligner.common.locks import folder_lock
from aligner.errors import ModelError
from aligner.translation.models.arch import npz_settings
from aligner.translation.models.store import LEGACY_STORE

__all__ = [
    "MARKER",
    "QUANTIZATIONS",
    "check_quantization",
    "ct2_folder",
    "ensure_converted",
    "is_current",
    "source_key",
]

# What `aligner models convert --quantization` accepts (the weights stored on disk);
# CTranslate2 can still run them with another compute type at load time.
QUANTIZATIONS: tuple[str, ...] = ("int8", "int8_float16", "float16", "float32")
MARKER = "aligner-ct2.json"  # written last: a folder without it is not a finished conversion
_FORMAT = 1  # bump when the conversion recipe changes, so old folders are rebuilt
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_KEYED = (
    *_WEIGHTS,
    *("config.json", "vocab.json", "source.spm", "target.spm"),
    *("sentencepiece.bpe.model", "tokenizer.json"),  # M2M-100 and NLLB
)


def check_quantization(quantization: str) -> str:
    if quantization not in QUANTIZATIONS:
        valid = ", ".join(QUANTIZATIONS)
        raise ModelError(f"unknown quantization {quantization!r}; choose one of: {valid}")
    return quantization


def model_name(model_dir: Path) -> str:
    """A store-friendly name for a model folder (a Hugging Face cache snapshot is named
    after its repository, not its commit hash)."""
    model_dir = Path(model_dir).resolve()
    if model_dir.parent.name == "snapshots" and model_dir.parent.parent.name.startswith("models--"):
        return model_dir.parent.parent.name.removeprefix("models--")
    return model_dir.name


def ct2_folder(model_dir: Path, quantization: str, store: Path) -> Path:
    return Path(store) / f"{model_name(model_dir)}-ct2-{check_quantization(quantization)}"


def source_key(model_dir: Path) -> dict[str, Any]:
    """What the conversion depends on: size and a hash of the first and last MiB of each
    source file. Cheap at start-up (no full hash of the weights), it survives copying the
    store to another machine (no paths or mtimes) and changes when the weights do."""
    model_dir = Path(model_dir)
    keyed = _keyed_files(model_dir)
    files = {}
    for name in keyed:
        path = model_dir / name
        if path.is_file():
            files[name] = [path.stat().st_size, _ends_digest(path)]
    return {"format": _FORMAT, "files": files}


def _keyed_files(model_dir: Path) -> tuple[str, ...]:
    if (model_dir / "decoder.yml").is_file() and not (model_dir / "config.json").is_file():
        settings = npz_settings(model_dir)
        files = ["decoder.yml", *settings.get("models", [])[:1], *settings.get("vocabs", [])]
        return (*dict.fromkeys(files), "source.spm", "target.spm")
    if not any((model_dir / name).is_file() for name in _WEIGHTS):
        raise ModelError(f"{model_dir}: no model weights ({' or '.join(_WEIGHTS)}) to convert")
    return _KEYED


def _ends_digest(path: Path, span: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(span))
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(span, size - span))
        digest.update(handle.read(span))
    return digest.hexdigest()


def _read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_current(folder: Path, model_dir: Path, quantization: str) -> bool:
    """Whether ``folder`` is a finished conversion of these very weights."""
    marker = _read_marker(folder)
    if marker is None or marker.get("quantization") != quantization:
        return False
    return bool(marker.get("key") == source_key(model_dir) and (folder / "model.bin").is_file())


def ensure_converted(
    model_dir: Path,
    quantization: str,
    store: Path,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """The converted folder for ``model_dir``, converting (once) if needed."""
    target = ct2_folder(model_dir, quantization, store)
    if not force:
        for folder in (target, ct2_folder(model_dir, quantization, LEGACY_STORE)):
            if folder.is_dir() and is_current(folder, model_dir, quantization):
                return folder
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"{target.parent}: cannot create the model store: {exc}") from exc
    with folder_lock(target):
        # Another process may have finished the same conversion while we waited.
        if force or not is_current(target, model_dir, quantization):
            _remove_stale_tmp(target)
            say = progress or _stderr
            say(f"converting {model_dir} to CTranslate2 ({quantization}) in {target} (once)")
            _convert_atomically(model_dir, quantization, target)
    return target


def _stderr(message: str) -> None:
    print(f"aligner: {message}", file=sys.stderr, flush=True)


def _remove_stale_tmp(target: Path) -> None:
    """Leftovers of killed conversions of this target (we hold its lock, so none is live)."""
    for stale in target.parent.glob(f".{target.name}.tmp*"):
        shutil.rmtree(stale, ignore_errors=True)


def _convert_atomically(model_dir: Path, quantization: str, target: Path) -> None:
    key = source_key(model_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp", dir=target.parent))
    try:
        _run_converter(model_dir, quantization, tmp / "model")
        if (model_dir / "README.md").is_file():  # the model card, for its licence
            shutil.copyfile(model_dir / "README.md", tmp / "model" / "README.md")
        marker = {"quantization": quantization, "key": key, **_versions()}
        (tmp / "model" / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        _swap_into_place(tmp / "model", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an old folder is moved aside first, then deleted."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.tmp-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _versions() -> dict[str, str]:
    import ctranslate2
    import transformers

    return {"ctranslate2": ctranslate2.__version__, "transformers": transformers.__version__}


def _run_converter(model_dir: Path, quantization: str, out: Path) -> None:
    """CTranslate2's OPUS-MT converter for a Marian release; else its Transformers
    converter, keeping Marian's ``<pad>`` entry (see below)."""
    try:
        from ctranslate2.converters import OpusMTConverter, TransformersConverter
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(f"converting to CTranslate2 needs torch and transformers: {exc}") from exc
    hf_logging.disable_progress_bar()
    native = (model_dir / "decoder.yml").is_file() and not (model_dir / "config.json").is_file()
    try:
        with _keep_marian_pad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Recommended: pip install sacremoses."
            if native:
                converter = OpusMTConverter(str(model_dir))
            else:
                converter = TransformersConverter(str(model_dir))
            converter.convert(str(out), quantization=quantization)
        if native:
            _no_source_eos(out)
    except (OSError, ValueError, RuntimeError, NotImplementedError, KeyError) as exc:
        raise ModelError(f"{model_dir}: cannot convert to CTranslate2: {exc}") from exc
    finally:
        hf_logging.enable_progress_bar()


@contextlib.contextmanager
def _keep_marian_pad() -> Iterator[None]:
    """Convert Marian models with their full vocabulary, ``<pad>`` included, and M2M-100 /
    NLLB models with the vocabulary our tokenizer uses.

    CTranslate2's stock Marian loader drops ``<pad>`` (the last entry) from the vocabulary
    and the output projection. transformers' log-softmax runs over the full vocabulary, so
    the dropped entry shifts every log-probability (by about 1/V on a random model) and the
    two backends would disagree on confidence. Keeping it makes teacher-forced scores
    identical; the backend suppresses ``<pad>`` during decoding, as transformers does with
    the model's ``bad_words_ids``.

    Its M2M-100 loader reads the language tokens from the tokenizer's
    ``additional_special_tokens``, which transformers 5 no longer lists there: the
    vocabulary then lacks them and conversion fails. Ours takes the tokens, in id order,
    from ``aligner.translation.tokenizer`` (the ids the transformers backend uses), padded
    with fairseq's made-up words up to the model's size.
    """
    from ctranslate2.converters import transformers as ct2_hf

    class KeepPadMarianLoader(ct2_hf.MarianMTLoader):  # type: ignore[misc]
        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            return ct2_hf.BartLoader.get_vocabulary(self, model, tokenizer)  # type: ignore[no-any-return]

        def _remove_pad_weights(self, spec: Any) -> None:
            return None

    class OurVocabM2M100Loader(ct2_hf.M2M100Loader):  # type: ignore[misc]
        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            return _multilingual_tokens(Path(model.name_or_path), model.config.vocab_size)

    loaders = _marian_loaders(ct2_hf)
    stock = dict(loaders)
    loaders["MarianConfig"] = KeepPadMarianLoader()
    loaders["M2M100Config"] = OurVocabM2M100Loader()
    try:
        yield
    finally:
        loaders.update(stock)


def _no_source_eos(out: Path) -> None:
    """The OPUS-MT converter has CTranslate2 append ``</s>`` to every source; our
    tokenizers already end sources with it (for every kind of model, so that input
    limits count it), and a second one would change what the model reads."""
    path = out / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["add_source_eos"] = False
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def _multilingual_tokens(model_dir: Path, size: int) -> list[str]:
    from aligner.translation.tokenizer import load_tokenizer

    vocab = load_tokenizer(model_dir).vocab
    tokens = [""] * max(size, len(vocab))
    for token, index in vocab.items():
        tokens[index] = token
    for i in range(len(vocab), len(tokens)):  # fairseq numbers them from 0 after the rest
        tokens[i] = f"madeupword{i - len(vocab)}"
    return tokens[:size]


def _marian_loaders(ct2_hf: Any) -> dict[str, Any]:
    """CTranslate2's private registry of converters, checked: it is not public API (seen
    from 4.3 to 4.8), so a release that changes it fails the conversion with a clear
    message instead of converting without ``<pad>``, which would shift every score."""
    import ctranslate2

    loaders = getattr(ct2_hf, "_MODEL_LOADERS", None)
    if not isinstance(loaders, dict) or not {"MarianConfig", "M2M100Config"} <= loaders.keys():
        raise ModelError(
            f"ctranslate2 {ctranslate2.__version__} changed its converter API (no Marian "
            "loader to extend); install ctranslate2<5 or use --backend transformers"
        )
    return loaders
