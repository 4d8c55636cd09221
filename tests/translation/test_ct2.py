"""The CTranslate2 backend and conversion, on the tiny real Marian model."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import BackendError, ModelError
from aligner.translation.backends import DecodeOptions, get_backend
from aligner.translation.models import convert
from aligner.translation.tokenizer import MarianVocab

SENTENCES = [
    "Presiden Joko Widodo mengatakan bahwa ekonomi Indonesia tumbuh lima persen.",
    "Saya makan nasi goreng di Jakarta.",
    "Pemerintah akan membangun jalan tol baru tahun depan.",
    "Harga beras naik.",
    "Banjir melanda beberapa wilayah di Jawa Tengah setelah hujan deras semalam.",
    "Dia pergi ke pasar bersama ibunya untuk membeli sayur dan buah.",
]


@pytest.fixture(scope="session")
def ct2_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def ct2_float32(tiny_model: Path, ct2_store: Path):
    cls = get_backend("ctranslate2")
    return cls(tiny_model, device="cpu", compute_type="float32", store=ct2_store)


@pytest.fixture(scope="session")
def hf_float32(tiny_model: Path):
    return get_backend("transformers")(tiny_model, device="cpu", compute_type="float32")


def _sources(model: Path) -> list[list[str]]:
    vocab = MarianVocab(model)
    return [vocab.encode(s) for s in SENTENCES]


def _confidence(logprobs: list[float]) -> float:
    return math.exp(math.fsum(logprobs) / len(logprobs))


def test_auto_is_ctranslate2() -> None:
    assert get_backend("auto").name == "ctranslate2"


@pytest.mark.parametrize("max_new", [40, 6])
def test_greedy_parity_with_transformers(tiny_model, ct2_float32, hf_float32, max_new) -> None:
    sources = _sources(tiny_model)
    options = DecodeOptions(beams=1, max_new_tokens=max_new)
    ours, theirs = ct2_float32.generate(sources, options), hf_float32.generate(sources, options)
    assert ours == theirs
    assert all(len(h) <= max_new for h in ours)
    targets = [h if h[-1:] == ["</s>"] else [*h, "</s>"] for h in ours]
    ours_lp, theirs_lp = ct2_float32.score(sources, targets), hf_float32.score(sources, targets)
    for target, a, b in zip(targets, ours_lp, theirs_lp, strict=True):
        assert len(a) == len(b) == len(target)
        assert abs(_confidence(a) - _confidence(b)) < 1e-3
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-3


def test_score_of_capped_target_has_one_logprob_per_piece(tiny_model, ct2_float32) -> None:
    sources = _sources(tiny_model)[:2]
    capped = ct2_float32.generate(sources, DecodeOptions(beams=1, max_new_tokens=3))
    assert all(len(h) == 3 and h[-1] != "</s>" for h in capped)
    scores = ct2_float32.score(sources, capped)
    assert [len(s) for s in scores] == [3, 3]
    assert all(lp < 0 for s in scores for lp in s)


def test_beam_search_and_retry_options_run(tiny_model, ct2_float32) -> None:
    sources = _sources(tiny_model)
    options = DecodeOptions(
        beams=4, max_new_tokens=20, no_repeat_ngram_size=3, repetition_penalty=1.2
    )
    for hyp in ct2_float32.generate(sources, options):
        trigrams = [tuple(hyp[i : i + 3]) for i in range(len(hyp) - 2)]
        assert len(trigrams) == len(set(trigrams))  # no_repeat_ngram_size honoured
        assert "<pad>" not in hyp


def test_translator_parity_end_to_end(tiny_model, ct2_store, monkeypatch) -> None:
    from aligner.translation.translator import Translator

    monkeypatch.setenv("ALIGNER_MODELS", str(ct2_store))
    kwargs = {"device": "cpu", "beams": 1, "compute_type": "float32"}
    ours = Translator(tiny_model, backend="ctranslate2", **kwargs).translate(SENTENCES)
    theirs = Translator(tiny_model, backend="transformers", **kwargs).translate(SENTENCES)
    for a, b in zip(ours, theirs, strict=True):
        assert (a.text, a.tokens, a.flags) == (b.text, b.tokens, b.flags)
        assert abs(a.confidence - b.confidence) < 1e-3


def test_conversion_is_reused_and_keyed_to_weights(tiny_model, ct2_store, ct2_float32) -> None:
    folder = ct2_float32.ct2_dir
    assert folder == ct2_store / "tiny-marian-ct2-float32"
    marker = json.loads((folder / convert.MARKER).read_text())
    assert marker["quantization"] == "float32"

    def no_conversion(*args: object) -> None:
        raise AssertionError("converted again")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(convert, "_run_converter", no_conversion)
        again = get_backend("ctranslate2")(tiny_model, compute_type="float32", store=ct2_store)
    assert again.ct2_dir == folder


def test_conversion_key_follows_the_weights_not_the_path(tiny_model, ct2_float32, tmp_path):
    folder = ct2_float32.ct2_dir
    copy = tmp_path / "copied"
    shutil.copytree(tiny_model, copy)  # new path and mtimes: a store moved to another machine
    assert convert.is_current(folder, copy, "float32")
    with (copy / "model.safetensors").open("r+b") as weights:
        weights.seek(-4, os.SEEK_END)
        last = weights.read(4)
        weights.seek(-4, os.SEEK_END)
        weights.write(bytes(b ^ 0xFF for b in last))
    assert not convert.is_current(folder, copy, "float32")


def test_killed_conversion_leaves_nothing_half_done(tiny_model, tmp_path, monkeypatch) -> None:
    def dies_midway(model_dir: Path, quantization: str, out: Path) -> None:
        out.mkdir(parents=True)
        (out / "model.bin").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(convert, "_run_converter", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        convert.ensure_converted(tiny_model, "int8", tmp_path, progress=lambda _: None)
    assert [p.name for p in tmp_path.iterdir()] == [".tiny-marian-ct2-int8.lock"]


def test_concurrent_conversions_convert_once_and_ignore_leftovers(tiny_model, tmp_path) -> None:
    target = tmp_path / "tiny-marian-ct2-int8"
    # what a SIGKILLed conversion and an unfinished copy leave behind
    (tmp_path / ".tiny-marian-ct2-int8.tmpdead" / "model").mkdir(parents=True)
    target.mkdir()
    (target / "model.bin").write_bytes(b"half")
    assert not convert.is_current(target, tiny_model, "int8")
    messages: list[str] = []
    results: list[Path] = []

    def run() -> None:
        results.append(
            convert.ensure_converted(tiny_model, "int8", tmp_path, progress=messages.append)
        )

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [target, target]
    assert len(messages) == 1 and "converting" in messages[0]
    assert convert.is_current(target, tiny_model, "int8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".tiny-marian-ct2-int8.lock",
        "tiny-marian-ct2-int8",
    ]
    # int8 weights load and translate
    backend = get_backend("ctranslate2")(tiny_model, compute_type="int8", store=tmp_path)
    assert backend.generate(_sources(tiny_model)[:1], DecodeOptions(1, 8))[0]


def test_models_convert_cli(tiny_model, ct2_store) -> None:
    result = CliRunner().invoke(
        app,
        [
            "models",
            "convert",
            str(tiny_model),
            "--quantization",
            "float32",
            "--dir",
            str(ct2_store),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(ct2_store / "tiny-marian-ct2-float32")


def test_models_convert_cli_rejects_unknown_quantization(tiny_model, tmp_path) -> None:
    result = CliRunner().invoke(
        app,
        ["models", "convert", str(tiny_model), "--quantization", "int4", "--dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "int4" in result.output and "int8_float16" in result.output
    assert list(tmp_path.iterdir()) == []


def test_unknown_quantization_and_compute_type_are_clear_errors(tiny_model, ct2_store) -> None:
    with pytest.raises(ModelError, match="unknown quantization 'int4'; choose one of: int8"):
        convert.ensure_converted(tiny_model, "int4", ct2_store)
    with pytest.raises(BackendError, match="not supported on cpu; choose one of"):
        get_backend("ctranslate2")(tiny_model, compute_type="float16", store=ct2_store)


def test_cuda_without_gpu_is_a_clear_error(tiny_model, ct2_store) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:  # on a GPU machine: it must load instead
        backend = get_backend("ctranslate2")(tiny_model, device="cuda", store=ct2_store)
        assert backend.compute_type == "float16"
        return
    with pytest.raises(BackendError, match="no CUDA device"):
        get_backend("ctranslate2")(tiny_model, device="cuda", store=ct2_store)


def test_loading_a_converted_model_imports_neither_torch_nor_transformers(
    tiny_model, ct2_store, ct2_float32
) -> None:
    code = (
        "import sys\n"
        "from aligner.translation.translator import Translator\n"
        f"t = Translator({str(tiny_model)!r}, backend='auto', device='cpu', beams=1,"
        " compute_type='float32')\n"
        "out = t.translate(['Saya makan nasi goreng.'])\n"
        "assert out[0].text, out\n"
        "print(type(t.backend).__name__, sorted({'torch', 'transformers'} & set(sys.modules)))\n"
    )
    env = {**os.environ, "ALIGNER_MODELS": str(ct2_store)}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "CTranslate2Backend []"
    assert "converting" not in run.stderr


def test_greedy_scores_equal_a_teacher_forced_pass(tiny_model, ct2_float32, hf_float32):
    sources = _sources(tiny_model)
    hyps = ct2_float32.generate(sources, DecodeOptions(beams=1, max_new_tokens=12))
    from_decoding = ct2_float32.score(sources, hyps)  # kept from decoding, no second pass
    assert ct2_float32._decoded  # the greedy path did keep them
    for ours, theirs in zip(from_decoding, hf_float32.score(sources, hyps), strict=True):
        # the mean log-prob once per piece: sum and length exact, what confidence uses
        assert len(ours) == len(theirs)
        assert abs(math.fsum(ours) - math.fsum(theirs)) < 1e-4
        assert abs(_confidence(ours) - _confidence(theirs)) < 1e-5


EOS_BIAS = 3.0  # on the tiny model, beam outputs of SENTENCES then end after 1-17 pieces or hit 30


@pytest.fixture(scope="session")
def ct2_eos_float32(tiny_model: Path, ct2_store: Path, tmp_path_factory: pytest.TempPathFactory):
    """The tiny model with a bias towards </s>: its random weights alone never end an output,
    and the beam fast path must be exact for ended outputs as well as for capped ones."""
    from safetensors.numpy import load_file, save_file

    model = tmp_path_factory.mktemp("models") / "tiny-marian-eos"
    shutil.copytree(tiny_model, model)
    weights = load_file(model / "model.safetensors")
    weights["final_logits_bias"][0, 0] = EOS_BIAS  # </s> is id 0
    save_file(weights, model / "model.safetensors", metadata={"format": "pt"})
    return get_backend("ctranslate2")(model, device="cpu", compute_type="float32", store=ct2_store)


@pytest.mark.parametrize("beams", [1, 2, 4])
def test_scores_from_decoding_equal_a_teacher_forced_pass(
    tiny_model, ct2_eos_float32, beams, monkeypatch
) -> None:
    backend = ct2_eos_float32
    sources = _sources(tiny_model)
    hyps = backend.generate(sources, DecodeOptions(beams=beams, max_new_tokens=30))
    ended = [h[-1] == "</s>" for h in hyps]
    assert any(ended) and not all(ended)
    assert len({len(h) for h, end in zip(hyps, ended, strict=True) if end}) > 1
    # the Translator's targets: a capped output is scored with </s> appended
    targets = [h if end else [*h, "</s>"] for h, end in zip(hyps, ended, strict=True)]
    forced = backend._score(sources, targets)  # one teacher-forced pass (score_batch)
    rescored: list[list[str]] = []
    real_score = backend._score

    def counted(sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        rescored.extend(targets)
        return real_score(sources, targets)

    monkeypatch.setattr(backend, "_score", counted)
    fast = backend.score(sources, targets)
    assert rescored == [t for t, end in zip(targets, ended, strict=True) if not end]
    for target, ours, theirs in zip(targets, fast, forced, strict=True):
        assert len(ours) == len(theirs) == len(target)
        assert abs(math.fsum(ours) - math.fsum(theirs)) < 1e-4
        assert abs(_confidence(ours) - _confidence(theirs)) < 1e-4


def test_beam_search_with_penalties_is_rescored(tiny_model, ct2_eos_float32) -> None:
    backend = ct2_eos_float32
    sources = _sources(tiny_model)
    options = DecodeOptions(beams=4, max_new_tokens=30, repetition_penalty=1.2)
    hyps = backend.generate(sources, options)
    assert backend._decoded == {}  # penalised scores are not plain log-probs: nothing kept
    assert backend.score(sources, hyps) == backend._score(sources, hyps)


def test_weights_load_in_the_background_and_their_error_reaches_the_caller(
    tiny_model, ct2_store, monkeypatch
) -> None:
    import ctranslate2

    from aligner.translation.translator import Translator

    monkeypatch.setenv("ALIGNER_MODELS", str(ct2_store))
    real, loaded_on = ctranslate2.Translator, []

    def recorded(*args: object, **kwargs: object) -> object:
        loaded_on.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", recorded)
    kwargs = {"device": "cpu", "beams": 1, "compute_type": "float32"}
    translator = Translator(tiny_model, backend="ctranslate2", **kwargs)
    assert loaded_on == ["aligner-ct2-load"]  # not on the caller's thread
    assert [t.text for t in translator.translate(SENTENCES[:2])] != ["", ""]

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("Unsupported model binary version")

    monkeypatch.setattr(ctranslate2, "Translator", broken)
    with pytest.raises(BackendError, match="cannot load the CTranslate2 model: Unsupported"):
        Translator(tiny_model, backend="ctranslate2", **kwargs)  # from the constructor


def test_a_broken_tokenizer_is_reported_before_the_backend_is_blamed(
    tiny_model, tmp_path, monkeypatch
) -> None:
    from aligner.translation.translator import Translator

    monkeypatch.setenv("ALIGNER_MODELS", str(tmp_path / "store"))
    folder = tmp_path / "no-spm"
    shutil.copytree(tiny_model, folder)
    (folder / "source.spm").unlink()
    with pytest.raises(ModelError, match=r"not a Marian model folder \(no source.spm\)"):
        Translator(folder, backend="ctranslate2", device="cpu", compute_type="float32")
