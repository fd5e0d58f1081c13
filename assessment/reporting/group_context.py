"""What a workshop's group report shows: participation, spreads, disagreement and agreed scores.

Why one module: it is the group report's one view model, a function per section in the
order the report prints them, so the report can be read top to bottom here."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire, TargetProfile
from ..scoring import (
    Cohort,
    GroupScorecard,
    Participant,
    PeerComparison,
    QuestionSpread,
    TargetComparison,
    build_roadmap,
    compare_group_with_peers,
    compare_group_with_profile,
    room_answers,
    score_answers,
    score_group,
)
from ..scoring.portfolio import PortfolioReview
from .changes import ChangesView
from .charts import spread_chart, summary_bars, target_radar
from .pdf import NO_VALUE
from .peer_note import ON_THIS_SERVICE, PeerNote, peer_note
from .plan import Action, by_horizon, roadmap_action
from .portfolio import PortfolioView, matrix_chart, portfolio_view
from .review import ReviewInputs, ReviewView, build_room_review_view
from .summary import ExecutiveSummary, executive_summary

DIVERGENT_SHOWN = 8


@dataclass(frozen=True)
class DimensionSpread:
    """A dimension's median and range over the respondents."""

    title: str
    median: float | None
    low: float | None
    high: float | None
    scores: tuple[float, ...]


@dataclass(frozen=True)
class Divergence:
    """A question the room disagreed on, with how the answers spread."""

    text: str
    dimension: str
    agreement: float | None
    median: float | None
    distribution: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class OwnershipConfusion:
    """An activity and how the room named its owner."""

    activity: str
    leading: str
    leading_share: float | None
    nobody_rate: float | None
    unknown_rate: float | None
    distribution: tuple[tuple[str, int], ...]

    @property
    def contested(self) -> bool:
        """True when no answer was given by a majority of the room."""
        return self.leading_share is not None and self.leading_share <= 0.5


@dataclass(frozen=True)
class FactSpread:
    """What the room said about one outcome fact: the figures' median and range."""

    text: str
    unit: str
    figures: tuple[float, ...]
    unknown: int

    @property
    def median(self) -> float | None:
        return statistics.median(self.figures) if self.figures else None

    @property
    def shown(self) -> str:
        """ "12 pilots (from 8 to 20, 5 answers)", or "no figure" """
        if not self.figures:
            return "no figure"

        def number(value: float) -> str:
            return f"{value:.10g}"

        low, high = min(self.figures), max(self.figures)
        spread = f"from {number(low)} to {number(high)}, " if low != high else ""
        answers = len(self.figures)
        return (
            f"{number(self.median)} {self.unit}".strip()
            + f" ({spread}{answers} answer{'s' * (answers != 1)})"
        )


def _facts(questionnaire: Questionnaire, respondents: Sequence[Participant]) -> tuple[FactSpread, ...]:
    """Per outcome fact, the figures the participants gave (dates are not summarised)."""
    spreads = []
    for fact in questionnaire.facts:
        if fact.fact.type.value == "date":
            continue
        given = [r.answers.get(fact.id) for r in respondents]
        figures = tuple(float(v) for v in given if v not in (None, UNKNOWN, NOT_APPLICABLE))
        unknown = sum(v == UNKNOWN for v in given)
        if figures or unknown:
            spreads.append(FactSpread(fact.text, fact.fact.unit, figures, unknown))
    return tuple(spreads)


@dataclass(frozen=True)
class AgreedRow:
    """A score the room agreed after discussion, beside the first round."""

    text: str
    agreed: str
    value: float
    median: float | None
    low: float | None
    high: float | None
    agreement: float | None


@dataclass(frozen=True)
class PeerRow:
    """The room's median on one figure beside the peers' median and middle half."""

    title: str
    room: float | None
    median: float
    q1: float
    q3: float
    percentile: float | None


@dataclass(frozen=True)
class TargetRow:
    """A dimension's room median beside each chosen profile's target and gap."""

    title: str
    median: float | None
    targets: tuple[tuple[float | None, float | None], ...]  # (target level, level gap) per profile
    peer_median: float | None
    level: float | None = None  # the level of the room's answers (agreed, else low median)


@dataclass
class GroupReport:
    """Everything the group report template prints."""

    questionnaire: Questionnaire
    organisation: Mapping[str, str]
    generated_on: str
    group: GroupScorecard
    roles: tuple[tuple[str, int], ...]
    dimensions: tuple[DimensionSpread, ...]
    divergent: tuple[Divergence, ...]
    role_gaps: tuple[tuple[str, str, float, str, float, float], ...]
    ownership: tuple[OwnershipConfusion, ...]
    agreed: tuple[AgreedRow, ...]
    peers: PeerComparison | None  # the room among peers, when a cohort was given and may be shown
    peer_note: PeerNote | None  # None when no cohort was given
    peer_rows: tuple[PeerRow, ...]
    comparisons: tuple[TargetComparison, ...]  # the room's medians against each profile
    target_rows: tuple[TargetRow, ...]
    horizons: tuple[tuple[str, tuple[Action, ...]], ...]  # the roadmap of the room's answers
    summary: ExecutiveSummary | None = None  # the one page for the room
    charts: dict[str, bytes] = field(default_factory=dict)
    facts: tuple[FactSpread, ...] = ()  # the outcome figures the room gave, as context
    #: The room's claimed against its evidenced figures and the participants' answers counted
    #: by where they stand, when reviews were given.
    review: ReviewView | None = None
    #: The client's previous workshop's done actions against the room's change since.
    changes: ChangesView | None = None
    #: Kept empty: the targets compare the room's medians, which have no evidenced side here.
    evidenced_comparisons: tuple[TargetComparison, ...] = ()
    #: The client's AI initiative portfolio judged against the room's answers, when one was given.
    portfolio: PortfolioView | None = None


def build_group_report(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    organisation: Mapping[str, str],
    generated_on: str,
    accent: str,
    agreed: Mapping[str, str] | None = None,
    cohort: Cohort | None = None,
    peer_source: str = ON_THIS_SERVICE,
    profiles: Sequence[TargetProfile] = (),
    review: Sequence[ReviewInputs] | None = None,
    changes: ChangesView | None = None,
    portfolio: PortfolioReview | None = None,
) -> GroupReport:
    """Score the workshop and gather every section of the group report.

    With `review` (each participant's reviews and evidence, in step with `respondents`), the
    room's evidenced figures beside its claimed ones and a review summary page; with
    `changes`, "what changed and why" since the client's previous workshop; with `portfolio`
    (the client's initiatives judged against the room's answers), a portfolio chapter."""
    group = score_group(questionnaire, respondents, agreed)
    peers = compare_group_with_peers(questionnaire, group, cohort) if cohort is not None else None
    profiles = tuple(profiles[:2])  # as in the individual report, two targets at most
    comparisons = tuple(compare_group_with_profile(questionnaire, group, p) for p in profiles)
    room = score_answers(questionnaire, room_answers(questionnaire, respondents, agreed))
    roadmap = build_roadmap(questionnaire, room, profiles[0] if profiles else None)
    shown_peers = peers if peers is not None and peers.shown else None
    dimensions = tuple(
        _dimension_spread(
            d.title,
            group.dimensions.get(d.id),
            [s for c in group.cards if (s := _score(c, d.id)) is not None],
        )
        for d in questionnaire.dimensions
    )
    titles = {d.id: d.title for d in questionnaire.dimensions}
    actions = [roadmap_action(questionnaire, item, "The room answered") for item in roadmap.items]
    summary = executive_summary(
        questionnaire, room, actions, comparisons[0] if comparisons else None, shown_peers
    )
    summary = replace(summary, standing=_room_lines(questionnaire, group, dimensions) + summary.standing)
    report = GroupReport(
        summary=summary,
        facts=_facts(questionnaire, respondents),
        questionnaire=questionnaire,
        organisation=organisation,
        generated_on=generated_on,
        group=group,
        roles=tuple(Counter(r.role for r in respondents).most_common()),
        dimensions=dimensions,
        divergent=tuple(
            _divergence(questionnaire, s) for s in group.divergent[:DIVERGENT_SHOWN] if s.agreement < 1
        ),
        role_gaps=tuple(
            (titles.get(g.dimension, g.dimension), g.high_role, g.high, g.low_role, g.low, g.gap)
            for g in group.role_gaps[:6]
        ),
        ownership=tuple(
            sorted(
                (_confusion(questionnaire, o) for o in group.ownership),
                key=lambda c: c.leading_share if c.leading_share is not None else 0.0,
            )
        ),
        agreed=tuple(
            _agreed(questionnaire, a.question, a.option, a.value, a.first_round) for a in group.agreed
        ),
        peers=shown_peers,
        peer_note=peer_note(questionnaire, peers, peer_source) if peers is not None else None,
        peer_rows=_peer_rows(shown_peers, titles) if shown_peers else (),
        comparisons=comparisons,
        target_rows=_target_rows(questionnaire, group, comparisons, shown_peers),
        horizons=by_horizon(actions),
    )
    if review is not None:
        report.review = build_room_review_view(questionnaire, respondents, review, agreed, room)
    report.changes = changes
    report.portfolio = portfolio_view(questionnaire, portfolio)
    if report.portfolio is not None:
        report.charts["portfolio.svg"] = matrix_chart(portfolio, accent)
    targets = {g.ref: g.target for g in comparisons[0].dimensions} if comparisons else {}
    peer_medians = {p.ref: p.median for p in shown_peers.dimensions} if shown_peers else {}
    report.charts["summary.svg"] = summary_bars(
        [
            (d.title, group.dimensions.get(d.id), targets.get(d.id), peer_medians.get(d.id))
            for d in questionnaire.dimensions
            if d.id in group.dimensions
        ],
        questionnaire.lowest_level.value,
        questionnaire.highest_level.value,
        accent,
        comparisons[0].title if comparisons else "",
    )
    rows = [(d.title, d.scores, d.median) for d in dimensions if d.scores]
    if rows:
        low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
        report.charts["spread.svg"] = spread_chart(rows, low, high, accent)
    room_dimensions = [(d.id, d.title, group.dimensions.get(d.id)) for d in questionnaire.dimensions]
    room_dimensions = [row for row in room_dimensions if row[2] is not None]
    if comparisons and len(room_dimensions) >= 3:  # fewer axes make a line, not a picture
        report.charts["radar.svg"] = target_radar(
            questionnaire, room_dimensions, comparisons, shown_peers, accent, "Room medians"
        )
    return report


#: A question the room "agreed closely" on: answers within about one level of its median
#: on average (agreement is 1 - mean distance from the median / the option range).
CLOSE_AGREEMENT = 0.75


def _room_lines(
    questionnaire: Questionnaire, group: GroupScorecard, dimensions: Sequence[DimensionSpread]
) -> tuple[str, ...]:
    """How many answered, how far the room agreed, and where its scores spread most."""
    roles = len({r.role for r in group.roles}) if group.roles else 0
    lines = [
        f"{group.respondents} {'respondent' if group.respondents == 1 else 'respondents'}"
        + (f" from {roles} {'role' if roles == 1 else 'roles'}." if roles else ".")
    ]
    measured = [q for q in group.questions if q.agreement is not None]
    if measured:
        close = sum(q.agreement >= CLOSE_AGREEMENT for q in measured)
        line = (
            f"The room agreed closely (answers within about one level of each other) on {close} of "
            f"{len(measured)} questions"
        )
        if group.divergent and group.divergent[0].agreement < CLOSE_AGREEMENT:
            line += f"; it split most on “{questionnaire.question(group.divergent[0].question).text}”"
        lines.append(line + ".")
    spread = [d for d in dimensions if d.low is not None and d.high is not None]
    if spread and group.respondents > 1:
        widest = max(spread, key=lambda d: d.high - d.low)
        lines.append(f"Scores spread most on {widest.title}: from {widest.low:.1f} to {widest.high:.1f}.")
    return tuple(lines)


def _target_rows(
    questionnaire: Questionnaire,
    group: GroupScorecard,
    comparisons: Sequence[TargetComparison],
    peers: PeerComparison | None,
) -> tuple[TargetRow, ...]:
    """Each dimension that applies to the room: its median, each profile's target and gap, peers."""
    if not comparisons:
        return ()
    peer_medians = {s.ref: s.median for s in peers.dimensions} if peers else {}
    by_profile = [{g.ref: g for g in c.dimensions} for c in comparisons]
    room_level = {d.id: d.level for d in group.room.dimensions} if group.room else {}
    rows = []
    for dimension in questionnaire.dimensions:
        if dimension.id not in group.applicable_dimensions:
            continue
        gaps = [gaps.get(dimension.id) for gaps in by_profile]
        rows.append(
            TargetRow(
                dimension.title,
                group.dimensions.get(dimension.id),
                tuple((g.target, g.gap) if g else (None, None) for g in gaps),
                peer_medians.get(dimension.id),
                room_level.get(dimension.id),
            )
        )
    return tuple(rows)


def _peer_rows(peers: PeerComparison, titles: Mapping[str, str]) -> tuple[PeerRow, ...]:
    """The maturity index, then each dimension, among the peers."""
    stats = ([peers.overall] if peers.overall else []) + list(peers.dimensions)
    return tuple(
        PeerRow(
            "Maturity index" if s.ref == "overall" else titles.get(s.ref, s.ref),
            s.yours,
            s.median,
            s.q1,
            s.q3,
            s.percentile,
        )
        for s in stats
    )


def _score(card, dimension_id: str) -> float | None:
    """One respondent's score on a dimension, if it applies and was scored."""
    dimension = card.dimension(dimension_id)
    return dimension.score if dimension is not None else None


def _dimension_spread(title: str, median: float | None, scores: list[float]) -> DimensionSpread:
    """A dimension's median and range."""
    return DimensionSpread(title, median, min(scores, default=None), max(scores, default=None), tuple(scores))


def _divergence(questionnaire: Questionnaire, spread: QuestionSpread) -> Divergence:
    """A divergent question in words."""
    question = questionnaire.question(spread.question)
    distribution = tuple(
        (_level_label(questionnaire, question, code), n) for code, n in spread.distribution.items() if n
    )
    return Divergence(
        question.text,
        questionnaire.dimension(spread.dimension).title,
        spread.agreement,
        spread.median,
        distribution,
    )


def _level_label(questionnaire: Questionnaire, question: Question, code: str) -> str:
    """An answer as its level ("Level 2, Developing"), short enough for a table cell; the option's
    full wording is in the questionnaire the room answered."""
    if code not in question.option_ids:
        return question.describe(code)
    value = question.option(code).value
    return f"Level {value:g}, {questionnaire.level_at(value).name}"


def _confusion(questionnaire: Questionnaire, spread) -> OwnershipConfusion:
    """How the room named one activity's owner."""
    question = questionnaire.question(spread.question)
    distribution = tuple(
        (questionnaire.answer_words(question, code), n)
        for code, n in sorted(spread.counts.items(), key=lambda kv: -kv[1])
        if n
    )
    return OwnershipConfusion(
        question.text,
        questionnaire.answer_words(question, spread.most_common) if spread.most_common else NO_VALUE,
        spread.most_common_share,
        spread.nobody_rate,
        spread.unknown_rate,
        distribution,
    )


def _agreed(questionnaire: Questionnaire, question_id: str, option: str, value: float, first: QuestionSpread):
    """An agreed score beside the first round's spread."""
    question = questionnaire.question(question_id)
    return AgreedRow(
        question.text,
        question.describe(option),
        value,
        first.median,
        first.low,
        first.high,
        first.agreement,
    )
