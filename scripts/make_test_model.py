#!/usr/bin/env python
"""Build a real Marian model folder offline, with random (seeded) weights.

    python scripts/make_test_model.py OUTDIR [--arch ARCH] [--text FILE] [--seed N]

The folder has what ``Helsinki-NLP/opus-mt-id-en`` has: ``source.spm``/``target.spm``
(SentencePiece, trained here on ``--text`` or on the bundled Indonesian/English fixture
text), ``vocab.json`` (``</s>`` 0, ``<unk>`` 1, pieces, ``<pad>`` last),
``tokenizer_config.json``, ``config.json`` (MarianConfig), ``generation_config.json`` and
safetensors weights, so ``MarianTokenizer``/``MarianMTModel.from_pretrained`` load it exactly
like the real model. Outputs are noise: the weights are random.

``tiny`` is for tests (builds and runs in well under a second, 64 positions so that
long-input splitting is cheap to exercise); ``opus-mt`` has the real opus-mt-id-en
architecture (d_model 512, 6+6 layers, 8 heads, FFN 2048, 54,796 vocabulary entries:
SentencePiece cannot learn that many pieces from a small text, so vocab.json is padded with
filler entries up to the real size) for benchmarks.

The other kinds aligner runs, tiny (for tests) or at a published size (for
``scripts/bench_models.py``), all offline and random:

    marian-npz   a Marian release as OPUS-MT/Tatoeba-Challenge ship it: decoder.yml,
                 model.npz (the parameter names and ``special:model.yml`` that Marian
                 writes and CTranslate2's OPUS-MT converter reads), vocab.yml, *.spm
    m2m100       an M2M-100 folder (vocab.json + sentencepiece.bpe.model, language tokens
                 after the vocabulary, 8 made-up words), loadable by M2M100Tokenizer
    nllb         an NLLB-200 folder (tokenizer.json with the 202 language codes)

``tatoeba``, ``m2m100-418m``, ``m2m100-1.2b``, ``nllb-600m``, ``nllb-1.3b`` and ``nllb-3.3b``
are the same at the published sizes (vocabularies padded with filler pieces).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

FIXTURE_TEXT = Path(__file__).parent / "data" / "spm-train.txt"
sys.path.insert(0, str(Path(__file__).parent))  # make_test_model_archs beside this file

# opus-mt-id-en's config.json, generation_config.json and tokenizer_config.json, as published.
OPUS_MT: dict[str, Any] = {
    "vocab_size": 54796,
    "spm_vocab": 8000,
    "d_model": 512,
    "layers": 6,
    "heads": 8,
    "ffn": 2048,
    "max_positions": 512,
    "num_beams": 6,
    "init_std": 0.02,
}
TINY: dict[str, Any] = {
    "vocab_size": None,  # whatever SentencePiece learns
    "spm_vocab": 1000,
    "d_model": 32,
    "layers": 2,
    "heads": 2,
    "ffn": 64,
    "max_positions": 64,
    "num_beams": 2,
    "init_std": 0.3,  # peakier than 0.02, so outputs and confidences vary between inputs
}
ARCHS = {"tiny": TINY, "opus-mt": OPUS_MT}
TINY_MULTI: dict[str, Any] = {**TINY, "init_std": 0.3}
TATOEBA: dict[str, Any] = {**OPUS_MT, "vocab_size": 60000}  # transformer-align, spm32k+32k


def _m2m(d_model: int, layers: int, ffn: int, vocab: int) -> dict[str, Any]:
    return {**OPUS_MT, "vocab_size": vocab, "d_model": d_model, "layers": layers,
            "heads": 16, "ffn": ffn, "max_positions": 1024, "num_beams": 5}  # fmt: skip


# family -> size name -> hyper-parameters (published configs of the real models)
FAMILIES: dict[str, dict[str, dict[str, Any]]] = {
    "marian": ARCHS,
    "marian-npz": {"marian-npz": TINY, "tatoeba": TATOEBA},
    "m2m100": {
        "m2m100": TINY_MULTI,
        "m2m100-418m": _m2m(1024, 12, 4096, 128112),
        "m2m100-1.2b": _m2m(1024, 24, 8192, 128112),
    },
    "nllb": {
        "nllb": TINY_MULTI,
        "nllb-600m": _m2m(1024, 12, 4096, 256206),
        "nllb-1.3b": _m2m(1024, 24, 8192, 256206),
        "nllb-3.3b": _m2m(2048, 24, 8192, 256206),
    },
}
ALL_ARCHS = {name: family for family, sizes in FAMILIES.items() for name in sizes}


def train_spm(text: Path, vocab_size: int, model_type: str = "unigram") -> bytes:
    """A SentencePiece model as bytes (one thread: deterministic for the same text)."""
    import sentencepiece as spm

    lines = [line for line in text.read_text(encoding="utf-8").splitlines() if line.strip()]
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return writer.getvalue()


def spm_pieces(model: bytes) -> list[str]:
    """The ordinary pieces of a SentencePiece model (no <unk>, <s>, </s>)."""
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=model)
    return [
        proc.id_to_piece(i)
        for i in range(proc.get_piece_size())
        if not (proc.is_control(i) or proc.is_unknown(i))
    ]


def build_vocab(pieces: list[str], size: int | None) -> dict[str, int]:
    """Marian's layout: ``</s>`` 0, ``<unk>`` 1, pieces, fillers up to ``size``, ``<pad>`` last."""
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    if size is not None:
        if len(vocab) + 1 > size:
            raise ValueError(f"SentencePiece learned {len(vocab)} pieces, more than {size}")
        for n in range(size - 1 - len(vocab)):
            vocab[f"<filler-{n}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def write_tokenizer(outdir: Path, spm_model: bytes, vocab: dict[str, int], max_len: int) -> None:
    (outdir / "source.spm").write_bytes(spm_model)
    (outdir / "target.spm").write_bytes(spm_model)
    (outdir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2), "utf-8")
    config = {
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "model_max_length": max_len,
        "separate_vocabs": False,
        "source_lang": "id",
        "target_lang": "en",
        "sp_model_kwargs": {},
        "clean_up_tokenization_spaces": True,
        "tokenizer_class": "MarianTokenizer",
    }
    (outdir / "tokenizer_config.json").write_text(json.dumps(config, indent=2), "utf-8")


def marian_config(arch: dict[str, Any], vocab_size: int) -> Any:
    from transformers import MarianConfig

    pad = vocab_size - 1
    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=arch["d_model"],
        encoder_layers=arch["layers"],
        decoder_layers=arch["layers"],
        encoder_attention_heads=arch["heads"],
        decoder_attention_heads=arch["heads"],
        encoder_ffn_dim=arch["ffn"],
        decoder_ffn_dim=arch["ffn"],
        max_position_embeddings=arch["max_positions"],
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        init_std=arch["init_std"],
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        architectures=["MarianMTModel"],
    )


def generation_config(arch: dict[str, Any], vocab_size: int) -> Any:
    from transformers import GenerationConfig

    pad = vocab_size - 1
    return GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=arch["max_positions"],
        num_beams=arch["num_beams"],
        pad_token_id=pad,
        renormalize_logits=True,
    )


def save_weights(outdir: Path, arch: dict[str, Any], vocab_size: int, seed: int) -> None:
    import torch
    from transformers import MarianMTModel

    torch.manual_seed(seed)
    model = MarianMTModel(marian_config(arch, vocab_size)).eval()
    model.generation_config = generation_config(arch, vocab_size)
    model.save_pretrained(outdir)


def build_marian(folder: Path, spec: dict[str, Any], text: Path, seed: int) -> None:
    spm_model = train_spm(text, spec["spm_vocab"])
    vocab = build_vocab(spm_pieces(spm_model), spec["vocab_size"])
    write_tokenizer(folder, spm_model, vocab, spec["max_positions"])
    save_weights(folder, spec, len(vocab), seed)


def build_model(outdir: Path, arch: str = "tiny", text: Path | None = None, seed: int = 0) -> Path:
    """Build the model folder at ``outdir`` (replaced atomically if it exists) and return it."""
    if arch not in ALL_ARCHS:
        raise ValueError(f"unknown arch {arch!r}; choose one of: {', '.join(ALL_ARCHS)}")
    family = ALL_ARCHS[arch]
    spec = FAMILIES[family][arch]
    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        if family == "marian":
            build_marian(tmp, spec, text or FIXTURE_TEXT, seed)
        else:
            from make_test_model_archs import BUILDERS

            BUILDERS[family](tmp, spec, text or FIXTURE_TEXT, seed)
        if outdir.exists():
            shutil.rmtree(outdir)
        os.replace(tmp, outdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return outdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--arch", choices=sorted(ALL_ARCHS), default="tiny")
    parser.add_argument("--text", type=Path, help="text to train SentencePiece on")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.text is not None and not args.text.is_file():
        parser.error(f"{args.text}: no such file")
    path = build_model(args.outdir, args.arch, args.text, args.seed)
    print(f"built {args.arch} model in {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
