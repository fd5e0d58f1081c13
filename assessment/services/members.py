"""Owners change a member's role or take them out of a workspace.

Access is checked on every request (`workspace_scope` looks the membership up each time),
so a removed member's next request to the workspace is refused; nothing else needs
revoking but the password-reset links an owner may have issued for them. A workspace
always keeps one owner.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..persistence.models import utcnow
from ..persistence.workspaces import MEMBER_ROLES, OWNER, Membership, PasswordReset
from .accounts import WorkspaceScope


class LastOwner(ValueError):
    """Removing this member would leave the workspace without an owner."""


def remove_member(scope: WorkspaceScope, membership: Membership, now: datetime | None = None) -> None:
    """Take the member out of the workspace, and end their unused password-reset links."""
    # The owners' rows are locked (FOR UPDATE on PostgreSQL; on SQLite every write already
    # holds the database's one write lock), so two owners removing each other at once
    # cannot both succeed and leave the workspace with none.
    owners = _owners(scope)
    if membership.role == OWNER and len(owners) == 1:
        raise LastOwner(membership.account.email)
    now = now or utcnow()
    for reset in scope.session.scalars(
        select(PasswordReset).where(
            PasswordReset.account_id == membership.account_id, PasswordReset.used_at.is_(None)
        )
    ):
        reset.used_at = now
    scope.session.delete(membership)
    scope.session.flush()


def is_last_owner(scope: WorkspaceScope, membership: Membership) -> bool:
    """Whether the member is the workspace's only owner (read without locking: for the
    confirmation page; remove_member checks again under the lock)."""
    if membership.role != OWNER:
        return False
    return sum(1 for m in scope.members() if m.role == OWNER) == 1


def _owners(scope: WorkspaceScope) -> list[Membership]:
    """The workspace's owner rows, locked until the transaction ends (see remove_member)."""
    return list(
        scope.session.scalars(
            select(Membership)
            .where(Membership.workspace_id == scope.workspace.id, Membership.role == OWNER)
            .with_for_update()
        )
    )


def change_role(scope: WorkspaceScope, membership: Membership, role: str) -> bool:
    """Give the member another role; True when it changed. The last owner stays an owner."""
    if role not in MEMBER_ROLES:
        raise ValueError(f"{role!r} is not a member role")
    if role == membership.role:
        return False
    owners = _owners(scope)
    if membership.role == OWNER and len(owners) == 1:
        raise LastOwner(membership.account.email)
    membership.role = role
    scope.session.flush()
    return True
