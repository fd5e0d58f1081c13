"""Saving answers so that the last one the respondent gave wins, whatever arrives when.

The upsert is built once per SQL dialect with bound parameters: building it per request
(its `excluded` columns in particular) cost more than running it.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .engine import on_postgresql
from .models import Answer, utcnow


@cache
def _upsert(dialect: str):
    """The answer upsert of one dialect: an update applies only to an older sequence number,
    and the stored value is returned when the row was inserted or updated."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Answer).values(
        respondent_id=bindparam("respondent_id"),
        question_id=bindparam("question_id"),
        value=bindparam("value"),
        client_seq=bindparam("client_seq"),
        updated_at=bindparam("updated_at"),
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
    return statement.returning(Answer.value)


def record_answer(
    session: Session, respondent_id: int, question_id: str, value: str, client_seq: int
) -> bool:
    """Upsert one answer; an update only applies when `client_seq` is newer than the stored one.

    Returns True when the stored answer is now this one. A replayed or late autosave
    (an older sequence number) changes nothing and returns False, unless it carries
    the same value as the stored answer, which is then already what the client holds.
    """
    parameters = {
        "respondent_id": respondent_id,
        "question_id": question_id,
        "value": value,
        "client_seq": client_seq,
        "updated_at": utcnow(),
    }
    dialect = "postgresql" if on_postgresql(session) else "sqlite"
    # Run on the connection: the ORM would treat a statement on a mapped class with a
    # dictionary of parameters as a bulk insert, at several times the cost.
    if session.connection().execute(_upsert(dialect), parameters).first() is not None:
        return True  # inserted, or replaced an older answer
    stored = session.scalar(
        select(Answer.value).where(Answer.respondent_id == respondent_id, Answer.question_id == question_id)
    )
    return stored == value


def answers_of(session: Session, respondent_id: int) -> dict[str, str]:
    """A respondent's current answers: question id -> answer code."""
    table = Answer.__table__
    rows = session.connection().execute(
        select(table.c.question_id, table.c.value).where(table.c.respondent_id == respondent_id)
    )
    return {question_id: value for question_id, value in rows}
