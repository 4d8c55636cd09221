"""The HTML report of ``aligner evaluate -o report.html``: one self-contained page.

Built with xml.etree like the batch report; inline CSS and SVG only (no script, no network),
in the look of the review page (``aligner.output.formats.html``): the same type, greys and
red-to-green bands. Sections, each only where its data exists: the scores with sacrebleu's
signatures; what the confidence (and ``--scores``) is worth, as the filter curve and a
scatter of score against sentence chrF; per-document chrF as bars; flags; the baseline.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from aligner.common.jsontext import replace_surrogates
from aligner.evaluation.calibration import FlagSummary, ScoreQuality
from aligner.evaluation.evaluate import DocumentScore, Evaluation
from aligner.evaluation.significance import Comparison
from aligner.evaluation.summary import LABELS, corr_text
from aligner.evaluation.svg import Axis, Series, bars, line_chart, nice_ticks, scatter

__all__ = ["MAX_DOCUMENTS", "MAX_POINTS", "band_color", "render_report"]

MAX_POINTS = 5000  # scatter dots: a larger corpus is thinned to every k-th line
MAX_DOCUMENTS = 50  # document bars: more documents show the lowest-chrF ones
CONFIDENCE_COLOR, SCORES_COLOR = "#2f6f9f", "#c2571a"

_CSS = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1d232a;background:#fff}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
.summary{color:#4a5560;margin:.2rem 0 .8rem}
.note{color:#4a5560;margin:.2rem 0 .8rem;font-size:.85rem;max-width:60rem}
table{border-collapse:collapse;margin:.3rem 0 .8rem;font-size:.85rem}
th{text-align:left;color:#4a5560;padding:.3rem .6rem;border-bottom:2px solid #8a949e}
td{padding:.3rem .6rem;border-bottom:1px solid #e3e6e9;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:.75rem ui-monospace,monospace;color:#4a5560;overflow-wrap:anywhere}
.figures{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0;flex:0 1 480px}figure.wide{flex-basis:640px}
figcaption{font-size:.8rem;color:#4a5560;margin-top:.2rem}
svg.plot{max-width:100%;height:auto;font-family:inherit}
"""


def band_color(value: float) -> str:
    """The review page's edge colour of ``value`` in [0, 1]: ten bands, red to green."""
    index = 0 if math.isnan(value) else min(9, max(0, int(value * 10)))
    return f"hsl({round(120 * index / 9)} 60% 42%)"


def _clean(text: str) -> str:
    return replace_surrogates(text)  # UTF-8 cannot hold a lone surrogate


def render_report(evaluation: Evaluation) -> str:
    """The whole page as text."""
    html = ET.Element("html", lang="en")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    ET.SubElement(head, "title").text = _clean(f"aligner evaluation: {evaluation.inputs.hyp.path}")
    ET.SubElement(head, "style").text = _CSS
    body = ET.SubElement(html, "body")
    ET.SubElement(body, "h1").text = "Translation evaluation"
    _summary(body, evaluation)
    _scores(body, evaluation)
    qualities = [q for q in (evaluation.confidence, evaluation.scores) if q is not None]
    if qualities:
        _quality(body, evaluation, qualities)
    if evaluation.documents is not None:
        _documents(body, evaluation.documents)
    for summary in (evaluation.flags, evaluation.text_flags):
        if summary is not None:
            _flags(body, summary)
    if evaluation.baseline is not None:
        _baseline(body, str(evaluation.inputs.baseline_path), evaluation.baseline)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html") + "\n"


def _summary(body: ET.Element, evaluation: Evaluation) -> None:
    inputs = evaluation.inputs
    lines = len(evaluation.sentence_chrf)
    parts = [f"{inputs.hyp.path} against {inputs.ref_path}", f"{lines} lines"]
    if inputs.src_path:
        parts.append(f"sources {inputs.src_path}")
    ET.SubElement(body, "p", {"class": "summary"}).text = _clean(" · ".join(parts))


Cell = str | float | int | ET.Element  # an Element is put in the cell as it is


def _table(parent: ET.Element, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """A table: floats with two decimals, numbers right-aligned."""
    table = ET.SubElement(parent, "table")
    ET.SubElement(table, "tr").extend(_element("th", name) for name in header)
    for cells in rows:
        ET.SubElement(table, "tr").extend(_cell(cell) for cell in cells)


def _element(tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.Element(tag, attrs)
    element.text = _clean(text)
    return element


def _cell(value: Cell) -> ET.Element:
    if isinstance(value, ET.Element):
        cell = ET.Element("td")
        cell.append(value)
        return cell
    if isinstance(value, str):
        return _element("td", value)
    return _element(
        "td", f"{value:.2f}" if isinstance(value, float) else str(value), **{"class": "num"}
    )


def _scores(body: ET.Element, evaluation: Evaluation) -> None:
    ET.SubElement(body, "h2").text = "Scores"
    rows = [
        (LABELS[key], score.score, _element("code", score.line))
        for key, score in evaluation.metrics.items()
    ]
    _table(body, ["metric", "score", "sacrebleu signature"], rows)


def _quality(body: ET.Element, evaluation: Evaluation, qualities: list[ScoreQuality]) -> None:
    worth = "the confidence is" if evaluation.confidence is not None else "the scores are"
    ET.SubElement(body, "h2").text = f"What {worth} worth"
    _table(body, ["score", "lines", "Spearman", "Kendall"], [
        (q.source, q.lines, corr_text(q.spearman), corr_text(q.kendall)) for q in qualities
    ])  # fmt: skip
    ET.SubElement(body, "p", {"class": "note"}).text = (
        "Rank correlation of each score with sentence chrF (1: the same order, 0: none). "
        "The filter curves show the corpus score of the lines kept when the lowest-scored "
        "share is dropped: a rising curve means the score finds the bad translations."
    )
    figures = ET.SubElement(body, "div", {"class": "figures"})
    for label, pick in (("chrF", 0), ("BLEU", 1)):
        _figure(
            figures,
            _curve(qualities, label, pick),
            f"Corpus {label} of the lines kept"
            + (
                " (dashed: " + ", ".join(q.source for q in qualities[1:]) + ")."
                if len(qualities) > 1
                else "."
            ),
        )
    for quality in qualities:
        values = _line_values(evaluation, quality)
        step = _thin(len(values))
        _figure(
            figures,
            _scatter(quality, values, evaluation.sentence_chrf),
            f"{quality.source} against sentence chrF, one dot per line"
            + (f" (every {step}th line)." if step > 1 else "."),
        )


def _figure(parent: ET.Element, svg: ET.Element, caption: str, wide: bool = False) -> None:
    figure = ET.SubElement(parent, "figure", {"class": "wide"} if wide else {})
    figure.append(svg)
    ET.SubElement(figure, "figcaption").text = _clean(caption)


def _curve(qualities: list[ScoreQuality], label: str, pick: int) -> ET.Element:
    series = [
        Series(
            quality.source,
            tuple((p.dropped, (p.chrf, p.bleu)[pick]) for p in quality.curve),
            (CONFIDENCE_COLOR, SCORES_COLOR)[min(number, 1)],
            dashed=number > 0,
        )
        for number, quality in enumerate(qualities)
    ]
    values = [v for s in series for _, v in s.points]
    low = max(0.0, min(values) - 0.5)  # BLEU and chrF are never below 0
    y = Axis(tuple(nice_ticks(low, max(values) + 0.5)), f"corpus {label}")
    x = Axis(tuple(nice_ticks(0.0, 0.5)), "share of lines dropped (lowest score first)", True)
    return line_chart(f"Filter curve: {label}", x, y, series)


def _line_values(evaluation: Evaluation, quality: ScoreQuality) -> Sequence[float]:
    inputs = evaluation.inputs
    if quality.source == "confidence" and inputs.hyp.confidence is not None:
        return inputs.hyp.confidence
    return inputs.scores or ()


def _thin(count: int) -> int:
    return max(1, math.ceil(count / MAX_POINTS))


def _scatter(quality: ScoreQuality, values: Sequence[float], chrf: Sequence[float]) -> ET.Element:
    step = _thin(len(values))
    points = [
        (values[i], chrf[i]) for i in range(0, len(values), step) if not math.isnan(values[i])
    ]
    xs = [a for a, _ in points] or [0.0, 1.0]
    unit = min(xs) >= 0.0 and max(xs) <= 1.0  # a probability: the review page's colours
    ticks = nice_ticks(0.0, 1.0) if unit else nice_ticks(min(xs), max(xs))
    colors = [band_color(a) if unit else CONFIDENCE_COLOR for a, _ in points]
    x = Axis(tuple(ticks), quality.source)
    y = Axis(tuple(nice_ticks(0.0, 100.0)), "sentence chrF")
    return scatter(f"{quality.source} against sentence chrF", x, y, points, colors)


def _documents(body: ET.Element, documents: Sequence[DocumentScore]) -> None:
    ET.SubElement(body, "h2").text = f"Documents ({len(documents)})"
    shown = list(documents)
    if len(shown) > MAX_DOCUMENTS:
        shown = sorted(shown, key=lambda d: d.chrf)[:MAX_DOCUMENTS]
        note = f"The {MAX_DOCUMENTS} documents with the lowest chrF, lowest first."
        ET.SubElement(body, "p", {"class": "note"}).text = note
    svg = bars(
        "chrF by document",
        [_clean(d.doc) for d in shown],
        [d.chrf for d in shown],
        [f"chrF {d.chrf:.1f} · BLEU {d.bleu:.1f} · {d.lines} lines" for d in shown],
        [band_color(d.chrf / 100) for d in shown],
    )
    figures = ET.SubElement(body, "div", {"class": "figures"})
    _figure(figures, svg, "Corpus chrF of each document's lines (bar), BLEU and line count.", True)


def _flags(body: ET.Element, summary: FlagSummary) -> None:
    origin = "Flags of the hypotheses" if summary.source == "hyp" else "Text flags on the sources"
    ET.SubElement(body, "h2").text = origin
    clean = summary.lines - summary.flagged
    rows: list[Sequence[Cell]] = [
        ("flagged (any flag)", summary.flagged, _share(summary.flagged, summary.lines),
         _mean(summary.flagged_chrf)),
        ("unflagged", clean, _share(clean, summary.lines), _mean(summary.unflagged_chrf)),
    ]  # fmt: skip
    rows += [(name, n, _share(n, summary.lines), mean) for name, n, mean in summary.by_flag]
    _table(body, ["lines", "count", "share", "mean sentence chrF"], rows)


def _share(count: int, total: int) -> str:
    return f"{count / total:.2%}" if total else "–"


def _mean(value: float | None) -> Cell:
    return "–" if value is None else value


def _baseline(body: ET.Element, path: str, tests: dict[str, Comparison]) -> None:
    ET.SubElement(body, "h2").text = "Against the baseline"
    ET.SubElement(body, "p", {"class": "note"}).text = _clean(
        f"Paired bootstrap resampling (sacrebleu) against {path}."
    )
    rows = [
        (LABELS[key], t.score, t.baseline, t.score - t.baseline, f"{t.p_value:.4f}",
         _element("code", t.signature))
        for key, t in tests.items()
    ]  # fmt: skip
    _table(body, ["metric", "HYP", "baseline", "difference", "p-value", "signature"], rows)
