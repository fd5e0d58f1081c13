"""What changed and why: the actions marked done against the score changes that followed.

An action addresses one or more questions and was planned to lift each from the value it
had to a target (its *predicted* lift: target minus value, summed over its questions).
On the next assessment its *actual* lift is the change those questions' values made
(after minus before, summed). A question that did not move, or is not comparable (n/a,
reworded, out of scope on one side), adds nothing to the actual lift and is listed as
such, so a done action that moved nothing is visible rather than quietly credited.

Every question that changed is then either *explained* (a done action addresses it) or
*unexplained* (it moved with no done action behind it: a change the plan did not cause,
or an answer that drifted), and a question a done action addresses but that went down is
flagged. Dimensions are credited the same way: a dimension change lines up with the done
actions whose questions sit in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .trend import Change, Trend


@dataclass(frozen=True)
class PlannedAction:
    """A done action as planned: what it addresses and where it meant to take each question."""

    ref: str  # the action's id, as shown
    title: str
    #: question id -> (value when planned, target)
    planned: Mapping[str, tuple[float, float]]
    dimension: str | None = None


@dataclass(frozen=True)
class QuestionLift:
    """One question an action addressed: planned and actual."""

    question: str
    planned_from: float
    planned_to: float
    before: float | None
    after: float | None

    @property
    def predicted(self) -> float:
        """The lift the plan expected."""
        return max(0.0, self.planned_to - self.planned_from)

    @property
    def actual(self) -> float | None:
        """The change the question made; None when it cannot be compared."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ActionLift:
    """A done action's predicted lift against the actual change of its questions."""

    action: PlannedAction
    questions: tuple[QuestionLift, ...]

    @property
    def predicted(self) -> float:
        """The summed lift the plan expected."""
        return sum(q.predicted for q in self.questions)

    @property
    def actual(self) -> float | None:
        """The summed change of the comparable questions; None when none is comparable."""
        changes = [q.actual for q in self.questions if q.actual is not None]
        return sum(changes) if changes else None

    @property
    def verdict(self) -> str:
        """In words: "as planned", "part of the planned lift", "more than planned",
        "no change", "went down" or "not comparable"."""
        actual = self.actual
        if actual is None:
            return "not comparable"
        if actual < 0:
            return "went down"
        if actual == 0:
            return "no change"
        if actual < self.predicted:
            return "part of the planned lift"
        if actual > self.predicted:
            return "more than planned"
        return "as planned"

    def to_dict(self) -> dict:
        """JSON-ready figures."""
        return {
            "action": self.action.ref,
            "title": self.action.title,
            "predicted": self.predicted,
            "actual": self.actual,
            "verdict": self.verdict,
            "questions": [
                {
                    "question": q.question,
                    "planned_from": q.planned_from,
                    "planned_to": q.planned_to,
                    "before": q.before,
                    "after": q.after,
                }
                for q in self.questions
            ],
        }


@dataclass(frozen=True)
class ChangeReason:
    """A score change and the done actions that line up with it (none: unexplained)."""

    change: Change
    actions: tuple[str, ...]  # refs of the done actions addressing it

    @property
    def explained(self) -> bool:
        """Whether a done action lines up with the change."""
        return bool(self.actions)


@dataclass(frozen=True)
class WhatChanged:
    """The done actions with their lift, and every changed figure with its reasons."""

    lifts: tuple[ActionLift, ...]
    questions: tuple[ChangeReason, ...]  # questions that moved
    dimensions: tuple[ChangeReason, ...]  # dimensions that moved

    @property
    def unexplained(self) -> tuple[ChangeReason, ...]:
        """Question changes no done action lines up with."""
        return tuple(reason for reason in self.questions if not reason.explained)

    def to_dict(self) -> dict:
        """JSON-ready figures."""
        return {
            "actions": [lift.to_dict() for lift in self.lifts],
            "questions": [{**r.change.to_dict(), "actions": list(r.actions)} for r in self.questions],
            "dimensions": [{**r.change.to_dict(), "actions": list(r.actions)} for r in self.dimensions],
        }


def what_changed(done: Iterable[PlannedAction], trend: Trend, dimension_of: Mapping[str, str]) -> WhatChanged:
    """Line the done actions up with the trend between the two assessments.

    `dimension_of` maps a question id to its dimension id (for crediting dimensions)."""
    done = tuple(done)
    changes = {change.ref: change for change in trend.questions}
    lifts = tuple(
        ActionLift(
            action,
            tuple(
                _question_lift(question, planned, changes.get(question))
                for question, planned in action.planned.items()
            ),
        )
        for action in done
    )
    addressing: dict[str, list[str]] = {}
    by_dimension: dict[str, list[str]] = {}
    for action in done:
        for question in action.planned:
            addressing.setdefault(question, []).append(action.ref)
            dimension = dimension_of.get(question) or action.dimension
            if dimension is not None and action.ref not in by_dimension.get(dimension, []):
                by_dimension.setdefault(dimension, []).append(action.ref)
    questions = tuple(
        ChangeReason(change, tuple(addressing.get(change.ref, ())))
        for change in trend.questions
        if change.direction in ("up", "down")
    )
    dimensions = tuple(
        ChangeReason(change, tuple(by_dimension.get(change.ref, ())))
        for change in trend.dimensions
        if change.direction in ("up", "down")
    )
    return WhatChanged(lifts, questions, dimensions)


def _question_lift(question: str, planned: tuple[float, float], change: Change | None) -> QuestionLift:
    before = after = None
    if change is not None and change.direction in ("up", "down", "same"):
        before, after = change.before, change.after
    return QuestionLift(question, planned[0], planned[1], before, after)
