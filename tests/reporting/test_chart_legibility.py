"""Charts as printed: no text under 7 pt on paper, text at 4.5:1 and data marks at 3:1 on white.

The printed size comes from report.css (the width the chart's <img> is given) against the
SVG's own width, so a chart drawn larger than it is printed (and shrunk) fails here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from assessment.reporting.branding import contrast_ratio, readable_accent
from assessment.reporting.charts import (
    GRID,
    Series,
    matrix_points,
    portfolio_matrix,
    radar_chart,
    spread_chart,
)
from tests.support import ROOT
from tests.support.reports import FLAGSHIP

SVG = "{http://www.w3.org/2000/svg}"
POINTS_PER_MM = 72 / 25.4
LIGHT_ACCENT = readable_accent("#ffd400")  # the palest accent a report can be given


def printed_width_pt(selector: str) -> float:
    """The width report.css gives a chart's image, in points."""
    css = (ROOT / "static" / "reports" / "report.css").read_text()
    (width,) = re.findall(rf"^{re.escape(selector)} \{{ width: ([\d.]+)mm; \}}", css, re.MULTILINE)
    return float(width) * POINTS_PER_MM


def styles(svg: bytes) -> list[tuple[str, dict[str, str]]]:
    """(tag, style properties) of every SVG element with a style."""
    found = []
    for element in ET.fromstring(svg).iter():
        style = element.get("style")
        if style:
            pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
            found.append((element.tag.removeprefix(SVG), {k.strip(): v.strip() for k, v in pairs}))
    return found


def radar() -> bytes:
    axes = [d.title for d in FLAGSHIP.dimensions]
    series = [
        Series("Your scores", tuple(1 + i % 4 for i in range(len(axes))), "score"),
        Series("Target: Ready for agents", (3.0,) * len(axes), "target"),
        Series("Target: Regulated", (4.0,) * len(axes), "target"),
        Series("Peer median", (2.5,) * len(axes), "peer"),
    ]
    return radar_chart(axes, series, 1, 5, LIGHT_ACCENT)


def spread() -> bytes:
    rows = [(d.title, [1.2, 2.0, 2.0, 3.1, 4.0] * 5, 2.0) for d in FLAGSHIP.dimensions]
    return spread_chart(rows, 1, 5, LIGHT_ACCENT)


def matrix() -> bytes:
    rows = [
        ("Invoice matching", "very-high", 92.0, True),
        ("Customer support agent with a long name", "high", 79.0, False),
        ("Fraud scoring", "medium", 40.0, False),
        ("Sales email drafting", "low", 85.0, True),
    ]
    return portfolio_matrix(matrix_points(rows), 80, LIGHT_ACCENT)


CHARTS = [(radar, ".chart img"), (spread, ".chart--wide img"), (matrix, ".chart--wide img")]


@pytest.mark.parametrize(("draw", "selector"), CHARTS, ids=["radar", "spread", "matrix"])
def test_no_chart_text_prints_under_7_points(draw, selector):
    svg = draw()
    view_width = float(ET.fromstring(svg).get("viewBox").split()[2])
    scale = printed_width_pt(selector) / view_width
    text = [style for tag, style in styles(svg) if tag == "text"]
    sizes = [float(style["font-size"].removesuffix("px")) * scale for style in text]
    assert len(sizes) >= 8  # scale numbers, labels, legend or axis title
    assert min(sizes) >= 7 - 0.01, sorted(sizes)[:3]


@pytest.mark.parametrize(("draw", "selector"), CHARTS, ids=["radar", "spread", "matrix"])
def test_chart_text_and_marks_stand_out_from_white(draw, selector):
    found = styles(draw())
    text = [style.get("fill", "#000000") for tag, style in found if tag == "text"]
    assert text and all(contrast_ratio(colour, "#ffffff") >= 4.5 for colour in text), set(text)
    opaque_strokes = set()
    marks = []
    for tag, style in found:
        if tag == "text":
            continue
        translucent = float(style.get("opacity", "1")) < 1 or float(style.get("fill-opacity", "1")) < 1
        for part in ("fill", "stroke"):
            colour = style.get(part, "none")
            # White is the background and the chips under labels; the grid only guides the
            # eye, every figure being in the table beside the chart.
            if colour in ("none", "#ffffff", GRID):
                continue
            if part == "fill" and translucent:
                marks.append(("translucent fill", colour))
            else:
                marks.append((part, colour))
                opaque_strokes.add(colour)
    assert marks
    for kind, colour in marks:
        if kind == "translucent fill":
            assert colour in opaque_strokes, f"a translucent {colour} area has no opaque edge"
        else:
            assert contrast_ratio(colour, "#ffffff") >= 3, f"{kind} {colour}"


def test_the_dot_plot_dots_are_opaque_in_the_accent():
    dots = [style for _, style in styles(spread()) if style.get("fill") == LIGHT_ACCENT]
    assert dots
    for style in dots:
        assert float(style.get("opacity", "1")) == 1 and float(style.get("fill-opacity", "1")) == 1
