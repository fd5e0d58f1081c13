"""A workshop room's computed scores, kept in the database so every app server shares them,
and the room's revision: a cheap fingerprint of everything its live view shows.

Scores are stored as JSON text (see assessment.scoring.stored) under a digest of exactly
what they were computed from, so a stored row is never stale: a changed answer is a new
digest. Only the newest KEPT states of each workshop are kept; older ones are deleted
when a new one is stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Engine,
    ForeignKey,
    String,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from .models import Answer, Base, Respondent, utcnow
from .review import AnswerReview, Evidence
from .workspaces import AgreedAnswer

#: How many states of one room are kept (a 200-person room's scores are about 1 MB of JSON).
KEPT = 4


class StoredRoomScores(Base):
    """One state of a room's scores, by the digest of the inputs they were computed from."""

    __tablename__ = "room_scores"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The scores as JSON text (never pickled: readable by an auditor, and loading it runs no code).
    scores: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def stored_scores(session: Session, workshop_id: int, digest: str) -> str | None:
    """The stored JSON of one room state, or None when no app server has stored it yet."""
    return session.scalar(
        select(StoredRoomScores.scores).where(
            StoredRoomScores.workshop_id == workshop_id, StoredRoomScores.digest == digest
        )
    )


def store_scores(engine: Engine, workshop_id: int, digest: str, scores: str, kept: int = KEPT) -> None:
    """Store one room state's scores and delete the room's older states beyond `kept`.

    This runs in a transaction of its own, committed here: the stored scores are a shared
    cache beside the request's work, written by requests that otherwise only read (a poll of
    the live view). Two servers storing the same state at once is harmless: the second
    insert does nothing.
    """
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    with engine.begin() as connection:
        connection.execute(
            dialect.insert(StoredRoomScores)
            .values(workshop_id=workshop_id, digest=digest, scores=scores, stored_at=utcnow())
            .on_conflict_do_nothing()
        )
        newest = (
            select(StoredRoomScores.digest)
            .where(StoredRoomScores.workshop_id == workshop_id)
            .order_by(StoredRoomScores.stored_at.desc(), StoredRoomScores.digest)
            .limit(kept)
        )
        connection.execute(
            delete(StoredRoomScores).where(
                StoredRoomScores.workshop_id == workshop_id,
                StoredRoomScores.digest.not_in(newest.scalar_subquery()),
            )
        )


def stored_states(session: Session, workshop_id: int) -> int:
    """How many states of a room are stored."""
    return session.scalar(
        select(func.count()).select_from(StoredRoomScores).where(StoredRoomScores.workshop_id == workshop_id)
    )


def room_revision(session: Session, workshop_id: int, assessment_id: int) -> tuple:
    """What changes whenever anything the room's live view shows from its rows changes, read in one
    query of aggregates, without loading a single answer.

    Every accepted answer save raises its `client_seq` and sets `updated_at`, so the sum of
    the sequence numbers (taken modulo a prime, so it never overflows) changes with each save
    even when app servers' clocks disagree; the count sees a removed row. Agreed answers,
    evidence and reviews are counted and dated the same way."""
    respondents = select(Respondent.id).where(Respondent.assessment_id == assessment_id)
    room = respondents.scalar_subquery()

    def aggregate(*columns):
        """One scalar subquery per aggregate."""
        return [column.scalar_subquery() for column in columns]

    answers = select(Answer).where(Answer.respondent_id.in_(room)).subquery()
    evidence = select(Evidence).where(Evidence.respondent_id.in_(room)).subquery()
    reviews = select(AnswerReview).where(AnswerReview.respondent_id.in_(room)).subquery()
    agreed = select(AgreedAnswer).where(AgreedAnswer.workshop_id == workshop_id).subquery()
    people = respondents.subquery()
    row = session.execute(
        select(
            *aggregate(
                select(func.count()).select_from(people),
                select(func.max(people.c.id)),
                select(func.count()).select_from(answers),
                select(func.max(answers.c.updated_at)),
                select(func.coalesce(func.sum(answers.c.client_seq % 1000003), 0)),
                select(func.count()).select_from(agreed),
                select(func.max(agreed.c.recorded_at)),
                select(func.count()).select_from(evidence),
                select(func.max(evidence.c.id)),
                select(func.count()).select_from(reviews),
                select(func.max(reviews.c.reviewed_at)),
            )
        )
    ).one()
    return tuple(row)
