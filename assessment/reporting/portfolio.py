"""The portfolio chapter of the reports and the portfolio sheet of the workbook, in words.

The caller judges the portfolio (`scoring.portfolio.review_portfolio`) and passes the
review; this module only puts it into words a board reads: stages, value bands, statuses
and quadrants by their names, each blocker as the gate item with the initiative's answer,
the organisation's shortfalls as the question with its level now and the level needed,
and the roadmap action (with its horizon) that removes each. No ids where words exist.

Why one module: the report's chapter and the workbook's sheet put the same judgement into
the same words (one blocker sentence, one level name, one horizon phrase).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..scoring.portfolio import (
    AUTONOMY,
    QUADRANT_ADVICE,
    QUADRANTS,
    STATUSES,
    GateCheck,
    InitiativeReadiness,
    PortfolioReview,
    Shortfall,
)
from ..scoring.register import EU_AI_ACT_CLASSES, EU_ROLES, RISK_TIERS, STAGES, VALUE_BANDS
from .charts import MatrixPoint, matrix_points, portfolio_matrix
from .pdf import cut, printable

#: The quadrants as the matrix draws them, row by row from the top left.
AS_DRAWN = ("fix-then-scale", "scale-now", "stop", "rethink")
#: Where an initiative's name is shortened in the report, in display width (the workbook
#: keeps it whole).
NAME_LIMIT = 120


@dataclass(frozen=True)
class ShortfallLine:
    """An organisation answer below what a gate item needs, and the action that removes it."""

    question: str
    now: str  # "at level 2 Developing", "not answered, counted as level 1 Initial", "not assessed"
    needed: str  # "level 3 Defined"
    action: str
    horizon: str  # "in the next 90 days", or "not on the roadmap"


@dataclass(frozen=True)
class BlockerLine:
    """One thing that stops an initiative reaching production."""

    item: str  # the gate item, as asked, or the autonomy asked for
    answer: str  # the initiative's answer in words, or what the readiness supports
    autonomy: bool
    own_answer_short: bool  # the initiative's own answer falls short (not only the organisation)
    shortfalls: tuple[ShortfallLine, ...]


@dataclass(frozen=True)
class PortfolioRow:
    """One initiative in the ranked list."""

    number: int
    name: str
    stage: str
    value: str
    readiness: float
    status: str
    quadrant: str
    team: str
    blocked: bool
    ready: bool


@dataclass(frozen=True)
class BlockedView:
    """A blocked initiative and everything that blocks it."""

    number: int
    name: str
    quadrant: str
    blockers: tuple[BlockerLine, ...]


@dataclass(frozen=True)
class QuadrantView:
    """A quadrant of the matrix: its name, advice and the initiatives in it, ranked."""

    name: str
    advice: str
    initiatives: tuple[str, ...]


@dataclass(frozen=True)
class TeamOver:
    """A delivery team with more initiatives in flight than the limit."""

    team: str
    count: int
    limit: int
    initiatives: tuple[str, ...]


@dataclass(frozen=True)
class UnblockingAction:
    """A roadmap action and the blocked initiatives it helps unblock."""

    action: str
    horizon: str
    question: str
    initiatives: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioView:
    """Everything the portfolio chapter prints."""

    rows: tuple[PortfolioRow, ...]
    quadrants: tuple[QuadrantView, ...]
    blocked: tuple[BlockedView, ...]
    teams_over: tuple[TeamOver, ...]
    actions: tuple[UnblockingAction, ...]
    ready_at: float
    wip_limit: int
    supported_tier: str
    ready: int
    retired: int
    assumed_done: tuple[str, ...]

    @property
    def headline(self) -> str:
        """'2 of 5 initiatives are ready for production; 3 are blocked.'"""
        total = len(self.rows)
        blocked = len(self.blocked)
        line = f"{self.ready} of {total} {'initiative is' if total == 1 else 'initiatives are'}"
        line += " ready for production"
        if blocked:
            line += f"; {blocked} {'is' if blocked == 1 else 'are'} blocked"
        return line + "."


def portfolio_view(questionnaire: Questionnaire, review: PortfolioReview | None) -> PortfolioView | None:
    """The chapter's view of a judged portfolio; None when there is nothing to show."""
    if review is None or not review.initiatives:
        return None
    names = {i.record.key: short_name(i.record.name) for i in review.initiatives}
    rows = tuple(_row(n, i, names[i.record.key]) for n, i in enumerate(review.initiatives, 1))
    quadrants = tuple(
        QuadrantView(
            label,
            QUADRANT_ADVICE[quadrant],
            tuple(names[i.record.key] for i in review.in_quadrant(quadrant)),
        )
        for quadrant, label in ((q, QUADRANTS[q]) for q in AS_DRAWN)
    )
    blocked = tuple(
        BlockedView(
            n,
            names[i.record.key],
            QUADRANTS[i.quadrant],
            tuple(blocker_line(questionnaire, check) for check in i.blockers),
        )
        for n, i in enumerate(review.initiatives, 1)
        if i.blockers
    )
    actions = tuple(
        UnblockingAction(
            a.action,
            horizon_words(a.horizon),
            questionnaire.question(a.question).text,
            tuple(short_name(name) for name in a.initiatives),
        )
        for a in review.actions
    )
    return PortfolioView(
        rows=rows,
        quadrants=quadrants,
        blocked=blocked,
        teams_over=tuple(
            TeamOver(t.team, len(t.initiatives), t.limit, tuple(short_name(n) for n in t.initiatives))
            for t in review.teams_over
        ),
        actions=actions,
        ready_at=review.ready_at,
        wip_limit=review.wip_limit,
        supported_tier=review.supported_tier.label,
        ready=sum(1 for i in review.initiatives if i.ready),
        retired=len(review.retired),
        assumed_done=tuple(questionnaire.question(q).text for q in review.assumed_done),
    )


def matrix_chart(review: PortfolioReview, accent: str) -> bytes:
    """The value x readiness matrix of a judged portfolio, numbered as the ranked list."""
    return portfolio_matrix(points(review), review.ready_at, accent)


def points(review: PortfolioReview) -> list[MatrixPoint]:
    """Where each initiative of the review sits on the matrix, in ranked order (a character no
    font draws is labelled by its code point, as everywhere in the report)."""
    return matrix_points(
        [(printable(i.record.name), i.record.value_band, i.readiness, i.ready) for i in review.initiatives]
    )


def short_name(name: str) -> str:
    """An initiative's name as the report prints it: whole up to NAME_LIMIT, else cut with '…'."""
    name = " ".join(str(name).split())
    shortened = cut(name, NAME_LIMIT)
    return name if shortened == name else shortened.rstrip() + "…"


def blocker_line(questionnaire: Questionnaire, check: GateCheck) -> BlockerLine:
    """A failed critical gate item (or the refused autonomy) in words."""
    return BlockerLine(
        item=check.title,
        answer=check.answer_words,
        autonomy=check.item == AUTONOMY,
        own_answer_short=not check.passed_gate,
        shortfalls=tuple(shortfall_line(questionnaire, s) for s in check.shortfalls),
    )


def shortfall_line(questionnaire: Questionnaire, shortfall: Shortfall) -> ShortfallLine:
    """An organisation shortfall with its levels named and the action's horizon in words."""
    return ShortfallLine(
        question=shortfall.text,
        now=_now_words(questionnaire, shortfall),
        needed=level_words(questionnaire, shortfall.needed),
        action=shortfall.action,
        horizon=horizon_words(shortfall.horizon),
    )


def _now_words(questionnaire: Questionnaire, shortfall: Shortfall) -> str:
    """Where the organisation stands: its level, or that it gave no answer or "don't know"
    (which count at the lowest level)."""
    if shortfall.value is not None and shortfall.unanswered != "":
        said = "not answered" if shortfall.unanswered is None else "answered \u201cdon't know\u201d"
        return f"{said}, counted as {level_words(questionnaire, shortfall.value)}"
    if shortfall.value is None:
        return "not assessed"
    return f"at {level_words(questionnaire, shortfall.value)}"


def level_words(questionnaire: Questionnaire, value: float | None) -> str:
    """'level 2 Developing' (the scale's name for the value), or 'not assessed'."""
    if value is None:
        return "not assessed"
    named = {level.value: level.name for level in questionnaire.levels}
    return f"level {value:g} {named[value]}" if value in named else f"level {value:g}"


def horizon_words(horizon: str | None) -> str:
    """'in the next 90 days', 'readiness for what is planned', or 'not on the roadmap'."""
    if horizon is None:
        return "not on the roadmap"
    if horizon == "Readiness":
        return "under readiness for what is planned"
    return f"in the next {horizon}"


def blockers_in_words(questionnaire: Questionnaire, initiative: InitiativeReadiness) -> str:
    """Every blocker of an initiative as one line of text (the workbook's cell)."""
    parts = []
    for check in initiative.blockers:
        line = blocker_line(questionnaire, check)
        text = f"{line.item}: {line.answer}"
        for s in line.shortfalls:
            text += f" (organisation: {s.question} is {s.now}, needs {s.needed}; {s.action}, {s.horizon})"
        parts.append(text)
    return "; ".join(parts)


def _row(number: int, initiative: InitiativeReadiness, name: str) -> PortfolioRow:
    record = initiative.record
    return PortfolioRow(
        number=number,
        name=name,
        stage=STAGES.get(record.stage, record.stage),
        value=VALUE_BANDS.get(record.value_band, record.value_band),
        readiness=initiative.readiness,
        status=STATUSES[initiative.status],
        quadrant=QUADRANTS[initiative.quadrant],
        team=record.delivery_team,
        blocked=initiative.status == "blocked",
        ready=initiative.ready,
    )


#: The Portfolio sheet's columns: the register's fields, then the judgement.
SHEET_HEADER = (
    "Rank",
    "Initiative",
    "Stage",
    "Owner",
    "Business sponsor",
    "Value",
    "Value measure",
    "Annual cost",
    "Team size",
    "Delivery team",
    "Risk tier",
    "EU AI Act",
    "EU AI Act role",
    "Uses agents",
    "Autonomy asked for",
    "Vendors",
    "Models",
    "Started",
    "Target date",
    "Readiness %",
    "Status",
    "Quadrant",
    "Gate items unanswered",
    "Blockers",
    "Conditions",
)


def sheet_rows(questionnaire: Questionnaire, review: PortfolioReview) -> list[tuple]:
    """One row per initiative, ranked, then the retired ones: the register's fields in words,
    readiness, status, quadrant, and the blockers and conditions joined in words."""
    rows = []
    for rank, initiative in enumerate(review.initiatives, 1):
        conditions = "; ".join(
            f"{c.title}: {c.answer_words}"
            + "".join(
                f" (organisation: {s.text} needs {level_words(questionnaire, s.needed)})"
                for s in c.shortfalls
            )
            for c in initiative.conditions
        )
        rows.append(
            (
                rank,
                *_register(initiative.record),
                initiative.readiness,
                STATUSES[initiative.status],
                QUADRANTS[initiative.quadrant],
                initiative.unanswered,
                blockers_in_words(questionnaire, initiative),
                conditions,
            )
        )
    for record in review.retired:
        rows.append((None, *_register(record), None, "Retired", "", None, "", ""))
    return rows


def _register(record) -> tuple:
    """A record's fields as the sheet holds them: names for codes, numbers and dates as such."""
    return (
        record.name,
        STAGES.get(record.stage, record.stage),
        record.owner,
        record.sponsor,
        VALUE_BANDS.get(record.value_band, record.value_band),
        record.value_measure,
        record.annual_cost,
        record.team_size,
        record.delivery_team,
        RISK_TIERS.get(record.risk_tier, record.risk_tier),
        EU_AI_ACT_CLASSES.get(record.eu_ai_act, record.eu_ai_act),
        EU_ROLES.get(record.eu_role, record.eu_role),
        "yes" if record.uses_agents else "no",
        record.autonomy,
        record.vendors,
        record.models,
        record.started.isoformat() if record.started else "",
        record.target_date.isoformat() if record.target_date else "",
    )
