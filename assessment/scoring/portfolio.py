"""Which AI initiatives can reach production, what blocks each, and what to fund first.

Why one module: readiness, blockers, the autonomy gate, the value x readiness quadrants,
work in progress and the what-if are one judgement of one portfolio, each feeding the
next; `production-gate.methodology.md` explains the same rules for a reader.

Each gate item (a maturity question of the gate) has a gate part, the initiative's own
answer (0 not in place ... 1 in place, "don't know" and no answer count as not in place),
and an organisation part: for each question of the organisation's assessment the rules
file names, how far its value has climbed from the lowest level towards the value needed
(capped at 1), averaged. Questions that do not apply to the organisation are left out;
an item with none left is judged on its gate part alone. The item's score is the mean
of its parts (an item not yet answered scores nothing, so skipping never beats "don't
know"); readiness is the weighted mean of the applicable items' scores, in percent.

An item fails when its gate answer is below the top level or a named organisation
question is below the value needed. A failed critical item is a blocker; any other failed
item is a condition. An agent initiative that asks for a higher autonomy tier than the
organisation's answers support is blocked too. A blocked initiative cannot be ready, and
its readiness is capped one point below the ready line so it never plots as ready.

Readiness only rises with the organisation's values (each part is non-decreasing in
them), so assuming roadmap actions done (their questions reach the action's target) can
never lower an initiative's readiness: the property tests hold the rules to that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from assessment.questionnaire.gate import AutonomyTier, Gate
from assessment.questionnaire.model import NOT_APPLICABLE, Question, Questionnaire

from .answers import question_applies
from .register import IN_FLIGHT, VALUE_BANDS, InitiativeRecord
from .roadmap import Roadmap, RoadmapItem
from .scorecard import Scorecard

#: Quadrants of the value x readiness matrix, in the order they are funded.
QUADRANTS = MappingProxyType(
    {
        "scale-now": "Scale now",
        "fix-then-scale": "Fix, then scale",
        "rethink": "Rethink",
        "stop": "Stop",
    }
)
QUADRANT_ADVICE = MappingProxyType(
    {
        "scale-now": "High value and ready: fund it to production.",
        "fix-then-scale": "High value, not ready: fund the actions that clear its blockers first.",
        "rethink": "Ready, but the value is lower: check the case before spending more.",
        "stop": "Lower value and not ready: stop, or park it until the value case changes.",
    }
)
STATUSES = MappingProxyType(
    {"ready": "Ready for production", "blocked": "Blocked", "not-ready": "Not yet ready"}
)
#: The check id of the autonomy gate, beside the gate's question ids.
AUTONOMY = "autonomy"


@dataclass(frozen=True)
class Shortfall:
    """An organisation answer below what a gate item needs, and the action that removes it."""

    question: str
    text: str  # the organisation question, as asked
    value: float | None  # None: not asked of this organisation
    needed: float
    action: str
    horizon: str | None = None  # the roadmap's horizon for the action; None when not on it
    target: float | None = None  # where the roadmap takes the question
    #: The organisation's answer when it is not an option: "unknown", or None for no answer
    #: (either counts at the lowest level); "" when the question was answered with an option.
    unanswered: str | None = ""


@dataclass(frozen=True)
class GateCheck:
    """One gate item (or the autonomy gate) for one initiative."""

    item: str
    title: str
    critical: bool
    answer: str | None  # the initiative's gate answer code
    answer_words: str
    passed_gate: bool  # the initiative's own answer is at the top level
    shortfalls: tuple[Shortfall, ...] = ()
    score: float = 0.0  # 0..1; the autonomy gate has none (it is pass or block)
    weight: float = 1.0

    @property
    def failed(self) -> bool:
        """True when the initiative or the organisation falls short of this item."""
        return not self.passed_gate or bool(self.shortfalls)


@dataclass(frozen=True)
class InitiativeReadiness:
    """One initiative judged: readiness, status, what blocks it and where it sits."""

    record: InitiativeRecord
    readiness: float  # 0..100
    status: str
    checks: tuple[GateCheck, ...]
    quadrant: str
    unanswered: int  # gate items with no answer yet
    supported_tier: AutonomyTier | None = None  # for agent initiatives

    @property
    def blockers(self) -> tuple[GateCheck, ...]:
        """The failed critical items and a refused autonomy tier: what stops production."""
        return tuple(c for c in self.checks if c.failed and c.critical)

    @property
    def conditions(self) -> tuple[GateCheck, ...]:
        """The failed items that do not block production on their own."""
        return tuple(c for c in self.checks if c.failed and not c.critical)

    @property
    def ready(self) -> bool:
        """True when nothing blocks production and readiness reaches the ready line."""
        return self.status == "ready"


@dataclass(frozen=True)
class TeamLoad:
    """A delivery team's initiatives in flight against the organisation's limit."""

    team: str  # "" for initiatives with no team named
    initiatives: tuple[str, ...]
    limit: int

    @property
    def over(self) -> bool:
        """True when the team has more initiatives in flight than the limit (a named team only)."""
        return bool(self.team) and len(self.initiatives) > self.limit


@dataclass(frozen=True)
class ActionReach:
    """A roadmap action and the blocked initiatives whose shortfalls it removes."""

    question: str
    action: str
    horizon: str | None
    initiatives: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioReview:
    """A whole portfolio judged against the organisation's assessment."""

    initiatives: tuple[InitiativeReadiness, ...]  # ranked; retired ones left out
    retired: tuple[InitiativeRecord, ...]
    teams: tuple[TeamLoad, ...]
    actions: tuple[ActionReach, ...]  # most initiatives unblocked first
    ready_at: float
    wip_limit: int
    supported_tier: AutonomyTier
    assumed_done: tuple[str, ...] = ()

    def in_quadrant(self, quadrant: str) -> tuple[InitiativeReadiness, ...]:
        """The initiatives in one quadrant of the matrix, ranked."""
        return tuple(i for i in self.initiatives if i.quadrant == quadrant)

    @property
    def teams_over(self) -> tuple[TeamLoad, ...]:
        """The delivery teams with more initiatives in flight than the limit."""
        return tuple(t for t in self.teams if t.over)


@dataclass(frozen=True)
class WhatIf:
    """The portfolio before and after assuming some roadmap actions done."""

    before: PortfolioReview
    after: PortfolioReview

    @property
    def newly_ready(self) -> tuple[InitiativeReadiness, ...]:
        """The initiatives the assumed actions make ready for production."""
        was_ready = {i.record.key for i in self.before.initiatives if i.ready}
        return tuple(i for i in self.after.initiatives if i.ready and i.record.key not in was_ready)

    def moves(self) -> tuple[tuple[InitiativeReadiness, InitiativeReadiness], ...]:
        """(before, after) for every initiative whose readiness or status changed."""
        before = {i.record.key: i for i in self.before.initiatives}
        return tuple(
            (before[i.record.key], i)
            for i in self.after.initiatives
            if (before[i.record.key].readiness, before[i.record.key].status) != (i.readiness, i.status)
        )


def organisation_values(scorecard: Scorecard) -> dict[str, float]:
    """Each applicable, scored maturity question's value (n/a and out of scope are absent)."""
    return {q.id: q.value for d in scorecard.dimensions for q in d.questions if q.value is not None}


def unknown_actions(roadmap: Roadmap | None, actions: Iterable[str]) -> tuple[str, ...]:
    """The assumed-done action ids that are not actions of the roadmap."""
    known = {item.question for item in roadmap.items} if roadmap else set()
    return tuple(a for a in actions if a not in known)


def review_portfolio(
    gate: Gate,
    questionnaire: Questionnaire,
    scorecard: Scorecard,
    roadmap: Roadmap | None,
    records: Iterable[InitiativeRecord],
    wip_limit: int | None = None,
    assume_done: Iterable[str] = (),
) -> PortfolioReview:
    """Judge every initiative against its gate answers and the organisation's assessment."""
    items = {item.question: item for item in roadmap.items} if roadmap else {}
    assumed = tuple(dict.fromkeys(a for a in assume_done if a in items))
    values = organisation_values(scorecard)
    lowest = questionnaire.lowest_level.value
    for action in assumed:
        values[action] = max(values.get(action, lowest), items[action].target)
    answers = {q.id: q.answer for d in scorecard.dimensions for q in d.questions}
    judge = _Judge(gate, questionnaire, values, answers, items, lowest)
    records = tuple(records)
    live = [judge.initiative(r) for r in records if r.stage != "retired"]
    ranked = tuple(sorted(live, key=_rank))
    limit = wip_limit or gate.rules.wip_limit
    return PortfolioReview(
        initiatives=ranked,
        retired=tuple(r for r in records if r.stage == "retired"),
        teams=_teams(records, limit),
        actions=_reach(ranked),
        ready_at=gate.rules.ready_at,
        wip_limit=limit,
        supported_tier=judge.supported_tier(),
        assumed_done=assumed,
    )


def what_if(
    gate: Gate,
    questionnaire: Questionnaire,
    scorecard: Scorecard,
    roadmap: Roadmap | None,
    records: Iterable[InitiativeRecord],
    assume_done: Iterable[str],
    wip_limit: int | None = None,
) -> WhatIf:
    """The portfolio as it stands and as it would stand with these roadmap actions done."""
    records = tuple(records)
    before = review_portfolio(gate, questionnaire, scorecard, roadmap, records, wip_limit)
    after = review_portfolio(gate, questionnaire, scorecard, roadmap, records, wip_limit, assume_done)
    return WhatIf(before, after)


@dataclass(frozen=True)
class _Judge:
    """The rules applied with one organisation's values."""

    gate: Gate
    questionnaire: Questionnaire
    values: Mapping[str, float]
    answers: Mapping[str, str | None]
    roadmap: Mapping[str, RoadmapItem]
    lowest: float

    def initiative(self, record: InitiativeRecord) -> InitiativeReadiness:
        gate_answers = dict(record.gate_answers)
        gate_answers[self.gate.rules.agents_question] = "yes" if record.uses_agents else "no"
        checks = [
            self.item(question, gate_answers.get(question.id))
            for question in self.gate.items
            if question_applies(self.gate.questionnaire, question, gate_answers)
            and gate_answers.get(question.id) != NOT_APPLICABLE
        ]
        supported = None
        if record.uses_agents:
            supported = self.supported_tier()
            if autonomy := self.autonomy(record, supported):
                checks.append(autonomy)
        weight = sum(c.weight for c in checks if c.item != AUTONOMY)
        score = sum(c.score * c.weight for c in checks if c.item != AUTONOMY)
        readiness = round(100 * score / weight, 1) if weight else 0.0
        blocked = any(c.failed and c.critical for c in checks)
        ready_at = self.gate.rules.ready_at
        if blocked:
            readiness = min(readiness, ready_at - 1)
        status = "blocked" if blocked else "ready" if readiness >= ready_at else "not-ready"
        quadrant = _quadrant(record.high_value, status == "ready")
        unanswered = sum(1 for c in checks if c.item != AUTONOMY and c.answer is None)
        return InitiativeReadiness(record, readiness, status, tuple(checks), quadrant, unanswered, supported)

    def item(self, question: Question, code: str | None) -> GateCheck:
        gate_values = [o.value for o in question.options]
        low, top = min(gate_values), max(gate_values)
        value = question.option(code).value if code in question.option_ids else low
        gate_part = (value - low) / (top - low) if top > low else 1.0
        shortfalls, parts = self.shortfalls(self.gate.rules.needs.get(question.id, {}))
        score = (gate_part + sum(parts) / len(parts)) / 2 if parts else gate_part
        if code is None:
            score = 0.0  # an item nobody has answered earns nothing, whatever the organisation
        return GateCheck(
            item=question.id,
            title=question.text,
            critical=question.critical,
            answer=code,
            answer_words=question.describe(code),
            passed_gate=value >= top,
            shortfalls=shortfalls,
            score=score,
            weight=question.weight,
        )

    def shortfalls(self, needs: Mapping[str, float], absent_fails: bool = False):
        """The organisation questions below what is needed, and each one's progress (0..1)."""
        shortfalls, parts = [], []
        for question_id, needed in needs.items():
            value = self.values.get(question_id)
            if value is None and not absent_fails:
                continue  # does not apply to this organisation
            if value is not None:
                parts.append(
                    min(1.0, (value - self.lowest) / (needed - self.lowest)) if needed > self.lowest else 1.0
                )
            if value is None or value < needed:
                shortfalls.append(self.shortfall(question_id, value, needed))
        return tuple(shortfalls), parts

    def shortfall(self, question_id: str, value: float | None, needed: float) -> Shortfall:
        question = self.questionnaire.question(question_id)
        answer = self.answers.get(question_id)
        unanswered = "" if answer in question.option_ids else answer
        item = self.roadmap.get(question_id)
        if item is not None:
            return Shortfall(
                question_id, question.text, value, needed, item.action, item.horizon, item.target, unanswered
            )
        if value is not None and answer in question.option_ids:
            action = question.option(answer).recommendation
        elif value is not None:
            action = (
                "Answer this question of the assessment: until it is answered it counts at the lowest level."
            )
        else:
            action = f"Assess this for the organisation: {question.text}"
        return Shortfall(question_id, question.text, value, needed, action, unanswered=unanswered)

    def supported_tier(self) -> AutonomyTier:
        """The most autonomous tier whose needs every organisation answer meets."""
        supported = self.gate.rules.autonomy[0]
        for tier in self.gate.rules.autonomy[1:]:
            if any(self.values.get(q, self.lowest - 1) < v for q, v in tier.needs.items()):
                break
            supported = tier
        return supported

    def autonomy(self, record: InitiativeRecord, supported: AutonomyTier) -> GateCheck | None:
        """A blocking check when the initiative asks for more autonomy than is supported."""
        rules = self.gate.rules
        asked = rules.tier(record.autonomy) or rules.autonomy[-1]  # unstated: assume the most
        if rules.tier_index(asked.id) <= rules.tier_index(supported.id):
            return None
        shortfalls, _ = self.shortfalls(asked.needs, absent_fails=True)
        return GateCheck(
            item=AUTONOMY,
            title=f"Autonomy asked for: {asked.label}",
            critical=True,
            answer=asked.id,
            answer_words=f"The organisation's agentic readiness supports at most: {supported.label}",
            passed_gate=True,
            shortfalls=shortfalls,
        )


def _quadrant(high_value: bool, ready: bool) -> str:
    if high_value:
        return "scale-now" if ready else "fix-then-scale"
    return "rethink" if ready else "stop"


def _rank(initiative: InitiativeReadiness):
    """Funding order: quadrant, then higher value, then readier, then name."""
    bands = list(VALUE_BANDS)
    value = bands.index(initiative.record.value_band) if initiative.record.value_band in bands else 0
    quadrant = list(QUADRANTS).index(initiative.quadrant)
    return (quadrant, -value, -initiative.readiness, initiative.record.name.casefold())


def _teams(records: tuple[InitiativeRecord, ...], limit: int) -> tuple[TeamLoad, ...]:
    """Initiatives in flight per delivery team, named teams first, most loaded first."""
    by_team: dict[str, list[str]] = {}
    for record in records:
        if record.stage in IN_FLIGHT:
            by_team.setdefault(record.delivery_team.strip(), []).append(record.name)
    loads = [TeamLoad(team, tuple(sorted(names, key=str.casefold)), limit) for team, names in by_team.items()]
    return tuple(sorted(loads, key=lambda t: (not t.team, -len(t.initiatives), t.team.casefold())))


def _reach(initiatives: tuple[InitiativeReadiness, ...]) -> tuple[ActionReach, ...]:
    """Each organisation shortfall's action with the blocked initiatives it would help."""
    reach: dict[str, ActionReach] = {}
    for initiative in initiatives:
        for check in initiative.blockers:
            for shortfall in check.shortfalls:
                known = reach.get(shortfall.question) or ActionReach(
                    shortfall.question, shortfall.action, shortfall.horizon, ()
                )
                if initiative.record.name not in known.initiatives:
                    known = replace(known, initiatives=(*known.initiatives, initiative.record.name))
                reach[shortfall.question] = known
    return tuple(sorted(reach.values(), key=lambda a: (-len(a.initiatives), a.question)))
