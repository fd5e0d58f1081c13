"""Counting failed attempts in the database, so every app server sees the same count.

A sliding window per (scope, client), counted in one-minute steps: simple, and enough to
make guessing a 192-bit token or a join code hopeless while a person who mistypes is
never locked out for long. Recording a failure is one statement, an upsert that adds 1
to the minute's row (INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 on SQLite
and PostgreSQL alike), so failures recorded at the same moment are all counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import FailedAttempt, utcnow

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
#: Rows older than this are of no use to any window and are forgotten.
KEPT_FOR = timedelta(days=1)


def _minute(moment: datetime) -> datetime:
    """The start of the minute a moment falls in."""
    return moment.replace(second=0, microsecond=0)


def failures(session: Session, scope: str, client: str, window: timedelta) -> int:
    """How many attempts of `client` were recorded under `scope` within the last `window`
    (from the start of the minute the window begins in)."""
    since = _minute(utcnow() - window)
    return session.scalar(
        select(func.coalesce(func.sum(FailedAttempt.count), 0)).where(
            FailedAttempt.scope == scope,
            FailedAttempt.client == client[:64],
            FailedAttempt.minute >= since,
        )
    )


def too_many_failures(session: Session, scope: str, client: str, limit: int, window: timedelta) -> bool:
    """True when `client` has failed `limit` times or more within the last `window`."""
    return failures(session, scope, client, window) >= limit


def record_failure(session: Session, scope: str, client: str, now: datetime | None = None) -> None:
    """Count one failed attempt atomically, and forget attempts older than a day."""
    now = now or utcnow()
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = insert(FailedAttempt).values(scope=scope, client=client[:64], minute=_minute(now), count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["scope", "client", "minute"],
            set_={"count": FailedAttempt.count + 1},
        )
    )
    session.execute(delete(FailedAttempt).where(FailedAttempt.minute < _minute(now - KEPT_FOR)))
