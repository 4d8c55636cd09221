"""`aligner evaluate` end to end: translate a fixture with the tiny model, then score it."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.evaluation import evaluate, load
from aligner.evaluation.readers import read_lines
from aligner.evaluation.report import CONFIDENCE_COLOR, band_color, render_report

DATA = Path(__file__).parents[1] / "data"
ARTICLE = DATA / "translate-article.id.txt"
ARTICLE_REF = DATA / "translate-article.en.txt"
HYP = DATA / "tico19-sample.opus-mt-id-en.en"
REF = DATA / "tico19-sample.en"
SRC = DATA / "tico19-sample.id"
DOCS = DATA / "tico19-sample.docs"
FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]
METRIC_FIELDS = {"name", "score", "signature", "verbose", "line"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def translated(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture article translated by the tiny model, as our JSONL."""
    out = tmp_path_factory.mktemp("evaluate") / "article.jsonl"
    args = ["translate", "--model", str(tiny_model), *FAST, str(ARTICLE), "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def _json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["evaluate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_translate_then_evaluate_gives_every_field(runner, translated, tmp_path):
    report, sentences = tmp_path / "report.html", tmp_path / "sentences.jsonl"
    scores = tmp_path / "lengths.scores"  # an external per-line score: the target's length
    records = [json.loads(line) for line in translated.read_text("utf-8").splitlines()]
    scores.write_text("".join(f"{len(r['target'])}\n" for r in records), encoding="utf-8")
    sources = tmp_path / "article.id"  # the segmented source, one sentence a line
    sources.write_text("".join(r["source"] + "\n" for r in records), encoding="utf-8")
    data = _json(runner, str(translated), str(ARTICLE_REF), "--src", str(sources),
                 "--scores", str(scores), "--baseline", str(ARTICLE_REF), "--resamples", "50",
                 "-o", str(report), "--sentences", str(sentences))  # fmt: skip
    assert list(data) == [
        "hyp", "ref", "src", "lines", "bleu", "chrf", "chrf++", "ter", "documents",
        "confidence", "scores", "flags", "text_flags", "baseline", "sacrebleu",
    ]  # fmt: skip
    assert data["lines"] == 7
    assert all(set(data[key]) == METRIC_FIELDS for key in ("bleu", "chrf", "chrf++", "ter"))
    assert data["chrf++"]["name"] == "chrF2++" and "nw:2" in data["chrf++"]["signature"]
    assert data["documents"] == [
        {"doc": str(ARTICLE), "lines": 7, "bleu": data["bleu"]["score"],
         "chrf": data["chrf"]["score"]}
    ]  # fmt: skip
    for key in ("confidence", "scores"):
        quality = data[key]
        assert set(quality) == {"source", "lines", "spearman", "kendall", "filter_curve"}
        assert -1 <= quality["spearman"] <= 1 and -1 <= quality["kendall"] <= 1
        curve = quality["filter_curve"]
        assert [p["dropped"] for p in curve] == [0.0, 0.05, 0.1, 0.2, 0.3, 0.5]
        for earlier, later in itertools.pairwise(curve):  # monotone in the share dropped
            assert later["kept"] <= earlier["kept"]
            assert later["min_score"] >= earlier["min_score"]
        assert curve[0]["kept"] == 7 and curve[-1]["kept"] == 4
        assert curve[0]["chrf"] == data["chrf"]["score"]
    assert data["flags"]["by_flag"]["passthrough"]["lines"] == 2  # "***" and "2024"
    assert data["text_flags"]["source"] == "src" and data["text_flags"]["lines"] == 7
    baseline = data["baseline"]  # the reference itself as the "baseline" system: it wins
    assert baseline["path"] == str(ARTICLE_REF)
    assert baseline["bleu"]["baseline"] == pytest.approx(100.0)
    assert baseline["chrf"]["difference"] < 0 and 0 < baseline["chrf"]["p_value"] <= 1
    lines = [json.loads(line) for line in sentences.read_text("utf-8").splitlines()]
    assert [r["line"] for r in lines] == list(range(1, 8))
    assert set(lines[0]) == {"line", "chrf", "doc", "confidence", "score", "flags", "text_flags"}
    assert report.read_text("utf-8").count('class="plot"') == 5  # 2 curves, 2 scatters, bars


def test_the_tsv_confidence_is_measured_too(runner, tiny_model, tmp_path):
    tsv = tmp_path / "article.tsv"
    args = ["translate", "--model", str(tiny_model), *FAST, str(ARTICLE), "-o", str(tsv)]
    assert runner.invoke(app, args).exit_code == 0
    data = _json(runner, str(tsv), str(ARTICLE_REF))
    assert data["confidence"]["lines"] == 7 and data["flags"] is None


def test_the_table_starts_with_sacrebleus_own_lines(runner):
    result = runner.invoke(app, ["evaluate", str(HYP), str(REF), "--docs", str(DOCS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert lines[1].startswith("chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert lines[2].startswith("chrF2++|") and lines[3].startswith("TER|nrefs:1|case:lc|")
    assert any(line.startswith("Wikisource_2 ") for line in lines)


def _bad_inputs(tmp_path: Path, translated: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    no_target = tmp_path / "no-target.jsonl"
    no_target.write_text('{"source": "Satu.", "confidence": 0.5}\n', encoding="utf-8")
    seven = tmp_path / "seven.scores"
    seven.write_text("0.5\n" * 7, encoding="utf-8")
    return {
        "missing": ([str(tmp_path / "nope.en"), str(REF)], f"{tmp_path / 'nope.en'}: no such file"),
        "counts": ([str(translated), str(REF)],
                   f"line counts differ: {translated} has 7 lines, REF {REF} has 41"),
        "empty": ([str(empty), str(REF)], f"{empty}: the hypothesis file is empty"),
        "target": ([str(no_target), str(REF)], f"{no_target}: line 1 has no 'target' text"),
        "scores": ([str(HYP), str(REF), "--scores", str(seven)],
                   f"line counts differ: {HYP} has 41 lines, --scores {seven} has 7"),
        "not-a-score": ([str(HYP), str(REF), "--scores", str(REF)],
                        f"{REF}: line 1: {read_lines(REF)[0]!r} is not a number"),
    }  # fmt: skip


@pytest.mark.parametrize("case", ["missing", "counts", "empty", "target", "scores", "not-a-score"])
def test_bad_input_is_one_line_and_writes_nothing(runner, translated, tmp_path, case):
    args, message = _bad_inputs(tmp_path, translated)[case]
    out = tmp_path / "out"
    out.mkdir()
    report, sentences = out / "report.html", out / "sentences.jsonl"
    result = runner.invoke(
        app, ["evaluate", *args, "-o", str(report), "--sentences", str(sentences), "--json"]
    )
    assert result.exit_code == 1
    assert result.stderr == f"aligner: error: {message}\n"
    assert result.stdout == "" and list(out.iterdir()) == []


def test_an_output_on_an_input_is_refused(runner, tmp_path):
    ref = tmp_path / "ref.en"
    shutil.copy(REF, ref)
    result = runner.invoke(app, ["evaluate", str(HYP), str(ref), "--sentences", str(ref)])
    assert result.exit_code == 1 and "refusing to write" in result.stderr
    assert ref.read_bytes() == REF.read_bytes()


# --- the report in a real browser ------------------------------------------------------


def _chromium() -> str | None:
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((path for path in map(shutil.which, names) if path), None)


def _pixels_near(png: Path, color: str, tolerance: int = 40) -> int:
    from PIL import Image

    target = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(png).convert("RGB")
    return sum(
        1 for pixel in image.get_flattened_data()
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))
    )  # fmt: skip


@pytest.mark.skipif(_chromium() is None, reason="no Chromium binary (apt-get install chromium)")
def test_the_report_renders_its_plots_in_chromium(tmp_path):
    scores = tmp_path / "lengths.scores"
    scores.write_text("".join(f"{len(h)}\n" for h in HYP.read_text("utf-8").splitlines()))
    evaluation = evaluate(load(HYP, REF, src=SRC, docs=DOCS, scores=scores))
    page = tmp_path / "report.html"
    page.write_text(render_report(evaluation), encoding="utf-8")
    dom = subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert dom.count('class="plot"') == 4 and dom.count("<polyline") == 2  # curves, scatter, bars
    png = tmp_path / "report.png"
    subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={png}", "--window-size=1280,1800", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    # the curves and the scatter of the one score are drawn in CONFIDENCE_COLOR, the bars
    # in the band colour of their chrF: nothing else on the page has these colours
    assert _pixels_near(png, CONFIDENCE_COLOR) > 1000
    bar = band_color(evaluation.documents[0].chrf / 100)
    assert _pixels_near(png, _rgb(bar), tolerance=12) > 500


def _rgb(hsl: str) -> str:
    from PIL import ImageColor

    hue, saturation, lightness = hsl[4:-1].split()
    red, green, blue = ImageColor.getrgb(f"hsl({hue}, {saturation}, {lightness})")[:3]
    return f"#{red:02x}{green:02x}{blue:02x}"
