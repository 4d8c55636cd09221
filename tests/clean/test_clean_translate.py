"""Noise flags in translation and batch (issue #12), with the tiny model: the article's
footer and byline, English copied through, corpus formats leaving noise out."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.clean import NoiseFlagger
from aligner.cli import app
from aligner.pipeline import translate_sentences
from aligner.text.segmenter import Sentence
from aligner.translation.stack import TranslatorStack
from aligner.translation.translator import Translator
from aligner.types import SupportsTranslateIter

DATA = Path(__file__).parents[1] / "data"
ARTICLE = DATA / "article-ukraine.id.txt"
SPAM = "Posted By : togel hongkonģ malam ini"
BYLINE = ("Aamer Madhani dan Ellen Knickmeyer di Washington dan Yuras Karmanau di Kyiv, "
          "Ukraina, berkontribusi.")  # fmt: skip
ENGLISH = "We will not let anyone slam NATO's open door policy, the ambassador told reporters."
FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1", "-q"]
runner = CliRunner()
Progress = Callable[[int], None]


def translate(tiny_model: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["translate", "--model", str(tiny_model), *FAST, *args])
    return result.exit_code, result.stderr


def noise_flags(flags: list[str]) -> list[str]:
    return [f for f in flags if f.startswith(("boilerplate:", "lang-src:"))]


@pytest.fixture(scope="module")
def article_records(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("article") / "a.jsonl"
    code, err = translate(tiny_model, str(ARTICLE), "-o", str(out))
    assert code == 0, err
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_article_footer_and_byline_flagged_everything_else_not(article_records: list[dict]) -> None:
    flagged = {r["source"]: noise_flags(r["flags"]) for r in article_records}
    assert flagged.pop(SPAM) == ["boilerplate:spam"]
    assert flagged.pop(BYLINE) == ["boilerplate:byline"]
    assert all(flags == [] for flags in flagged.values())
    # flagged lines are still translated (jsonl keeps every pair)
    spam = next(r for r in article_records if r["source"] == SPAM)
    assert spam["target"] and "passthrough" not in spam["flags"]


def test_article_tsv_leaves_the_noise_out(
    tiny_model: Path, tmp_path: Path, article_records: list[dict]
) -> None:
    code, err = translate(tiny_model, str(ARTICLE), "-o", str(tmp_path / "a.tsv"))
    assert code == 0
    sources = [line.split("\t")[0] for line in (tmp_path / "a.tsv").read_text("utf-8").splitlines()]
    expected = [r["source"] for r in article_records if r["source"] not in (SPAM, BYLINE)]
    assert sources == expected
    assert "left out 2 of 35 pairs: 2 flagged as noise" in err
    code, err = translate(tiny_model, str(ARTICLE), "-o", str(tmp_path / "k.tsv"), "--keep-noise")
    assert len((tmp_path / "k.tsv").read_text("utf-8").splitlines()) == 35 and "left out" not in err


def test_english_sentence_is_copied_through(tiny_model: Path) -> None:
    text = f"Pemerintah akan membangun jalan baru di Jawa Barat tahun depan. {ENGLISH}"
    sentences = [
        Sentence(text[:62], 0, 0, 0, 62),
        Sentence(ENGLISH, 0, 1, 63, len(text)),
    ]
    translator = Translator(tiny_model, backend="transformers", device="cpu", beams=1)
    pairs = translate_sentences("doc", sentences, TranslatorStack(translator).translator)
    assert pairs[1].target == ENGLISH and pairs[1].confidence == 1.0
    assert pairs[1].flags == frozenset({"lang-src:en", "passthrough"})
    assert "passthrough" not in pairs[0].flags and not noise_flags(sorted(pairs[0].flags))


def test_clean_option_leaves_out_what_aligner_clean_removes(
    tiny_model: Path, tmp_path: Path
) -> None:
    code, err = translate(tiny_model, str(ARTICLE), "-o", str(tmp_path / "c.tsv"), "--clean")
    assert code == 0
    kept = (tmp_path / "c.tsv").read_text("utf-8").splitlines()
    assert "removed by --clean" in err and len(kept) < 33  # the random model's loops go


def test_batch_report_counts_the_noise(tiny_model: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ukraine.txt").write_bytes(ARTICLE.read_bytes())
    args = ["batch", str(tmp_path / "in"), str(tmp_path / "out"), "--model", str(tiny_model),
            "-f", "tsv,jsonl"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "left out of corpus tsv/moses/tmx: 2 flagged as noise" in result.stderr
    assert "left out of tsv/moses/tmx as noise" in (tmp_path / "out" / "report.html").read_text()
    tsv = (tmp_path / "out" / "corpus.tsv").read_text("utf-8")
    assert SPAM not in tsv and BYLINE not in tsv
    assert SPAM in (tmp_path / "out" / "corpus.jsonl").read_text("utf-8")


class _AllAtOnce:
    """The Translator seen through ``translate`` alone (what a translator that does not
    stream offers), so that NoiseFlagger takes its other path."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner

    def translate(self, texts: Sequence[str], *, progress: Progress | None = None) -> list:
        return self.inner.translate(texts, progress=progress)

    def signature(self) -> dict:
        return self.inner.signature()


def test_noise_flags_are_the_same_whether_the_translator_streams_or_not(tiny_model: Path) -> None:
    texts = ["Pemerintah akan membangun jalan baru.", ENGLISH, SPAM, "2024 - 25", SPAM,
             "Pemerintah akan membangun jalan baru.", BYLINE]  # fmt: skip
    translator = Translator(tiny_model, backend="transformers", device="cpu", beams=1)
    assert isinstance(translator, SupportsTranslateIter)
    assert not isinstance(_AllAtOnce(translator), SupportsTranslateIter)
    found = []
    for inner in (translator, _AllAtOnce(translator)):
        counted: list[int] = []
        found.append(NoiseFlagger(inner).translate(texts, progress=counted.append))
        assert sum(counted) == len(texts)
    assert found[0] == found[1]
    assert [t.flags >= {"lang-src:en", "passthrough"} for t in found[0]] == [
        False, True, False, False, False, False, False]  # fmt: skip
    assert "boilerplate:spam" in found[0][2].flags and found[0][2] == found[0][4]
    assert "boilerplate:byline" in found[0][6].flags and found[0][0] == found[0][5]
