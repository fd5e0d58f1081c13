"""A ranked roadmap: one action per applicable question below its target.

Why one module: the rules below (targets, ranking, dependencies, horizons, owners, effort,
lift) each change the order or place of every action, and are read as one plan.

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

A plan, not a backlog: each action carries
- its workstream (its dimension),
- a suggested owner: whoever the ownership map names for the activity the questionnaire
  ties the question to (`owned_by`). Where the map names nobody, or "don't know", the
  action has no clear owner, and naming owners for those activities becomes the first
  action of all (one action, listing them);
- an effort band from the distance it climbs: "small" for a find-out or one level,
  "medium" for two, "large" for three or more;
- what it lifts: the question from its level to its target and, when the question is one
  of the fewest changes that lift its dimension a level (the dimension's explanation),
  that level and how many changes it takes together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.questionnaire.model import NOBODY, NOT_APPLICABLE, UNKNOWN, Question, Questionnaire
from assessment.questionnaire.targets import TargetProfile

from .levels import next_level, scale
from .scorecard import AnswerStatus, DimensionScore, QuestionScore, Scorecard

HORIZONS = ("90 days", "6 months", "12 months", "Readiness")
#: The most actions the first 90 days hold: a team can act on a few things at once.
FIRST_90_DAYS = 7
#: Effort bands, by the levels an action climbs (a find-out climbs none).
EFFORTS = ("small", "medium", "large")
#: The question id of the action that names owners (not a question of the questionnaire).
NAME_OWNERS = "name-owners"


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
    #: The ownership question whose owner is suggested, and its answer (None: not asked,
    #: unanswered, nobody or don't know, which is "no clear owner" when the activity is set).
    owner_activity: str | None = None
    owner: str | None = None
    effort: str = EFFORTS[0]
    #: The dimension level this action helps lift, with how many changes that takes in all
    #: (this one among them); None when it is not among the fewest such changes.
    lifts: float | None = None
    lift_changes: int = 0
    #: For the name-owners action: the activities that have actions but no clear owner.
    activities: tuple[str, ...] = ()

    @property
    def names_owners(self) -> bool:
        """True for the action that names owners for unowned activities."""
        return self.question == NAME_OWNERS

    @property
    def unowned(self) -> bool:
        """True when the action's activity has no clear owner in the ownership map."""
        return self.owner_activity is not None and self.owner is None

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
            "workstream": self.dimension,
            "owner": {"activity": self.owner_activity, "answer": self.owner},
            "effort": self.effort,
            "lifts": {"dimension_level": self.lifts, "changes": self.lift_changes} if self.lifts else None,
            "activities": list(self.activities),
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
    questionnaire: Questionnaire, scorecard: Scorecard, profile: TargetProfile | None = None
) -> Roadmap:
    """Rank the actions that close the gaps of a scorecard (to a profile, or one level up)."""
    weakest = _weakest(scorecard)
    blockers = set(weakest.explanation.holding) if weakest and weakest.explanation else set()
    owners = dict(scorecard.ownership.answers)
    items = [
        _planned(questionnaire, item, dimension, owners)
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
    if naming := _name_owners(questionnaire, items):
        first = [i for i in items if i.horizon == HORIZONS[0]]
        if len(first) >= FIRST_90_DAYS:  # the cap holds: the last of the 90 days moves on
            items = [replace(i, horizon=HORIZONS[1]) if i is first[-1] else i for i in items]
        items.insert(0, naming)
    return Roadmap(tuple(items), weakest.id if weakest else None, profile.id if profile else None)


def _planned(
    questionnaire: Questionnaire, item: RoadmapItem, dimension: DimensionScore, owners: dict
) -> RoadmapItem:
    """An item with its place in the plan: readiness, suggested owner, effort and lift."""
    activity = questionnaire.activity_for(item.question)
    if activity is not None and activity not in owners:
        activity = None  # the activity was not asked (out of scope): no owner to suggest
    answer = owners.get(activity) if activity else None
    changes = dimension.explanation.lift if dimension.explanation else ()
    lifting = any(change.question == item.question for change in changes)
    return replace(
        item,
        readiness=dimension.readiness_only,
        owner_activity=activity,
        owner=answer if answer not in (None, "", NOBODY, UNKNOWN, NOT_APPLICABLE) else None,
        effort=effort_band(item.gap, item.find_out),
        lifts=dimension.explanation.next_level if lifting else None,
        lift_changes=len(changes) if lifting else 0,
    )


def effort_band(gap: float, find_out: bool) -> str:
    """The effort band of an action: small to find out or climb one level, medium for two,
    large for three or more."""
    if find_out or gap <= 1:
        return EFFORTS[0]
    return EFFORTS[1] if gap <= 2 else EFFORTS[2]


def _name_owners(questionnaire: Questionnaire, items: list[RoadmapItem]) -> RoadmapItem | None:
    """The first action when planned actions have no clear owner: name one for each of
    their activities (readiness actions do not count; they are not planned yet)."""
    unowned = [i.owner_activity for i in items if i.unowned and not i.readiness]
    activities = tuple(dict.fromkeys(a for a in unowned if a is not None))
    if not activities:
        return None
    return RoadmapItem(
        question=NAME_OWNERS,
        dimension=questionnaire.question(activities[0]).dimension or "",
        answer="",
        value=0.0,
        target=0.0,
        target_source="ownership-map",
        gap=0.0,
        priority=0.0,
        critical=False,
        blocker=False,
        find_out=False,
        action="Name an owner for each activity that has actions in this plan but no clear owner today.",
        depends_on=(),
        horizon=HORIZONS[0],
        activities=activities,
        effort=EFFORTS[0],
    )


def _weakest(scorecard: Scorecard):
    """The dimension that sets the overall level, as the results name it: readiness for what
    is only planned is outside the overall level, so its answers never block it."""
    return scorecard.weakest


def _item(
    questionnaire: Questionnaire,
    score: QuestionScore,
    profile: TargetProfile | None,
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
    questionnaire: Questionnaire, question: Question, value: float, profile: TargetProfile | None
) -> tuple[float | None, str]:
    """The target of a question and where it came from."""
    if profile is not None and (target := profile_target(question, profile)) is not None:
        own = profile.question_target(question.id) is not None
        return target, "profile-question" if own else "profile-dimension"
    return next_level(scale(questionnaire), value), "next-level"


def profile_target(question: Question, profile: TargetProfile) -> float | None:
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
    # A readiness action that a current action depends on matters now, not only for what is
    # planned: it moves with its dependant and is no longer marked readiness.
    return [
        replace(i, horizon=HORIZONS[horizon[i.question]], readiness=i.readiness and horizon[i.question] == 3)
        for i in ordered
    ]
