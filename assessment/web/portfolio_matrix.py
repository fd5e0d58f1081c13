"""Geometry of the value x readiness matrix drawn as inline SVG on the portfolio page.

Pure arithmetic: readiness (0-100) runs left to right with the ready line at the gate's
`ready_at`; the value bands run bottom (low) to top (very high), the line between
medium and high splitting high value from the rest. The four quadrants are named as the
portfolio rules name them. Each initiative is a numbered point; initiatives close to one
another in the same band are spread over lanes so no point hides another. The template
draws what this computes, and a table beside the chart carries the same facts for
screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring.portfolio import QUADRANTS, PortfolioReview
from ..scoring.register import HIGH_VALUE, VALUE_BANDS

WIDTH = 640
HEIGHT = 400
LEFT, RIGHT, TOP, BOTTOM = 92, 620, 20, 350  # the plot area
PAD = 14  # readiness 0 and 100 sit this far inside the plot, so no point covers an axis label
#: Vertical offsets of the lanes within a band's row, tried in order.
LANES = (0, -14, 14, -26, 26)
#: Points closer than this in readiness (percentage points) share a row only on different lanes.
CLOSE = 9.0


@dataclass(frozen=True)
class Point:
    """One initiative on the matrix."""

    number: int  # its rank, as the list beside the chart numbers it
    key: str
    name: str
    readiness: float
    band: str
    quadrant: str
    x: float
    y: float


@dataclass(frozen=True)
class Area:
    """One named quadrant's rectangle and where its name is written."""

    id: str
    label: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Matrix:
    """Everything the template needs to draw the chart."""

    areas: tuple[Area, ...]
    points: tuple[Point, ...]
    ready_x: float
    ready_at: float
    value_split_y: float
    x_ticks: tuple[tuple[float, str], ...]
    bands: tuple[tuple[float, str], ...]  # (y of the row's centre, band label), low first
    width: int = WIDTH
    height: int = HEIGHT
    plot: tuple[float, float, float, float] = (LEFT, TOP, RIGHT, BOTTOM)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def quadrant_at(self, x: float, y: float) -> str:
        """The id of the quadrant a position on the chart falls in."""
        for area in self.areas:
            if area.x <= x <= area.x + area.width and area.y <= y <= area.y + area.height:
                return area.id
        raise ValueError(f"({x}, {y}) is outside the plot")


def x_of(readiness: float) -> float:
    """The horizontal position of a readiness (0-100, clamped)."""
    return round(LEFT + PAD + (RIGHT - LEFT - 2 * PAD) * max(0.0, min(100.0, readiness)) / 100, 1)


def _row_height() -> float:
    return (BOTTOM - TOP) / len(VALUE_BANDS)


def y_of(band: str) -> float:
    """The vertical centre of a value band's row (an unknown band sits in the lowest)."""
    bands = list(VALUE_BANDS)
    index = bands.index(band) if band in bands else 0
    return round(BOTTOM - _row_height() * (index + 0.5), 1)


def _split_y() -> float:
    """The line between the highest band that is not high value and the lowest that is."""
    bands = list(VALUE_BANDS)
    high = min(bands.index(band) for band in HIGH_VALUE)
    return round(BOTTOM - _row_height() * high, 1)


def matrix(review: PortfolioReview) -> Matrix:
    """The chart of a reviewed portfolio: its quadrants, its ready line and its initiatives."""
    ready_x = x_of(review.ready_at)
    split = _split_y()
    areas = (
        _area("fix-then-scale", LEFT, TOP, ready_x - LEFT, split - TOP, "start"),
        _area("scale-now", ready_x, TOP, RIGHT - ready_x, split - TOP, "end"),
        _area("stop", LEFT, split, ready_x - LEFT, BOTTOM - split, "start"),
        _area("rethink", ready_x, split, RIGHT - ready_x, BOTTOM - split, "end"),
    )
    placed: dict[str, list[tuple[float, int]]] = {}
    points = []
    for number, initiative in enumerate(review.initiatives, start=1):
        record = initiative.record
        band = record.value_band if record.value_band in VALUE_BANDS else next(iter(VALUE_BANDS))
        taken = {
            lane for readiness, lane in placed.get(band, []) if abs(readiness - initiative.readiness) < CLOSE
        }
        lane = next((i for i in range(len(LANES)) if i not in taken), number % len(LANES))
        placed.setdefault(band, []).append((initiative.readiness, lane))
        x = x_of(initiative.readiness)
        # A point on the ready line belongs to the side its status says.
        x = max(x, ready_x) if initiative.ready else min(x, ready_x - 1)
        points.append(
            Point(
                number=number,
                key=record.key,
                name=record.name,
                readiness=initiative.readiness,
                band=band,
                quadrant=initiative.quadrant,
                x=x,
                y=round(y_of(band) + LANES[lane], 1),
            )
        )
    return Matrix(
        areas=areas,
        points=tuple(points),
        ready_x=ready_x,
        ready_at=review.ready_at,
        value_split_y=split,
        x_ticks=tuple((x_of(t), f"{t}%") for t in (0, 25, 50, 75, 100)),
        bands=tuple((y_of(band), label) for band, label in VALUE_BANDS.items()),
    )


def _area(quadrant: str, x: float, y: float, width: float, height: float, anchor: str) -> Area:
    """A quadrant; its name sits in the corner away from the ready line and the value split."""
    label_x = x + 8 if anchor == "start" else x + width - 8
    label_y = y + 16 if y == TOP else y + height - 8
    return Area(quadrant, QUADRANTS[quadrant], x, y, width, height, label_x, label_y, anchor)
