"""The Translator on the tiny real model: order, confidence, flags, long input, dedup."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pytest

from aligner.pipeline import build_pairs, translate_document
from aligner.translation.backends import DecodeOptions
from aligner.translation.longsplit import split_long
from aligner.translation.tokenizer import EOS, MarianVocab
from aligner.translation.translator import RETRY_NGRAM, RETRY_PENALTY, Translator, max_new_tokens
from aligner.types import Document, Sentence, Translation

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Presiden mengatakan ekonomi tumbuh tahun ini.",
    "Harga beras naik.",
    "Pemerintah akan membangun jalan baru di Jawa Barat.",
    "Warga menyambut baik rencana itu.",
]


@pytest.fixture(scope="module")
def translator(tiny_model):
    return Translator(tiny_model, backend="transformers", device="cpu", threads=1)


@pytest.fixture(scope="module")
def results(translator):
    return translator.translate(SENTENCES)


def test_one_translation_per_input_in_order(translator, results):
    assert len(results) == len(SENTENCES)
    assert all(isinstance(r, Translation) and r.text for r in results)
    # order: each result is what that sentence gives alone
    assert translator.translate([SENTENCES[2]])[0].text == results[2].text


def test_confidence_in_unit_interval_and_consistent(results):
    for r in results:
        assert 0.0 < r.confidence <= 1.0
        assert r.tokens > 0
        assert r.confidence == pytest.approx(math.exp(r.logprob / r.tokens))


def _direct_confidence(model, src_ids, pieces, vocab, start):
    """exp(mean log p) of ``pieces`` (+ </s> if missing), one plain forward pass."""
    import torch

    labels = vocab.to_ids(pieces if pieces[-1:] == [EOS] else [*pieces, EOS])
    with torch.no_grad():
        logits = model(
            input_ids=torch.tensor([src_ids]),
            decoder_input_ids=torch.tensor([[start, *labels[:-1]]]),
        ).logits
    logp = torch.log_softmax(logits[0], dim=-1)[torch.arange(len(labels)), labels]
    return math.exp(float(logp.mean())), float(logp.sum()), len(labels)


def test_confidence_matches_a_direct_computation_with_the_model(translator, tiny_model):
    from transformers import MarianMTModel, MarianTokenizer

    text = SENTENCES[1]
    result = translator.translate([text])[0]
    tokenizer = MarianTokenizer.from_pretrained(tiny_model)
    model = MarianMTModel.from_pretrained(tiny_model).eval()
    src_ids = tokenizer(text).input_ids
    source = translator.vocab.to_pieces(src_ids)
    options = DecodeOptions(translator.beams, max_new_tokens(len(src_ids), translator.cap))
    candidates = [translator.backend.generate([source], options)[0]]
    if "retried" in result.flags:
        retry = replace(options, no_repeat_ngram_size=RETRY_NGRAM, repetition_penalty=RETRY_PENALTY)
        candidates.append(translator.backend.generate([source], retry)[0])
    start = model.config.decoder_start_token_id
    scored = [_direct_confidence(model, src_ids, c, translator.vocab, start) for c in candidates]
    best = max(range(len(scored)), key=lambda i: scored[i][0])
    conf, total, tokens = scored[best]
    assert result.confidence == pytest.approx(conf, rel=1e-5)
    assert result.logprob == pytest.approx(total, rel=1e-5)
    assert result.tokens == tokens
    ids = translator.vocab.to_ids(candidates[best])
    assert result.text == tokenizer.decode(ids, skip_special_tokens=True)


def test_random_model_loops_are_flagged_and_retried(results):
    # the tiny model's random weights loop until the cap: both flags fire, and the retry
    for r in results:
        assert {"max-length", "retried"} <= r.flags or "repeat" in r.flags or r.flags == set()
    assert any("retried" in r.flags for r in results)


def test_identical_sentences_are_translated_once(translator, monkeypatch):
    rows: list[list[str]] = []
    generate = translator.backend.generate

    def counting(sources, options):
        rows.extend(sources)
        return generate(sources, options)

    monkeypatch.setattr(translator.backend, "generate", counting)
    out = translator.translate([SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[0]])
    once = len(rows)
    rows.clear()
    translator.translate(SENTENCES[:2])
    assert once == len(rows)
    assert out[0] == out[2] == out[3]


@pytest.mark.parametrize("line", ["***", "2024", "", "   ", "— 1 —", "12/3/2024 10:00"])
def test_letterless_lines_pass_through_without_the_model(translator, monkeypatch, line):
    def fail(*_args, **_kwargs):
        raise AssertionError("the backend must not be called")

    monkeypatch.setattr(translator.backend, "generate", fail)
    (result,) = translator.translate([line])
    assert result == Translation(line, 1.0, 0.0, 0, frozenset({"passthrough"}))


def test_progress_counts_every_input(translator):
    seen: list[int] = []
    translator.translate(["***", SENTENCES[0], SENTENCES[0], SENTENCES[1]], progress=seen.append)
    assert sum(seen) == 4


def test_deterministic_across_instances(tiny_model, results):
    again = Translator(tiny_model, backend="transformers", device="cpu", threads=1)
    assert again.translate(SENTENCES) == results


def test_signature_is_json_and_stable(translator, tiny_model):
    signature = translator.signature()
    json.dumps(signature)
    assert signature == Translator(tiny_model, backend="transformers", threads=1).signature()
    assert signature["backend"] == "transformers" and signature["beams"] == 2
    assert re.fullmatch(r"[0-9a-f]{64}", signature["model_sha256"])


def test_beams_default_from_generation_config_and_override(translator, tiny_model):
    assert translator.beams == 2
    assert Translator(tiny_model, backend="transformers", beams=1, threads=1).beams == 1


# -- long input --------------------------------------------------------------------------


def _long_sentence(words: int, *, clauses: bool = True) -> str:
    """Words of the fixture text with no full stop (and no clause marks unless ``clauses``)."""
    text = (ROOT / "scripts/data/spm-train.txt").read_text("utf-8")
    vocabulary = re.sub(r"[.!?]" if clauses else r"[^\w\s]", " ", text).split()
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))


def _clause(vocab: MarianVocab, low: int, high: int) -> str:
    """A comma-free run of words of ``low`` to ``high`` tokens."""
    words = 1
    while vocab.count(_long_sentence(words, clauses=False)) < low:
        words += 1
    text = _long_sentence(words, clauses=False)
    assert vocab.count(text) <= high
    return text


def test_split_long_keeps_every_character_and_the_limit(tiny_model):
    vocab = MarianVocab(tiny_model)
    text = _long_sentence(400)
    parts = split_long(text, vocab.count, 64)
    assert "".join(parts) == text
    assert len(parts) > 1 and all(vocab.count(p) <= 64 for p in parts)


def test_split_long_prefers_clause_boundaries(tiny_model):
    vocab = MarianVocab(tiny_model)
    first, second = _clause(vocab, 34, 50), _clause(vocab, 34, 50)
    text = f"{first}; {second}"
    assert split_long(text, vocab.count, 64) == [f"{first}; ", second]
    text = f"{first}, dan {second}"
    assert split_long(text, vocab.count, 64) == [f"{first}, ", f"dan {second}"]


def test_split_long_cuts_inside_a_word_longer_than_the_limit(tiny_model):
    vocab = MarianVocab(tiny_model)
    word = "x" * 500
    parts = split_long(word, vocab.count, 64)
    assert "".join(parts) == word and all(vocab.count(p) <= 64 for p in parts)


def test_a_3000_word_sentence_comes_back_whole_in_pieces_flagged(tiny_model):
    translator = Translator(
        tiny_model, backend="transformers", beams=1, batch_tokens=20000, threads=1
    )
    sentence = _long_sentence(3000)
    doc = Document(path="long.txt", paragraphs=(sentence,), encoding="utf-8")
    (pair,) = translate_document(doc, translator)
    assert pair.source == sentence
    assert "long-split" in pair.flags
    assert pair.tokens is not None and pair.tokens > 10 * translator.limit
    assert 0.0 < pair.confidence <= 1.0 and pair.target


def test_build_pairs_is_one_to_one():
    sentences = [Sentence("A b.", 0, 0, 0, 4), Sentence("***", 1, 1, 0, 3, False)]
    translations = [
        Translation("A b.", 0.5, math.log(0.25), 2, frozenset({"copy"})),
        Translation("***", 1.0, 0.0, 0, frozenset({"passthrough"})),
    ]
    pairs = build_pairs("d.txt", sentences, translations)
    assert [p.source_ids for p in pairs] == [(0,), (1,)] == [p.target_ids for p in pairs]
    assert pairs[0].to_json()["flags"] == ["copy"] and pairs[1].paragraph == 1
    assert pairs[0].logprob == math.log(0.25) and pairs[0].tokens == 2
    assert {p.bead for p in pairs} == {"1-1"}


def test_translate_iter_yields_each_distinct_text_once_with_its_positions(translator):
    texts = ["***", SENTENCES[0], SENTENCES[1], SENTENCES[0]]
    items = list(translator.translate_iter(texts))
    assert sorted(i for indices, _ in items for i in indices) == [0, 1, 2, 3]
    assert items[0][0] == [0]  # passthrough first
    assert {tuple(indices) for indices, _ in items} == {(0,), (1, 3), (2,)}


def test_empty_input_and_bad_options(translator, tiny_model):
    from aligner.errors import OptionError

    assert translator.translate([]) == []
    with pytest.raises(OptionError):
        Translator(tiny_model, backend="transformers", beams=0)


def test_assembled_translation_carries_text_and_piece_flags():
    from aligner.translation.translator import _assemble, _Output, _piece_flags

    source = "Harga beras naik di seluruh Jawa minggu ini."
    copy = _assemble(source, [_Output(source, (-0.5, -0.5), frozenset())])
    assert copy.flags == {"copy"} and copy.confidence == pytest.approx(math.exp(-0.5))
    parts = [
        _Output("Rice prices rose", (-1.0,), frozenset({"max-length"})),
        _Output("across Java this week.", (-2.0, -3.0), frozenset()),
    ]
    joined = _assemble(source, parts)
    assert joined.text == "Rice prices rose across Java this week."
    assert joined.flags == {"long-split", "max-length"}
    assert (joined.tokens, joined.logprob) == (3, -6.0)
    assert _assemble(source, [_Output("", (-0.1,), frozenset())]).flags == {"empty"}
    assert _assemble(source, [_Output("Rice.", (-0.1,), frozenset())]).flags == {"ratio"}
    assert _piece_flags(["▁a", "▁b"]) == {"max-length"}
    assert _piece_flags(["▁x"] * 5 + ["</s>"]) == {"repeat"}
    assert _piece_flags(["▁Rice", "▁rose", ".", "</s>"]) == set()


def test_scoring_in_small_calls_gives_the_same_log_probs(translator, monkeypatch):
    """The transformers backend scores in calls bounded by SCORE_LOGITS; cutting a batch
    into many calls must not change any value."""
    from aligner.translation.backends import hf

    texts = ["Harga beras naik.", "Warga menyambut baik rencana itu.", "Pemerintah diam."]
    sources = [translator.vocab.encode(t) for t in texts]
    english = ["Rice prices rose.", "Residents welcomed the plan.", "The government said so."]
    targets = [translator.vocab.encode(t) for t in english]  # pieces ending with </s>
    whole = translator.backend.score(sources, targets)
    monkeypatch.setattr(hf, "SCORE_LOGITS", 1)  # one sentence per call
    pieces = translator.backend.score(sources, targets)
    assert [len(row) for row in pieces] == [len(t) for t in targets]
    for a, b in zip(whole, pieces, strict=True):
        assert a == pytest.approx(b, abs=1e-5)
