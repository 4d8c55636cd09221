"""The one place the document flows are written: document-level and sentence-level agree,
progress reaches the whole count, every sentence is in exactly one pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.pipeline import (
    align_documents,
    align_segmented,
    translate_document,
    translate_sentences,
)
from aligner.text.load import read_document
from aligner.text.segmenter import segment_document
from aligner.translation.translator import Translator
from aligner.types import Flag

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def translator(tiny_model: Path) -> Translator:
    return Translator(tiny_model, backend="transformers", device="cpu", beams=1)


def test_document_and_sentence_flows_agree(translator: Translator) -> None:
    doc = read_document(DATA / "translate-article.id.txt")
    sentences = segment_document(doc, "id")
    counted: list[int] = []
    pairs = translate_sentences(doc.path, sentences, translator, progress=counted.append)
    assert pairs == translate_document(doc, translator)
    assert sum(counted) == len(sentences) == len(pairs)
    assert [p.source for p in pairs] == [s.text for s in sentences]
    for pair, sentence in zip(pairs, sentences, strict=True):
        assert pair.source_ids == pair.target_ids == (sentence.index,)
        if not sentence.translatable:  # "***", "2024": copied, never sent to the model
            assert pair.target == sentence.text and pair.confidence == 1.0
            assert pair.flags == {Flag.PASSTHROUGH.value}


def test_alignment_flows_agree_and_keep_every_sentence(translator: Translator) -> None:
    src, tgt = read_document(DATA / "align_news.id"), read_document(DATA / "align_news.en")
    by_document = align_documents(src, tgt, translator=translator)
    source, target = segment_document(src, "id"), segment_document(tgt, "en")
    counted: list[int] = []
    by_sentences = align_segmented(
        src.path, source, target, translator=translator, progress=counted.append
    )
    assert by_document == by_sentences
    assert sum(counted) == len(source)
    assert sorted(i for p in by_document for i in p.source_ids) == list(range(len(source)))
    assert sorted(j for p in by_document for j in p.target_ids) == list(range(len(target)))
    for pair in by_document:
        assert (Flag.UNALIGNED.value in pair.flags) == (not pair.source_ids or not pair.target_ids)
