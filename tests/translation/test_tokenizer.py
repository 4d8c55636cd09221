"""aligner.translation.tokenizer reproduces MarianTokenizer without importing transformers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aligner.translation.tokenizer import EOS, UNK, MarianVocab

SENTENCES = [
    "Presiden Joko Widodo mengatakan bahwa ekonomi tumbuh 5,2 persen.",
    "Harga beras naik.",
    "“Kami akan segera memeriksa,” katanya kepada wartawan di Jakarta, Selasa (12/3).",
    "Moskow – Moskow dan Washington keduanya mengambil sikap tanpa kompromi.",
    "Rp 9 juta per meter persegi, dan paling murah Rp 2,5 juta.",
    "The test is classified, he told.",
    "  spasi   ganda\tdan tab  ",
    "Ελληνικά 日本語 emoji 🙂 ünïcödé",
    "a",
]


@pytest.fixture(scope="module")
def marian(tiny_model):
    from transformers import MarianTokenizer

    return MarianTokenizer.from_pretrained(tiny_model)


@pytest.fixture(scope="module")
def vocab(tiny_model):
    return MarianVocab(tiny_model)


@pytest.mark.parametrize("text", SENTENCES)
def test_ids_match_marian_tokenizer(vocab, marian, text):
    assert vocab.to_ids(vocab.encode(text)) == marian(text).input_ids


@pytest.mark.parametrize("text", SENTENCES)
def test_decode_matches_marian_tokenizer(vocab, marian, text):
    ids = marian(text).input_ids
    assert vocab.decode(vocab.to_pieces(ids)) == marian.decode(ids, skip_special_tokens=True)


def test_encode_ends_with_eos_and_maps_unknown_pieces(vocab):
    pieces = vocab.encode("Harga 🙂 naik")
    assert pieces[-1] == EOS
    assert UNK in pieces  # the emoji is not in the tiny vocabulary
    assert vocab.encode("") == [EOS]


@pytest.mark.parametrize("text", SENTENCES)
def test_count_is_the_length_of_encode(vocab, text):
    assert vocab.count(text) == len(vocab.encode(text))


def test_ids_and_pieces_round_trip(vocab):
    pieces = vocab.encode(SENTENCES[0])
    assert vocab.to_pieces(vocab.to_ids(pieces)) == pieces
    assert vocab.pad_id == len(vocab.vocab) - 1
    assert vocab.eos_id == 0


def test_import_does_not_pull_in_torch_or_transformers(tiny_model):
    code = (
        "import sys; from aligner.translation.tokenizer import MarianVocab; "
        f"MarianVocab({str(tiny_model)!r}).encode('Halo'); "
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("missing", ["source.spm", "vocab.json"])
def test_a_folder_without_tokenizer_files_is_a_model_error(tiny_model, tmp_path, missing):
    import shutil

    from aligner.errors import ModelError

    shutil.copytree(tiny_model, tmp_path / "m")
    (tmp_path / "m" / missing).unlink()
    with pytest.raises(ModelError, match=f"not a Marian model folder \\(no {missing}\\)"):
        MarianVocab(tmp_path / "m")


def test_a_corrupt_spm_file_is_a_model_error(tiny_model, tmp_path):
    import shutil

    from aligner.errors import ModelError

    shutil.copytree(tiny_model, tmp_path / "m")
    (tmp_path / "m" / "target.spm").write_bytes(b"not a sentencepiece model")
    with pytest.raises(ModelError, match="cannot read the tokenizer"):
        MarianVocab(tmp_path / "m")
