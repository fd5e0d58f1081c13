"""Charts as SVG with their text kept as text, drawn with matplotlib's object API (never pyplot).

The SVG stays vector in the PDF, so lines are sharp at any zoom and every label (axis
names, scale numbers, the legend) can be selected, searched and read by a screen reader.
The radar is drawn on ordinary axes with its geometry computed here, not with the polar
projection: a polar axes autoscales its angular limits to the data and clips the chart,
and WeasyPrint mis-clips its curved clip path. Every chart's numbers also appear in a
table beside it. Mathtext is off, so a `$` in a label prints as a dollar sign instead of
being parsed as a formula.

Each chart is drawn at the width report.css prints it (RADAR_WIDTH_MM, SPREAD_WIDTH_MM), so
a font size here is the size on paper: no chart text is under MIN_TEXT_PT. Text is in
colours of at least 4.5:1 on white and every data mark (lines, dots) at least 3:1; the
accent passed in is the branding's print accent, which is at least 4.5:1 already.

Why one module: the charts share one look (fonts, ink, greys, the accent as "you"), one
SVG writer and one label wrapper; each chart is one function over them.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from ..questionnaire import Questionnaire
from ..scoring import PeerComparison, TargetComparison

FONT = ["Noto Sans", "DejaVu Sans"]
INK = "#1f2933"  # 14.7:1 on white
MUTED = "#616e7c"  # 5.2:1: scale numbers and captions
#: Rings and spokes only guide the eye (every figure is in the table beside the chart).
GRID = "#d9dee3"
# Target series are drawn in neutral greys and dashes, so the accent always means "you";
# both greys are at least 3:1 on white, as WCAG 1.4.11 asks of a chart's marks.
TARGET_STYLES = (("#52606d", (0, (5, 3))), ("#7b8794", (0, (1, 2))))
PEER_COLOUR = "#b07200"  # 3.9:1
#: The widths report.css prints the charts at (`.chart img`, `.chart--wide img`), and the
#: smallest text size on paper.
RADAR_WIDTH_MM = 120
SPREAD_WIDTH_MM = 160
MIN_TEXT_PT = 7
MM_PER_INCH = 25.4

_RC = {
    "text.parse_math": False,
    "font.family": FONT,
    "font.size": 9,
    "text.color": INK,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.edgecolor": GRID,
    "svg.fonttype": "none",  # text as <text>, set in the PDF's own embedded fonts
    "svg.hashsalt": "report",  # stable element ids, so the same data gives the same bytes
}
#: A spread chart dot's area in points² per respondent at its score, and the most it grows to.
DOT_AREA = 14
MAX_DOT_AREA = 260
#: Where a spoke's label sits, as a share of the radius beyond the rim.
LABEL_RADIUS = 1.13


@dataclass(frozen=True)
class Series:
    """One polygon on a radar: a name and a value per axis (None where there is none)."""

    name: str
    values: tuple[float | None, ...]
    kind: str  # "score", "target" or "peer"


def _svg(figure: Figure) -> bytes:
    """The figure as SVG bytes without a date, so the same data gives the same bytes."""
    out = io.BytesIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def spoke_angles(count: int) -> list[float]:
    """The angle of each spoke in radians, the first straight up and the rest clockwise."""
    return [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]


def _at(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(angle), radius * math.sin(angle)


def _closed(points: Sequence[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """x and y lists of a polygon that ends where it starts."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return xs + xs[:1], ys + ys[:1]


def radar_chart(axes: Sequence[str], series: Sequence[Series], low: float, high: float, accent: str) -> bytes:
    """A radar of dimension scores against targets (and peers), as SVG.

    The centre is `low` and the rim `high`; each level is a ring. A missing value is drawn
    at the centre (the table beside the chart shows a dash).
    """
    angles = spoke_angles(len(axes))
    span = (high - low) or 1.0

    def radius(value: float | None) -> float:
        return 0.0 if value is None else max(0.0, min(1.0, (value - low) / span))

    with matplotlib.rc_context(_RC):
        # Up to three legend entries fit one row; four take two, with room made below the radar.
        columns = len(series) if len(series) <= 3 else 2
        legend_rows = math.ceil(len(series) / columns)
        width = RADAR_WIDTH_MM / MM_PER_INCH
        height = width * 0.74 + 0.16 * (legend_rows - 1)
        figure = Figure(figsize=(width, height))
        bottom = 0.3 * legend_rows / height
        ax = figure.add_axes((0.0, bottom, 1.0, 1.0 - bottom))
        ax.set_aspect("equal")
        ax.axis("off")
        levels = list(range(math.ceil(low), math.floor(high) + 1))
        for level in levels:
            r = radius(level)
            if r > 0:
                ax.plot(*_closed([_at(a, r) for a in angles]), color=GRID, linewidth=0.7, zorder=1)
            # Scale numbers on the upright spoke, on a white chip so lines crossing them stay readable.
            ax.text(
                0.0,
                r,
                f"{level:g}",
                color=MUTED,
                fontsize=MIN_TEXT_PT,
                ha="center",
                va="center",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )
        for angle, label in zip(angles, axes, strict=True):
            ax.plot(*zip((0.0, 0.0), _at(angle, 1.0), strict=True), color=GRID, linewidth=0.7, zorder=1)
            x, y = _at(angle, LABEL_RADIUS)
            ha = "center" if abs(x) < 0.05 else ("left" if x > 0 else "right")
            va = "bottom" if y > 0.6 else ("top" if y < -0.6 else "center")
            ax.text(x, y, _wrap(label, 17), ha=ha, va=va, fontsize=8, linespacing=1.2, zorder=4)
        targets = iter(TARGET_STYLES)
        for one in series:
            xs, ys = _closed([_at(a, radius(v)) for a, v in zip(angles, one.values, strict=True)])
            if one.kind == "score":
                ax.fill(xs, ys, color=accent, alpha=0.16, linewidth=0, zorder=2)
                ax.plot(
                    xs, ys, color=accent, linewidth=1.8, marker="o", markersize=3.5, label=one.name, zorder=3
                )
            elif one.kind == "peer":
                ax.plot(xs, ys, color=PEER_COLOUR, linewidth=1.2, label=one.name, zorder=3)
            else:
                colour, dash = next(targets, TARGET_STYLES[-1])
                ax.plot(xs, ys, color=colour, linewidth=1.2, linestyle=dash, label=one.name, zorder=3)
        # Room for the labels: about a label's width either side, a line or two above and below.
        ax.set_xlim(-2.0, 2.0)
        ax.set_ylim(-1.5, 1.5)
        figure.legend(loc="lower center", ncols=columns, frameon=False, fontsize=8)
        return _svg(figure)


def spread_chart(
    rows: Sequence[tuple[str, Sequence[float], float | None]], low: float, high: float, accent: str
) -> bytes:
    """One row per dimension: the respondents' scores as dots and the median as a bar, as SVG.

    Scores are pooled to one decimal, the figure every table prints, and each dot's area
    grows with the respondents at that score: a room of 200 stays legible (and the chart
    stays a few dozen shapes per row, not one per person).
    """
    with matplotlib.rc_context(_RC):
        height = 0.55 * len(rows) + 0.9
        figure = Figure(figsize=(SPREAD_WIDTH_MM / MM_PER_INCH, height))
        ax = figure.add_subplot()
        for index, (_title, values, median) in enumerate(rows):
            y = len(rows) - 1 - index
            pooled = Counter(round(v, 1) for v in values)
            scores = sorted(pooled)
            sizes = [min(DOT_AREA * pooled[x], MAX_DOT_AREA) for x in scores]
            # Opaque dots, each ringed in white so touching dots stay apart.
            ax.scatter(scores, [y] * len(scores), s=sizes, color=accent, edgecolors="white", linewidths=0.8)
            if median is not None:
                ax.plot([median, median], [y - 0.32, y + 0.32], color=INK, linewidth=2.4)
        ax.set_yticks(range(len(rows)), labels=[_wrap(r[0], 28) for r in reversed(rows)], fontsize=8.5)
        ax.set_xlim(low - 0.2, high + 0.2)
        ax.set_xticks([v for v in range(math.ceil(low), math.floor(high) + 1)])
        ax.grid(axis="x", color=GRID, linewidth=0.7)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(
            "Dimension score (a dot's area: respondents at that score; bar: median)", color=MUTED, fontsize=8
        )
        figure.subplots_adjust(left=0.34, right=0.97, top=0.96, bottom=0.55 / height + 0.12)
        return _svg(figure)


def _wrap(text: str, width: int = 18) -> str:
    """Break a label on spaces into lines of about `width` characters (long words are cut)."""
    lines: list[str] = []
    for word in text.split():
        word = word if len(word) <= width * 2 else word[: width * 2 - 1] + "…"
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines[2] += "…"
    return "\n".join(lines[:3])


def target_radar(
    questionnaire: Questionnaire,
    dimensions: Sequence[tuple[str, str, float | None]],
    comparisons: Sequence[TargetComparison],
    peers: PeerComparison | None,
    accent: str,
    name: str,
) -> bytes:
    """A radar of (id, title, score) per dimension, named `name`, against the targets and peers."""
    series = [Series(name, tuple(score for _, _, score in dimensions), "score")]
    for comparison in comparisons:
        targets = {g.ref: g.target for g in comparison.dimensions}
        values = tuple(targets.get(ref) for ref, _, _ in dimensions)
        series.append(Series(f"Target: {comparison.title}", values, "target"))
    if peers is not None:
        medians = {s.ref: s.median for s in peers.dimensions}
        series.append(Series("Peer median", tuple(medians.get(ref) for ref, _, _ in dimensions), "peer"))
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    return radar_chart([title for _, title, _ in dimensions], series, low, high, accent)


#: The summary bar chart is drawn at the size it prints (its CSS width is SUMMARY_WIDTH),
#: so its 7.5 pt text prints at 7.5 pt.
SUMMARY_WIDTH_MM = 80  # one of the summary page's two columns


def summary_bars(
    rows: Sequence[tuple[str, float | None, float | None, float | None]],
    low: float,
    high: float,
    accent: str,
    target_name: str = "",
) -> bytes:
    """(title, score, target level, peer median) per dimension: the score as a bar, the target
    as a dark tick and the peer median as a diamond, as SVG for the executive summary."""
    keys = [f"tick: “{target_name}” target"] if target_name else []
    if any(r[3] is not None for r in rows):
        keys.append("diamond: peer median")
    key = ";\n".join(["Bar: dimension score", *keys]) if keys else "Dimension score"
    key_height = 0.15 * (key.count("\n") + 1)  # inches of 7 pt lines under the axis
    width = SUMMARY_WIDTH_MM / 25.4
    height = 0.33 * len(rows) + 0.3 + key_height
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width, height))
        ax = figure.add_subplot()
        for index, (_title, score, target, peer) in enumerate(rows):
            y = len(rows) - 1 - index
            if score is not None:
                ax.barh(y, score - low, left=low, height=0.56, color=accent, linewidth=0)
            if target is not None:
                ax.plot([target, target], [y - 0.4, y + 0.4], color=INK, linewidth=1.6, solid_capstyle="butt")
            if peer is not None:
                ax.plot(
                    [peer],
                    [y],
                    marker="D",
                    markersize=4,
                    color=PEER_COLOUR,
                    markeredgecolor=INK,
                    markeredgewidth=0.5,
                    linestyle="none",
                )
        ax.set_yticks(range(len(rows)), labels=[_wrap(r[0], 22) for r in reversed(rows)], fontsize=7.5)
        ax.set_xlim(low, high)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xticks([v for v in range(math.ceil(low), math.floor(high) + 1)])
        ax.tick_params(axis="x", labelsize=7.5, colors=INK, length=2)
        ax.tick_params(axis="y", length=0, colors=INK)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(key, fontsize=7, color=INK, linespacing=1.2)
        figure.subplots_adjust(left=0.44, right=0.97, top=0.98, bottom=(0.32 + key_height) / height)
        return _svg(figure)


#: The portfolio matrix prints at the wide chart width; its height leaves room for labels.
MATRIX_HEIGHT_MM = 100
#: The value bands from the bottom of the matrix up, and where high value begins.
MATRIX_BANDS = ("low", "medium", "high", "very-high")
HIGH_VALUE_FROM = 1.5  # between "medium" (1) and "high" (2)
#: How far points sharing a band spread up and down it, so they never sit on one another.
BAND_SPREAD = 0.34
QUADRANT_LABELS = ("Scale now", "Fix, then scale", "Rethink", "Stop")


@dataclass(frozen=True)
class MatrixPoint:
    """One initiative on the value x readiness matrix: its number in the ranked list, its
    label, where it is drawn (readiness %, value band position) and its quadrant."""

    number: int
    label: str
    x: float
    y: float
    ready: bool


def matrix_points(initiatives: Sequence[tuple[str, str, float, bool]]) -> list[MatrixPoint]:
    """(name, value band, readiness %, ready) per initiative, ranked, as points on the matrix.

    x is the readiness; y is the band's row (0 low ... 3 very high), the points of one band
    spread evenly across the middle of its row, so above HIGH_VALUE_FROM means high value.
    The portfolio rules keep a blocked or not-ready initiative below the ready line, so a
    point is right of the line exactly when it is ready. An unknown band counts as low.
    """
    rows: dict[int, list[int]] = {}
    bands = [MATRIX_BANDS.index(band) if band in MATRIX_BANDS else 0 for _, band, _, _ in initiatives]
    for index, band in enumerate(bands):
        rows.setdefault(band, []).append(index)
    points = []
    for index, (name, _band, readiness, ready) in enumerate(initiatives):
        row = rows[bands[index]]
        share = 0.5 - (row.index(index) + 0.5) / len(row) if len(row) > 1 else 0.0  # first on top
        y = bands[index] + share * 2 * BAND_SPREAD
        points.append(MatrixPoint(index + 1, name, max(0.0, min(100.0, readiness)), y, ready))
    return points


def portfolio_matrix(points: Sequence[MatrixPoint], ready_at: float, accent: str) -> bytes:
    """The value x readiness matrix as SVG: readiness across, value bands up, the ready line
    at `ready_at` and the high-value line between medium and high, each quadrant named in its
    corner, and each initiative a numbered dot labelled with its (shortened) name. Ready ones
    are filled in the accent, the others ringed in it."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(SPREAD_WIDTH_MM / MM_PER_INCH, MATRIX_HEIGHT_MM / MM_PER_INCH))
        ax = figure.add_subplot()
        ax.axvline(ready_at, color=INK, linewidth=1.0, linestyle=(0, (4, 2)), zorder=1)
        ax.axhline(HIGH_VALUE_FROM, color=INK, linewidth=1.0, linestyle=(0, (4, 2)), zorder=1)
        top, bottom = len(MATRIX_BANDS) - 0.5, -0.5
        corners = (
            (100, top, "right", "top"),
            (0, top, "left", "top"),
            (100, bottom, "right", "bottom"),
            (0, bottom, "left", "bottom"),
        )
        for name, (x, y, ha, va) in zip(QUADRANT_LABELS, corners, strict=True):
            ax.text(
                x + (-1 if ha == "right" else 1),
                y + (-0.06 if va == "top" else 0.06),
                name,
                ha=ha,
                va=va,
                fontsize=9,
                fontweight="bold",
                color=MUTED,
                zorder=2,
            )
        for point in points:
            ax.scatter(
                [point.x],
                [point.y],
                s=42,
                color=accent if point.ready else "white",
                edgecolors=accent,
                linewidths=1.4,
                zorder=4,
            )
            left = point.x > 62
            ax.text(
                point.x + (-2.2 if left else 2.2),
                point.y,
                f"{point.number} {_short(point.label, 26)}",
                ha="right" if left else "left",
                va="center",
                fontsize=7.5,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
        ax.set_xlim(0, 100)
        ax.set_ylim(bottom, top)
        ax.set_xticks([0, 25, 50, 75, 100], labels=["0%", "25%", "50%", "75%", "100%"], fontsize=7.5)
        labels = ["Low", "Medium", "High", "Very high"]
        ax.set_yticks(range(len(MATRIX_BANDS)), labels=labels, fontsize=7.5)
        ax.tick_params(length=0)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"Readiness for production (ready from {ready_at:g}%)", color=INK, fontsize=8)
        ax.set_ylabel("Expected value", color=INK, fontsize=8)
        figure.subplots_adjust(left=0.12, right=0.98, top=0.97, bottom=0.13)
        return _svg(figure)


def _short(text: str, width: int) -> str:
    """One line of at most `width` characters, cut on a word where it can be, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
