"""Finding and resuming a respondent by their private link.

A resume token is 192 random bits, shown once to the respondent as a link; only its
SHA-256 is stored, so a copy of the database cannot be used to take over anyone's
assessment.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Assessment, Respondent


def new_token() -> str:
    """A fresh resume token (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def respondent_by_token(session: Session, token: str) -> Respondent | None:
    """The respondent a resume token belongs to, if any."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(Respondent).where(Respondent.token_hash == token_hash(token)))


def newest_retake(session: Session, assessment: Assessment) -> Assessment | None:
    """The latest assessment in the chain of retakes that follows `assessment` (None when it
    was never retaken). Each retake links to the one it replaced through `previous_id`."""
    newest = None
    current_id = assessment.id
    for _ in range(1000):  # a chain is short; the bound only guards against a cycle in bad data
        following = session.scalar(
            select(Assessment).where(Assessment.previous_id == current_id).order_by(Assessment.id).limit(1)
        )
        if following is None:
            break
        newest, current_id = following, following.id
    return newest
