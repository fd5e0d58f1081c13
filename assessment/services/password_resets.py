"""One-time password-reset links that a workspace owner issues for a member.

There is no e-mail yet, so an owner hands the link over. The token has 192 random bits
and only its SHA-256 is stored; a link expires after 24 hours, works once, and issuing
another for the same account ends the earlier one. Setting a password through a link
signs the account out everywhere.

A link sets the account's password, and an account may belong to several workspaces,
so an owner may issue one only for a member all of whose workspaces they own: owning
one shared workspace must not be a way into the member's other clients.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.assessments import new_token, token_hash
from ..persistence.models import utcnow
from ..persistence.workspaces import OWNER, Account, Membership, PasswordReset
from .accounts import set_password

LIFETIME = timedelta(hours=24)


class ResetClosed(ValueError):
    """The link is used, replaced or expired."""


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def may_issue(session: Session, owner: Account, member: Account) -> bool:
    """Whether `owner` owns every workspace `member` belongs to."""
    owned = set(
        session.scalars(
            select(Membership.workspace_id).where(Membership.account_id == owner.id, Membership.role == OWNER)
        )
    )
    theirs = set(session.scalars(select(Membership.workspace_id).where(Membership.account_id == member.id)))
    return theirs <= owned


def issue(session: Session, owner: Account, member: Account, now: datetime | None = None) -> str:
    """A new link's token for the member (check `may_issue` first); earlier unused links end."""
    now = now or utcnow()
    for earlier in session.scalars(
        select(PasswordReset).where(PasswordReset.account_id == member.id, PasswordReset.used_at.is_(None))
    ):
        earlier.used_at = now
    token = new_token()
    session.add(
        PasswordReset(
            account_id=member.id,
            token_hash=token_hash(token),
            issued_by_id=owner.id,
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    session.flush()
    return token


def reset_by_token(session: Session, token: str) -> PasswordReset | None:
    """The reset a link names, whatever its state."""
    return session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash(token)))


def is_usable(reset: PasswordReset, now: datetime | None = None) -> bool:
    """Not used, not replaced, not expired."""
    return reset.used_at is None and _aware(reset.expires_at) > (now or utcnow())


def use(reset: PasswordReset, password: str, now: datetime | None = None) -> Account:
    """Set the new password (already checked against the policy); the link stops working."""
    now = now or utcnow()
    if not is_usable(reset, now):
        raise ResetClosed
    reset.used_at = now
    set_password(reset.account, password)
    return reset.account
