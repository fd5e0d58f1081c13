"""A ranked roadmap: one action per applicable question below its target.

Target: the profile's question target, else the profile's target for the question's
dimension, else the next declared level above the current value; never above the
question's best option (an action must be possible). "N/a" answers make no item;
"don't know" and an unanswered critical question make a "find out" item (other
unanswered questions count as the lowest level and are listed as unanswered instead).

Ranking: critical questions and the blockers of the weakest dimension first, then by
priority = weight x gap x risk factor, then questionnaire order. Declared `depends_on`
is respected: a dependency that is itself an item is moved just before its first
dependant. Horizons: the first band (critical and blockers) is "90 days"; the other
items split by rank, the first half (rounded up) "6 months" and the rest "12 months";
a dependency then takes the earliest horizon of its dependants. The first 90 days hold
at most FIRST_90_DAYS actions, in rank order: a plan, not a backlog; the rest move to
"6 months". Actions in a dimension scored as readiness only (agents that are planned)
sit under "Readiness", after the others, never in the first 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.questionnaire.model import UNKNOWN, BenchmarkProfile, Question, Questionnaire

from .levels import next_level, scale
from .scorecard import AnswerStatus, QuestionScore, Scorecard

HORIZONS = ("90 days", "6 months", "12 months", "Readiness")
#: The most actions the first 90 days hold: a team can act on a few things at once.
FIRST_90_DAYS = 7


@dataclass(frozen=True)
class RoadmapItem:
    """One action, with the answer that caused it."""

    question: str
    dimension: str
    answer: str  # the option id (or "unknown") that caused the item
    value: float
    target: float
    target_source: str  # "profile-question", "profile-dimension" or "next-level"
    gap: float
    priority: float  # weight x gap x risk factor
    critical: bool
    blocker: bool  # holds the weakest dimension at its level
    find_out: bool
    action: str
    depends_on: tuple[str, ...]  # dependencies that are items of this roadmap too
    horizon: str = HORIZONS[2]
    readiness: bool = False  # in a dimension scored as readiness only

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "dimension": self.dimension,
            "caused_by": {"question": self.question, "answer": self.answer, "value": self.value},
            "target": self.target,
            "target_source": self.target_source,
            "gap": self.gap,
            "priority": self.priority,
            "critical": self.critical,
            "blocker": self.blocker,
            "find_out": self.find_out,
            "action": self.action,
            "depends_on": list(self.depends_on),
            "horizon": self.horizon,
            "readiness": self.readiness,
        }


@dataclass(frozen=True)
class Roadmap:
    """The ranked actions."""

    items: tuple[RoadmapItem, ...]
    weakest_dimension: str | None
    profile: str | None

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "profile": self.profile,
            "weakest_dimension": self.weakest_dimension,
            "items": [dict(item.to_dict(), rank=rank) for rank, item in enumerate(self.items, 1)],
        }


def build_roadmap(
    questionnaire: Questionnaire, scorecard: Scorecard, profile: BenchmarkProfile | None = None
) -> Roadmap:
    """Rank the actions that close the gaps of a scorecard (to a profile, or one level up)."""
    weakest = _weakest(scorecard)
    blockers = set(weakest.explanation.holding) if weakest and weakest.explanation else set()
    items = [
        replace(item, readiness=dimension.readiness_only)
        for dimension in scorecard.dimensions
        for score in dimension.questions
        if (item := _item(questionnaire, score, profile, blockers)) is not None
    ]
    ids = {item.question for item in items}
    items = [replace(i, depends_on=tuple(d for d in i.depends_on if d in ids)) for i in items]
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    items.sort(key=lambda i: (not (i.critical or i.blocker), -i.priority, order[i.question]))
    items = _with_dependencies_first(items)
    items = _with_horizons(items)
    return Roadmap(tuple(items), weakest.id if weakest else None, profile.id if profile else None)


def _weakest(scorecard: Scorecard):
    """The dimension with the lowest level (then lowest score, then first); None if none."""
    ranked = [d for d in scorecard.dimensions if d.score is not None]
    if not ranked:
        return None
    lowest = float("-inf")
    return min(ranked, key=lambda d: (d.level if d.level is not None else lowest, d.score))


def _item(
    questionnaire: Questionnaire,
    score: QuestionScore,
    profile: BenchmarkProfile | None,
    blockers: set[str],
) -> RoadmapItem | None:
    """The item for one question, or None when it is at its target or has no value.

    An unanswered question counts as the lowest value, but only a critical one becomes
    an action ("find out"): the others are listed as unanswered beside the results.
    """
    question = questionnaire.question(score.id)
    if score.value is None or (score.answer is None and not question.critical):
        return None
    target, source = _target(questionnaire, question, score.value, profile)
    best = max(o.value for o in question.options if o.value is not None)
    target = min(target, best) if target is not None else None
    if target is None or target <= score.value:
        return None
    gap = target - score.value
    find_out = score.status in (AnswerStatus.UNKNOWN, AnswerStatus.MISSING)
    return RoadmapItem(
        question=score.id,
        dimension=score.dimension,
        answer=score.answer or "",
        value=score.value,
        target=target,
        target_source=source,
        gap=gap,
        priority=question.weight * gap * question.risk.factor,
        critical=question.critical,
        blocker=score.id in blockers,
        find_out=find_out,
        action=_action(question, score.answer or "", target),
        depends_on=question.depends_on,
    )


def _target(
    questionnaire: Questionnaire, question: Question, value: float, profile: BenchmarkProfile | None
) -> tuple[float | None, str]:
    """The target of a question and where it came from."""
    if profile is not None and (target := profile_target(question, profile)) is not None:
        own = profile.question_target(question.id) is not None
        return target, "profile-question" if own else "profile-dimension"
    return next_level(scale(questionnaire), value), "next-level"


def profile_target(question: Question, profile: BenchmarkProfile) -> float | None:
    """What a profile expects of one question: its own target, else its dimension's, never
    above the question's best option; None when the profile sets neither."""
    own = profile.question_target(question.id)
    if own is None and question.dimension:
        own = profile.dimension_target(question.dimension)
    if own is None:
        return None
    values = [o.value for o in question.options if o.value is not None]
    return min(own.target, max(values)) if values else own.target


def _action(question: Question, answer: str, target: float) -> str:
    """The current option's recommendation; "find out" for don't know; else the target option."""
    if answer == UNKNOWN or not answer:
        return f"Find out: {question.text}"
    recommendation = question.option(answer).recommendation
    if recommendation:
        return recommendation
    reaching = [o for o in question.options if o.value is not None and o.value >= target]
    return f"Reach: {min(reaching, key=lambda o: o.value or 0.0).label}"


def _with_dependencies_first(items: list[RoadmapItem]) -> list[RoadmapItem]:
    """Keep the ranking, but place each item's dependencies (transitively) just before it."""
    by_id = {item.question: item for item in items}
    placed: list[RoadmapItem] = []
    done: set[str] = set()

    def place(item: RoadmapItem, visiting: frozenset[str]) -> None:
        """Append `item` after its unplaced dependencies."""
        if item.question in done or item.question in visiting:
            return  # placed already, or a cycle (the loader refuses those)
        for dependency in item.depends_on:
            place(by_id[dependency], visiting | {item.question})
        done.add(item.question)
        placed.append(item)

    for item in items:
        place(item, frozenset())
    return placed


def _with_horizons(items: list[RoadmapItem]) -> list[RoadmapItem]:
    """Assign horizons by the documented rule, then order by horizon (stable)."""
    planned = [i for i in items if not i.readiness]
    first = [i for i in planned if i.critical or i.blocker]
    rest = [i for i in planned if not (i.critical or i.blocker)]
    half = (len(rest) + 1) // 2
    horizon = {i.question: 0 for i in first}
    horizon.update({i.question: 1 if n < half else 2 for n, i in enumerate(rest)})
    horizon.update({i.question: 3 for i in items if i.readiness})
    changed = True
    while changed:  # a dependency is never scheduled after a dependant
        changed = False
        for item in items:
            for dependency in item.depends_on:
                if horizon[dependency] > horizon[item.question]:
                    horizon[dependency] = horizon[item.question]
                    changed = True
    ordered = sorted(items, key=lambda i: horizon[i.question])
    # The cap keeps the first FIRST_90_DAYS in rank order; dependencies come before their
    # dependants in that order, so a kept action never waits on one moved later.
    now = [i.question for i in ordered if horizon[i.question] == 0]
    for question in now[FIRST_90_DAYS:]:
        horizon[question] = 1
    ordered = sorted(ordered, key=lambda i: horizon[i.question])
    return [replace(i, horizon=HORIZONS[horizon[i.question]]) for i in ordered]
