"""What changed between two scorecards of the same organisation (possibly across versions).

Questions and dimensions are matched by id. A pair is compared only when both sides
have a value on the same footing; everything else is listed as not comparable with
the reason (moved to another dimension, answer scale changed, no value on one side,
scoped out on one side). Ids present on one side only are "new" or "removed".
"""

from __future__ import annotations

from dataclasses import dataclass

from .scorecard import QuestionScore, Scorecard

SAME_WITHIN = 1e-9


@dataclass(frozen=True)
class Change:
    """One figure before and after."""

    ref: str  # "overall", a dimension id or a question id
    before: float | None
    after: float | None
    direction: str  # "up", "down", "same", "new" or "removed"
    before_level: float | None = None
    after_level: float | None = None

    def summary(self) -> str:
        """The change in words, as precise as the one-decimal figures printed beside it:
        "up 0.4", "down, by less than 0.1", "up 0.6; level 2 to 3", "no change"."""
        if self.direction not in ("up", "down") or self.before is None or self.after is None:
            return "no change" if self.direction == "same" else self.direction
        delta = abs(self.after - self.before)
        if delta <= SAME_WITHIN:
            words = f"{self.direction}: the same score"
        elif delta < 0.05:
            words = f"{self.direction}, by less than 0.1"
        else:
            words = f"{self.direction} {delta:.1f}"
        levels = (self.before_level, self.after_level)
        if None not in levels and levels[0] != levels[1]:
            words += f"; level {levels[0]:g} to {levels[1]:g}"
        return words

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.ref,
            "before": self.before,
            "after": self.after,
            "direction": self.direction,
            "before_level": self.before_level,
            "after_level": self.after_level,
        }


@dataclass(frozen=True)
class NotComparable:
    """A dimension or question whose before and after cannot be compared, and why."""

    ref: str
    reason: str

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {"id": self.ref, "reason": self.reason}


@dataclass(frozen=True)
class Trend:
    """The change between two scorecards."""

    before_version: str
    after_version: str
    overall: Change | None
    dimensions: tuple[Change, ...]
    questions: tuple[Change, ...]
    not_comparable: tuple[NotComparable, ...]

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "before_version": self.before_version,
            "after_version": self.after_version,
            "overall": self.overall.to_dict() if self.overall else None,
            "dimensions": [c.to_dict() for c in self.dimensions],
            "questions": [c.to_dict() for c in self.questions],
            "not_comparable": [n.to_dict() for n in self.not_comparable],
        }


def compare_scorecards(before: Scorecard, after: Scorecard) -> Trend:
    """Per dimension and question, what went up, down, stayed, appeared or went away."""
    if before.questionnaire != after.questionnaire:
        raise ValueError(
            f"cannot compare {before.questionnaire!r} with {after.questionnaire!r}: "
            "different questionnaires"
        )
    not_comparable: list[NotComparable] = []
    overall = None
    if before.score is not None and after.score is not None:
        overall = _change("overall", before.score, after.score, before.level, after.level)
    else:
        not_comparable.append(NotComparable("overall", "no overall score on one side"))
    dimensions = _dimension_changes(before, after, not_comparable)
    questions = _question_changes(before, after, not_comparable)
    return Trend(
        before.version, after.version, overall, dimensions, questions, tuple(not_comparable)
    )


def _dimension_changes(
    before: Scorecard, after: Scorecard, not_comparable: list[NotComparable]
) -> tuple[Change, ...]:
    """Changes of the dimensions, in the later questionnaire's order then removed ones."""
    old = {d.id: d for d in before.dimensions}
    new = {d.id: d for d in after.dimensions}
    changes = []
    for ref in list(new) + [ref for ref in old if ref not in new]:
        b, a = old.get(ref), new.get(ref)
        if b is None and ref in before.scoped_out_dimensions:
            not_comparable.append(NotComparable(ref, "scoped out before"))
        elif a is None and ref in after.scoped_out_dimensions:
            not_comparable.append(NotComparable(ref, "scoped out after"))
        elif b is None:
            changes.append(Change(ref, None, a.score, "new", None, a.level))
        elif a is None:
            changes.append(Change(ref, b.score, None, "removed", b.level, None))
        elif b.score is None or a.score is None:
            not_comparable.append(NotComparable(ref, "no score on one side"))
        else:
            changes.append(_change(ref, b.score, a.score, b.level, a.level))
    return tuple(changes)


def _question_changes(
    before: Scorecard, after: Scorecard, not_comparable: list[NotComparable]
) -> tuple[Change, ...]:
    """Changes of the maturity questions, in the later order then removed ones."""
    old = _questions(before)
    new = _questions(after)
    changes = []
    for ref in list(new) + [ref for ref in old if ref not in new]:
        b, a = old.get(ref), new.get(ref)
        if b is None and ref in before.scoped_out_questions:
            not_comparable.append(NotComparable(ref, "scoped out before"))
        elif a is None and ref in after.scoped_out_questions:
            not_comparable.append(NotComparable(ref, "scoped out after"))
        elif b is None:
            changes.append(Change(ref, None, a.value, "new"))
        elif a is None:
            changes.append(Change(ref, b.value, None, "removed"))
        elif reason := _incomparable(b, a):
            not_comparable.append(NotComparable(ref, reason))
        else:
            changes.append(_change(ref, b.value, a.value))
    return tuple(changes)


def _questions(scorecard: Scorecard) -> dict[str, QuestionScore]:
    """The applicable maturity questions of a scorecard by id, in order."""
    return {q.id: q for d in scorecard.dimensions for q in d.questions}


def _incomparable(before: QuestionScore, after: QuestionScore) -> str:
    """Why two answers to the same question id cannot be compared; "" when they can."""
    if before.dimension != after.dimension:
        return f"moved from dimension {before.dimension} to {after.dimension}"
    if before.scale != after.scale:
        return f"answer scale changed from {before.scale} to {after.scale}"
    if before.value is None:
        return f"no value before ({before.status.value})"
    if after.value is None:
        return f"no value after ({after.status.value})"
    return ""


def _change(
    ref: str,
    before: float,
    after: float,
    before_level: float | None = None,
    after_level: float | None = None,
) -> Change:
    """Compare two values (and levels): up, down or same."""
    if abs(after - before) <= SAME_WITHIN:
        direction = "same"
        if before_level is not None and after_level is not None and before_level != after_level:
            direction = "up" if after_level > before_level else "down"
    else:
        direction = "up" if after > before else "down"
    return Change(ref, before, after, direction, before_level, after_level)
