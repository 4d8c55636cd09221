"""Light tokenizers, without transformers or torch: ``load_tokenizer(model_dir)``.

``MarianVocab`` reproduces ``MarianTokenizer`` (SentencePiece + ``vocab.json``);
``MarianNpzVocab`` reads a Marian release's ``.yml`` vocabulary instead; ``MultilingualVocab``
reproduces the M2M-100 and NLLB tokenizers (the source language token first, ``</s>`` last;
the target language token is the backends' target prefix). Each does what translation needs
(encode a source sentence, decode a target), so the CTranslate2 path never imports torch or
transformers and starts fast. Pieces are the currency between the Translator and every
backend; ids only matter to backends that feed a model directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligner.errors import ModelError

__all__ = [
    "EOS",
    "PAD",
    "UNK",
    "MarianNpzVocab",
    "MarianVocab",
    "MultilingualVocab",
    "Vocab",
    "check_tokenizer_files",
    "load_tokenizer",
    "read_json",
]

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


class _Ids:
    """Pieces to ids and back, over ``vocab`` (piece -> id) and ``pieces`` (id -> piece)."""

    vocab: dict[str, int]
    pieces: dict[int, str]

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


class MarianVocab(_Ids):
    """Source/target SentencePiece models and the shared Marian vocabulary of a model folder."""

    files: tuple[str, ...] = FILES
    required: frozenset[str] = _SPECIAL
    source_prefix: tuple[str, ...] = ()  # pieces before a source sentence
    target_prefix: tuple[str, ...] = ()  # pieces the backend forces before the output

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = Path(model_dir)
        self.check_files(self.model_dir)
        try:
            self.source = self._spm("source.spm")
            self.target = self._spm("target.spm")
            self.vocab: dict[str, int] = self._read_vocab()
        except (OSError, RuntimeError, ValueError) as exc:  # unreadable or corrupt files
            raise ModelError(f"{self.model_dir}: cannot read the tokenizer: {exc}") from exc
        if not self.required <= self.vocab.keys():
            raise ModelError(f"{self.model_dir}: the vocabulary lacks {', '.join(self.required)}")
        self.pieces: dict[int, str] = {i: p for p, i in self.vocab.items()}

    @classmethod
    def check_files(cls, model_dir: Path) -> None:
        """Raise the error of a folder that lacks this tokenizer's files."""
        missing = [n for n in cls.files if not (Path(model_dir) / n).is_file()]
        if missing:
            raise ModelError(f"{model_dir}: not a Marian model folder (no {', '.join(missing)})")

    def _read_vocab(self) -> dict[str, int]:
        vocab: dict[str, int] = json.loads((self.model_dir / "vocab.json").read_text("utf-8"))
        return vocab

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


class MarianNpzVocab(MarianVocab):
    """A Marian release: ``source.spm``/``target.spm`` and the ``.yml`` vocabulary its
    ``decoder.yml`` names (read as CTranslate2's OPUS-MT converter reads it, so ids agree).
    It has no ``<pad>``: only CTranslate2 runs these models, on pieces."""

    files = ("source.spm", "target.spm", "decoder.yml")
    required = frozenset({EOS, UNK})

    def _read_vocab(self) -> dict[str, int]:
        import yaml

        decoder = yaml.safe_load((self.model_dir / "decoder.yml").read_text(encoding="utf-8"))
        tokens = read_marian_vocab(self.model_dir / decoder["vocabs"][-1])
        return {token: i for i, token in enumerate(tokens)}

    @property
    def pad_id(self) -> int:
        return self.eos_id


def read_marian_vocab(path: Path) -> list[str]:
    """Tokens of a Marian ``.yml`` vocabulary in id order. Parsed by line, as CTranslate2's
    converter does: a YAML parser drops some entries of these files."""
    entries: list[tuple[int, str]] = []
    key: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        if line.startswith("? "):  # a complex key, its value on the next line
            key = line[2:]
            continue
        token, index = (key, line[2:]) if key is not None else line.rsplit(":", 1)
        entries.append((int(index.strip()), _unquote(token)))
        key = None
    return [token for _, token in sorted(entries)]


def _unquote(token: str) -> str:
    if len(token) > 1 and token[0] == token[-1] == '"':
        token = re.sub(r"\\([^x])", r"\1", token)[1:-1]
        return chr(int(token[2:], 16)) if token.startswith("\\x") else token
    if len(token) > 1 and token[0] == token[-1] == "'":
        return token[1:-1].replace("''", "'")
    return token


# M2M-100's language tokens follow vocab.json in this order (fairseq's list)
# fmt: off
M2M100_LANGUAGES = (
    "af", "am", "ar", "ast", "az", "ba", "be", "bg", "bn", "br", "bs", "ca", "ceb", "cs",
    "cy", "da", "de", "el", "en", "es", "et", "fa", "ff", "fi", "fr", "fy", "ga", "gd",
    "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy", "id", "ig", "ilo", "is", "it",
    "ja", "jv", "ka", "kk", "km", "kn", "ko", "lb", "lg", "ln", "lo", "lt", "lv", "mg",
    "mk", "ml", "mn", "mr", "ms", "my", "ne", "nl", "no", "ns", "oc", "or", "pa", "pl",
    "ps", "pt", "ro", "ru", "sd", "si", "sk", "sl", "so", "sq", "sr", "ss", "su", "sv",
    "sw", "ta", "th", "tl", "tn", "tr", "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo",
    "zh", "zu",
)
# fmt: on


class MultilingualVocab(_Ids):
    """M2M-100 and NLLB-200: ``tokenizer.json`` through the ``tokenizers`` library where the
    folder has one (NLLB), else SentencePiece + ``vocab.json`` + language tokens (M2M-100)."""

    def __init__(self, model_dir: Path, source_lang: str, target_lang: str) -> None:
        self.model_dir = Path(model_dir)
        self.source_prefix = (source_lang,)
        self.target_prefix = (target_lang,)
        self._fast: Any = None
        try:
            self.vocab = self._read()
        except (OSError, RuntimeError, ValueError, KeyError, ImportError) as exc:
            raise ModelError(f"{self.model_dir}: cannot read the tokenizer: {exc}") from exc
        missing = {EOS, UNK, PAD, source_lang, target_lang} - self.vocab.keys()
        if missing:
            raise ModelError(f"{self.model_dir}: the vocabulary lacks {', '.join(sorted(missing))}")
        self.pieces = {i: p for p, i in self.vocab.items()}
        self._special = frozenset({EOS, UNK, PAD, "<s>", source_lang, target_lang})

    def _read(self) -> dict[str, int]:
        if (self.model_dir / "tokenizer.json").is_file():
            from tokenizers import Tokenizer

            self._fast = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            return dict(self._fast.get_vocab(with_added_tokens=True))
        import sentencepiece as spm

        self._spm = spm.SentencePieceProcessor(
            model_file=str(self.model_dir / "sentencepiece.bpe.model")
        )
        vocab = dict(read_json(self.model_dir / "vocab.json"))
        size = len(vocab)
        for i, code in enumerate(M2M100_LANGUAGES):
            vocab[f"__{code}__"] = size + i
        return vocab

    def _split(self, text: str) -> list[str]:
        if self._fast is not None:
            return list(self._fast.encode(text, add_special_tokens=False).tokens)
        return list(self._spm.encode(text, out_type=str))

    def encode(self, text: str) -> list[str]:
        """The source language token, the pieces of ``text`` and ``</s>``."""
        pieces = [p if p in self.vocab else UNK for p in self._split(text)] if text else []
        return [*self.source_prefix, *pieces, EOS]

    def count(self, text: str) -> int:
        return len(self.encode(text))

    def decode(self, pieces: Sequence[str]) -> str:
        kept = [p for p in pieces if p not in self._special]
        if self._fast is not None:
            text: str = self._fast.decode(self.to_ids(kept), skip_special_tokens=True)
        else:
            text = self._spm.decode_pieces(kept)
        return text.strip()


Vocab = MarianVocab | MultilingualVocab


def check_tokenizer_files(model_dir: Path) -> None:
    """The error ``load_tokenizer`` would raise for files the folder lacks, at the cost of a
    few ``stat`` calls: before anything slower (a conversion) runs on a folder that is not
    a model. A multilingual tokenizer names its files' errors when it loads."""
    kind = _kind(model_dir)
    if not isinstance(kind, tuple):
        kind.check_files(model_dir)


def load_tokenizer(model_dir: Path) -> Vocab:
    """The light tokenizer for the model in ``model_dir``, whatever its kind."""
    kind = _kind(model_dir)
    return MultilingualVocab(model_dir, *kind) if isinstance(kind, tuple) else kind(model_dir)


def _kind(model_dir: Path) -> type[MarianVocab] | tuple[str, str]:
    """The Marian tokenizer class of the model in ``model_dir``, or a multilingual model's
    source and target language tokens."""
    from aligner.translation.models.arch import LANGUAGE_TOKENS, Arch, detect

    arch = detect(model_dir)
    if arch in LANGUAGE_TOKENS:
        return LANGUAGE_TOKENS[arch]
    return MarianNpzVocab if arch is Arch.MARIAN_NPZ else MarianVocab
