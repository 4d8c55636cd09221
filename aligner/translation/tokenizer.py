"""A light Marian tokenizer: SentencePiece + ``vocab.json``, without transformers or torch.

It reproduces ``MarianTokenizer`` for what translation needs (encode a source sentence,
decode a target), so the CTranslate2 path never imports torch or transformers and starts
fast. Pieces are the currency between the Translator and every backend; ids only matter
to backends that feed a model directly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligner.errors import ModelError

__all__ = ["EOS", "PAD", "UNK", "MarianVocab", "read_json"]

EOS = "</s>"
UNK = "<unk>"
PAD = "<pad>"
_SPECIAL = frozenset({EOS, UNK, PAD})
FILES = ("source.spm", "target.spm", "vocab.json")  # what a Marian tokenizer needs


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a model folder, or {} when the file is absent."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


class MarianVocab:
    """Source/target SentencePiece models and the shared Marian vocabulary of a model folder."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = Path(model_dir)
        missing = [n for n in FILES if not (self.model_dir / n).is_file()]
        if missing:
            raise ModelError(
                f"{self.model_dir}: not a Marian model folder (no {', '.join(missing)})"
            )
        try:
            self.source = self._spm("source.spm")
            self.target = self._spm("target.spm")
            self.vocab: dict[str, int] = json.loads(
                (self.model_dir / "vocab.json").read_text(encoding="utf-8")
            )
        except (OSError, RuntimeError, ValueError) as exc:  # unreadable or corrupt files
            raise ModelError(f"{self.model_dir}: cannot read the tokenizer: {exc}") from exc
        if not {EOS, UNK, PAD} <= self.vocab.keys():
            raise ModelError(f"{self.model_dir}/vocab.json lacks {EOS}, {UNK} or {PAD}")
        self.pieces: dict[int, str] = {i: p for p, i in self.vocab.items()}
        config = read_json(self.model_dir / "tokenizer_config.json")
        self.model_max_length = int(config.get("model_max_length", 512))

    def _spm(self, name: str) -> Any:
        import sentencepiece as spm

        return spm.SentencePieceProcessor(model_file=str(self.model_dir / name))

    def encode(self, text: str) -> list[str]:
        """Source pieces of ``text``, ``</s>`` last; pieces not in vocab.json become ``<unk>``."""
        pieces = self.source.encode(text, out_type=str) if text else []
        return [p if p in self.vocab else UNK for p in pieces] + [EOS]

    def count(self, text: str) -> int:
        """Number of source pieces of ``text``, ``</s>`` included."""
        return len(self.source.encode(text)) + 1 if text else 1

    def decode(self, pieces: Sequence[str]) -> str:
        """Target text of ``pieces``; special tokens are dropped as MarianTokenizer's
        ``skip_special_tokens=True`` does."""
        text: str = self.target.decode_pieces([p for p in pieces if p not in _SPECIAL])
        return text.strip()

    def to_ids(self, pieces: Sequence[str]) -> list[int]:
        unk = self.vocab[UNK]
        return [self.vocab.get(p, unk) for p in pieces]

    def to_pieces(self, ids: Sequence[int]) -> list[str]:
        return [self.pieces.get(i, UNK) for i in ids]

    @property
    def eos_id(self) -> int:
        return self.vocab[EOS]

    @property
    def pad_id(self) -> int:
        return self.vocab[PAD]
