"""What changed between two scorecards of the same organisation (possibly across versions).

Questions and dimensions are matched by id. A pair is compared only when both sides
have a value on the same footing; everything else is listed as not comparable with
the reason (moved to another dimension, answer scale changed, no value on one side,
scoped out on one side). Ids present on one side only are "new" or "removed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from assessment.questionnaire.crosswalk import Crosswalk
from assessment.questionnaire.model import QuestionKind, Questionnaire

from .scorecard import AnswerStatus, QuestionScore, Scorecard, score_answers

SAME_WITHIN = 1e-9
_NO_ANSWER = (AnswerStatus.MISSING, AnswerStatus.NOT_APPLICABLE)


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
        """The change in words, computed from the one-decimal figures printed beside it so
        the sum can be checked by eye ("2.2 → 2.8" is "up 0.6", never "up 0.5"):
        "up 0.4", "down, by less than 0.1", "up 0.6; level 2 to 3", "no change"."""
        if self.direction not in ("up", "down") or self.before is None or self.after is None:
            return "no change" if self.direction == "same" else self.direction
        shown = abs(round(self.after, 1) - round(self.before, 1))
        if abs(self.after - self.before) <= SAME_WITHIN:
            words = f"{self.direction}: the same score"
        elif shown < 0.05:
            words = f"{self.direction}, by less than 0.1"
        else:
            words = f"{self.direction} {shown:.1f}"
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
    #: What the reader sees: the question's text when the ref is an earlier version's id.
    title: str = ""

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {"id": self.ref, "reason": self.reason, "title": self.title or None}


@dataclass(frozen=True)
class Trend:
    """The change between two scorecards."""

    before_version: str
    after_version: str
    overall: Change | None
    dimensions: tuple[Change, ...]
    questions: tuple[Change, ...]
    not_comparable: tuple[NotComparable, ...]
    #: Across a crosswalk: (maturity questions compared like for like, maturity questions
    #: of the later version). None when both sides answered the same major version.
    like_for_like: tuple[int, int] | None = None

    @property
    def across_versions(self) -> bool:
        """True when the trend joins two major versions through a crosswalk."""
        return self.like_for_like is not None

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "before_version": self.before_version,
            "after_version": self.after_version,
            "like_for_like": list(self.like_for_like) if self.like_for_like else None,
            "overall": self.overall.to_dict() if self.overall else None,
            "dimensions": [c.to_dict() for c in self.dimensions],
            "questions": [c.to_dict() for c in self.questions],
            "not_comparable": [n.to_dict() for n in self.not_comparable],
        }


def compare_scorecards(before: Scorecard, after: Scorecard) -> Trend:
    """Per dimension and question, what went up, down, stayed, appeared or went away."""
    if before.questionnaire_id != after.questionnaire_id:
        raise ValueError(
            f"cannot compare {before.questionnaire_id!r} with {after.questionnaire_id!r}: "
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
    return Trend(before.version, after.version, overall, dimensions, questions, tuple(not_comparable))


def _dimension_changes(
    before: Scorecard, after: Scorecard, not_comparable: list[NotComparable]
) -> tuple[Change, ...]:
    """Changes of the dimensions, in the later questionnaire's order then removed ones."""

    def incomparable(b, a) -> str:
        return "no score on one side" if b.score is None or a.score is None else ""

    return _changes(
        {d.id: d for d in before.dimensions},
        {d.id: d for d in after.dimensions},
        (before.scoped_out_dimensions, after.scoped_out_dimensions),
        lambda d: (d.score, d.level),
        incomparable,
        not_comparable,
    )


def _question_changes(
    before: Scorecard, after: Scorecard, not_comparable: list[NotComparable]
) -> tuple[Change, ...]:
    """Changes of the maturity questions, in the later order then removed ones."""
    return _changes(
        _questions(before),
        _questions(after),
        (before.scoped_out_questions, after.scoped_out_questions),
        lambda q: (q.value, None),
        _incomparable,
        not_comparable,
    )


def _changes(old: Mapping, new: Mapping, scoped_out: tuple, figure, incomparable, not_comparable) -> tuple:
    """The one ladder dimensions and questions go down, by id in the later order then the
    removed ones: scoped out on a side, new, removed, not comparable (`incomparable` gives
    the reason), else changed. `figure` gives an item's (value, level)."""
    changes = []
    for ref in list(new) + [ref for ref in old if ref not in new]:
        b, a = old.get(ref), new.get(ref)
        if b is None and ref in scoped_out[0]:
            not_comparable.append(NotComparable(ref, "scoped out before"))
        elif a is None and ref in scoped_out[1]:
            not_comparable.append(NotComparable(ref, "scoped out after"))
        elif b is None:
            value, level = figure(a)
            changes.append(Change(ref, None, value, "new", None, level))
        elif a is None:
            value, level = figure(b)
            changes.append(Change(ref, value, None, "removed", level, None))
        elif reason := incomparable(b, a):
            not_comparable.append(NotComparable(ref, reason))
        else:
            (before_value, before_level), (after_value, after_level) = figure(b), figure(a)
            changes.append(_change(ref, before_value, after_value, before_level, after_level))
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
    # An unanswered question counts as the lowest value in every roll-up, but a question
    # left blank on either side has no answer of its own to compare.
    if before.status in _NO_ANSWER:
        return f"no value before ({before.status.value})"
    if after.status in _NO_ANSWER:
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


def compare_through(
    crosswalk: Crosswalk,
    earlier: Questionnaire,
    earlier_answers: Mapping[str, str],
    later: Questionnaire,
    later_answers: Mapping[str, str],
) -> Trend:
    """The trend between answers to two major versions, on like-for-like questions only.

    The earlier answers are carried to the later version by the crosswalk. Both sides are
    then scored on the later version cut down to the maturity questions whose earlier
    answer was carried, so a question new in the later version, or one whose answer
    meant something else before, moves neither side; each of those is listed as not
    comparable, with the crosswalk's reason.
    """
    carried = crosswalk.carry(earlier_answers)
    left_behind = {d.question for d in carried.dropped}
    comparable = {
        m.target for m in crosswalk.mappings if m.target is not None and m.source not in left_behind
    }
    kept = tuple(q for q in later.questions if q.kind is not QuestionKind.MATURITY or q.id in comparable)
    common = replace(later, questions=kept)
    ids = {q.id for q in kept}
    before = score_answers(common, {k: v for k, v in carried.answers.items() if k in ids})
    after = score_answers(common, {k: v for k, v in later_answers.items() if k in ids})
    trend = compare_scorecards(before, after)
    carried_dimensions = {q.dimension for q in kept if q.kind is QuestionKind.MATURITY}
    empty = [d for d in later.dimensions if d.id not in carried_dimensions]
    not_comparable = [n for n in trend.not_comparable if n.ref not in {d.id for d in empty}]
    for dimension in empty:
        reason = f"No question of this dimension carries over from {crosswalk.from_version}."
        not_comparable.append(NotComparable(dimension.id, reason, dimension.title))
    dimensions = tuple(c for c in trend.dimensions if c.ref not in {d.id for d in empty})
    for dropped in carried.dropped:
        mapping = crosswalk.mapping(dropped.question)
        source = next((q for q in earlier.questions if q.id == dropped.question), None)
        if source is None or source.kind is not QuestionKind.MATURITY:
            continue
        ref = mapping.target if mapping and mapping.target else dropped.question
        not_comparable.append(NotComparable(ref, dropped.reason, source.text))
    for question_id in crosswalk.new_questions:
        question = later.question(question_id)
        if question.kind is QuestionKind.MATURITY:
            not_comparable.append(
                NotComparable(
                    question_id,
                    f"New in {crosswalk.to_version}: no counterpart in {crosswalk.from_version}.",
                    question.text,
                )
            )
    asked = len(later.maturity_questions)
    compared = len(kept) - sum(1 for q in kept if q.kind is not QuestionKind.MATURITY)
    return replace(
        trend,
        before_version=earlier.version,
        after_version=later.version,
        dimensions=dimensions,
        not_comparable=tuple(not_comparable),
        like_for_like=(compared, asked),
    )
