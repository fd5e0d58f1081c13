"""Typed SQLAlchemy models.

The shape in one sentence: an Assessment is answered by Respondents, and each
Respondent's Answers are pinned to one QuestionnaireVersion. A self-assessment is an
assessment of kind "self" with one respondent; a workshop is the same thing with many.
So saving, resuming, scoring, cohorts and reports have one code path, not two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Constraint names that are the same on every engine, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware (called per row, never at import)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class QuestionnaireVersion(Base):
    """One exact questionnaire text that answers can be pinned to."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    source_path: Mapped[str] = mapped_column(String(500))
    #: The YAML text as it was registered, so old answers can always be re-read.
    text: Mapped[str] = mapped_column("source", Text)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Organisation(Base):
    """An assessed organisation (a consultant's client, or a self-assessor)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(64))
    size_band: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    ai_stage: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssessmentKind(StrEnum):
    """Who answers: one respondent on their own, or a room of participants."""

    SELF = "self"
    WORKSHOP = "workshop"


class AssessmentStatus(StrEnum):
    """Whether answers may still change."""

    OPEN = "open"
    CLOSED = "closed"


def _stored_as_text(kind: type[StrEnum]) -> Enum:
    """A column holding an enum's values as plain text, as the column always has (no migration)."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [member.value for member in members],
    )


class Assessment(Base):
    """One run of a questionnaire for an organisation: a self-assessment or a workshop."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[AssessmentKind] = mapped_column(_stored_as_text(AssessmentKind))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    status: Mapped[AssessmentStatus] = mapped_column(
        _stored_as_text(AssessmentStatus), default=AssessmentStatus.OPEN
    )
    benchmark_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Generated demo data never joins a real peer cohort.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    organisation: Mapped[Organisation] = relationship()
    respondents: Mapped[list[Respondent]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Whether answers may still change."""
        return self.status == AssessmentStatus.OPEN


class Respondent(Base):
    """A person answering an assessment; known to the server only by a token's hash."""

    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    #: SHA-256 of the resume token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="respondents")


class Answer(Base):
    """A respondent's current answer to one question.

    One row per (respondent, question): saving again updates the row, and only when
    the client's sequence number is newer, so double submits and autosaves that
    arrive out of order settle on what the respondent chose last.
    """

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("respondent_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    #: An option id, "n/a", "unknown", or for ownership questions an owner id or "nobody".
    value: Mapped[str] = mapped_column(String(64))
    client_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FailedAttempt(Base):
    """How many wrong resume tokens, links, join codes or passwords, sign-up attempts, or
    uses of a join code that worked from an address (so the room behind it keeps joining)
    one client made in one minute, for rate limiting across servers.

    One row per (scope, client, minute), counted up by a single atomic upsert, so
    concurrent failures are never lost between a read and a write."""

    __tablename__ = "failed_attempts"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    minute: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True, index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)
