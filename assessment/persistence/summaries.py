"""Stored scorecard summaries, so peer cohorts over many assessments are SQL aggregates.

One `AssessmentSummary` row per assessment (with one `DimensionSummary` per applicable
dimension) is upserted by `summarise` when its figures are computed. An autosave only
flags the row `stale` (`mark_answers_changed`); the figures are recomputed when they are
read (`stale_self_assessments` finds them, `lock_stale` orders the recomputation with
concurrent autosaves) or by `assessment init`. Eligibility is kept at
write time: `summarise` flags `in_cohort` on the latest eligible summary of each
organisation in each family (clearing it on the others, in the same transaction), and
the dimension rows carry copies of the flag and of the filter columns, so the read side
(`peer_statistics.cohort_statistics`) reads only partial indexes of the flagged rows.
"""

from __future__ import annotations

from datetime import datetime

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
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..scoring.cohort import MIN_COMPLETENESS
from ..scoring.scorecard import METHOD, Scorecard
from .engine import on_postgresql, upsert
from .models import Assessment, AssessmentKind, Base, Organisation, utcnow


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
    return f"{scorecard.questionnaire_id}@{scorecard.version.split('.')[0]}"


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
        "questionnaire_id": scorecard.questionnaire_id,
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


def mark_answers_changed(session: Session, assessment_id: int) -> bool:
    """Flag an assessment's summary as out of date after one of its answers changed; False
    when it has no summary yet (no commit).

    The row is written even when it is already stale: on PostgreSQL the row lock this takes
    makes a concurrent recomputation (`lock_stale`) wait for this answer's transaction, so
    it cannot clear the flag having read the answers without this one.
    """
    # A Core statement on the connection: the ORM's bulk-update path cost more than the update.
    table = AssessmentSummary.__table__
    statement = update(table).where(table.c.assessment_id == assessment_id).values(stale=True)
    return session.connection().execute(statement).rowcount > 0


def stale_self_assessments(session: Session, family: str) -> list[int]:
    """The self-assessments of a cohort family whose stored figures wait to be recomputed."""
    s = AssessmentSummary
    return list(
        session.scalars(
            select(s.assessment_id)
            .join(Assessment, Assessment.id == s.assessment_id)
            .where(s.family == family, s.stale.is_(True), Assessment.kind == AssessmentKind.SELF)
            .order_by(s.assessment_id)
        )
    )


def lock_stale(session: Session, assessment_id: int) -> bool:
    """Before recomputing a summary: True when it is still stale, with its row locked on
    PostgreSQL until the transaction ends (SQLite writers are serial already).

    The organisation is locked first, as `summarise` and a new assessment's first summary
    lock it before any summary row, so the two never wait for each other in a circle.
    """
    s = AssessmentSummary
    if on_postgresql(session):
        session.execute(
            select(Organisation.id)
            .join(Assessment, Assessment.organisation_id == Organisation.id)
            .where(Assessment.id == assessment_id)
            .with_for_update(of=Organisation, key_share=True)
        )
        return bool(session.scalar(select(s.stale).where(s.assessment_id == assessment_id).with_for_update()))
    return bool(session.scalar(select(s.stale).where(s.assessment_id == assessment_id)))


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
