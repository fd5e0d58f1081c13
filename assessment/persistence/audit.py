"""The audit log's rows: security-relevant events, appended and never changed.

An event names its workspace (None for an account's own events, such as a sign-in), the
account that acted, and what it acted on, each with a label copied at the time (an
e-mail address, a workshop's title), so an event still reads right after the account or
the workshop is gone. That is also why no column is a foreign key: a deleted account or
workspace must neither take its events with it nor rewrite them.

The table is append-only. No code path updates or deletes a row, and the database refuses
it too: migration 0016 creates triggers that raise on UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class AuditEvent(Base):
    """One security-relevant event: who did what, to what, when and from where."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_workspace_occurred", "workspace_id", "occurred_at"),
        #: An account's own events (workspace_id NULL) by time: how a workspace finds its members'.
        Index("ix_audit_events_target_account", "target_id", "workspace_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The workspace the event belongs to; None for an account's own events (sign-in, password).
    workspace_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The account that acted (None when nobody was signed in, as for a failed sign-in).
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    #: The actor's e-mail address at the time.
    actor_label: Mapped[str | None] = mapped_column(String(254), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: What was acted on: "account", "membership", "workshop", "peer_file", "initiative", "workspace".
    target_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The target's name or e-mail address at the time.
    target_label: Mapped[str | None] = mapped_column(String(300), nullable=True)
    #: The client's address (as the app sees it: behind trusted proxies, X-Forwarded-For).
    ip: Mapped[str | None] = mapped_column(String(45), nullable=True)
    #: A few words of detail: which export, which settings.
    detail: Mapped[dict | None] = mapped_column(JSON, nullable=True)
