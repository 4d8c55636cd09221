"""aligner.evaluation as a library: readers, sacrebleu scores, correlations, curve, flags."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF

from aligner.errors import EvaluationError, InputNotFoundError
from aligner.evaluation import HypFormat, evaluate, load
from aligner.evaluation.calibration import (
    filter_curve,
    kendall,
    rank,
    spearman,
    summarise_flags,
)
from aligner.evaluation.evaluate import source_flags
from aligner.evaluation.metrics import line_stats
from aligner.evaluation.readers import read_hypotheses, read_lines
from aligner.evaluation.significance import paired_bootstrap
from aligner.evaluation.svg import nice_ticks

DATA = Path(__file__).parents[1] / "data"
HYP = DATA / "tico19-sample.opus-mt-id-en.en"
REF = DATA / "tico19-sample.en"
SRC = DATA / "tico19-sample.id"
DOCS = DATA / "tico19-sample.docs"


@pytest.fixture(scope="module")
def sample() -> tuple[list[str], list[str]]:
    return read_lines(HYP), read_lines(REF)


# --- correlations, on cases computed by hand -------------------------------------------


def test_rank_shares_tied_ranks():
    assert rank([10.0, 30.0, 20.0, 20.0]) == [1.0, 4.0, 2.5, 2.5]


def test_spearman_and_kendall_without_ties():
    # d = -1, 1, -1, 1, 0: rho = 1 - 6*4 / (5*24) = 0.8; discordant (1,2), (3,4): tau = 6/10
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 1.0, 4.0, 3.0, 5.0]
    assert spearman(x, y) == pytest.approx(0.8)
    assert kendall(x, y) == pytest.approx(0.6)


def test_spearman_and_kendall_with_ties():
    # ranks x 1.5 1.5 3 4, y 1 2.5 2.5 4: rho = 3.75 / 4.5; C = 4, D = 0, one tie on
    # each side: tau-b = 4 / sqrt(5 * 5)
    x, y = [1.0, 1.0, 2.0, 3.0], [1.0, 2.0, 2.0, 3.0]
    assert spearman(x, y) == pytest.approx(3.75 / 4.5)
    assert kendall(x, y) == pytest.approx(0.8)


def test_reversed_order_is_minus_one_and_constant_is_undefined():
    assert kendall([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    assert spearman([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    assert kendall([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None
    assert spearman([1.0, 1.0], [1.0, 2.0]) is None
    assert kendall([1.0], [2.0]) is None


def _kendall_by_pairs(x: list[float], y: list[float]) -> float:
    concordant = discordant = x_only = y_only = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx * dy > 0:
            concordant += 1
        elif dx * dy < 0:
            discordant += 1
        elif dx == 0 and dy != 0:
            x_only += 1
        elif dy == 0 and dx != 0:
            y_only += 1
    return (concordant - discordant) / math.sqrt(
        (concordant + discordant + x_only) * (concordant + discordant + y_only)
    )


@pytest.mark.parametrize("seed", range(5))
def test_fast_kendall_matches_counting_every_pair(seed: int):
    rng = random.Random(seed)
    x = [float(rng.randint(0, 6)) for _ in range(60)]  # many ties on both sides
    y = [float(rng.randint(0, 6)) for _ in range(60)]
    assert kendall(x, y) == pytest.approx(_kendall_by_pairs(x, y))


# --- readers: the files as they are ------------------------------------------------------


def test_lines_are_read_as_they_are(tmp_path: Path):
    path = tmp_path / "ref.en"
    path.write_bytes("\ufeffa\u200bb  \r\nc\u2028d\n\n  e".encode())
    assert read_lines(path) == ["\ufeffa\u200bb  ", "c\u2028d", "", "  e"]


def test_the_sample_references_keep_their_zero_width_spaces():
    assert sum(line.count("\u200b") for line in read_lines(REF)) == 2


def test_jsonl_and_tsv_hypotheses(tmp_path: Path):
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text(
        '{"doc": "a", "target": "One.", "confidence": 0.5, "flags": ["copy"]}\n'
        '{"doc": "b", "target": "Two.", "confidence": null, "flags": []}\n',
        encoding="utf-8",
    )
    hyp = read_hypotheses(jsonl)
    assert hyp.texts == ("One.", "Two.") and hyp.docs == ("a", "b")
    assert hyp.confidence is not None and hyp.confidence[0] == 0.5
    assert math.isnan(hyp.confidence[1])
    assert hyp.flags == (frozenset({"copy"}), frozenset())
    tsv = tmp_path / "h.tsv"
    tsv.write_text("Satu.\tOne.\t0.2500\nDua.\tTwo.\t1.0000\n", encoding="utf-8")
    assert read_hypotheses(tsv).confidence == (0.25, 1.0)
    as_text = read_hypotheses(tsv, HypFormat.text).texts
    assert as_text == ("Satu.\tOne.\t0.2500", "Dua.\tTwo.\t1.0000")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("h.en", "", "the hypothesis file is empty"),
        ("h.jsonl", '{"source": "x"}\n', "line 1 has no 'target' text"),
        ("h.jsonl", "[1]\n", "line 1 is not a JSON object"),
        ("h.jsonl", "{oops\n", "line 1 is not JSON"),
        ("h.tsv", "a\tb\n", "line 1 has 2 tab-separated fields, not 3"),
        ("h.tsv", "a\tb\thigh\n", "line 1: 'high' is not a number"),
    ],
)
def test_bad_hypotheses_are_one_line_errors(tmp_path: Path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as info:
        read_hypotheses(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_line_counts_must_match(tmp_path: Path):
    short = tmp_path / "short.en"
    short.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(EvaluationError) as info:
        load(HYP, short)
    assert str(info.value) == f"line counts differ: {HYP} has 41 lines, REF {short} has 2"
    with pytest.raises(InputNotFoundError, match="no such file"):
        load(HYP, tmp_path / "missing.en")


# --- sacrebleu scores from sentence statistics -----------------------------------------


def test_subset_scores_are_sacrebleus_own(sample):
    hyps, refs = sample
    stats = line_stats(hyps, refs, ("bleu", "chrf"))
    lines = list(range(0, len(hyps), 3))
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        whole = metric.corpus_score(hyps, [refs])
        assert stats[key].corpus().score == whole.score
        assert stats[key].score(range(len(hyps))) == pytest.approx(whole.score, abs=1e-9)
        part = metric.corpus_score([hyps[i] for i in lines], [[refs[i] for i in lines]])
        assert stats[key].score(lines) == pytest.approx(part.score, abs=1e-9)
    assert stats["chrf"].sentence(4) == CHRF().sentence_score(hyps[4], [refs[4]]).score


def test_score_lines_are_printed_as_sacrebleu_prints_them(sample):
    hyps, refs = sample
    score = line_stats(hyps, refs, ("bleu",))["bleu"].corpus()
    metric = BLEU()
    expected = metric.corpus_score(hyps, [refs])
    signature = metric.get_signature().format()
    assert score.signature == signature
    assert score.signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert score.line == expected.format(width=1, signature=signature)


# --- filter curve, flags, bootstrap ---------------------------------------------------


def test_filter_curve_keeps_fewer_and_better_lines_with_an_oracle_score(sample):
    hyps, refs = sample
    stats = line_stats(hyps, refs, ("bleu", "chrf"))
    chrf = [stats["chrf"].sentence(i) for i in range(len(hyps))]
    curve = filter_curve(chrf, stats["bleu"], stats["chrf"], chrf)  # the score is chrF itself
    assert [p.dropped for p in curve] == [0.0, 0.05, 0.1, 0.2, 0.3, 0.5]
    assert [p.kept for p in curve] == [41, 39, 37, 33, 29, 21]  # 41 - floor(share * 41)
    for earlier, later in itertools.pairwise(curve):
        assert later.min_score >= earlier.min_score
        assert later.mean_sentence_chrf >= earlier.mean_sentence_chrf
    assert curve[0].chrf == stats["chrf"].corpus().score


def test_flag_summary_by_hand():
    flags = [frozenset({"copy"}), frozenset(), frozenset({"copy", "ratio"}), frozenset()]
    summary = summarise_flags("hyp", flags, [10.0, 60.0, 30.0, 80.0])
    assert (summary.flagged, summary.flagged_chrf, summary.unflagged_chrf) == (2, 20.0, 70.0)
    assert summary.by_flag == (("copy", 2, 20.0), ("ratio", 1, 30.0))
    assert summary.to_json()["by_flag"]["ratio"] == {"lines": 1, "rate": 0.25, "mean_chrf": 30.0}


@pytest.mark.parametrize(
    ("source", "hypothesis", "flags"),
    [
        ("Presiden Joko Widodo.", "", {"empty"}),
        ("Universitas Indonesia", "Universitas Indonesia", {"copy"}),
        ("Pemerintah akan membangun jalan baru di Jawa Barat.", "Road.", {"ratio"}),
        ("Itu sangat bagus.", "That is very very very very good.", {"repeat"}),
        ("Dia berkata.", "He said.", set()),
    ],
)
def test_source_flags(source, hypothesis, flags):
    assert source_flags(source, hypothesis) == frozenset(flags)


def test_text_flags_on_real_mt_catch_the_sample_lines():
    result = evaluate(load(HYP, REF, src=SRC, docs=DOCS))
    assert result.text_flags is not None
    # number: line 167 (a figure number in Indonesian style), 1323 (numbers dropped), 1568
    assert dict((n, c) for n, c, _ in result.text_flags.by_flag) == {
        "number": 3,
        "ratio": 2,
        "repeat": 1,
    }
    assert result.line_text_flags is not None
    assert "number:1,1" in result.line_text_flags[15]  # line 167: "Gbr. 1.1" -> "Gbr. 1,1"
    assert result.documents is not None
    assert [d.doc for d in result.documents] == [
        "CMU_1", "PubMed_7", "Wikipedia_handpicked_3", "Wikipedia_handpicked_7", "Wikisource_2",
    ]  # fmt: skip
    assert sum(d.lines for d in result.documents) == 41


def test_paired_bootstrap(sample):
    hyps, refs = sample
    # one line apart: a difference chance explains (with identical systems sacrebleu's test
    # gives 1 / (resamples + 1), as no resample differs by more than 0)
    close = paired_bootstrap(hyps, [hyps[0].lower(), *hyps[1:]], refs, resamples=200)
    assert close["bleu"].p_value > 0.05 and close["chrf"].p_value > 0.05
    worse = paired_bootstrap(hyps, [h.lower()[: len(h) // 2] for h in hyps], refs, 200)
    assert worse["chrf"].score > worse["chrf"].baseline and worse["chrf"].p_value < 0.05
    assert "bs:200|seed:12345" in worse["chrf"].signature


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [(0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), (62.1, 66.0, [62.0, 63.0, 64.0, 65.0, 66.0])],
)
def test_nice_ticks(low, high, ticks):
    assert nice_ticks(low, high) == ticks
