"""What kind of model a folder holds, and what each kind needs from us.

Four kinds, told apart by their files:

    marian      a transformers MarianMT folder (config.json, vocab.json, *.spm), e.g.
                Helsinki-NLP/opus-mt-id-en
    marian-npz  Marian's own format, as OPUS-MT and Tatoeba-Challenge releases ship it
                (decoder.yml naming a model .npz and vocabulary .yml files, *.spm);
                CTranslate2 only
    m2m100      M2M-100: language tokens ``__id__`` / ``__en__``
    nllb        NLLB-200 (an M2M-100 architecture): language tokens ``ind_Latn`` / ``eng_Latn``

Multilingual models put the source language token before the source pieces and start
their output with the target language token (CTranslate2's target prefix, transformers'
forced BOS); the Translator never sees that token, and confidence is over the pieces
after it.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from aligner.errors import ModelError
from aligner.translation.tokenizer import read_json

__all__ = [
    "LANGUAGE_TOKENS",
    "Arch",
    "detect",
    "input_limit",
    "is_model_folder",
    "licence_of",
    "npz_settings",
    "source_prefix",
    "target_prefix",
]

SOURCE_LANG, TARGET_LANG = "id", "en"  # this toolkit translates Indonesian into English
DEFAULT_LIMIT = 512  # opus-mt's input limit; what a folder that says nothing gets


class Arch(str, Enum):
    MARIAN = "marian"
    MARIAN_NPZ = "marian-npz"
    M2M100 = "m2m100"
    NLLB = "nllb"


# (source token, target token) of each multilingual kind, for Indonesian -> English
LANGUAGE_TOKENS: dict[Arch, tuple[str, str]] = {
    Arch.M2M100: (f"__{SOURCE_LANG}__", f"__{TARGET_LANG}__"),
    Arch.NLLB: ("ind_Latn", "eng_Latn"),
}
_LICENCE = re.compile(r"^\W*licen[cs]e\s*[:=]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def is_model_folder(path: Path) -> bool:
    """A transformers folder (config.json) or a Marian release (decoder.yml)."""
    return (path / "config.json").is_file() or (path / "decoder.yml").is_file()


def detect(model_dir: Path) -> Arch:
    """The kind of model in ``model_dir``."""
    model_dir = Path(model_dir)
    if (model_dir / "decoder.yml").is_file() and not (model_dir / "config.json").is_file():
        return Arch.MARIAN_NPZ
    config = read_json(model_dir / "config.json")
    model_type = str(config.get("model_type", "marian"))
    if model_type != "m2m_100":
        return Arch.MARIAN
    # NLLB's config.json names its tokenizer; its tokenizer_config.json does too
    named = (config, read_json(model_dir / "tokenizer_config.json"))
    tokenizer = " ".join(str(c.get("tokenizer_class", "")) for c in named)
    return Arch.NLLB if "nllb" in tokenizer.lower() else Arch.M2M100


def source_prefix(arch: Arch) -> tuple[str, ...]:
    return (LANGUAGE_TOKENS[arch][0],) if arch in LANGUAGE_TOKENS else ()


def target_prefix(arch: Arch) -> tuple[str, ...]:
    return (LANGUAGE_TOKENS[arch][1],) if arch in LANGUAGE_TOKENS else ()


def npz_settings(model_dir: Path) -> dict[str, Any]:
    """decoder.yml of a Marian release, with the model's own training options (the
    ``special:model.yml`` entry of its .npz) under ``model``."""
    import numpy as np
    import yaml

    try:
        decoder = yaml.safe_load((model_dir / "decoder.yml").read_text(encoding="utf-8"))
        weights = model_dir / decoder["models"][0]
        with np.load(weights) as npz:
            raw = npz["special:model.yml"] if "special:model.yml" in npz.files else None
            model = yaml.safe_load(raw[:-1].tobytes()) if raw is not None else {}
    except (OSError, ValueError, KeyError, TypeError, IndexError, yaml.YAMLError) as exc:
        raise ModelError(f"{model_dir}: not a readable Marian model (decoder.yml): {exc}") from exc
    return {**decoder, "model": model or {}}


def input_limit(model_dir: Path) -> int:
    """The model's input limit in pieces: its positions, capped by the tokenizer's
    ``model_max_length``; for a Marian release, its training ``max-length``."""
    model_dir = Path(model_dir)
    if detect(model_dir) is Arch.MARIAN_NPZ:
        return int(npz_settings(model_dir)["model"].get("max-length", DEFAULT_LIMIT))
    config = read_json(model_dir / "config.json")
    positions = int(config.get("max_position_embeddings", DEFAULT_LIMIT))
    tokenizer = read_json(model_dir / "tokenizer_config.json")
    return min(positions, int(tokenizer.get("model_max_length", DEFAULT_LIMIT)))


def licence_of(model_dir: Path) -> str:
    """The licence the model's card states (``license:`` in README.md, as Hugging Face
    model cards and Tatoeba-Challenge releases write it), else the first line of its
    LICENSE file, else ``unknown``."""
    for name in ("README.md", "README"):
        path = Path(model_dir) / name
        if path.is_file():
            found = _LICENCE.search(path.read_text(encoding="utf-8", errors="replace")[:20000])
            if found:
                return found.group(1).strip("'\"")
    path = Path(model_dir) / "LICENSE"
    if path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace")[:2000].split("\n")
        first = next((line.strip() for line in lines if line.strip()), "")
        return first[:60] or "unknown"
    return "unknown"
