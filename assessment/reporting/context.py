"""What an individual report shows, computed from the scoring engine's results.

Templates only loop and print: every label, sentence choice and derived figure is
decided here, from the questionnaire and the scorecard, so the PDF never does arithmetic.

Why one module: it is the individual report's one view model, a function per section in
the order the report prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..questionnaire import (
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Question,
    Questionnaire,
    TargetProfile,
)
from ..scoring import (
    DimensionScore,
    PeerComparison,
    Progress,
    Scorecard,
    TargetComparison,
    TargetGap,
    Trend,
    build_roadmap,
    compare_scorecards,
    compare_with_profile,
    profile_target,
    progress_to_date,
    score_answers,
)
from ..scoring.lift import PlannedAction
from ..scoring.portfolio import PortfolioReview
from .changes import ChangesView, changes_view
from .charts import summary_bars, target_radar
from .frameworks import FrameworkView, framework_views
from .peer_note import ON_THIS_SERVICE, PeerNote, peer_note
from .plan import Action, by_horizon, roadmap_action
from .portfolio import PortfolioView, matrix_chart, portfolio_view
from .review import ReviewInputs, ReviewView, build_review_view
from .summary import ExecutiveSummary, executive_summary


@dataclass(frozen=True)
class QuestionRow:
    """One question as the heat table and the appendix show it."""

    id: str
    text: str
    answer: str  # the option label, or "Don't know", "Not applicable", "Not answered"
    value: float | None
    heat: int  # 0 (no value) or 1-5 along the scale, for the cell's shade
    critical: bool
    level: str = ""  # the answer as a level ("2 Developing", "Don't know: counts as 1")
    targets: tuple[float | None, ...] = ()  # what each chosen profile expects of it
    not_applicable: bool = False  # answered "n/a": no target applies to it

    def short_of(self, target: float | None) -> bool:
        """True when the answer falls short of a target; "not applicable" never does (the
        target does not apply), while no answer or "don't know" counts as short."""
        if target is None or self.not_applicable:
            return False
        return self.value is None or self.value < target


@dataclass(frozen=True)
class DimensionView:
    """A dimension's page: its score, why it sits at its level, and what lifts it."""

    score: DimensionScore
    description: str
    why: tuple[str, ...]
    next_steps: tuple[str, ...]
    next_level: str | None
    rows: tuple[QuestionRow, ...]
    targets: tuple[tuple[str, float], ...]  # (profile, its target level for the dimension)
    # Questions left unanswered, each counted at the lowest level; the critical ones apart.
    unanswered: tuple[str, ...] = ()
    unanswered_critical: tuple[str, ...] = ()


@dataclass(frozen=True)
class OwnerRow:
    """Who owns one activity, in words; `gap` when nobody does or nobody knows."""

    activity: str
    owner: str
    gap: bool


@dataclass
class IndividualReport:
    """Everything the individual report template prints."""

    questionnaire: Questionnaire
    organisation: Mapping[str, str]
    generated_on: str
    scorecard: Scorecard
    comparisons: tuple[TargetComparison, ...]
    profiles: tuple[TargetProfile, ...]
    peers: PeerComparison | None  # only when its figures may be shown
    peer_note: PeerNote
    summary: ExecutiveSummary
    dimensions: tuple[DimensionView, ...]
    horizons: tuple[tuple[str, tuple[Action, ...]], ...]
    ownership: tuple[OwnerRow, ...]
    frameworks: tuple[FrameworkView, ...]
    trend: Trend | None
    appendix: tuple[tuple[str, tuple[QuestionRow, ...]], ...]
    scoped_out: tuple[str, ...]
    charts: dict[str, bytes] = field(default_factory=dict)
    #: Progress to date towards each chosen profile, when there is a previous assessment.
    progress: tuple[Progress, ...] = ()
    #: The first profile's targets as (what the target is on, its gap), for the table of
    #: targets with their status and basis.
    target_rows: tuple[tuple[str, TargetGap], ...] = ()
    #: Claimed against evidenced figures and each answer's review, when reviews were given.
    review: ReviewView | None = None
    #: Each chosen profile compared with the evidenced figures (when reviews were given).
    evidenced_comparisons: tuple[TargetComparison, ...] = ()
    #: What changed and why, when a retake is given the previous plan's done actions.
    changes: ChangesView | None = None
    #: The AI initiative portfolio judged against this assessment, when one was given.
    portfolio: PortfolioView | None = None

    @property
    def incomplete(self) -> str:
        """'Incomplete: 4 unanswered questions count as level 1 Initial', or ""."""
        note = self.scorecard.incomplete_note(self.questionnaire.lowest_level.name)
        return note[:1].upper() + note[1:]

    @property
    def weakest(self) -> DimensionScore | None:
        """The headline dimension that sets the overall level."""
        return self.scorecard.weakest


def build_individual_report(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    organisation: Mapping[str, str],
    generated_on: str,
    accent: str,
    profiles: Sequence[TargetProfile] = (),
    previous_answers: Mapping[str, str] | None = None,
    peers: PeerComparison | None = None,
    peer_source: str = ON_THIS_SERVICE,
    trend_across: Trend | None = None,
    previous_questionnaire: Questionnaire | None = None,
    answered: str = "Answered",
    charts: bool = True,
    review: ReviewInputs | None = None,
    done_actions: Sequence[PlannedAction] | None = None,
    portfolio: PortfolioReview | None = None,
) -> IndividualReport:
    """Score the answers and gather every section of the individual report.

    This is the one view model of an organisation's results: the PDF prints it, and the
    results page shows it too (without the printed charts, `charts=False`, and speaking to
    the reader, `answered="You answered"`). `previous_answers` were given on
    `previous_questionnaire` (this questionnaire when None); on another version of the same
    family they are scored by their own questionnaire for the trend and the progress to
    date. Across major versions, pass the crosswalk's `trend_across` instead.

    With `review` (the respondent's reviews and evidence), the report adds the evidenced
    figures beside the claimed ones; with `done_actions` (the previous plan's actions
    marked done) and a trend, what changed and why. With `portfolio` (the organisation's
    initiatives judged against these answers by `scoring.review_portfolio`), a portfolio
    chapter; none when it holds no initiative.
    """
    scorecard = score_answers(questionnaire, answers)
    profiles = tuple(profiles[:2])  # two targets are the most a radar can show legibly
    comparisons = tuple(compare_with_profile(questionnaire, scorecard, p) for p in profiles)
    roadmap = build_roadmap(questionnaire, scorecard, profiles[0] if profiles else None)
    actions = tuple(roadmap_action(questionnaire, item, answered) for item in roadmap.items)
    earlier = previous_questionnaire or questionnaire
    before = (
        score_answers(earlier, previous_answers)
        if previous_answers is not None and earlier.family == questionnaire.family
        else None
    )
    trend = compare_scorecards(before, scorecard) if before is not None else trend_across
    report = IndividualReport(
        questionnaire=questionnaire,
        organisation=organisation,
        generated_on=generated_on,
        scorecard=scorecard,
        comparisons=comparisons,
        profiles=profiles,
        peers=peers if peers is not None and peers.shown else None,
        peer_note=peer_note(questionnaire, peers, peer_source),
        summary=executive_summary(
            questionnaire,
            scorecard,
            actions,
            comparisons[0] if comparisons else None,
            peers if peers is not None and peers.shown else None,
            trend,
        ),
        dimensions=tuple(_dimension_view(questionnaire, d, profiles) for d in scorecard.dimensions),
        horizons=by_horizon(actions),
        ownership=_ownership(questionnaire, scorecard),
        frameworks=framework_views(questionnaire, scorecard),
        trend=trend,
        progress=_progress(earlier, profiles, comparisons, before),
        appendix=_appendix(questionnaire, answers),
        scoped_out=tuple(questionnaire.dimension(d).title for d in scorecard.scoped_out_dimensions),
        target_rows=_target_rows(questionnaire, comparisons[0]) if comparisons else (),
    )
    if review is not None:
        report.review = build_review_view(questionnaire, answers, scorecard, review)
        evidenced = report.review.evidenced
        report.evidenced_comparisons = tuple(
            compare_with_profile(questionnaire, evidenced, p) for p in profiles
        )
    if done_actions is not None and trend is not None:
        report.changes = changes_view(questionnaire, done_actions, trend)
    report.portfolio = portfolio_view(questionnaire, portfolio)
    if not charts:
        return report
    if report.portfolio is not None:
        report.charts["portfolio.svg"] = matrix_chart(portfolio, accent)
    if len(scorecard.dimensions) >= 3:  # a radar of fewer axes is a line, not a picture
        report.charts["radar.svg"] = _radar(questionnaire, report, accent)
    report.charts["summary.svg"] = _summary_chart(questionnaire, report, accent)
    return report


def _summary_chart(questionnaire: Questionnaire, report: IndividualReport, accent: str) -> bytes:
    """The executive summary's bars: each dimension's score against the first target and peers."""
    comparison = report.comparisons[0] if report.comparisons else None
    targets = {g.ref: g.target for g in comparison.dimensions} if comparison else {}
    peers = {s.ref: s.median for s in report.peers.dimensions} if report.peers else {}
    rows = [(d.title, d.score, targets.get(d.id), peers.get(d.id)) for d in report.scorecard.dimensions]
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    return summary_bars(rows, low, high, accent, comparison.title if comparison else "")


def report_date(day: date | None = None) -> str:
    """A report's date as readers write it (e.g. 7 March 2025); today when none is given."""
    day = day or date.today()
    return f"{day.day} {day:%B %Y}"


def _target_rows(questionnaire: Questionnaire, comparison: TargetComparison) -> tuple:
    """Each target of a comparison with the name of what it is on, dimensions first."""
    names = {d.id: d.title for d in questionnaire.dimensions}
    names |= {g.id: g.title for d in questionnaire.dimensions for g in d.all_groups()}
    names |= {q.id: q.text for q in questionnaire.questions}
    return tuple((names.get(gap.ref, gap.ref), gap) for gap in comparison.gaps)


def heat(value: float | None, low: float, high: float) -> int:
    """A shade from 1 (lowest) to 5 (highest) for a value on the scale; 0 without a value."""
    if value is None:
        return 0
    share = (value - low) / (high - low) if high > low else 1.0
    return 1 + round(max(0.0, min(1.0, share)) * 4)


def _row(
    questionnaire: Questionnaire,
    question: Question,
    answer: str | None,
    value: float | None,
    profiles: Sequence[TargetProfile] = (),
) -> QuestionRow:
    """A question row for tables, with what each profile expects of the question."""
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    label = questionnaire.answer_words(question, answer)
    return QuestionRow(
        question.id,
        question.text,
        label,
        value,
        heat(value, low, high),
        question.critical,
        _as_level(questionnaire, label, answer, value),
        tuple(profile_target(question, p) for p in profiles),
        answer == NOT_APPLICABLE,
    )


def _as_level(questionnaire: Questionnaire, label: str, answer: str | None, value: float | None) -> str:
    """An answer in the words of the scale: "2 Developing", or "Don't know: counts as 1"."""
    if value is None:
        return label
    if answer == UNKNOWN or not answer:
        return f"{label}: counts as {value:g}"
    named = {level.value: level.name for level in questionnaire.levels}
    return f"{value:g} {named[value]}" if value in named else f"{value:g}"


def _dimension_view(
    questionnaire: Questionnaire, dimension: DimensionScore, profiles: Sequence[TargetProfile]
) -> DimensionView:
    """Why a dimension is at its level, what lifts it, and its questions as a heat table."""
    explanation = dimension.explanation
    why = tuple(questionnaire.question(q).text for q in explanation.holding[:3]) if explanation else ()
    steps = tuple(c.step(questionnaire) for c in (explanation.lift[:3] if explanation else ()))
    rows = tuple(
        _row(questionnaire, questionnaire.question(q.id), q.answer, q.value, profiles)
        for q in dimension.questions
    )
    next_level = None
    if explanation and explanation.next_level is not None:
        next_level = f"{explanation.next_level:g} {questionnaire.level_at(explanation.next_level).name}"
    return DimensionView(
        dimension,
        questionnaire.dimension(dimension.id).description,
        why,
        tuple(s for s in steps if s),
        next_level,
        rows,
        tuple((p.title, t.target) for p in profiles if (t := p.dimension_target(dimension.id)) is not None),
        tuple(questionnaire.question(qid).text for qid in dimension.unanswered),
        tuple(questionnaire.question(qid).text for qid in dimension.unanswered_critical),
    )


def _ownership(questionnaire: Questionnaire, scorecard: Scorecard) -> tuple[OwnerRow, ...]:
    """Who owns what, for every ownership question."""
    rows = []
    for qid, answer in scorecard.ownership.answers:
        question = questionnaire.question(qid)
        gap = answer in (NOBODY, UNKNOWN) or not answer
        rows.append(OwnerRow(question.text, questionnaire.answer_words(question, answer), gap))
    return tuple(rows)


def _progress(
    earlier: Questionnaire,
    profiles: Sequence[TargetProfile],
    comparisons: Sequence[TargetComparison],
    before: Scorecard | None,
) -> tuple[Progress, ...]:
    """Progress to date towards each chosen profile since the previous assessment, whose
    scorecard (`before`, on `earlier`) is compared with the profile as it stands."""
    if before is None:
        return ()
    return tuple(
        progress_to_date(compare_with_profile(earlier, before, profile), comparison)
        for profile, comparison in zip(profiles, comparisons, strict=True)
    )


def _appendix(questionnaire: Questionnaire, answers: Mapping[str, str]):
    """Every question and its answer, by dimension (scoping questions first)."""
    sections = []
    scoping = [q for q in questionnaire.questions if q.dimension is None]
    if scoping:
        sections.append(("Scope", tuple(_row(questionnaire, q, answers.get(q.id), None) for q in scoping)))
    for dimension in questionnaire.dimensions:
        rows = tuple(
            _row(questionnaire, q, answers.get(q.id), _value(q, answers.get(q.id)))
            for q in questionnaire.questions_in(dimension.id)
        )
        sections.append((dimension.title, rows))
    return tuple(sections)


def _value(question: Question, answer: str | None) -> float | None:
    """The option value of an answer, when it is an option."""
    if answer in (None, UNKNOWN, NOT_APPLICABLE) or answer not in question.option_ids:
        return None
    return question.option(answer).value


def _radar(questionnaire: Questionnaire, report: IndividualReport, accent: str) -> bytes:
    """The radar of dimension scores against the chosen targets (and peers when shown)."""
    dimensions = [(d.id, d.title, d.score) for d in report.scorecard.dimensions]
    return target_radar(questionnaire, dimensions, report.comparisons, report.peers, accent, "Your scores")
