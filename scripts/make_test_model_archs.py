"""Builders behind ``scripts/make_test_model.py --arch marian-npz|m2m100|nllb`` (and their
published sizes): random (seeded) weights of the real architectures, tokenizers trained
on fixture text, files laid out as the real releases lay them out. See that script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import make_test_model as base

LICENCE_CARD = "---\nlicense: mit\n---\nA random test model: its outputs are noise.\n"


# -- Marian's own format -------------------------------------------------------------------


def _marian_config(spec: dict[str, Any], vocab_size: int) -> dict[str, Any]:
    """The options Marian stores in ``special:model.yml`` (a post-norm transformer-align,
    as OPUS-MT and Tatoeba-Challenge models are)."""
    return {
        "type": "transformer",
        "dim-emb": spec["d_model"],
        "dim-vocabs": [vocab_size, vocab_size],
        "enc-depth": spec["layers"],
        "dec-depth": spec["layers"],
        "transformer-heads": spec["heads"],
        "transformer-dim-ffn": spec["ffn"],
        "transformer-ffn-activation": "swish",
        "transformer-preprocess": "",
        "transformer-postprocess": "dan",
        "transformer-postprocess-emb": "d",
        "transformer-decoder-autoreg": "self-attention",
        "transformer-no-projection": False,
        "transformer-guided-alignment-layer": "last",
        "tied-embeddings-all": True,
        "max-length": spec["max_positions"],
    }


def _marian_weights(spec: dict[str, Any], vocab_size: int, seed: int) -> dict[str, Any]:
    """Parameters named as Marian names them: W (in, out), b (1, out), layer norms."""
    import numpy as np

    rng = np.random.default_rng(seed)
    d, ffn, std = spec["d_model"], spec["ffn"], spec["init_std"]

    def mat(rows: int, cols: int) -> Any:
        return rng.normal(0.0, std, (rows, cols)).astype(np.float32)

    def norm(prefix: str) -> dict[str, Any]:
        return {f"{prefix}_ln_scale": np.ones((1, d), np.float32),
                f"{prefix}_ln_bias": np.zeros((1, d), np.float32)}  # fmt: skip

    def attention(scope: str) -> dict[str, Any]:
        out = {f"{scope}_W{x}": mat(d, d) for x in "qkvo"}
        out |= {f"{scope}_b{x}": mat(1, d) for x in "qkvo"}
        return out | norm(f"{scope}_Wo")

    def ffn_block(scope: str) -> dict[str, Any]:
        linear = {f"{scope}_W1": mat(d, ffn), f"{scope}_b1": mat(1, ffn),
                  f"{scope}_W2": mat(ffn, d), f"{scope}_b2": mat(1, d)}  # fmt: skip
        return linear | norm(f"{scope}_ffn")

    weights: dict[str, Any] = {
        "Wemb": mat(vocab_size, d),
        "decoder_ff_logit_out_b": mat(1, vocab_size),
    }
    for i in range(1, spec["layers"] + 1):
        weights |= attention(f"encoder_l{i}_self") | ffn_block(f"encoder_l{i}_ffn")
        weights |= attention(f"decoder_l{i}_self") | attention(f"decoder_l{i}_context")
        weights |= ffn_block(f"decoder_l{i}_ffn")
    return weights


def _yaml_token(token: str) -> str:
    return '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_marian_npz(folder: Path, spec: dict[str, Any], text: Path, seed: int) -> None:
    import numpy as np
    import yaml

    spm_model = base.train_spm(text, spec["spm_vocab"])
    vocab = base.build_vocab(base.spm_pieces(spm_model), spec["vocab_size"])
    del vocab["<pad>"]  # Marian's own vocabularies have none
    (folder / "source.spm").write_bytes(spm_model)
    (folder / "target.spm").write_bytes(spm_model)
    lines = [f"{_yaml_token(token)}: {index}" for token, index in vocab.items()]
    (folder / "opus.spm.vocab.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    weights = _marian_weights(spec, len(vocab), seed)
    config = yaml.safe_dump(_marian_config(spec, len(vocab))).encode() + b"\0"
    weights["special:model.yml"] = np.frombuffer(config, dtype=np.int8)
    np.savez(folder / "model.npz", **weights)
    decoder = {
        "models": ["model.npz"],
        "vocabs": ["opus.spm.vocab.yml", "opus.spm.vocab.yml"],
        "beam-size": spec["num_beams"],
        "normalize": 1,
        "relative-paths": True,
    }
    (folder / "decoder.yml").write_text(yaml.safe_dump(decoder), encoding="utf-8")
    (folder / "README.md").write_text(LICENCE_CARD.replace("mit", "cc-by-4.0"), "utf-8")


# -- M2M-100 and NLLB ---------------------------------------------------------------------

FAIRSEQ_SPECIALS = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}


def _m2m_config(spec: dict[str, Any], vocab_size: int, tokenizer: str) -> Any:
    from transformers import M2M100Config

    return M2M100Config(
        vocab_size=vocab_size,
        d_model=spec["d_model"],
        encoder_layers=spec["layers"],
        decoder_layers=spec["layers"],
        encoder_attention_heads=spec["heads"],
        decoder_attention_heads=spec["heads"],
        encoder_ffn_dim=spec["ffn"],
        decoder_ffn_dim=spec["ffn"],
        max_position_embeddings=spec["max_positions"],
        activation_function="relu",
        scale_embedding=True,
        init_std=spec["init_std"],
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class=tokenizer,
        architectures=["M2M100ForConditionalGeneration"],
    )


def _save_m2m(folder: Path, spec: dict[str, Any], vocab_size: int, seed: int, tok: str) -> None:
    import torch
    from transformers import GenerationConfig, M2M100ForConditionalGeneration
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(_m2m_config(spec, vocab_size, tok)).eval()
    model.generation_config = GenerationConfig(
        bos_token_id=0, eos_token_id=2, pad_token_id=1, decoder_start_token_id=2,
        num_beams=spec["num_beams"], max_length=spec["max_positions"],
    )  # fmt: skip
    model.save_pretrained(folder)
    (folder / "README.md").write_text(LICENCE_CARD, encoding="utf-8")


def build_m2m100(folder: Path, spec: dict[str, Any], text: Path, seed: int) -> None:
    """vocab.json (fairseq's specials, then the pieces), sentencepiece.bpe.model; the
    tokenizer appends 100 language tokens and 8 made-up words after vocab.json."""
    spm_model = base.train_spm(text, spec["spm_vocab"], "bpe")
    vocab = dict(FAIRSEQ_SPECIALS)
    for piece in base.spm_pieces(spm_model):
        vocab.setdefault(piece, len(vocab))
    if spec["vocab_size"]:
        for n in range(spec["vocab_size"] - 108 - len(vocab)):
            vocab[f"<filler-{n}>"] = len(vocab)
    (folder / "sentencepiece.bpe.model").write_bytes(spm_model)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    config = {
        "tokenizer_class": "M2M100Tokenizer", "src_lang": "id", "tgt_lang": "en",
        "language_codes": "m2m100", "num_madeup_words": 8,
        "model_max_length": spec["max_positions"], "bos_token": "<s>", "eos_token": "</s>",
        "sep_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
    }  # fmt: skip
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2), "utf-8")
    _save_m2m(folder, spec, len(vocab) + 108, seed, "M2M100Tokenizer")


def build_nllb(folder: Path, spec: dict[str, Any], text: Path, seed: int) -> None:
    """tokenizer.json as transformers' NllbTokenizer writes it (the pieces shifted by
    fairseq's offset, the 202 language codes and ``<mask>`` after them)."""
    from transformers import NllbTokenizer

    spm_model = base.train_spm(text, spec["spm_vocab"], "bpe")
    vocab = dict(FAIRSEQ_SPECIALS)
    for piece in base.spm_pieces(spm_model):
        vocab.setdefault(piece, len(vocab))
    merges = _bpe_merges(spm_model, vocab)
    tokenizer = NllbTokenizer(
        vocab=vocab, merges=merges, src_lang="ind_Latn", tgt_lang="eng_Latn",
        model_max_length=spec["max_positions"],
    )  # fmt: skip
    tokenizer.save_pretrained(folder)
    (folder / "sentencepiece.bpe.model").write_bytes(spm_model)
    size = max(spec["vocab_size"] or 0, len(tokenizer))
    _save_m2m(folder, spec, size, seed, "NllbTokenizer")


def _bpe_merges(spm_model: bytes, vocab: dict[str, int]) -> list[tuple[str, str]]:
    """BPE merges that rebuild each piece from two shorter pieces (by SentencePiece score
    order), as tokenizers' SentencePiece converter derives them."""
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=spm_model)
    merges = []
    for i in range(proc.get_piece_size()):
        piece = proc.id_to_piece(i)
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in vocab and right in vocab:
                merges.append((vocab[piece], left, right))
    return [(left, right) for _, left, right in sorted(merges)]


BUILDERS = {"marian-npz": build_marian_npz, "m2m100": build_m2m100, "nllb": build_nllb}
