"""Stored scorecard summaries, so peer cohorts over many assessments are SQL aggregates.

One `AssessmentSummary` row per assessment (with one `DimensionSummary` per applicable
dimension) is upserted by `summarise` whenever answers change. Eligibility is kept at
write time: `summarise` flags `in_cohort` on the latest eligible summary of each
organisation in each family (clearing it on the others, in the same transaction), and
the dimension rows carry copies of the flag and of the filter columns. `cohort_statistics`
then reads only partial indexes of the flagged rows, ordered by score: one index walk per
figure counts the peers, those below "yours" and the ties, and OFFSET walks from the
nearer end fetch the few order statistics the median and quartiles need, on SQLite and
PostgreSQL alike. No window function or sort runs, and only those values reach Python.

The rules and the arithmetic are those of `assessment.scoring.cohort` (eligibility,
latest per organisation before the filters, disclosure by cohort size, "inclusive"
quartiles, percentile rank = 100 x (below + half of ties) / n), so the SQL figures
equal the pure `build_cohort` / `compare_with_peers` figures on the same data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..scoring.cohort import (
    MIN_COMPLETENESS,
    MIN_PERCENTILES,
    MIN_SHOWN,
    CohortFilter,
    PeerComparison,
    PeerStat,
    disclosure,
)
from ..scoring.scorecard import METHOD, Scorecard
from .engine import on_postgresql, upsert
from .models import Assessment, Base, Organisation, utcnow

OVERALL = "overall"  # the ref of the overall index, as in PeerStat
ANY_PEERS = CohortFilter()  # no industry, size or region filter


class AssessmentSummary(Base):
    """The headline figures of one assessment, with what cohort eligibility needs."""

    __tablename__ = "assessment_summaries"
    __table_args__ = (
        # Finds an organisation's assessments in a family when summarise re-elects its entry.
        Index("ix_assessment_summaries_cohort", "family", "organisation_id", "completed_at"),
        # Cohort entries in score order, covering the filters: order statistics are index walks.
        Index(
            "ix_assessment_summaries_entries",
            "family",
            "overall_score",
            "industry",
            "size_band",
            "region",
            "organisation_id",
            postgresql_where=text("in_cohort"),
            sqlite_where=text("in_cohort = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(80))  # Questionnaire.family, e.g. "ai-execution@1"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    industry: Mapped[str | None] = mapped_column(String(64))
    size_band: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    consented: Mapped[bool] = mapped_column(Boolean)
    is_demo: Mapped[bool] = mapped_column(Boolean)
    completeness: Mapped[float] = mapped_column(Float)
    overall_score: Mapped[float | None] = mapped_column(Float)
    overall_level: Mapped[float | None] = mapped_column(Float)
    #: Orders an organisation's assessments: the latest one is its cohort entry.
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Eligible and the latest eligible of its organisation in its family (kept by summarise).
    in_cohort: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The scoring rules the figures were computed with (scoring.METHOD).
    method: Mapped[int] = mapped_column(Integer, default=METHOD, server_default="1")
    #: A workshop room whose answers changed since its figures were computed.
    stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class DimensionSummary(Base):
    """One applicable dimension's score and level, with its summary's cohort columns copied."""

    __tablename__ = "dimension_summaries"
    __table_args__ = (
        Index(
            "ix_dimension_summaries_entries",
            "family",
            "dimension_id",
            "score",
            "industry",
            "size_band",
            "region",
            "organisation_id",
            postgresql_where=text("in_cohort"),
            sqlite_where=text("in_cohort = 1"),
        ),
    )

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_summaries.assessment_id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    level: Mapped[float | None] = mapped_column(Float)
    # Copies of the summary's columns, so cohort queries never join the summaries.
    family: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[int] = mapped_column(Integer)
    industry: Mapped[str | None] = mapped_column(String(64))
    size_band: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    in_cohort: Mapped[bool] = mapped_column(Boolean, default=False)


def family_of(scorecard: Scorecard) -> str:
    """The cohort family of a scorecard's questionnaire (same rule as Questionnaire.family)."""
    return f"{scorecard.questionnaire}@{scorecard.version.split('.')[0]}"


def summarise(session: Session, assessment: Assessment, scorecard: Scorecard) -> None:
    """Upsert the stored summary of `assessment` from its current scorecard (no commit).

    Also re-elects the cohort entry (`in_cohort`) of the organisation in the family, in the
    same transaction, so cohort queries read a flag instead of ranking every organisation.
    """
    organisation = assessment.organisation
    family = family_of(scorecard)
    s = AssessmentSummary
    # The summary's previous organisation and family, in case either changed.
    before = (
        select(Organisation.id, s.organisation_id, s.family)
        .outerjoin(s, s.assessment_id == assessment.id)
        .where(Organisation.id == organisation.id)
    )
    if on_postgresql(session):
        # Serialise the summaries of one organisation, so two racing saves cannot both elect
        # their own assessment (SQLite transactions start IMMEDIATE, so its writers are serial).
        # NO KEY UPDATE still lets other transactions insert rows referencing the organisation.
        before = before.with_for_update(of=Organisation, key_share=True)
    _, *previous = session.execute(before).one()
    values = {
        "assessment_id": assessment.id,
        "questionnaire_id": scorecard.questionnaire,
        "family": family,
        "organisation_id": organisation.id,
        "industry": organisation.industry,
        "size_band": organisation.size_band,
        "region": organisation.region,
        "consented": assessment.benchmark_consent,
        "is_demo": assessment.is_demo,
        "completeness": scorecard.completeness,
        "overall_score": scorecard.score,
        "overall_level": scorecard.level,
        "completed_at": assessment.closed_at or assessment.created_at,
        "computed_at": utcnow(),
        "method": METHOD,
        "stale": False,
    }
    # A new row starts outside the cohort; an existing one keeps its flag until the election.
    statement = upsert(session, s).values(**values, in_cohort=False)
    # An upsert, so two saves racing on the same assessment never fail on the unique key.
    statement = statement.on_conflict_do_update(
        index_elements=[s.assessment_id],
        set_={name: statement.excluded[name] for name in values if name != "assessment_id"},
    )
    session.execute(statement)
    entry = _elect(session, organisation.id, family, assessment.id)
    if previous[0] is not None and tuple(previous) != (organisation.id, family):
        _elect(session, *previous, assessment.id)  # the group it left needs an entry too
    session.execute(delete(DimensionSummary).where(DimensionSummary.assessment_id == assessment.id))
    shared = ("assessment_id", "family", "organisation_id", "industry", "size_band", "region")
    copied = {name: values[name] for name in shared} | {"in_cohort": entry == assessment.id}
    rows = [copied | {"dimension_id": d.id, "score": d.score, "level": d.level} for d in scorecard.dimensions]
    if rows:
        session.execute(insert(DimensionSummary), rows)


def mark_stale(session: Session, assessment_id: int) -> None:
    """Flag an assessment's summary as out of date (a workshop participant answered)."""
    s = AssessmentSummary
    session.execute(update(s).where(s.assessment_id == assessment_id, s.stale.is_(False)).values(stale=True))


def outdated(session: Session) -> list[int]:
    """Assessments whose summary is missing, stale or computed under older rules."""
    s = AssessmentSummary
    missing = (
        select(Assessment.id)
        .outerjoin(s, s.assessment_id == Assessment.id)
        .where(s.assessment_id.is_(None), Assessment.respondents.any())
    )
    old = select(s.assessment_id).where((s.method < METHOD) | s.stale.is_(True))
    return sorted(set(session.scalars(missing)) | set(session.scalars(old)))


def _elect(session: Session, organisation_id: int, family: str, saving: int) -> int | None:
    """Flag the latest eligible summary of an organisation in a family, unflag the others.

    Returns the entry's assessment id. Only rows whose flag changes are written, and the
    dimension rows of `saving` are left alone because summarise rewrites them anyway.
    """
    s = AssessmentSummary
    rows = session.execute(
        select(s.assessment_id, s.in_cohort, and_(*_eligible(s)).label("eligible"))
        .where(s.organisation_id == organisation_id, s.family == family)
        # Equal timestamps fall back to the newer assessment, so the choice is deterministic.
        .order_by(s.completed_at.desc(), s.assessment_id.desc())
    ).all()
    entry = next((row.assessment_id for row in rows if row.eligible), None)
    flagged = {row.assessment_id for row in rows if row.in_cohort}
    for ids, flag in ((flagged - {entry}, False), ({entry} - flagged - {None}, True)):
        if ids:
            session.execute(update(s).where(s.assessment_id.in_(ids)).values(in_cohort=flag))
        # The saving assessment's dimension rows are about to be rewritten with the right flag.
        if others := ids - {saving}:
            d = DimensionSummary
            session.execute(update(d).where(d.assessment_id.in_(others)).values(in_cohort=flag))
    return entry


def _eligible(s: type[AssessmentSummary]) -> tuple:
    """The per-assessment eligibility rules of build_cohort (the family aside)."""
    return (s.consented.is_(True), s.is_demo.is_(False), s.completeness >= MIN_COMPLETENESS)


def cohort_statistics(
    session: Session,
    family: str,
    cohort_filter: CohortFilter = ANY_PEERS,
    scorecard: Scorecard | None = None,
    exclude_organisation: int | None = None,
) -> PeerComparison:
    """Median, quartiles and percentile ranks among eligible stored peers, all selected in SQL.

    The result is the pure engine's `PeerComparison`, without question-level practices
    (summaries store dimension scores, not answers).

    With a scorecard, "yours" and the percentile ranks are its figures and the dimensions
    are its applicable ones in questionnaire order; without one, every stored dimension
    by id. Pass the assessed organisation as `exclude_organisation` so it is not its own peer.
    """
    yours: dict[str, float | None] = {}
    if scorecard is not None:
        yours = {OVERALL: scorecard.score} | {d.id: d.score for d in scorecard.dimensions}
    wanted = [ref for ref in yours if ref != OVERALL] if scorecard is not None else None
    sources = _sources(family, cohort_filter, exclude_organisation)
    n, counts = _counts(session, sources, yours, wanted)
    shown, indicative, reason = disclosure(n)
    if not shown:
        return PeerComparison(n, False, False, reason, None, (), ())
    stats = _order_statistics(session, sources, counts, yours, ranks=not indicative)
    order = wanted if wanted is not None else sorted(set(stats) - {OVERALL})
    dimensions = tuple(stats[ref] for ref in order if ref in stats)
    return PeerComparison(n, True, indicative, reason, stats.get(OVERALL), dimensions, ())


@dataclass(frozen=True)
class _Source:
    """Where one kind of figure lives: its cohort rows (filters applied), ref and score columns."""

    conditions: tuple
    ref: Any  # a column when the rows hold several figures, else a literal
    score: Any
    several: bool

    def values(self, ref: str) -> tuple:
        """The conditions selecting the present values of one figure."""
        if self.several:
            return (*self.conditions, self.ref == ref, self.score.is_not(None))
        return (*self.conditions, self.score.is_not(None))


def _sources(
    family: str, cohort_filter: CohortFilter, exclude_organisation: int | None
) -> tuple[_Source, _Source]:
    """The overall and the dimension figures of the cohort entries.

    Every condition is on a column of the partial "entries" indexes, so the scans are index-only;
    the bare `in_cohort` condition is what lets both planners match the indexes' WHERE.
    """
    sources = []
    for model in (AssessmentSummary, DimensionSummary):
        conditions = [model.family == family, model.in_cohort]
        for column, value in (
            (model.industry, cohort_filter.industry),
            (model.size_band, cohort_filter.size),
            (model.region, cohort_filter.region),
        ):
            if value is not None:
                conditions.append(column == value)
        if exclude_organisation is not None:
            conditions.append(model.organisation_id != exclude_organisation)
        if model is DimensionSummary:
            sources.append(_Source(tuple(conditions), model.dimension_id, model.score, several=True))
        else:
            sources.append(_Source(tuple(conditions), literal(OVERALL), model.overall_score, several=False))
    return sources[0], sources[1]


def _counts(
    session: Session,
    sources: tuple[_Source, _Source],
    yours: Mapping[str, float | None],
    wanted: list[str] | None,
) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """The cohort size, and per figure the peers with a value, below "yours" and tied with it."""
    overall, dimensions = sources

    def tallies(source: _Source, ref: str) -> list:
        """Count, below and ties of one figure (zero below and tied without "yours")."""
        mine = yours.get(ref)
        if mine is None:
            return [func.count(source.score), literal(0), literal(0)]
        mine = literal(mine, Float)
        return [
            func.count(source.score),
            func.count().filter(source.score < mine),
            func.count().filter(source.score == mine),
        ]

    parts = [select(literal(OVERALL), func.count(), *tallies(overall, OVERALL)).where(*overall.conditions)]
    if wanted is None:
        # Every stored dimension, no "yours": one grouped walk of the index in dimension order.
        parts.append(
            select(dimensions.ref, literal(0), *tallies(dimensions, ""))
            .where(*dimensions.conditions, dimensions.score.is_not(None))
            .group_by(dimensions.ref)
        )
    else:
        # One index range per dimension, each with its own "yours": no CASE evaluated per row.
        parts += [
            select(literal(ref), literal(0), *tallies(dimensions, ref)).where(*dimensions.values(ref))
            for ref in dict.fromkeys(wanted)
        ]
    n, counts = 0, {}
    for ref, rows, peers, below, ties in session.execute(union_all(*parts)):
        if ref == OVERALL:
            n = rows
        counts[ref] = (peers, below or 0, ties or 0)
    return n, counts


def _order_statistics(
    session: Session,
    sources: tuple[_Source, _Source],
    counts: Mapping[str, tuple[int, int, int]],
    yours: Mapping[str, float | None],
    ranks: bool,
) -> dict[str, PeerStat]:
    """Fetch, per figure, only the order statistics the quartiles and median read, by index order."""
    overall, dimensions = sources
    fetches = []
    for ref, (peers, _, _) in counts.items():
        if peers < MIN_SHOWN:
            continue  # the same disclosure rule holds for each figure, not only the cohort
        source = overall if ref == OVERALL else dimensions
        for first in _pairs(peers):
            # Walk the index from the nearer end, so a pair costs at most half the figure's values.
            descending = first > peers - 2 - first
            pair = (
                select(source.score.label("score"))
                .where(*source.values(ref))
                .order_by(source.score.desc() if descending else source.score)
                .offset(peers - 2 - first if descending else first)
                .limit(2)
                .subquery()
            )
            fetches.append(select(literal(ref), literal(first), pair.c.score))
    pairs: dict[tuple[str, int], list[float]] = {}
    if fetches:
        for ref, first, score in session.execute(union_all(*fetches)):
            pairs.setdefault((ref, first), []).append(score)
    picked: dict[str, dict[int, float]] = {}
    for (ref, first), scores in pairs.items():
        # A pair comes back in either order; sorted, it is the values at `first` and `first + 1`.
        picked.setdefault(ref, {}).update(enumerate(sorted(scores), start=first))
    stats = {}
    for ref, data in picked.items():
        n, below, ties = counts[ref]
        percentile = None
        if ranks and yours.get(ref) is not None and n >= MIN_PERCENTILES:
            percentile = 100.0 * (below + ties / 2) / n
        q1, q3 = _quartile(data, n, 1), _quartile(data, n, 3)
        stats[ref] = PeerStat(ref, yours.get(ref), n, _median(data, n), q1, q3, percentile)
    return stats


def _pairs(n: int) -> set[int]:
    """The first positions of the pairs statistics.quantiles and statistics.median read."""
    m = n - 1
    return {m // 4, m * 3 // 4, m // 2}


def _quartile(data: Mapping[int, float], n: int, i: int) -> float:
    """The i-th "inclusive" quartile, with the arithmetic of statistics.quantiles."""
    j, delta = divmod(i * (n - 1), 4)
    return (data[j] * (4 - delta) + data[j + 1] * delta) / 4


def _median(data: Mapping[int, float], n: int) -> float:
    """The median, with the arithmetic of statistics.median."""
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2
