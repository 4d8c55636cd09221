"""scripts/make_test_model.py builds real Marian folders that transformers loads as is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "config.json",
    "generation_config.json",
    "model.safetensors",
)


def test_tiny_folder_has_the_real_model_files(tiny_model):
    for name in FILES:
        assert (tiny_model / name).is_file(), name


def test_tiny_loads_with_transformers_and_translates(tiny_model):
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(tiny_model)
    model = MarianMTModel.from_pretrained(tiny_model)
    batch = tokenizer(["Harga beras naik."], return_tensors="pt")
    out = model.generate(**batch, max_new_tokens=5, num_beams=1)
    assert out.shape[0] == 1 and 1 < out.shape[1] <= 6
    assert model.config.max_position_embeddings == 64


def test_vocab_layout_is_marian(tiny_model):
    vocab = json.loads((tiny_model / "vocab.json").read_text("utf-8"))
    config = json.loads((tiny_model / "config.json").read_text("utf-8"))
    generation = json.loads((tiny_model / "generation_config.json").read_text("utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == config["pad_token_id"]
    assert config["decoder_start_token_id"] == vocab["<pad>"] == generation["bad_words_ids"][0][0]
    assert config["vocab_size"] == len(vocab) and config["model_type"] == "marian"
    assert generation["renormalize_logits"] is True


def test_same_seed_same_weights_other_seed_other_weights(make_test_model, tiny_model, tmp_path):
    again = make_test_model.build_model(tmp_path / "again")
    other = make_test_model.build_model(tmp_path / "other", seed=1)
    weights = (tiny_model / "model.safetensors").read_bytes()
    assert (again / "model.safetensors").read_bytes() == weights
    assert (other / "model.safetensors").read_bytes() != weights
    assert (again / "vocab.json").read_bytes() == (tiny_model / "vocab.json").read_bytes()


def test_opus_mt_architecture_and_vocabulary_size(make_test_model):
    pieces = make_test_model.spm_pieces(
        make_test_model.train_spm(make_test_model.FIXTURE_TEXT, 500)
    )
    vocab = make_test_model.build_vocab(pieces, 54796)
    config = make_test_model.marian_config(make_test_model.OPUS_MT, len(vocab))
    assert len(vocab) == 54796 and vocab["<pad>"] == 54795
    assert (config.d_model, config.encoder_layers, config.decoder_layers) == (512, 6, 6)
    assert (config.encoder_attention_heads, config.encoder_ffn_dim) == (8, 2048)
    assert config.max_position_embeddings == 512 and config.pad_token_id == 54795
    generation = make_test_model.generation_config(make_test_model.OPUS_MT, len(vocab))
    assert generation.num_beams == 6 and generation.bad_words_ids == [[54795]]


def test_unknown_arch_is_refused(make_test_model, tmp_path):
    with pytest.raises(ValueError, match="unknown arch"):
        make_test_model.build_model(tmp_path / "x", arch="huge")
    assert not (tmp_path / "x").exists()


def test_command_line_with_own_text(tmp_path):
    text = tmp_path / "train.txt"
    lines = (ROOT / "scripts/data/spm-train.txt").read_text("utf-8").splitlines()[:200]
    text.write_text("\n".join(lines) + "\n", "utf-8")
    script = ROOT / "scripts" / "make_test_model.py"
    out = tmp_path / "m"
    cmd = [sys.executable, str(script), str(out), "--text", str(text), "--seed", "3"]
    subprocess.run(cmd, check=True, capture_output=True)
    assert (out / "model.safetensors").is_file() and (out / "source.spm").is_file()
    missing = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "n"), "--text", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr
