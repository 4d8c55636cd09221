"""Small inline SVG plots for the evaluation report, built with xml.etree (no plotting library).

Three kinds, enough for the report: a line chart (the filter curve), a scatter (score vs
sentence chrF) and horizontal bars (per-document chrF). Each returns an ``<svg>`` element
with a ``viewBox``, so it scales with the page, a ``<title>`` for screen readers and the
class ``plot`` that the report's screenshot test looks for.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Axis", "Series", "bars", "line_chart", "nice_ticks", "scatter"]

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 26, 18, 46
INK, MUTED, GRID = "#1d232a", "#5b6670", "#e3e6e9"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


@dataclass(frozen=True, slots=True)
class Axis:
    """A data range mapped onto pixels; ``ticks`` decide the range (first and last tick)."""

    ticks: tuple[float, ...]
    label: str
    percent: bool = False  # tick labels as 0%, 10%, ...

    def place(self, value: float, start: float, end: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return start + (value - low) / (high - low) * (end - start)

    def text(self, value: float) -> str:
        if self.percent:
            return f"{value:.0%}"
        return f"{value:g}"


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[tuple[float, float], ...]
    color: str
    dashed: bool = False


def _svg(title: str, height: int = HEIGHT, width: int = WIDTH) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "class": "plot",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "xmlns": "http://www.w3.org/2000/svg",
        },
    )
    ET.SubElement(svg, "title").text = title
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> None:
    style = {"x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": "11", "fill": MUTED}
    ET.SubElement(parent, "text", {**style, **attrs}).text = text


def _line(
    parent: ET.Element, x1: float, y1: float, x2: float, y2: float, color: str, **attrs: str
) -> None:
    coords = {"x1": f"{x1:.1f}", "y1": f"{y1:.1f}", "x2": f"{x2:.1f}", "y2": f"{y2:.1f}"}
    ET.SubElement(parent, "line", {**coords, "stroke": color, "stroke-width": "1", **attrs})


def _frame(svg: ET.Element, x: Axis, y: Axis) -> None:
    """Grid lines, tick labels and axis titles."""
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    for tick in y.ticks:
        py = y.place(tick, bottom, TOP)
        _line(svg, LEFT, py, right, py, GRID)
        _text(svg, LEFT - 6, py + 4, y.text(tick), **{"text-anchor": "end"})
    for tick in x.ticks:
        px = x.place(tick, LEFT, right)
        _line(svg, px, bottom, px, bottom + 4, MUTED)
        _text(svg, px, bottom + 16, x.text(tick), **{"text-anchor": "middle"})
    _line(svg, LEFT, bottom, right, bottom, MUTED)
    _line(svg, LEFT, TOP, LEFT, bottom, MUTED)
    _text(svg, (LEFT + right) / 2, HEIGHT - 8, x.label, **{"text-anchor": "middle"})
    _text(
        svg,
        14,
        (TOP + bottom) / 2,
        y.label,
        **{"text-anchor": "middle", "transform": f"rotate(-90 14 {(TOP + bottom) / 2:.1f})"},
    )


def line_chart(title: str, x: Axis, y: Axis, series: Sequence[Series]) -> ET.Element:
    """Lines with a dot at each point and a legend in the upper left corner."""
    svg = _svg(title)
    _frame(svg, x, y)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    for number, line in enumerate(series):
        coords = [(x.place(a, LEFT, right), y.place(b, bottom, TOP)) for a, b in line.points]
        stroke = {"stroke-width": "2", **({"stroke-dasharray": "6 4"} if line.dashed else {})}
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in coords)
        ET.SubElement(
            svg, "polyline", {"points": points, "fill": "none", "stroke": line.color, **stroke}
        )
        for a, b in coords:
            ET.SubElement(
                svg, "circle", {"cx": f"{a:.1f}", "cy": f"{b:.1f}", "r": "3", "fill": line.color}
            )
        legend_y = TOP + 12 + 16 * number
        _line(svg, LEFT + 12, legend_y - 4, LEFT + 34, legend_y - 4, line.color, **stroke)
        _text(svg, LEFT + 40, legend_y, line.label, fill=INK)
    return svg


def scatter(
    title: str, x: Axis, y: Axis, points: Sequence[tuple[float, float]], colors: Sequence[str]
) -> ET.Element:
    """One small translucent dot per point, so dense regions read darker."""
    svg = _svg(title)
    _frame(svg, x, y)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    dots = ET.SubElement(svg, "g", {"class": "dots", "fill-opacity": "0.55"})
    for (a, b), color in zip(points, colors, strict=True):
        ET.SubElement(
            dots,
            "circle",
            {
                "cx": f"{x.place(a, LEFT, right):.1f}",
                "cy": f"{y.place(b, bottom, TOP):.1f}",
                "r": "2.4",
                "fill": color,
            },
        )
    return svg


BAR_WIDTH, BAR_HEIGHT, BAR_LEFT, BAR_NOTE = 640, 22, 170, 210


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    notes: Sequence[str],
    colors: Sequence[str],
    scale: float = 100.0,
) -> ET.Element:
    """Horizontal bars, one row per label, ``values`` on [0, scale], a note after each bar."""
    height = TOP + BAR_HEIGHT * len(labels) + 8
    svg = _svg(title, height, BAR_WIDTH)
    span = BAR_WIDTH - BAR_LEFT - BAR_NOTE  # room for the note after the longest bar
    for row, (label, value, note, color) in enumerate(
        zip(labels, values, notes, colors, strict=True)
    ):
        top = TOP + BAR_HEIGHT * row
        short = label if len(label) <= 26 else label[:25] + "…"
        group = ET.SubElement(svg, "g")
        ET.SubElement(group, "title").text = f"{label}: {note}"
        _text(group, BAR_LEFT - 8, top + 15, short, fill=INK, **{"text-anchor": "end"})
        width = max(1.0, span * max(0.0, min(value, scale)) / scale)
        ET.SubElement(
            group,
            "rect",
            {
                "x": str(BAR_LEFT),
                "y": str(top + 3),
                "rx": "2",
                "width": f"{width:.1f}",
                "height": str(BAR_HEIGHT - 6),
                "fill": color,
            },
        )
        _text(group, BAR_LEFT + width + 6, top + 15, note)
    return svg
