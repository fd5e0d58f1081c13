"""Evidence behind answers, reviewers' sign-off, and the action plan that outlives the report.

Why one module: these tables are one workflow read together (an answer's evidence, the
review made on it, the actions that address it and their history) and the queries below
load them as the scoring engine's plain mappings.

Evidence and reviews belong to a respondent's answer (respondent, question); an action
belongs to an assessment. Files are stored either in the row (`data`) or in a folder by
their SHA-256 (`stored_as`), never under a name the uploader chose.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .models import Base, Respondent, utcnow


class Evidence(Base):
    """What a respondent offers behind one answer: a note, links and files."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    #: One link per line, each checked to be http(s) when added.
    links: Mapped[str] = mapped_column(Text, default="")
    #: After this day the evidence no longer keeps a validation standing.
    expires_on: Mapped[date | None] = mapped_column(Date)
    added_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    respondent: Mapped[Respondent] = relationship()
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", order_by="EvidenceFile.id"
    )

    @property
    def link_list(self) -> list[str]:
        """The links, one per line as stored."""
        return [line for line in self.links.splitlines() if line.strip()]


class EvidenceFile(Base):
    """One checked file of an evidence item; served only as an attachment."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The bytes, when the file is kept in the database.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: The file's name in the evidence folder (its SHA-256), when kept on disk.
    stored_as: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    evidence: Mapped[Evidence] = relationship(back_populates="files")


class AnswerReview(Base):
    """A reviewer's decision on one answer, with the answer it was made on."""

    __tablename__ = "answer_reviews"
    __table_args__ = (UniqueConstraint("respondent_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # "validated" or "challenged"
    value: Mapped[str] = mapped_column(String(64))  # the answer reviewed
    believed: Mapped[str | None] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewEvent(Base):
    """One decision as it was made, kept for good: the review row holds only the latest, and an
    auditor asks who validated, challenged or withdrew what, and when."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # "validated", "challenged" or "claimed"
    value: Mapped[str] = mapped_column(String(64))  # the answer it was made on
    believed: Mapped[str | None] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(200))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewerLink(Base):
    """A named reviewer's private link to a self-assessment (only the token's hash is kept)."""

    __tablename__ = "reviewer_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlanAction(Base):
    """One action of an assessment's plan, seeded from its roadmap and then kept by people."""

    __tablename__ = "plan_actions"
    __table_args__ = (UniqueConstraint("assessment_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    #: The roadmap item it came from (its question id, or "name-owners").
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    dimension: Mapped[str] = mapped_column(String(64), default="")
    horizon: Mapped[str] = mapped_column(String(16), default="")
    #: The questions it addresses, space-separated.
    questions: Mapped[str] = mapped_column(Text, default="")
    #: Other actions' keys it waits for, space-separated.
    depends_on: Mapped[str] = mapped_column(Text, default="")
    #: The predicted lift: the question's value when planned and its target.
    planned_from: Mapped[float | None] = mapped_column(Float)
    planned_to: Mapped[float | None] = mapped_column(Float)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    changes: Mapped[list[ActionChange]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionChange.id"
    )

    @property
    def question_ids(self) -> list[str]:
        """The questions it addresses."""
        return self.questions.split()

    @property
    def dependency_keys(self) -> list[str]:
        """The keys of the actions it waits for."""
        return self.depends_on.split()


class ActionChange(Base):
    """One change to an action: who changed which field from what to what, and when."""

    __tablename__ = "plan_action_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(16))
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    action: Mapped[PlanAction] = relationship(back_populates="changes")


def evidence_of(session: Session, respondent_ids: list[int]) -> list[Evidence]:
    """The evidence items of these respondents, oldest first."""
    if not respondent_ids:
        return []
    return list(
        session.scalars(
            select(Evidence).where(Evidence.respondent_id.in_(respondent_ids)).order_by(Evidence.id)
        )
    )


def reviews_of(session: Session, respondent_ids: list[int]) -> list[AnswerReview]:
    """The reviews made on these respondents' answers."""
    if not respondent_ids:
        return []
    return list(session.scalars(select(AnswerReview).where(AnswerReview.respondent_id.in_(respondent_ids))))


def plan_of(session: Session, assessment_id: int) -> list[PlanAction]:
    """An assessment's plan, in its order."""
    return list(
        session.scalars(
            select(PlanAction).where(PlanAction.assessment_id == assessment_id).order_by(PlanAction.position)
        )
    )
