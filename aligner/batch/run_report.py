"""The batch run report: ``report.html`` (built with xml.etree) and a short text summary.

Statistics cover every pair of every done document (this run's and resumed ones),
before the corpus filter; throughput covers only the work of this run.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from aligner.batch.merged import LOWEST
from aligner.batch.result import BINS, BatchResult
from aligner.common.jsontext import replace_surrogates
from aligner.output.io import atomic_write
from aligner.types import Pair

__all__ = ["render_html", "text_summary", "write_report"]

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
.bar { background: #4a7fb5; height: 0.9em; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f5f5f5; padding: 1em; overflow-x: auto; }
"""


def _status_counts(result: BatchResult) -> Counter[str]:
    return Counter(record.status for record in result.records)


def _rate(result: BatchResult) -> float:
    return result.sentences / result.seconds if result.seconds > 0 else 0.0


def text_summary(result: BatchResult) -> str:
    """A few lines for stderr."""
    counts = _status_counts(result)
    stats = result.stats
    lines = [
        f"files: {counts['done']} done ({result.resumed} unchanged since the last run), "
        f"{counts['failed']} failed, {counts['skipped']} skipped",
        f"sentences this run: {result.sentences} in {result.seconds:.1f}s "
        f"({_rate(result):.1f}/s); translation memory: {result.cache_hits} hits, "
        f"{result.cache_misses} translated",
        f"corpus: {result.corpus_pairs} unique pairs of {stats.pairs}"
        + (
            f", mean confidence {stats.mean_confidence:.3f}"
            if stats.mean_confidence is not None
            else ""
        ),
    ]
    if stats.flags:
        lines.append("flags: " + ", ".join(f"{k} {v}" for k, v in stats.flags.items()))
    blocks, chars = extraction_dropped(result)
    if blocks:
        lines.append(f"html extraction left out {blocks} text blocks ({chars} characters)")
    if result.corpus_left_out:
        lines.append(_left_out(result.corpus_left_out))
    if result.report_path is not None:
        lines.append(f"report: {result.report_path}")
    return "\n".join(lines)


def _left_out(counts: Mapping[str, int]) -> str:
    """The pairs tsv/moses/tmx left out (aligner.clean): noise by default, --clean on request."""
    parts = []
    if counts.get("noise"):
        parts.append(f"{counts['noise']} flagged as noise (boilerplate or not Indonesian)")
    if counts.get("clean"):
        parts.append(f"{counts['clean']} by --clean")
    return "left out of corpus tsv/moses/tmx: " + ", ".join(parts)


def extraction_dropped(result: BatchResult) -> tuple[int, int]:
    """Text blocks and characters that html extraction left out of the done documents."""
    done = [r for r in result.records if r.status == "done"]
    return sum(r.dropped_blocks for r in done), sum(r.dropped_chars for r in done)


def write_report(path: Path, result: BatchResult) -> Path:
    """Write ``report.html`` atomically; returns its path."""
    text = render_html(result)
    with atomic_write(path) as handle:
        handle.write(text)
    return path


def render_html(result: BatchResult) -> str:
    html = ET.Element("html", lang="en")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = "aligner batch report"
    ET.SubElement(head, "style").text = _CSS
    body = ET.SubElement(html, "body")
    ET.SubElement(body, "h1").text = "aligner batch report"
    _summary_table(body, result)
    _histogram(body, result.stats.histogram)
    _lowest(body, result.stats.lowest)
    _counts(body, "Flags", result.stats.flags)
    _counts(body, "Beads", result.stats.beads)
    _problems(body, result)
    ET.SubElement(body, "h2").text = "Signature"
    ET.SubElement(body, "pre").text = json.dumps(
        result.signature, indent=2, sort_keys=True, ensure_ascii=False, default=str
    )
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html") + "\n"


def _table(parent: ET.Element, header: list[str]) -> ET.Element:
    table = ET.SubElement(parent, "table")
    row = ET.SubElement(table, "tr")
    for name in header:
        ET.SubElement(row, "th").text = name
    return table


def _row(table: ET.Element, *cells: object) -> None:
    row = ET.SubElement(table, "tr")
    for cell in cells:
        numeric = isinstance(cell, int | float)
        cell_text = replace_surrogates(str(cell))  # UTF-8 cannot hold a lone surrogate
        ET.SubElement(row, "td", {"class": "num"} if numeric else {}).text = cell_text


def _summary_table(body: ET.Element, result: BatchResult) -> None:
    counts = _status_counts(result)
    mean = result.stats.mean_confidence
    blocks, chars = extraction_dropped(result)
    table = _table(body, ["", ""])
    for label, value in [
        ("files done", counts["done"]),
        ("… unchanged since the last run", result.resumed),
        ("files failed", counts["failed"]),
        ("files skipped", counts["skipped"]),
        ("sentences this run", result.sentences),
        ("seconds this run", round(result.seconds, 2)),
        ("sentences/s this run", round(_rate(result), 1)),
        ("translation memory hits", result.cache_hits),
        ("sentences translated by the model", result.cache_misses),
        ("pairs in done documents", result.stats.pairs),
        ("mean confidence", "–" if mean is None else f"{mean:.4f}"),
        ("unique pairs in the corpus", result.corpus_pairs),
        ("left out of tsv/moses/tmx as noise", result.corpus_left_out.get("noise", 0)),
        ("left out of tsv/moses/tmx by --clean", result.corpus_left_out.get("clean", 0)),
        ("text blocks left out by html extraction", blocks),
        ("… their characters", chars),
    ]:
        _row(table, label, value)


def _histogram(body: ET.Element, histogram: Sequence[int]) -> None:
    ET.SubElement(body, "h2").text = "Confidence"
    table = _table(body, ["confidence", "pairs", ""])
    peak = max(histogram) or 1
    for i, count in enumerate(histogram):
        row = ET.SubElement(table, "tr")
        ET.SubElement(row, "td").text = f"{i / BINS:.1f}–{(i + 1) / BINS:.1f}"
        ET.SubElement(row, "td", {"class": "num"}).text = str(count)
        cell = ET.SubElement(row, "td", style="width: 20em")
        ET.SubElement(cell, "div", {"class": "bar", "style": f"width: {100 * count / peak:.1f}%"})


def _lowest(body: ET.Element, pairs: Sequence[Pair]) -> None:
    ET.SubElement(body, "h2").text = f"The {LOWEST} lowest-confidence pairs"
    table = _table(body, ["confidence", "document", "source", "target", "flags"])
    for pair in pairs:
        _row(
            table,
            f"{pair.confidence:.4f}",
            pair.doc,
            pair.source,
            pair.target,
            " ".join(sorted(pair.flags)),
        )


def _counts(body: ET.Element, title: str, counts: Mapping[str, int]) -> None:
    ET.SubElement(body, "h2").text = title
    if not counts:
        ET.SubElement(body, "p").text = "none"
        return
    table = _table(body, [title.lower().rstrip("s"), "pairs"])
    for name, count in counts.items():
        _row(table, name, count)


def _problems(body: ET.Element, result: BatchResult) -> None:
    bad = [r for r in result.records if r.status != "done"]
    ET.SubElement(body, "h2").text = "Files failed or skipped"
    if not bad:
        ET.SubElement(body, "p").text = "none"
        return
    table = _table(body, ["file", "status", "reason"])
    for record in bad:
        _row(table, record.path, record.status, record.error or "")
