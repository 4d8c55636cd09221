"""Marian releases (.npz), M2M-100 and NLLB-200: tiny random models of each architecture."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import ModelError, ModelNotFoundError
from aligner.translation.backends import DecodeOptions
from aligner.translation.models.arch import Arch, detect, input_limit
from aligner.translation.models.store import resolve_model
from aligner.translation.tokenizer import EOS, load_tokenizer
from aligner.translation.translator import Translator

runner = CliRunner()
TEXTS = [
    "Harga beras naik di pasar Jakarta, kata menteri.",
    "Saya makan nasi 2024 di rumah 🙂.",
    "Presiden Joko Widodo mengatakan bahwa ekonomi tumbuh 5,2 persen.",
]
LONG = ", dan ".join(["harga beras dan minyak goreng naik lagi di pasar tradisional"] * 8) + "."
MULTI = [("tiny_m2m100", "__id__", "__en__"), ("tiny_nllb", "ind_Latn", "eng_Latn")]


@pytest.fixture
def model(request):
    return request.getfixturevalue(request.param)


def _translate(model_dir, tmp_path, *extra):
    source = tmp_path / "in.txt"
    source.write_text("\n\n".join([*TEXTS, LONG]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["translate", str(source), "--model", str(model_dir), "-f", "jsonl", "-o", str(out)]
    result = runner.invoke(app, [*args, "-q", *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("model", "backend"),
    [
        ("tiny_marian_npz", "ctranslate2"),
        ("tiny_m2m100", "ctranslate2"),
        ("tiny_m2m100", "transformers"),
        ("tiny_nllb", "ctranslate2"),
        ("tiny_nllb", "transformers"),
    ],
    indirect=["model"],
)
def test_translate_works_with_confidence_and_long_split(model, backend, tmp_path):
    pairs = _translate(model, tmp_path, "--backend", backend)
    assert [p["source"] for p in pairs] == [*TEXTS, LONG]
    assert all(0 < p["confidence"] <= 1 for p in pairs)
    assert "long-split" in pairs[-1]["flags"]
    assert all("long-split" not in p["flags"] for p in pairs[:-1])
    assert not any(tag in p["target"] for p in pairs for tag in ("__en__", "eng_Latn", "</s>"))


@pytest.mark.parametrize(("model", "source_tag", "target_tag"), MULTI, indirect=["model"])
def test_language_tokens_and_input_limit(model, source_tag, target_tag):
    vocab = load_tokenizer(model)
    pieces = vocab.encode(TEXTS[0])
    assert pieces[0] == source_tag and pieces[-1] == EOS
    assert vocab.target_prefix == (target_tag,)
    assert vocab.count(LONG) > input_limit(model) == 64  # the model's own limit
    translator = Translator(model, backend="ctranslate2")
    units = translator._units(0, LONG)
    assert len(units) > 1 and all(len(u.pieces) <= 64 for u in units)


@pytest.mark.parametrize(("model", "source_tag", "target_tag"), MULTI, indirect=["model"])
def test_light_tokenizer_matches_transformers(model, source_tag, target_tag):
    from transformers import AutoTokenizer

    lang = {"__id__": ("id", "en")}.get(source_tag, (source_tag, target_tag))
    reference = AutoTokenizer.from_pretrained(model, src_lang=lang[0], tgt_lang=lang[1])
    ours = load_tokenizer(model)
    for text in [*TEXTS, LONG]:
        ids = reference(text)["input_ids"]
        assert ours.to_ids(ours.encode(text)) == ids
        body = ids[1:-1]
        assert ours.decode(ours.to_pieces(body)) == reference.decode(body, skip_special_tokens=True)
    assert ours.vocab[target_tag] == reference.convert_tokens_to_ids(target_tag)


@pytest.mark.parametrize("model", ["tiny_m2m100", "tiny_nllb"], indirect=True)
def test_scores_exclude_the_language_token_and_backends_agree(model):
    """Both backends score the output after the forced language token: the direct
    teacher-forced computation with transformers, and CTranslate2 (float32) alike."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    hf = Translator(model, backend="transformers", device="cpu").backend
    ct2 = Translator(model, backend="ctranslate2", device="cpu", compute_type="float32").backend
    reference = AutoModelForSeq2SeqLM.from_pretrained(model).eval()
    vocab = load_tokenizer(model)
    for text in TEXTS:
        source = vocab.encode(text)
        (output,) = hf.generate([source], DecodeOptions(beams=1, max_new_tokens=12))
        assert output and output[0] not in vocab.target_prefix
        assert ct2.generate([source], DecodeOptions(beams=1, max_new_tokens=12)) == [output]
        target = output if output[-1] == EOS else [*output, EOS]
        ids = vocab.to_ids([*vocab.target_prefix, *target])
        with torch.inference_mode():
            logits = reference(
                input_ids=torch.tensor([vocab.to_ids(source)]),
                decoder_input_ids=torch.tensor([[vocab.eos_id, *ids[:-1]]]),
            ).logits[0]
        direct = torch.log_softmax(logits, -1)[range(len(ids)), ids].tolist()[1:]
        (ours,) = hf.score([source], [target])
        (theirs,) = ct2.score([source], [target])
        assert len(ours) == len(theirs) == len(target)
        assert ours == pytest.approx(direct, abs=1e-4)
        assert theirs == pytest.approx(direct, abs=1e-3)


def test_marian_release_reads_as_ctranslate2_reads_it(tiny_marian_npz):
    from ctranslate2.converters.marian import load_vocab

    assert detect(tiny_marian_npz) is Arch.MARIAN_NPZ
    vocab = load_tokenizer(tiny_marian_npz)
    tokens = load_vocab(str(tiny_marian_npz / "opus.spm.vocab.yml"))
    assert [vocab.pieces[i] for i in range(len(tokens))] == tokens
    assert input_limit(tiny_marian_npz) == 64
    assert Translator(tiny_marian_npz).beams == 2  # decoder.yml's beam-size


def test_marian_release_with_transformers_says_it_needs_ctranslate2(tiny_marian_npz, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(TEXTS[0] + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["translate", str(source), "--model", str(tiny_marian_npz), "--backend", "transformers"],
    )
    assert result.exit_code != 0
    (line,) = result.stderr.strip().splitlines()
    assert "transformers-format model" in line and "--backend ctranslate2" in line
    with pytest.raises(ModelError, match="CTranslate2 backend only"):
        Translator(tiny_marian_npz, backend="transformers")


def test_models_convert_accepts_a_marian_release(tiny_marian_npz, tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(app, ["models", "convert", str(tiny_marian_npz), "--dir", str(store)])
    assert result.exit_code == 0, result.output
    converted = store / "tiny-marian-npz-ct2-int8"
    assert result.stdout.strip() == str(converted) and (converted / "model.bin").is_file()
    # our tokenizer ends each source with </s>: CTranslate2 must not add a second one
    assert json.loads((converted / "config.json").read_text())["add_source_eos"] is False
    listed = runner.invoke(app, ["models", "list", "--dir", str(store)])
    (line,) = [x for x in listed.stdout.splitlines() if x.startswith("tiny-marian-npz-ct2-int8")]
    assert "cc-by-4.0" in line  # the conversion keeps the model card, so its licence


@pytest.mark.parametrize(
    ("model", "licence"),
    [("tiny_nllb", "mit"), ("tiny_marian_npz", "cc-by-4.0")],
    indirect=["model"],
)
def test_the_licence_is_in_the_run_signature(model, licence):
    assert Translator(model, backend="ctranslate2").signature()["model_licence"] == licence


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("ALIGNER_MODELS", str(tmp_path / "store"))


@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("Helsinki-NLP/opus-mt-id-en", "aligner models download Helsinki-NLP/opus-mt-id-en"),
        ("Tatoeba-MT-models/msa-eng", "object.pouta.csc.fi/Tatoeba-MT-models/msa-eng/"),
        ("facebook/m2m100_418M", "aligner models download facebook/m2m100_418M"),
        ("facebook/nllb-200-distilled-600M", "aligner models download facebook/nllb-200"),
    ],
)
def test_offline_each_kind_says_how_to_bring_it_over(offline, name, how):
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model(name)
    message = str(info.value)
    assert "\n" not in message and "not available offline" in message and how in message


def test_known_models_table():
    result = runner.invoke(app, ["models", "list", "--known"])
    assert result.exit_code == 0
    for name in ("opus-mt-id-en", "msa-eng", "m2m100_418M", "m2m100_1.2B", "nllb-200-distilled"):
        assert name in result.stdout
    assert "CC-BY-NC-4.0" in result.stdout and "OPUS-MT leaderboard" in result.stdout


def test_licence_from_a_license_file_when_the_card_says_none(tmp_path):
    from aligner.translation.models.known import licence

    (tmp_path / "README.md").write_text("# a model\n\nNo licence line here.\n")
    assert licence("acme/x", tmp_path) == "unknown"
    (tmp_path / "LICENSE").write_text("\n  Creative Commons Attribution 4.0 International\n...")
    assert licence("acme/x", tmp_path) == "Creative Commons Attribution 4.0 International"
    assert licence("facebook/nllb-200-distilled-600M", tmp_path).startswith("CC-BY-NC-4.0")
