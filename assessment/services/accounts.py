"""Consultants' accounts, workspaces, members and clients.

Passwords are hashed with argon2id (argon2-cffi's defaults). Every lookup of a
workspace's rows goes through `WorkspaceScope`, which is only handed out to members,
so a query can never reach another workspace's clients or workshops.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence import Organisation
from ..persistence.workspaces import (
    OWNER,
    Account,
    Client,
    Membership,
    PeerCohort,
    Workshop,
    Workspace,
)

_hasher = PasswordHasher()
#: Checked when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountExists(ValueError):
    """An account with this email address already exists."""


class WrongPassword(ValueError):
    """The current password given does not match the account's."""


def normalise_email(email: str) -> str:
    """Email addresses compare without surrounding spaces and case."""
    return email.strip().lower()


def new_session_nonce() -> str:
    """A fresh value that becomes part of every session cookie's identity."""
    return secrets.token_hex(16)


def sign_up(session: Session, email: str, password: str, name: str, workspace_name: str) -> Account:
    """A new account that owns a new workspace."""
    email = normalise_email(email)
    password_hash = _hasher.hash(password)  # before the check, so a taken address answers no faster
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        raise AccountExists(email)
    account = Account(email=email, name=name, password_hash=password_hash, session_nonce=new_session_nonce())
    workspace = Workspace(name=workspace_name)
    session.add_all([account, workspace, Membership(account=account, workspace=workspace, role=OWNER)])
    session.flush()
    return account


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """The account these credentials belong to, or None."""
    account = session.scalar(select(Account).where(Account.email == normalise_email(email)))
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None:
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account


def account_by_session_id(session: Session, session_id: str) -> Account | None:
    """The account a session cookie names ("<id>:<nonce>"), if the nonce is still current."""
    account_id, _, nonce = session_id.partition(":")
    if not account_id.isdigit() or not nonce:
        return None
    account = session.get(Account, int(account_id))
    if account is None or not secrets.compare_digest(account.session_nonce, nonce):
        return None
    return account


def sign_out_everywhere(account: Account) -> None:
    """Invalidate every session cookie issued for this account."""
    account.session_nonce = new_session_nonce()


def set_password(account: Account, password: str) -> None:
    """A new password (already checked against the policy); every session of the account ends."""
    account.password_hash = _hasher.hash(password)
    sign_out_everywhere(account)


def password_matches(account: Account, password: str) -> bool:
    """Whether `password` is the account's password."""
    try:
        return _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(account: Account, current: str, new: str) -> None:
    """Replace the password when `current` is right; raises WrongPassword otherwise."""
    if not password_matches(account, current):
        raise WrongPassword
    set_password(account, new)


def memberships_of(session: Session, account: Account) -> list[Membership]:
    """The account's workspaces, by name."""
    return list(
        session.scalars(
            select(Membership)
            .join(Workspace)
            .where(Membership.account_id == account.id)
            .order_by(Workspace.name, Workspace.id)
        )
    )


@dataclass(frozen=True)
class WorkspaceScope:
    """A member's view of one workspace: every query here is limited to it."""

    session: Session
    membership: Membership

    @property
    def workspace(self) -> Workspace:
        """The workspace itself."""
        return self.membership.workspace

    @property
    def is_owner(self) -> bool:
        """Whether the member may manage members."""
        return self.membership.role == OWNER

    def clients(self) -> list[Client]:
        """The workspace's clients, by name."""
        return list(
            self.session.scalars(
                select(Client)
                .join(Organisation)
                .where(Client.workspace_id == self.workspace.id)
                .order_by(Organisation.name, Client.id)
            )
        )

    def client(self, client_id: int) -> Client | None:
        """One client of this workspace, or None."""
        return self.session.scalar(
            select(Client).where(Client.id == client_id, Client.workspace_id == self.workspace.id)
        )

    def workshops(self, client: Client | None = None) -> list[Workshop]:
        """The workspace's workshops (of one client), newest first."""
        query = select(Workshop).where(Workshop.workspace_id == self.workspace.id)
        if client is not None:
            query = query.where(Workshop.client_id == client.id)
        return list(self.session.scalars(query.order_by(Workshop.created_at.desc(), Workshop.id.desc())))

    def workshop(self, workshop_id: int) -> Workshop | None:
        """One workshop of this workspace, or None."""
        return self.session.scalar(
            select(Workshop).where(Workshop.id == workshop_id, Workshop.workspace_id == self.workspace.id)
        )

    def cohorts(self) -> list[PeerCohort]:
        """The workspace's imported peer data, newest first."""
        query = select(PeerCohort).where(PeerCohort.workspace_id == self.workspace.id)
        return list(self.session.scalars(query.order_by(PeerCohort.created_at.desc(), PeerCohort.id.desc())))

    def cohort(self, cohort_id: int) -> PeerCohort | None:
        """One cohort of this workspace, or None."""
        return self.session.scalar(
            select(PeerCohort).where(PeerCohort.id == cohort_id, PeerCohort.workspace_id == self.workspace.id)
        )

    def members(self) -> list[Membership]:
        """The workspace's members, owners first."""
        rows = self.session.scalars(
            select(Membership).join(Account).where(Membership.workspace_id == self.workspace.id)
        )
        return sorted(rows, key=lambda m: (m.role != OWNER, m.account.email))

    def member(self, membership_id: int) -> Membership | None:
        """One membership of this workspace, or None."""
        return self.session.scalar(
            select(Membership).where(
                Membership.id == membership_id, Membership.workspace_id == self.workspace.id
            )
        )

    def add_client(
        self, name: str, industry: str | None, size_band: str | None, region: str | None
    ) -> Client:
        """A new client, with the organisation that its workshops assess."""
        organisation = Organisation(name=name, industry=industry, size_band=size_band, region=region)
        client = Client(workspace_id=self.workspace.id, organisation=organisation)
        self.session.add(client)
        self.session.flush()
        return client


def workspace_scope(session: Session, account: Account, workspace_id: int) -> WorkspaceScope | None:
    """The account's scope in a workspace, or None when it is not a member."""
    membership = session.scalar(
        select(Membership).where(Membership.workspace_id == workspace_id, Membership.account_id == account.id)
    )
    return WorkspaceScope(session, membership) if membership is not None else None
