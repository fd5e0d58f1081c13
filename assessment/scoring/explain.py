"""Why a dimension sits at its level, and the fewest answer changes that lift it one level."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assessment.questionnaire.model import Question, Questionnaire

from .answers import Answers
from .levels import Evidence, next_level, scale, staircase_holds

#: Recomputes a dimension's level from question values (used when no closed form exists).
LevelOf = Callable[[Mapping[str, float]], "float | None"]


@dataclass(frozen=True)
class AnswerChange:
    """Answering `question` with option `to` instead of `answer`."""

    question: str
    answer: str
    to: str
    from_value: float
    to_value: float
    critical: bool

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "answer": self.answer,
            "to": self.to,
            "from_value": self.from_value,
            "to_value": self.to_value,
            "critical": self.critical,
        }


@dataclass(frozen=True)
class Explanation:
    """What holds a dimension at `level` and what would lift it to `next_level`."""

    level: float
    next_level: float | None  # None at the top of the scale
    holding: tuple[str, ...]  # questions below the next level, critical first, heaviest first
    lift: tuple[AnswerChange, ...]  # empty at the top or when no answers can lift it
    liftable: bool
    minimal: bool  # True when `lift` is provably the smallest set (the staircase)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "level": self.level,
            "next_level": self.next_level,
            "holding": list(self.holding),
            "lift": [change.to_dict() for change in self.lift],
            "liftable": self.liftable,
            "minimal": self.minimal,
        }


def explain_staircase(
    questionnaire: Questionnaire,
    evidence: Sequence[Evidence],
    level: float,
    majority: float,
    answers: Answers,
) -> Explanation:
    """Explain a staircase level; the lift is a minimal set of changes.

    Why minimal: every critical question below the next level N must reach N, so those
    changes are forced. Beyond them the staircase only needs the weight at or above N to
    exceed `majority` of the (unchanged) answered weight; the k heaviest non-critical
    candidates weigh at least as much as any k of them, so if any k changes suffice,
    the k heaviest do, and taking the heaviest first never needs more changes than any
    other choice. Each change picks the lowest option reaching N (the smallest step).
    """
    target = next_level(scale(questionnaire), level)
    holding = _holding(evidence, target)
    if target is None:
        return Explanation(level, None, (), (), False, True)
    order = {item.question: index for index, item in enumerate(evidence)}
    below = sorted(
        (item for item in evidence if item.value < target),
        key=lambda item: (not item.critical, -item.weight, order[item.question]),
    )
    changes: list[AnswerChange] = []
    raised: dict[str, float] = {}
    for item in below:
        if not item.critical and staircase_holds(
            _with(evidence, raised), target, majority, scale(questionnaire)[0]
        ):
            break
        change = _cheapest_change(questionnaire.question(item.question), item, target, answers)
        if change is None:
            if item.critical:
                return Explanation(level, target, holding, (), False, True)
            continue  # this question cannot reach the target; a lighter one may
        changes.append(change)
        raised[item.question] = change.to_value
    liftable = staircase_holds(_with(evidence, raised), target, majority, scale(questionnaire)[0])
    return Explanation(level, target, holding, tuple(changes) if liftable else (), liftable, True)


def explain_by_search(
    questionnaire: Questionnaire,
    evidence: Sequence[Evidence],
    level: float,
    level_of: LevelOf,
    answers: Answers,
) -> Explanation:
    """Explain a level set by score (floor, weakest) with a greedy search, not proven minimal.

    Raise the questions with the most room (weight x distance to their best option) to
    their best option until the level reaches the next one, then lower each raised
    answer back to the lowest option that still keeps the next level.
    """
    target = next_level(scale(questionnaire), level)
    holding = _holding(evidence, target)
    if target is None:
        return Explanation(level, None, (), (), False, False)
    values = {item.question: item.value for item in evidence}
    room = sorted(
        evidence,
        key=lambda item: -item.weight * (_best(questionnaire.question(item.question)) - item.value),
    )
    chosen: list[Evidence] = []
    for item in room:
        if _reaches(level_of(values), target):
            break
        best = _best(questionnaire.question(item.question))
        if best > item.value:
            values[item.question] = best
            chosen.append(item)
    if not _reaches(level_of(values), target):
        return Explanation(level, target, holding, (), False, False)
    changes = []
    for item in reversed(chosen):
        question = questionnaire.question(item.question)
        for option in sorted(question.options, key=lambda o: o.value or 0.0):
            if option.value is None or option.value <= item.value:
                continue
            trial = {**values, item.question: option.value}
            if _reaches(level_of(trial), target):
                values = trial
                break
        if values[item.question] == item.value:
            continue
        to = next(o for o in question.options if o.value == values[item.question])
        changes.append(_change(item, answers, to.id, values[item.question]))
    changes.reverse()
    return Explanation(level, target, holding, tuple(changes), True, False)


def _holding(evidence: Sequence[Evidence], target: float | None) -> tuple[str, ...]:
    """Questions below the next level, critical first, then heaviest, then in order."""
    if target is None:
        return ()
    order = {item.question: index for index, item in enumerate(evidence)}
    below = [item for item in evidence if item.value < target]
    below.sort(key=lambda item: (not item.critical, -item.weight, order[item.question]))
    return tuple(item.question for item in below)


def _with(evidence: Sequence[Evidence], raised: Mapping[str, float]) -> list[Evidence]:
    """The evidence after the raised questions take their new values."""
    return [
        Evidence(item.question, raised.get(item.question, item.value), item.weight, item.critical)
        for item in evidence
    ]


def _cheapest_change(
    question: Question, item: Evidence, target: float, answers: Answers
) -> AnswerChange | None:
    """The change to the lowest-valued option at or above `target`; None when none exists."""
    reaching = [o for o in question.options if o.value is not None and o.value >= target]
    if not reaching:
        return None
    option = min(reaching, key=lambda o: o.value or 0.0)
    return _change(item, answers, option.id, option.value or 0.0)


def _change(item: Evidence, answers: Answers, to: str, to_value: float) -> AnswerChange:
    """An AnswerChange for one evidence item."""
    return AnswerChange(
        item.question, answers[item.question], to, item.value, to_value, item.critical
    )


def _best(question: Question) -> float:
    """The highest option value of a question."""
    return max(o.value for o in question.options if o.value is not None)


def _reaches(level: float | None, target: float) -> bool:
    """True when a level is at or above the target."""
    return level is not None and level >= target
