"""Charts as PNG at print resolution, drawn with matplotlib's object API (never pyplot).

We tried SVG with text kept as text (`svg.fonttype: none`): WeasyPrint 70 mis-clips
matplotlib's polar clip paths and misplaces anchored labels, so charts are PNG at 200
DPI and every chart's numbers also appear in a table beside it, where they stay
selectable. Mathtext is off, so a `$` in a role name prints as a dollar sign instead of
being parsed as a formula.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

FONT = ["Noto Sans", "DejaVu Sans"]
INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#d9dee3"
# Target series are drawn in neutral greys and dashes, so the accent always means "you".
TARGET_STYLES = (("#52606d", (0, (5, 3))), ("#9aa5b1", (0, (1, 2))))
PEER_COLOUR = "#c47f00"

DPI = 200
_RC = {
    "text.parse_math": False,
    "font.family": FONT,
    "font.size": 9,
    "text.color": INK,
    "axes.edgecolor": GRID,
}


@dataclass(frozen=True)
class Series:
    """One polygon on a radar: a name and a value per axis (None where there is none)."""

    name: str
    values: tuple[float | None, ...]
    kind: str  # "score", "target" or "peer"


def _png(figure: Figure) -> bytes:
    """The figure as PNG bytes without a timestamp, so the same data gives the same bytes."""
    out = io.BytesIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def radar_chart(axes: Sequence[str], series: Sequence[Series], low: float, high: float, accent: str) -> bytes:
    """A radar of dimension scores against targets (and peers), as PNG."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7.2, 5.6))
        ax = figure.add_subplot(projection="polar")
        angles = [math.pi / 2 - 2 * math.pi * i / len(axes) for i in range(len(axes))]
        ax.set_ylim(low - (high - low) * 0.12, high)
        ax.set_yticks([v for v in range(math.ceil(low), math.floor(high) + 1)])
        ax.set_yticklabels(
            [f"{v:g}" for v in range(math.ceil(low), math.floor(high) + 1)], color=MUTED, fontsize=7
        )
        ax.set_rlabel_position(90 - 360 / len(axes) / 2)
        ax.set_xticks(angles, labels=[_wrap(a) for a in axes], fontsize=8.5)
        ax.tick_params(axis="x", pad=14)
        ax.grid(color=GRID, linewidth=0.7)
        ax.spines["polar"].set_color(GRID)
        targets = iter(TARGET_STYLES)
        for one in series:
            points = [(a, v if v is not None else low) for a, v in zip(angles, one.values, strict=True)]
            xs = [p[0] for p in points] + [points[0][0]]
            ys = [p[1] for p in points] + [points[0][1]]
            if one.kind == "score":
                ax.fill(xs, ys, color=accent, alpha=0.16, zorder=2)
                ax.plot(
                    xs, ys, color=accent, linewidth=2.2, marker="o", markersize=4, label=one.name, zorder=3
                )
            elif one.kind == "peer":
                ax.plot(xs, ys, color=PEER_COLOUR, linewidth=1.4, label=one.name)
            else:
                colour, dash = next(targets, TARGET_STYLES[-1])
                ax.plot(xs, ys, color=colour, linewidth=1.4, linestyle=dash, label=one.name)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=len(series), frameon=False, fontsize=8
        )
        figure.subplots_adjust(left=0.2, right=0.8, top=0.9, bottom=0.16)
        return _png(figure)


def spread_chart(
    rows: Sequence[tuple[str, Sequence[float], float | None]], low: float, high: float, accent: str
) -> bytes:
    """One row per dimension: every respondent's score as a dot and the median as a bar, as PNG."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6.4, 0.55 * len(rows) + 0.9))
        ax = figure.add_subplot()
        for index, (_title, values, median) in enumerate(rows):
            y = len(rows) - 1 - index
            # Jitter is deterministic (by position), so the same data draws the same chart.
            jitter = [((i * 37) % 11 - 5) / 40 for i in range(len(values))]
            ax.scatter(values, [y + j for j in jitter], s=9, color=accent, alpha=0.35, linewidths=0)
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
        ax.set_xlabel("Dimension score (dots: respondents; bar: median)", color=MUTED, fontsize=8)
        figure.subplots_adjust(left=0.34, right=0.97, top=0.96, bottom=0.55 / (0.55 * len(rows) + 0.9) + 0.12)
        return _png(figure)


def _wrap(text: str, width: int = 18) -> str:
    """Break a label on spaces into lines of about `width` characters (long words are cut)."""
    lines: list[str] = []
    for word in text.split():
        word = word if len(word) <= width * 2 else word[: width * 2 - 1] + "…"
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines[:3])
