"""Invitations to a workspace, which the invitee accepts or declines.

An owner invites an email address; nobody becomes a member until the person signed in
with that address accepts. Inviting answers the same whether or not the address has an
account, so the form reveals nothing about who uses the service. The link's token has
192 random bits and only its SHA-256 is stored; a link expires after a week, works
once, and inviting the same address again replaces the earlier link.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.assessments import new_token, token_hash
from ..persistence.models import utcnow
from ..persistence.workspaces import Account, Invitation, Membership
from .accounts import WorkspaceScope, normalise_email

LIFETIME = timedelta(days=7)
PENDING, EXPIRED = "pending", "expired"
ACCEPTED, DECLINED, REPLACED, WITHDRAWN = "accepted", "declined", "replaced", "withdrawn"


class InvitationClosed(ValueError):
    """The invitation can no longer be answered (its state is the message)."""


class NotTheInvitee(ValueError):
    """The signed-in account's email is not the invited address."""


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def state(invitation: Invitation, now: datetime | None = None) -> str:
    """pending, expired, accepted, declined, replaced or withdrawn."""
    if invitation.outcome is not None:
        return invitation.outcome
    return PENDING if _aware(invitation.expires_at) > (now or utcnow()) else EXPIRED


def is_member(scope: WorkspaceScope, email: str) -> bool:
    """Whether an account with this email is already a member of the workspace."""
    return (
        scope.session.scalar(
            select(Membership.id)
            .join(Account)
            .where(Membership.workspace_id == scope.workspace.id, Account.email == normalise_email(email))
        )
        is not None
    )


def invite(scope: WorkspaceScope, email: str, role: str, by: Account, now: datetime | None = None) -> str:
    """A new invitation link's token; an earlier pending link for the same address stops working."""
    now = now or utcnow()
    email = normalise_email(email)
    for earlier in _pending_for(scope, email, now):
        earlier.outcome, earlier.answered_at = REPLACED, now
    token = new_token()
    scope.session.add(
        Invitation(
            workspace_id=scope.workspace.id,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=by,
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    scope.session.flush()
    return token


def pending(scope: WorkspaceScope, now: datetime | None = None) -> list[Invitation]:
    """The workspace's invitations still waiting for an answer, oldest first."""
    rows = scope.session.scalars(
        select(Invitation)
        .where(Invitation.workspace_id == scope.workspace.id, Invitation.outcome.is_(None))
        .order_by(Invitation.created_at, Invitation.id)
    )
    return [row for row in rows if state(row, now) == PENDING]


def withdraw(scope: WorkspaceScope, invitation_id: int, now: datetime | None = None) -> bool:
    """An owner withdraws a pending invitation of this workspace; its link then says so.
    False when there is no such pending invitation (answered, expired or another workspace's)."""
    now = now or utcnow()
    found = next((row for row in pending(scope, now) if row.id == invitation_id), None)
    if found is None:
        return False
    found.outcome, found.answered_at = WITHDRAWN, now
    return True


def _pending_for(scope: WorkspaceScope, email: str, now: datetime) -> list[Invitation]:
    """Pending invitations of one address to this workspace."""
    return [row for row in pending(scope, now) if row.email == email]


def invitation_by_token(session: Session, token: str) -> Invitation | None:
    """The invitation a link names, whatever its state."""
    return session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))


def _answerable(invitation: Invitation, account: Account, now: datetime) -> None:
    """Raise unless the invitation is pending and addressed to this account."""
    current = state(invitation, now)
    if current != PENDING:
        raise InvitationClosed(current)
    if normalise_email(account.email) != invitation.email:
        raise NotTheInvitee(invitation.email)


def accept(
    session: Session, invitation: Invitation, account: Account, now: datetime | None = None
) -> Membership:
    """The invitee joins the workspace with the invited role (an existing member keeps theirs)."""
    now = now or utcnow()
    _answerable(invitation, account, now)
    invitation.outcome, invitation.answered_at = ACCEPTED, now
    membership = session.scalar(
        select(Membership).where(
            Membership.workspace_id == invitation.workspace_id, Membership.account_id == account.id
        )
    )
    if membership is None:
        membership = Membership(workspace_id=invitation.workspace_id, account=account, role=invitation.role)
        session.add(membership)
        session.flush()
    return membership


def decline(invitation: Invitation, account: Account, now: datetime | None = None) -> None:
    """The invitee says no; the link stops working."""
    now = now or utcnow()
    _answerable(invitation, account, now)
    invitation.outcome, invitation.answered_at = DECLINED, now
