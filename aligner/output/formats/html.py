"""html: a self-contained side-by-side review page and post-editor (inline CSS and
script, no assets, no server: it opens from disk).

Indonesian left, English right, one row per pair tinted from red (low confidence) to
green (high) in ten bands, with flags and non-1-1 beads as badges. At the top: a summary,
a histogram of confidence in the same ten bands, and the run metadata. The inline script
(``_editor``) adds a filter (confidence at most X, only flagged) and makes the page a
post-editor: the English cells are editable; Enter or Tab goes to the next pair
(Shift: the previous), Ctrl+Enter confirms a pair and goes on, Alt+Down / Alt+Up jump to
the next / previous doubtful pair not yet confirmed, Escape undoes the edits of a pair.
Edited and confirmed rows are marked, a counter says how many doubtful pairs are left,
edits survive a reload (browser storage keyed to the run signature and the pairs), and
Download writes XLIFF, TMX, TSV or JSONL with the edits, built in the page. Without the
script every pair shows, read-only.

Text is escaped with ``html.escape``; control characters are shown as small ``U+0007``
boxes so a reviewer sees them, and lone surrogates as U+FFFD.
The rows are buffered (the histogram comes first); everything else is deterministic.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from aligner.common.jsontext import replace_surrogates
from aligner.output.formats import register_format
from aligner.output.formats._editor import SCRIPT, page_data, record
from aligner.output.formats._writer import Writer, flatten_meta, format_confidence, is_doubtful
from aligner.output.formats.xliff import UnitIds
from aligner.types import Pair

BANDS = 10
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1, not tab or line ends


def band(confidence: float) -> int:
    """0..9: the tenth of [0, 1] the confidence falls in (1.0 in the top band, NaN in 0)."""
    if math.isnan(confidence):
        return 0
    return min(BANDS - 1, max(0, int(confidence * BANDS)))


def _control(match: re.Match[str]) -> str:
    # a code label, not a U+2400 "control picture": many fonts lack those glyphs
    return f'<span class="ctl" title="control character">U+{ord(match.group()):04X}</span>'


def visible(text: str) -> str:
    """Escaped HTML for ``text``, control characters shown as labelled ``U+XXXX`` boxes."""
    escaped = html.escape(replace_surrogates(text))
    return _CONTROL.sub(_control, escaped)


def plain(text: str) -> str:
    """Escaped text for places that take no markup (the page title): controls dropped."""
    return html.escape(_CONTROL.sub("", replace_surrogates(text)))


def _band_css(index: int) -> str:
    hue = round(120 * index / (BANDS - 1))  # 0 red .. 120 green
    return f".c{index}{{--tint:hsl({hue} 75% 93%);--edge:hsl({hue} 60% 42%)}}"


_STYLE = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1d232a;background:#fff}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1rem;margin:0 0 .4rem}
.summary{color:#4a5560;margin:.2rem 0 1rem}
.top{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin-bottom:1rem}
.hist{flex:0 0 auto}
.bars{display:flex;align-items:flex-end;gap:3px;height:120px;padding:0 2px;margin-top:1.2rem;
border-bottom:1px solid #8a949e}
.bar{width:34px;background:var(--edge);position:relative;min-height:1px}
.bar span{position:absolute;bottom:100%;width:100%;text-align:center;font-size:.7rem;
color:#333}
.axis{display:flex;gap:3px;padding:0 2px;font-size:.65rem;color:#5b6670}
.axis span{width:34px;text-align:left}
details.meta{flex:1 1 320px;font-size:.8rem}
details.meta summary{cursor:pointer;font-weight:600}
details.meta table{border-collapse:collapse;margin-top:.3rem}
details.meta td{padding:.1rem .5rem;border-bottom:1px solid #e3e6e9;vertical-align:top;
overflow-wrap:anywhere}
details.meta td:first-child{color:#4a5560;white-space:nowrap}
.controls{font-size:.85rem;margin:.5rem 0;display:flex;gap:1rem;align-items:center}
.controls input[type=number]{width:4.5rem}
table.pairs{width:100%;border-collapse:collapse;table-layout:fixed}
table.pairs th{text-align:left;font-size:.8rem;color:#4a5560;padding:.3rem .5rem;
border-bottom:2px solid #8a949e}
table.pairs col.n{width:4.5rem}table.pairs col.s{width:8rem}
tr.pair td{background:var(--tint);padding:.35rem .5rem;vertical-align:top;
border-bottom:1px solid #fff;white-space:pre-wrap;overflow-wrap:anywhere;
unicode-bidi:plaintext}
tr.pair td.n{border-left:6px solid var(--edge);font-size:.75rem;color:#4a5560;
white-space:normal}
tr.pair td.s{font-variant-numeric:tabular-nums;white-space:normal}
tr.para td{border-top:3px solid #9aa5b0}
.ctl{font:.7rem ui-monospace,monospace;padding:0 .2rem;margin:0 .1rem;border:1px solid #8a949e;
border-radius:.2rem;background:#fff;color:#4a5560}
tr.doc th{background:#eef1f4;font-size:.85rem;color:#1d232a;padding:.4rem .5rem}
.badge{display:inline-block;font-size:.7rem;padding:0 .35rem;margin:.15rem .15rem 0 0;
border-radius:.6rem;background:#1d232a;color:#fff}
.badge.bead{background:#5b6670}
.empty{color:#8a949e;font-style:italic}
td.t{outline:none;cursor:text;scroll-margin-top:6rem}
td.t:focus{box-shadow:inset 0 0 0 2px #1d5fd1;background:#fff}
td.t:empty::before{content:"(none)";color:#8a949e;font-style:italic}
tr.edited td.t{background:#fff8d6}tr.edited td.n::after{content:" ✎ edited";color:#8a5a00}
tr.confirmed td.n{border-left-color:#1d5fd1}
tr.confirmed td.n::before{content:"✓ ";color:#1d5fd1;font-weight:700}
button.ok{font-size:.75rem;margin-top:.3rem;padding:0 .4rem;border:1px solid #8a949e;
border-radius:.3rem;background:#fff;cursor:pointer}
tr.confirmed button.ok{background:#1d5fd1;color:#fff;border-color:#1d5fd1}
.editor{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #d5dadf;
padding:.4rem 0;font-size:.85rem;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.editor output{font-weight:600}.editor .keys{color:#4a5560;font-size:.75rem;flex-basis:100%}
.editor button{font-size:.8rem;padding:.1rem .5rem;cursor:pointer}
"""


_FILTER = """
(function () {
  var form = document.getElementById("filter"), most = document.getElementById("most"),
      flagged = document.getElementById("flagged"), shown = document.getElementById("shown"),
      rows = document.querySelectorAll("tr.pair");
  function update() {
    var limit = parseFloat(most.value), count = 0;
    if (isNaN(limit)) limit = 1;
    rows.forEach(function (row) {
      var show = parseFloat(row.dataset.confidence) <= limit &&
                 (!flagged.checked || row.dataset.flags !== "");
      row.hidden = !show;
      if (show) count++;
    });
    shown.textContent = count + " of " + rows.length + " pairs shown";
  }
  form.hidden = false;
  most.addEventListener("input", update);
  flagged.addEventListener("change", update);
  update();
})();
"""


class _Page:
    """Rows rendered as pairs arrive, plus the counts the page header needs."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self.bands = [0] * BANDS
        self.docs: list[str] = []
        self.total = 0.0
        self.flagged = 0
        self.place: tuple[str, int] | None = None
        self.records: list[dict[str, Any]] = []
        self.ids = UnitIds()
        self.group = ""

    def add(self, pair: Pair) -> None:
        if not self.docs or pair.doc != self.docs[-1]:
            self.docs.append(pair.doc)
            self.ids, self.place = UnitIds(), None  # unit ids are unique per document
            self.rows.append(f'<tr class="doc"><th colspan="4">{visible(pair.doc)}</th></tr>')
        new_paragraph = self.place is not None and self.place != (pair.doc, pair.paragraph)
        if self.place != (pair.doc, pair.paragraph):
            self.group = self.ids.group(pair)
        self.place = (pair.doc, pair.paragraph)
        self.records.append(record(pair, self.ids, self.group))
        self.bands[band(pair.confidence)] += 1
        self.total += 0.0 if math.isnan(pair.confidence) else pair.confidence
        self.flagged += bool(pair.flags)
        self.rows.append(_row(pair, len(self.records), new_paragraph))


def _cell(lang: str, text: str) -> str:
    body = visible(text) if text else '<span class="empty">(none)</span>'
    return f'<td lang="{lang}">{body}</td>'


def _badges(pair: Pair) -> str:
    flags = "".join(f'<span class="badge">{visible(f)}</span>' for f in sorted(pair.flags))
    if pair.bead != "1-1":
        flags += f'<span class="badge bead">{visible(pair.bead)}</span>'
    return flags


def _target(text: str) -> str:
    # editable; an empty one shows "(none)" from the style sheet, not as text to edit
    return (
        '<td lang="en" class="t" contenteditable="plaintext-only" spellcheck="true">'
        f"{visible(text)}</td>"
    )


def _row(pair: Pair, number: int, new_paragraph: bool) -> str:
    classes = f"pair c{band(pair.confidence)}" + (" para" if new_paragraph else "")
    classes += " doubt" if is_doubtful(pair) else ""
    score = format_confidence(pair.confidence)
    flags = html.escape(" ".join(sorted(pair.flags)))
    ids = f"¶{pair.paragraph + 1} · {pair.bead}"
    confirm = '<button type="button" class="ok" title="Confirm (Ctrl+Enter)">✓</button>'
    return (
        f'<tr class="{classes}" data-confidence="{score}" data-flags="{flags}">'
        f'<td class="n">{number}<br>{visible(ids)}</td>'
        f"{_cell('id', pair.source)}{_target(pair.target)}"
        f'<td class="s">{score}<br>{_badges(pair)}{confirm}</td></tr>'
    )


def _histogram(bands: list[int]) -> str:
    peak = max(bands) or 1
    bars = "".join(
        f'<div class="bar c{i}" style="height:{100 * n / peak:.1f}%" '
        f'title="{i / BANDS:.1f}–{(i + 1) / BANDS:.1f}: {n} pairs"><span>{n}</span></div>'
        for i, n in enumerate(bands)
    )
    axis = "".join(f"<span>{i / BANDS:.1f}</span>" for i in range(BANDS))
    return (
        '<section class="hist" aria-label="Histogram of confidence">'
        f'<h2>Confidence</h2><div class="bars">{bars}</div><div class="axis">{axis}</div>'
        "</section>"
    )


def _metadata(meta: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{visible(key)}</td><td>{visible(value)}</td></tr>"
        for key, value in flatten_meta(meta)
    )
    body = f"<table>{rows}</table>" if rows else "<p>No run metadata was given.</p>"
    return f'<details class="meta" open><summary>Run metadata</summary>{body}</details>'


def _summary(page: _Page) -> str:
    count = sum(page.bands)
    mean = format_confidence(page.total / count) if count else "–"
    docs = ", ".join(page.docs)
    return (
        f'<p class="summary">{count} pairs · mean confidence {mean} · '
        f"{page.flagged} flagged · {visible(docs)}</p>"
    )


_CONTROLS = (
    '<form class="controls" id="filter" hidden>'
    '<label>Show confidence at most <input type="number" id="most" min="0" max="1" '
    'step="0.05" value="1"></label>'
    '<label><input type="checkbox" id="flagged"> only flagged</label>'
    '<output id="shown"></output></form>'
)

_EDITOR = (
    '<div class="editor" id="editor" hidden><output id="left"></output>'
    '<button type="button" id="next">Next doubtful (Alt+↓)</button>'
    "<span>Download with the edits:</span>"
    + "".join(
        f'<button type="button" data-download="{ext}">{name}</button>'
        for ext, name in (("xlf", "XLIFF"), ("tmx", "TMX"), ("tsv", "TSV"), ("jsonl", "JSONL"))
    )
    + '<span class="keys">Click an English cell to edit it. Enter / Tab: next pair '
    "(Shift: previous) · Ctrl+Enter: confirm and go on · Alt+↓ / Alt+↑: next / previous "
    "doubtful pair · Esc: undo the edits of a pair. Edits stay in this browser until "
    "downloaded.</span></div>"
)

_TABLE_HEAD = (
    '<table class="pairs"><colgroup><col class="n"><col><col><col class="s"></colgroup>'
    "<thead><tr><th>#</th><th>Indonesian</th><th>English</th><th>Confidence</th></tr></thead>"
    "<tbody>"
)


def _document(page: _Page, meta: Mapping[str, Any]) -> Iterable[str]:
    title = "aligner review: " + (", ".join(page.docs) or "no pairs")
    css = _STYLE.strip() + "\n" + "\n".join(_band_css(i) for i in range(BANDS))
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    yield f"<title>{plain(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
    yield f"<h1>Translation review</h1>\n{_summary(page)}\n"
    yield f'<div class="top">{_histogram(page.bands)}{_metadata(meta)}</div>\n'
    yield f"{_CONTROLS}\n{_EDITOR}\n{_TABLE_HEAD}\n"
    for row in page.rows:
        yield row + "\n"
    data = page_data(page.records, meta)
    yield f'</tbody></table>\n<script type="application/json" id="pairs">{data}</script>\n'
    yield f"<script>{_FILTER}{SCRIPT}</script>\n</body>\n</html>\n"


@register_format(
    "html", extensions=(".html", ".htm"), corpus=False, needs_path=False, uses_meta=True
)
class HtmlWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        page = _Page()
        for pair in pairs:
            page.add(pair)
        for chunk in _document(page, self.meta):
            streams[0].write(chunk)
