"""Checks enforced from the n-best list, on the tiny real model (both backends)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from aligner.checks import Glossary, GlossaryEntry
from aligner.checks.term import target_pattern
from aligner.translation.backends import DecodeOptions
from aligner.translation.confidence import confidence
from aligner.translation.enforce import NBEST
from aligner.translation.tokenizer import EOS
from aligner.translation.translator import Translator, max_new_tokens
from aligner.types import Translation

SOURCES = [
    "Dewan Keamanan PBB bersidang hari ini.",
    "Presiden mengatakan ekonomi tumbuh tahun ini.",
    "Pemerintah akan membangun jalan baru di Jawa Barat.",
    "Warga menyambut baik rencana itu.",
    "Harga beras naik.",
]
BACKENDS = ["ctranslate2", "transformers"]


def _translator(model: Path, backend: str, glossary: Glossary | None = None) -> Translator:
    return Translator(
        model, backend=backend, device="cpu", threads=1, glossary=glossary, checks=["term"]
    )


def _only_in_third(top: Translation, hyps: list[Translation]) -> str | None:
    """A phrase of the 3rd hypothesis found in no other hypothesis and not in the top output."""
    words = hyps[2].text.split()
    others = [top.text, *(h.text for i, h in enumerate(hyps) if i != 2)]
    for n in range(1, len(words) + 1):
        for start in range(len(words) - n + 1):
            phrase = " ".join(words[start : start + n])
            if re.fullmatch(r"\w.*\w|\w", phrase) is None:
                continue
            if not any(target_pattern(phrase).search(text) for text in others):
                return phrase
    return None


def _case(model: Path, backend: str) -> tuple[str, Translation, list[Translation], str]:
    """A source, its top output, its n-best list and a target only its 3rd hypothesis has,
    found by looking at what the model really outputs."""
    plain = _translator(model, backend)
    for source in SOURCES:
        top = plain.translate([source])[0]
        hyps = plain.nbest([source])[0]
        phrase = _only_in_third(top, hyps) if len(hyps) >= 3 else None
        if phrase is not None:
            return source, top, hyps, phrase
    pytest.fail("no source whose 3rd hypothesis has a phrase of its own")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_target_only_in_the_third_hypothesis_is_chosen(tiny_model: Path, backend: str) -> None:
    source, top, hyps, phrase = _case(tiny_model, backend)
    term = source.split()[0]
    glossary = Glossary("g.tsv", (GlossaryEntry(term, (phrase,)),))
    translator = _translator(tiny_model, backend, glossary)
    (result,) = translator.translate([source])
    assert result.text == hyps[2].text != top.text
    assert result.confidence == hyps[2].confidence
    assert "enforced" in result.flags
    assert not any(f.startswith("term:") for f in result.flags)
    # its confidence is its own: one teacher-forced pass over the chosen output
    pieces = translator.vocab.encode(source)
    scored = translator.backend.score([pieces], [_pieces(translator, source, result.text)])
    assert math.isclose(confidence(scored[0])[0], result.confidence, rel_tol=1e-6)


def _pieces(translator: Translator, source: str, text: str) -> list[str]:
    """The output pieces of the n-best hypothesis whose text is ``text``."""
    pieces = translator.vocab.encode(source)
    options = DecodeOptions(translator.beams, max_new_tokens(len(pieces), translator.cap))
    hyps = translator.backend.nbest([pieces], options, NBEST)[0]
    found = next(h for h in hyps if translator.vocab.decode(h) == text)
    return found if found[-1:] == [EOS] else [*found, EOS]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_target_in_no_hypothesis_leaves_the_top_and_its_flag(
    tiny_model: Path, backend: str
) -> None:
    source = SOURCES[0]
    (top,) = _translator(tiny_model, backend).translate([source])
    glossary = Glossary("g.tsv", (GlossaryEntry("Dewan Keamanan", ("Security Council",)),))
    (result,) = _translator(tiny_model, backend, glossary).translate([source])
    assert result.text == top.text
    assert result.confidence == top.confidence
    assert "term:Dewan Keamanan" in result.flags
    assert "enforced" not in result.flags


def test_passing_checks_cost_no_nbest_and_failing_ones_share_a_call(tiny_model: Path) -> None:
    glossary = Glossary("g.tsv", (GlossaryEntry("Dewan Keamanan", ("Security Council",)),))
    translator = _translator(tiny_model, "ctranslate2", glossary)
    calls: list[list[str]] = []

    def nbest(texts: list[str], n: int = 8) -> list[list[Translation]]:
        calls.append(list(texts))
        return [[] for _ in texts]

    translator.nbest = nbest  # type: ignore[method-assign]
    translator.translate(["Harga beras naik."])  # no glossary term: nothing fails
    assert calls == []
    failing = ["Dewan Keamanan bersidang.", "Dewan Keamanan PBB bersidang hari ini."]
    results = translator.translate([failing[0], "Harga beras naik.", failing[1]])
    assert [sorted(texts) for texts in calls] == [sorted(failing)]  # one call for both
    assert ["term:Dewan Keamanan" in r.flags for r in results] == [True, False, True]


def test_benchmark_mode_checks_but_asks_for_no_nbest(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With forced output lengths (benchmarks) a failed check keeps its flag, and no
    n-best decoding is added to what the benchmark times."""
    monkeypatch.setenv("ALIGNER_BENCH_OUTPUT_TOKENS", "6")
    glossary = Glossary("g.tsv", (GlossaryEntry("Dewan Keamanan", ("Security Council",)),))
    translator = _translator(tiny_model, "ctranslate2", glossary)
    calls: list[list[str]] = []
    translator.nbest = lambda texts, n=8: calls.append(list(texts)) or []  # type: ignore[method-assign]
    (result,) = translator.translate(["Dewan Keamanan bersidang."])
    assert calls == [] and "term:Dewan Keamanan" in result.flags and result.tokens == 6


def test_glossary_in_signature(tiny_model: Path) -> None:
    one = Glossary("g.tsv", (GlossaryEntry("a", ("b",)),))
    two = Glossary("g.tsv", (GlossaryEntry("a", ("c",)),))
    first = _translator(tiny_model, "ctranslate2", one).signature()["checks"]
    second = _translator(tiny_model, "ctranslate2", two).signature()["checks"]
    assert first["glossary_sha256"] == one.sha256 != second["glossary_sha256"]
    assert _translator(tiny_model, "ctranslate2").signature()["checks"]["glossary_sha256"] is None
