"""Geometry of the radar chart drawn as inline SVG on the results page.

Pure arithmetic: the template draws the polygons; a table beside the chart carries the
same numbers for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 120
LABEL_MARGIN = 120


@dataclass(frozen=True)
class Axis:
    """One spoke of the chart, with where its label goes."""

    label: str
    end: tuple[float, float]
    label_at: tuple[float, float]
    anchor: str


@dataclass(frozen=True)
class Radar:
    """Everything the template needs to draw the chart."""

    axes: tuple[Axis, ...]
    rings: tuple[str, ...]  # polygon points of each level ring
    series: tuple[tuple[str, str, str], ...]  # (name, css class, polygon points)
    size: int = SIZE
    #: Room either side for labels written outward from the left and right spokes.
    view_box: str = f"{-LABEL_MARGIN} 0 {SIZE + 2 * LABEL_MARGIN} {SIZE}"


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    """The point at `fraction` of the radius along spoke `index`, clockwise from the top."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        round(CENTRE + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE + RADIUS * fraction * math.sin(angle), 1),
    )


def _polygon(values: list[float], low: float, high: float) -> str:
    """SVG points for values on a scale from low (centre) to high (rim)."""
    count = len(values)
    span = (high - low) or 1
    points = [_point(i, count, max(0.0, min(1.0, (v - low) / span))) for i, v in enumerate(values)]
    return " ".join(f"{x},{y}" for x, y in points)


def radar(
    labels: list[str], series: list[tuple[str, str, list[float]]], low: float, high: float
) -> Radar | None:
    """The chart for these axes and series; None with fewer than three axes (no polygon to draw)."""
    count = len(labels)
    if count < 3:
        return None
    axes = []
    for index, label in enumerate(labels):
        x, y = _point(index, count, 1.0)
        lx, ly = _point(index, count, 1.18)
        anchor = "middle" if abs(lx - CENTRE) < 10 else ("start" if lx > CENTRE else "end")
        axes.append(Axis(label, (x, y), (lx, ly), anchor))
    levels = [low + step for step in range(int(high - low) + 1)]
    rings = tuple(_polygon([level] * count, low, high) for level in levels[1:])
    drawn = tuple((name, css, _polygon(values, low, high)) for name, css, values in series)
    return Radar(tuple(axes), rings, drawn)
