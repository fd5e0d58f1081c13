"""'What changed and why': the previous plan's done actions against the changes that followed.

`scoring.lift` lines the done actions up with the trend; this module names each question
and dimension and puts the figures into words, for the report and the results page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..scoring import Trend
from ..scoring.lift import ChangeReason, PlannedAction, what_changed


@dataclass(frozen=True)
class LiftRow:
    """A done action: its predicted lift, the actual change and the verdict, in words."""

    ref: str
    title: str
    questions: tuple[str, ...]  # the texts of the questions it addressed
    predicted: str
    actual: str
    verdict: str


@dataclass(frozen=True)
class ChangeRow:
    """A question or dimension that moved, and the done actions behind it."""

    title: str
    change: str  # "2 → 3 (up 1.0)"
    actions: tuple[str, ...]  # "1. Name an owner ..." for each done action lining up


@dataclass(frozen=True)
class ChangesView:
    """The 'what changed and why' section."""

    lifts: tuple[LiftRow, ...]
    explained: tuple[ChangeRow, ...]  # question changes a done action lines up with
    unexplained: tuple[ChangeRow, ...]  # question changes with no done action behind them
    dimensions: tuple[ChangeRow, ...]  # dimension changes, with the actions in them


def changes_view(questionnaire: Questionnaire, done: Sequence[PlannedAction], trend: Trend) -> ChangesView:
    """The done actions' lift and every change that moved, named from the questionnaire."""
    dimension_of = {q.id: q.dimension for q in questionnaire.questions if q.dimension}
    changed = what_changed(done, trend, dimension_of)
    titles = {action.ref: f"{action.ref}. {action.title}" for action in done}
    lifts = tuple(
        LiftRow(
            lift.action.ref,
            lift.action.title,
            tuple(_question_text(questionnaire, q.question) for q in lift.questions),
            _signed(lift.predicted) if lift.questions else "not planned as a lift",
            _signed(lift.actual) if lift.actual is not None else "not comparable",
            lift.verdict if lift.questions else "not measured by a score",
        )
        for lift in changed.lifts
    )
    rows = [_row(_question_text(questionnaire, r.change.ref), r, titles) for r in changed.questions]
    return ChangesView(
        lifts,
        tuple(row for row, reason in zip(rows, changed.questions, strict=True) if reason.explained),
        tuple(row for row, reason in zip(rows, changed.questions, strict=True) if not reason.explained),
        tuple(_row(_dimension_title(questionnaire, r.change.ref), r, titles) for r in changed.dimensions),
    )


def _row(title: str, reason: ChangeReason, titles: dict[str, str]) -> ChangeRow:
    change = reason.change
    figures = f"{_figure(change.before)} → {_figure(change.after)}"
    return ChangeRow(title, f"{figures} ({change.summary()})", tuple(titles[ref] for ref in reason.actions))


def _question_text(questionnaire: Questionnaire, question_id: str) -> str:
    try:
        return questionnaire.question(question_id).text
    except KeyError:
        return question_id


def _dimension_title(questionnaire: Questionnaire, dimension_id: str) -> str:
    try:
        return questionnaire.dimension(dimension_id).title
    except KeyError:
        return dimension_id


def _figure(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.1f}"


def _signed(value: float) -> str:
    """A lift as "+1.0", "-0.5" or "0.0"."""
    return f"{value:+.1f}" if value else "0.0"
