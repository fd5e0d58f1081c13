"""Consultants' accounts, their workspaces (tenants), clients and workshops.

A workspace owns everything a consultancy sees: its members, its clients and their
workshops. Every query for those rows starts from a workspace id, so one workspace's
data can never be reached from another's. A Client points at the Organisation being
assessed and a Workshop at the Assessment its participants answer, so answers,
scoring and reports keep the one code path of the self-assessment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Assessment, Base, Organisation, utcnow

#: What a member may do: owners also manage the members of the workspace.
OWNER = "owner"
FACILITATOR = "facilitator"
MEMBER_ROLES = (OWNER, FACILITATOR)


class Account(Base):
    """A consultant who signs in with an email address and a password."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: An argon2id hash (the password itself is never stored).
    password_hash: Mapped[str] = mapped_column(String(200))
    #: Part of every session cookie's identity: changing it signs out every browser.
    session_nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The authenticator's seed, encrypted with Fernet (never stored in clear); set while
    #: enrolling and once enrolled, None otherwise.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: When two-factor sign-in was turned on; None while it is off (or only being set up).
    two_factor_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: The last 30-second time step whose code was accepted: a code of this step or an
    #: earlier one is refused, so a code seen over a shoulder cannot be used again.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    @property
    def has_two_factor(self) -> bool:
        """Whether signing in asks for a code after the password."""
        return self.two_factor_enabled_at is not None


class Workspace(Base):
    """A consultancy's own space: its members, clients and workshops."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The reports' branding: a logo already checked and re-encoded as PNG, and a #rrggbb
    #: accent colour. None means the neutral default theme.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    accent: Mapped[str | None] = mapped_column(String(7), nullable=True)
    #: Whether members must have two-factor sign-in on to open the workspace.
    require_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="workspace", cascade="all, delete-orphan"
    )


class Membership(Base):
    """An account's role in a workspace."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "account_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "owner" or "facilitator"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workspace: Mapped[Workspace] = relationship(back_populates="memberships")
    account: Mapped[Account] = relationship(back_populates="memberships")


class Client(Base):
    """An organisation a workspace assesses."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @property
    def name(self) -> str:
        """The assessed organisation's name."""
        return self.organisation.name


class Workshop(Base):
    """A group assessment run for a client: the room's settings around one Assessment."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The short code people type to join (unambiguous letters and digits).
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The role labels offered to participants, in the order shown.
    roles: Mapped[list[str]] = mapped_column(JSON)
    target_profile: Mapped[str | None] = mapped_column("benchmark_profile", String(64))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The IANA time zone the close date was entered in and is shown in (None: UTC).
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    results_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Imported peer data the room is compared with, if the facilitator chose some.
    peer_cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("peer_cohorts.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: What those peers must share with the client's organisation: "industry", "size", "region".
    peer_same: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    client: Mapped[Client] = relationship()
    assessment: Mapped[Assessment] = relationship()
    peer_cohort: Mapped[PeerCohort | None] = relationship()
    agreed_answers: Mapped[list[AgreedAnswer]] = relationship(cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        """Whether participants may still join and answer."""
        return self.assessment.is_open


class PeerCohort(Base):
    """Anonymised prior results a workspace imported (CSV) to compare its workshops with.

    The file is kept as uploaded, once it has been checked whole, so a consultant can
    download exactly what the reports were compared with; `content_hash` identifies it.
    """

    __tablename__ = "peer_cohorts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    #: Questionnaire family -> organisations eligible as peers (consented, complete, not demo).
    families: Mapped[dict[str, int]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    created_by: Mapped[Account | None] = relationship()


class AgreedAnswer(Base):
    """The answer a room agreed on for one question in the consensus round."""

    __tablename__ = "agreed_answers"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    option_id: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Invitation(Base):
    """An owner's invitation to join a workspace, which the invitee accepts or declines.

    Only the SHA-256 of the link's token is stored. `outcome` is None while it waits, then
    "accepted", "declined" or "replaced" (a newer link was issued for the same email).
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    workspace: Mapped[Workspace] = relationship()
    invited_by: Mapped[Account | None] = relationship()


class PasswordReset(Base):
    """A one-time link, issued by a workspace owner, that sets a member's new password.

    Only the SHA-256 of the token is stored; `used_at` is set when it is used or replaced.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
