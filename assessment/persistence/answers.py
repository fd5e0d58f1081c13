"""Saving answers so that the last one the respondent gave wins, whatever arrives when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .engine import upsert
from .models import Answer, utcnow


def record_answer(
    session: Session, respondent_id: int, question_id: str, value: str, client_seq: int
) -> bool:
    """Upsert one answer; an update only applies when `client_seq` is newer than the stored one.

    Returns True when the stored answer is now this one. A replayed or late autosave
    (an older sequence number) changes nothing and returns False, unless it carries
    the same value as the stored answer, which is then already what the client holds.
    """
    statement = upsert(session, Answer).values(
        respondent_id=respondent_id,
        question_id=question_id,
        value=value,
        client_seq=client_seq,
        updated_at=utcnow(),
    )
    statement = statement.on_conflict_do_update(
        index_elements=[Answer.respondent_id, Answer.question_id],
        set_={
            "value": statement.excluded.value,
            "client_seq": statement.excluded.client_seq,
            "updated_at": statement.excluded.updated_at,
        },
        where=Answer.client_seq < statement.excluded.client_seq,
    )
    session.execute(statement)
    stored = session.scalar(
        select(Answer.value).where(Answer.respondent_id == respondent_id, Answer.question_id == question_id)
    )
    return stored == value


def answers_of(session: Session, respondent_id: int) -> dict[str, str]:
    """A respondent's current answers: question id -> answer code."""
    rows = session.execute(
        select(Answer.question_id, Answer.value).where(Answer.respondent_id == respondent_id)
    )
    return {question_id: value for question_id, value in rows}
