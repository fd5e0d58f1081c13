"""Stored summaries and SQL cohort statistics, on SQLite and PostgreSQL.

The SQL figures must equal the pure `build_cohort` / `compare_with_peers` figures on the
same data, so the eligibility and disclosure rules are tested here once more through SQL.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.persistence import (
    Assessment,
    AssessmentSummary,
    DimensionSummary,
    Organisation,
    QuestionnaireVersion,
    cohort_statistics,
    make_engine,
    summarise,
    upgrade,
)
from assessment.questionnaire.catalog import load_directory
from assessment.questionnaire.model import QuestionKind, Questionnaire
from assessment.scoring import (
    CohortFilter,
    PeerRecord,
    Scorecard,
    build_cohort,
    compare_with_peers,
    score_answers,
)
from assessment.scoring.answers import question_applies

CATALOG = load_directory(Path(__file__).resolve().parent.parent / "questionnaires")
EXAMPLE = CATALOG.get("example")
QUICK = CATALOG.get("quick-check")
START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def session(database_url):
    """A session on a freshly migrated database of either engine."""
    engine = make_engine(database_url)
    upgrade(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def uniform(option: int, agents: str = "none") -> dict[str, str]:
    """Every applicable maturity question of the example answered with the same option."""
    answers = {"scope-agents": agents}
    for question in EXAMPLE.questions:
        if question.kind is QuestionKind.MATURITY and question_applies(EXAMPLE, question, answers):
            answers[question.id] = question.option_ids[option]
    return answers


def random_answers(rng: random.Random, questionnaire: Questionnaire, share: float) -> dict[str, str]:
    """Random options (some "unknown") for about `share` of the applicable maturity questions."""
    scoping = next(q for q in questionnaire.questions if q.kind is QuestionKind.SCOPING)
    answers = {scoping.id: rng.choice(scoping.option_ids)}
    for question in questionnaire.questions:
        applies = question.kind is QuestionKind.MATURITY and question_applies(
            questionnaire, question, answers
        )
        if applies and rng.random() < share:
            answers[question.id] = "unknown" if rng.random() < 0.1 else rng.choice(question.option_ids)
    return answers


class Store:
    """Adds assessments with their summaries, and keeps the same data as pure PeerRecords."""

    def __init__(self, session: Session) -> None:
        """Register one questionnaire version row for every assessment to point at."""
        self.session = session
        self.version = QuestionnaireVersion(
            questionnaire_id="example",
            version="1.0",
            content_hash="h" * 64,
            title="Example",
            source_path="example.yaml",
            text="kind: questionnaire",
        )
        self.records: list[PeerRecord] = []
        self.clock = 0

    def organisation(
        self, industry: str = "finance", size: str = "large", region: str = "eu"
    ) -> Organisation:
        """A new organisation."""
        organisation = Organisation(name="Org", industry=industry, size_band=size, region=region)
        self.session.add(organisation)
        return organisation

    def add(
        self,
        organisation: Organisation,
        answers: dict[str, str],
        questionnaire: Questionnaire = EXAMPLE,
        consent: bool = True,
        demo: bool = False,
        at: datetime | None = None,
    ) -> Scorecard:
        """Store one closed assessment and its summary; return its scorecard."""
        self.clock += 1
        closed = at or START + timedelta(hours=self.clock)
        assessment = Assessment(
            kind="self",
            questionnaire_version=self.version,
            organisation=organisation,
            benchmark_consent=consent,
            is_demo=demo,
            status="closed",
            closed_at=closed,
        )
        self.session.add(assessment)
        self.session.flush()
        card = score_answers(questionnaire, answers)
        summarise(self.session, assessment, card)
        self.records.append(
            PeerRecord(
                organisation=str(organisation.id),
                family=questionnaire.family,
                completed_at=closed,
                consented=consent,
                completeness=card.completeness,
                industry=organisation.industry,
                size=organisation.size_band,
                region=organisation.region,
                score=card.score,
                dimensions={d.id: d.score for d in card.dimensions if d.score is not None},
                demo=demo,
            )
        )
        return card

    def peers(self, count: int, option: int = 1, **organisation) -> None:
        """`count` eligible organisations answering uniformly."""
        for _ in range(count):
            self.add(self.organisation(**organisation), uniform(option))


ANY = CohortFilter()


def size(session: Session, cohort_filter: CohortFilter = ANY, **options) -> int:
    """The SQL cohort size for the example family."""
    return cohort_statistics(session, "example@1", cohort_filter, **options).cohort_size


def test_summarise_upserts_one_row_and_replaces_the_dimensions(session):
    store = Store(session)
    organisation = store.organisation()
    store.add(organisation, uniform(0, agents="planned"))
    summary = session.scalars(select(AssessmentSummary)).one()
    assessment = session.get(Assessment, summary.assessment_id)
    assert (summary.family, summary.questionnaire_id, summary.industry) == ("example@1", "example", "finance")
    assert session.scalar(select(func.count()).select_from(DimensionSummary)) == 2

    card = score_answers(EXAMPLE, uniform(3))  # agents scoped out now
    summarise(session, assessment, card)
    session.commit()
    summary = session.scalars(select(AssessmentSummary)).one()
    assert (summary.overall_score, summary.overall_level, summary.completeness) == (
        card.score,
        card.level,
        1.0,
    )
    dimensions = session.execute(select(DimensionSummary.dimension_id, DimensionSummary.score)).all()
    assert dimensions == [("delivery", card.dimension("delivery").score)]


def test_consent_demo_completeness_and_family_decide_eligibility(session):
    store = Store(session)
    store.add(store.organisation(), uniform(1))
    store.add(store.organisation(), uniform(1), consent=False)
    store.add(store.organisation(), uniform(1), demo=True)
    store.add(store.organisation(), {"scope-agents": "none", "eval-changes": "recorded"})  # 1/3 complete
    store.add(store.organisation(), random_answers(random.Random(1), QUICK, 1.0), questionnaire=QUICK)
    assert size(session) == 1
    assert cohort_statistics(session, "quick-check@2").cohort_size == 1


def test_exactly_eighty_percent_complete_is_eligible(session):
    store = Store(session)
    answers = {"scope-agents": "yes-or-planned"}
    maturity = [q for q in QUICK.questions if q.kind is QuestionKind.MATURITY]
    answers |= {q.id: q.option_ids[2] for q in maturity}  # all 10 apply once agents are in scope
    eight = store.add(store.organisation(), without(answers, maturity[:2]), QUICK)
    seven = store.add(store.organisation(), without(answers, maturity[:3]), QUICK)
    assert (eight.completeness, seven.completeness) == (0.8, 0.7)
    assert cohort_statistics(session, "quick-check@2").cohort_size == 1


def without(answers: dict[str, str], questions) -> dict[str, str]:
    """The answers without those to some questions."""
    return {k: v for k, v in answers.items() if k not in {q.id for q in questions}}


def test_only_the_latest_assessment_of_an_organisation_counts(session):
    store = Store(session)
    for _ in range(10):
        organisation = store.organisation()
        store.add(organisation, uniform(0))
        store.add(organisation, uniform(4))  # newer: replaces the first
        store.add(organisation, uniform(0), at=START - timedelta(days=1))  # older, added last
    stats = cohort_statistics(session, "example@1")
    assert stats.cohort_size == 10
    assert stats.overall.median == score_answers(EXAMPLE, uniform(4)).score


def test_an_ineligible_latest_assessment_falls_back_to_the_latest_eligible_one(session):
    store = Store(session)
    organisation = store.organisation()
    store.add(organisation, uniform(2))
    store.add(organisation, uniform(4), consent=False)
    assert size(session) == 1


def test_filters_apply_to_the_latest_assessment_and_the_organisation_can_be_excluded(session):
    store = Store(session)
    store.peers(3, industry="finance", region="eu")
    store.peers(2, industry="finance", region="us")
    store.peers(4, industry="health", region="eu", size="small")
    assert size(session) == 9
    assert size(session, CohortFilter(industry="finance")) == 5
    assert size(session, CohortFilter(industry="finance", region="eu")) == 3
    assert size(session, CohortFilter(size="small")) == 4
    assert size(session, CohortFilter(industry="retail")) == 0
    first = session.scalars(select(Organisation.id).order_by(Organisation.id)).first()
    assert size(session, exclude_organisation=first) == 8


@pytest.mark.parametrize(
    ("count", "shown", "indicative"),
    [(9, False, False), (10, True, True), (29, True, True), (30, True, False)],
)
def test_disclosure_follows_the_cohort_size(session, count, shown, indicative):
    store = Store(session)
    store.peers(count)
    mine = score_answers(EXAMPLE, uniform(2))
    stats = cohort_statistics(session, "example@1", scorecard=mine)
    assert (stats.cohort_size, stats.shown, stats.indicative) == (count, shown, indicative)
    if not shown:
        assert stats.overall is None and stats.dimensions == ()
        assert stats.reason == "only 9 comparable organisations; peer figures need at least 10"
        return
    assert stats.overall.median == stats.overall.q1 == stats.overall.q3 == store.records[0].score
    assert [d.ref for d in stats.dimensions] == ["delivery"]
    assert (stats.overall.percentile is None) == indicative
    assert stats.to_dict()["cohort_size"] == count


def test_percentile_rank_counts_half_of_the_ties(session):
    store = Store(session)
    for option in (0, 1, 2):
        store.peers(10, option=option)
    low, middle, high = (score_answers(EXAMPLE, uniform(option)) for option in (0, 1, 2))
    stats = cohort_statistics(session, "example@1", scorecard=middle)
    assert stats.overall.percentile == 100.0 * (10 + 10 / 2) / 30
    assert (stats.overall.q1, stats.overall.median, stats.overall.q3) == (low.score, middle.score, high.score)
    assert cohort_statistics(session, "example@1", scorecard=high).overall.percentile == 100.0 * 25 / 30
    assert cohort_statistics(session, "example@1", scorecard=low).dimensions[0].percentile == 100.0 * 5 / 30


FILTERS = [CohortFilter(), CohortFilter(industry="finance"), CohortFilter(size="small", region="eu")]


@pytest.mark.parametrize("seed", [3, 4])
def test_sql_figures_equal_the_pure_cohort_figures(session, seed):
    rng = random.Random(seed)
    store = Store(session)
    organisations = [
        store.organisation(
            rng.choice(["finance", "health"]), rng.choice(["small", "large"]), rng.choice(["eu", "us"])
        )
        for _ in range(90)
    ]
    for _ in range(180):
        questionnaire = EXAMPLE if rng.random() < 0.9 else QUICK
        store.add(
            rng.choice(organisations),
            random_answers(rng, questionnaire, rng.choice([0.6, 0.9, 1.0, 1.0])),
            questionnaire,
            consent=rng.random() < 0.8,
            demo=rng.random() < 0.05,
            at=START + timedelta(minutes=rng.randrange(100_000)),
        )
    session.commit()
    for cohort_filter in FILTERS:
        for mine in (score_answers(EXAMPLE, random_answers(rng, EXAMPLE, 1.0)) for _ in range(3)):
            excluded = rng.choice([None, organisations[0].id])
            stats = cohort_statistics(session, "example@1", cohort_filter, mine, excluded)
            cohort = build_cohort(
                store.records, "example@1", cohort_filter, None if excluded is None else str(excluded)
            )
            pure = compare_with_peers(mine, cohort)
            assert (stats.cohort_size, stats.shown, stats.indicative, stats.reason) == (
                pure.cohort_size,
                pure.shown,
                pure.indicative,
                pure.reason,
            )
            assert stats.overall == pure.overall
            assert stats.dimensions == pure.dimensions
            # Without a scorecard: every stored dimension, the same figures without "yours".
            anonymous = cohort_statistics(session, "example@1", cohort_filter, None, excluded)
            figures = {d.ref: (d.peers, d.median, d.q1, d.q3) for d in anonymous.dimensions}
            assert [d.ref for d in anonymous.dimensions] == sorted(figures)
            for stat in pure.dimensions:
                assert figures[stat.ref] == (stat.peers, stat.median, stat.q1, stat.q3)
    assert_entries_are_consistent(session)


def assert_entries_are_consistent(session: Session) -> None:
    """The stored cohort flags equal a recomputation, and dimension rows copy their summary."""
    summaries = session.scalars(select(AssessmentSummary).execution_options(populate_existing=True)).all()
    latest: dict[tuple[int, str], AssessmentSummary] = {}
    for row in summaries:
        if row.consented and not row.is_demo and row.completeness >= 0.8:
            key = (row.organisation_id, row.family)
            current = latest.get(key)
            if current is None or (row.completed_at, row.assessment_id) > (
                current.completed_at,
                current.assessment_id,
            ):
                latest[key] = row
    entries = {row.assessment_id for row in latest.values()}
    assert {row.assessment_id for row in summaries if row.in_cohort} == entries
    by_id = {row.assessment_id: row for row in summaries}
    copied = ("family", "organisation_id", "industry", "size_band", "region", "in_cohort")
    for dimension in session.scalars(select(DimensionSummary).execution_options(populate_existing=True)):
        summary = by_id[dimension.assessment_id]
        assert [getattr(dimension, name) for name in copied] == [getattr(summary, name) for name in copied]


def test_the_cohort_entry_moves_when_a_save_changes_eligibility(session):
    store = Store(session)
    organisation = store.organisation()
    store.add(organisation, uniform(1))
    store.add(organisation, uniform(3))
    store.peers(4, option=0)
    store.peers(5, option=4)
    older, newer = session.scalars(select(Assessment).order_by(Assessment.id).limit(2)).all()

    def median_with(option: int) -> float:
        """The cohort median when the organisation's entry answers `option` (it sits in the middle)."""
        return (score_answers(EXAMPLE, uniform(option)).score + score_answers(EXAMPLE, uniform(4)).score) / 2

    assert cohort_statistics(session, "example@1").overall.median == median_with(3)
    newer.benchmark_consent = False  # withdrawn: the older assessment is the entry again
    summarise(session, newer, score_answers(EXAMPLE, uniform(3)))
    assert_entries_are_consistent(session)
    assert cohort_statistics(session, "example@1").overall.median == median_with(1)
    summarise(session, older, score_answers(EXAMPLE, uniform(2)))  # the entry itself changes
    assert_entries_are_consistent(session)
    assert cohort_statistics(session, "example@1").overall.median == median_with(2)
    newer.benchmark_consent = True
    summarise(session, newer, score_answers(EXAMPLE, uniform(0)))
    session.commit()
    assert_entries_are_consistent(session)
    stats = cohort_statistics(session, "example@1")
    assert (stats.cohort_size, stats.overall.median) == (10, median_with(0))


def test_an_assessment_moved_to_another_organisation_leaves_an_entry_behind(session):
    store = Store(session)
    first, second = store.organisation(), store.organisation()
    store.add(first, uniform(1))
    store.add(first, uniform(3))
    moved = session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
    moved.organisation = second
    summarise(session, moved, score_answers(EXAMPLE, uniform(3)))
    assert_entries_are_consistent(session)
    entries = session.scalars(select(AssessmentSummary).where(AssessmentSummary.in_cohort)).all()
    assert sorted(e.organisation_id for e in entries) == sorted([first.id, second.id])
