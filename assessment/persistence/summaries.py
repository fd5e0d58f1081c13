"""Stored scorecard summaries, so peer cohorts over many assessments are SQL aggregates.

One `AssessmentSummary` row per assessment (with one `DimensionSummary` per applicable
dimension) is upserted by `summarise` whenever answers change. `cohort_statistics`
then selects the eligible peers and their order statistics in SQL, on SQLite and
PostgreSQL alike, and only the handful of order statistics it needs reach Python.

The rules and the arithmetic are those of `assessment.scoring.cohort` (eligibility,
latest per organisation before the filters, disclosure by cohort size, "inclusive"
quartiles, percentile rank = 100 x (below + half of ties) / n), so the SQL figures
equal the pure `build_cohort` / `compare_with_peers` figures on the same data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..scoring.cohort import MIN_COMPLETENESS, MIN_PERCENTILES, MIN_SHOWN, CohortFilter, PeerStat
from ..scoring.scorecard import Scorecard
from .models import Assessment, Base, utcnow

OVERALL = "overall"  # the ref of the overall index, as in PeerStat
ANY_PEERS = CohortFilter()  # no industry, size or region filter


class AssessmentSummary(Base):
    """The headline figures of one assessment, with what cohort eligibility needs."""

    __tablename__ = "assessment_summaries"
    __table_args__ = (Index("ix_assessment_summaries_cohort", "family", "organisation_id", "completed_at"),)

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


class DimensionSummary(Base):
    """One applicable dimension's score and level in an assessment summary."""

    __tablename__ = "dimension_summaries"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_summaries.assessment_id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    level: Mapped[float | None] = mapped_column(Float)


def family_of(scorecard: Scorecard) -> str:
    """The cohort family of a scorecard's questionnaire (same rule as Questionnaire.family)."""
    return f"{scorecard.questionnaire}@{scorecard.version.split('.')[0]}"


def summarise(session: Session, assessment: Assessment, scorecard: Scorecard) -> None:
    """Upsert the stored summary of `assessment` from its current scorecard (no commit)."""
    organisation = assessment.organisation
    values = {
        "assessment_id": assessment.id,
        "questionnaire_id": scorecard.questionnaire,
        "family": family_of(scorecard),
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
    }
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(AssessmentSummary).values(**values)
    # An upsert, so two saves racing on the same assessment never fail on the unique key.
    statement = statement.on_conflict_do_update(
        index_elements=[AssessmentSummary.assessment_id],
        set_={name: statement.excluded[name] for name in values if name != "assessment_id"},
    )
    session.execute(statement)
    session.execute(delete(DimensionSummary).where(DimensionSummary.assessment_id == assessment.id))
    rows = [
        {"assessment_id": assessment.id, "dimension_id": d.id, "score": d.score, "level": d.level}
        for d in scorecard.dimensions
    ]
    if rows:
        session.execute(insert(DimensionSummary), rows)


@dataclass(frozen=True)
class CohortStatistics:
    """Peer figures for one family and filter, disclosed only as far as the size allows."""

    family: str
    filter: CohortFilter
    cohort_size: int
    shown: bool
    indicative: bool
    reason: str
    overall: PeerStat | None
    dimensions: tuple[PeerStat, ...]

    def to_dict(self) -> dict:
        """Plain JSON-friendly form (the same keys as PeerComparison, without practices)."""
        return {
            "family": self.family,
            "cohort_size": self.cohort_size,
            "shown": self.shown,
            "indicative": self.indicative,
            "reason": self.reason,
            "overall": self.overall.to_dict() if self.overall else None,
            "dimensions": [d.to_dict() for d in self.dimensions],
        }


def cohort_statistics(
    session: Session,
    family: str,
    cohort_filter: CohortFilter = ANY_PEERS,
    scorecard: Scorecard | None = None,
    exclude_organisation: int | None = None,
) -> CohortStatistics:
    """Median, quartiles and percentile ranks among eligible stored peers, all selected in SQL.

    With a scorecard, "yours" and the percentile ranks are its figures and the dimensions
    are its applicable ones in questionnaire order; without one, every stored dimension
    by id. Pass the assessed organisation as `exclude_organisation` so it is not its own peer.
    """
    cohort = _cohort(family, cohort_filter, exclude_organisation)
    yours: dict[str, float | None] = {}
    if scorecard is not None:
        yours = {OVERALL: scorecard.score} | {d.id: d.score for d in scorecard.dimensions}
    n = session.scalar(select(func.count()).select_from(cohort))
    if n < MIN_SHOWN:
        reason = f"only {n} comparable organisations; peer figures need at least {MIN_SHOWN}"
        return CohortStatistics(family, cohort_filter, n, False, False, reason, None, ())
    indicative = n < MIN_PERCENTILES
    reason = (
        f"{n} organisations: indicative only (percentile ranks need {MIN_PERCENTILES})"
        if indicative
        else f"{n} organisations"
    )
    stats = _order_statistics(session, cohort, yours, ranks=not indicative)
    order = [ref for ref in yours if ref != OVERALL] if scorecard else sorted(set(stats) - {OVERALL})
    dimensions = tuple(stats[ref] for ref in order if ref in stats)
    return CohortStatistics(
        family, cohort_filter, n, True, indicative, reason, stats.get(OVERALL), dimensions
    )


def _cohort(family: str, cohort_filter: CohortFilter, exclude_organisation: int | None):
    """The eligible summaries: latest per organisation first, then the filters (as build_cohort)."""
    s = AssessmentSummary
    recency = func.row_number().over(
        partition_by=s.organisation_id,
        # Equal timestamps fall back to the newer assessment, so the choice is deterministic.
        order_by=(s.completed_at.desc(), s.assessment_id.desc()),
    )
    conditions = [
        s.family == family,
        s.consented.is_(True),
        s.is_demo.is_(False),
        s.completeness >= MIN_COMPLETENESS,
    ]
    if exclude_organisation is not None:
        conditions.append(s.organisation_id != exclude_organisation)
    eligible = (
        select(s.assessment_id, s.overall_score, s.industry, s.size_band, s.region, recency.label("recency"))
        .where(*conditions)
        .cte("eligible")
    )
    wanted = [
        column == value
        for column, value in (
            (eligible.c.industry, cohort_filter.industry),
            (eligible.c.size_band, cohort_filter.size),
            (eligible.c.region, cohort_filter.region),
        )
        if value is not None
    ]
    return (
        select(eligible.c.assessment_id, eligible.c.overall_score)
        .where(eligible.c.recency == 1, *wanted)
        .cte("cohort")
    )


def _order_statistics(
    session: Session, cohort, yours: Mapping[str, float | None], ranks: bool
) -> dict[str, PeerStat]:
    """Fetch, per figure, the order statistics the quartiles need and the rank counts."""
    d = DimensionSummary
    peer_values = union_all(
        select(literal(OVERALL).label("ref"), cohort.c.overall_score.label("score")).where(
            cohort.c.overall_score.is_not(None)
        ),
        select(d.dimension_id.label("ref"), d.score.label("score"))
        .join(cohort, d.assessment_id == cohort.c.assessment_id)
        .where(d.score.is_not(None)),
    ).cte("peer_values")
    given = {ref: literal(value, Float) for ref, value in yours.items() if value is not None}
    if given:
        # A CASE on the ref rather than a join with a table of "yours": one pass, no hash join.
        mine = case(given, value=peer_values.c.ref, else_=None)
        below = case((peer_values.c.score < mine, 1), else_=0)
        ties = case((peer_values.c.score == mine, 1), else_=0)
    else:
        below, ties = literal(0), literal(0)
    ref = peer_values.c.ref
    ranked = select(
        ref.label("ref"),
        peer_values.c.score.label("score"),
        (func.row_number().over(partition_by=ref, order_by=peer_values.c.score) - 1).label("pos"),
        func.count().over(partition_by=ref).label("n"),
        func.sum(below).over(partition_by=ref).label("below"),
        func.sum(ties).over(partition_by=ref).label("ties"),
    ).cte("ranked")
    m = ranked.c.n - 1
    # Only the rows at the positions statistics.quantiles/median read leave the database.
    positions = [m // 4, m // 4 + 1, m * 2 // 4, m * 2 // 4 + 1, m * 3 // 4, m * 3 // 4 + 1]
    positions += [ranked.c.n // 2 - 1, ranked.c.n // 2]
    rows = session.execute(
        select(
            ranked.c.ref,
            ranked.c.n,
            ranked.c.pos,
            ranked.c.score,
            ranked.c.below,
            ranked.c.ties,
        ).where(ranked.c.n >= MIN_SHOWN, or_(*(ranked.c.pos == p for p in positions)))
    ).all()
    picked: dict[str, dict[int, float]] = {}
    counts: dict[str, tuple[int, int, int]] = {}
    for row in rows:
        picked.setdefault(row.ref, {})[row.pos] = row.score
        counts[row.ref] = (row.n, int(row.below or 0), int(row.ties or 0))
    stats = {}
    for ref, data in picked.items():
        n, below, ties = counts[ref]
        percentile = None
        if ranks and yours.get(ref) is not None and n >= MIN_PERCENTILES:
            percentile = 100.0 * (below + ties / 2) / n
        q1, q3 = _quartile(data, n, 1), _quartile(data, n, 3)
        stats[ref] = PeerStat(ref, yours.get(ref), n, _median(data, n), q1, q3, percentile)
    return stats


def _quartile(data: Mapping[int, float], n: int, i: int) -> float:
    """The i-th "inclusive" quartile, with the arithmetic of statistics.quantiles."""
    j, delta = divmod(i * (n - 1), 4)
    return (data[j] * (4 - delta) + data[j + 1] * delta) / 4


def _median(data: Mapping[int, float], n: int) -> float:
    """The median, with the arithmetic of statistics.median."""
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2
