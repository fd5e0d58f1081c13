"""Counting failed attempts in the database, so every app server sees the same count.

A fixed window per (scope, client): simple, and enough to make guessing a 192-bit
token or a join code hopeless while a person who mistypes is never locked out for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import FailedAttempt, utcnow


def failures(session: Session, scope: str, client: str, window: timedelta) -> int:
    """How many attempts of `client` were recorded under `scope` within the last `window`."""
    since = utcnow() - window
    return session.scalar(
        select(func.count())
        .select_from(FailedAttempt)
        .where(FailedAttempt.scope == scope, FailedAttempt.client == client, FailedAttempt.at >= since)
    )


def too_many_failures(session: Session, scope: str, client: str, limit: int, window: timedelta) -> bool:
    """True when `client` has failed `limit` times or more within the last `window`."""
    return failures(session, scope, client, window) >= limit


def record_failure(session: Session, scope: str, client: str, now: datetime | None = None) -> None:
    """Remember one failed attempt, and forget attempts older than a day."""
    now = now or utcnow()
    session.add(FailedAttempt(scope=scope, client=client[:64], at=now))
    session.execute(delete(FailedAttempt).where(FailedAttempt.at < now - timedelta(days=1)))
