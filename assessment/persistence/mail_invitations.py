"""Workshop participants invited by e-mail, each with a personal link.

Only the SHA-256 of the link's token is stored. Once the invitee joins, the same token
is their respondent's resume token, so the one link both joins and resumes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, Respondent, utcnow
from .workspaces import Workshop


class WorkshopInvitation(Base):
    """One named participant invited to a workshop by e-mail."""

    __tablename__ = "workshop_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: The participant, once they have followed the link and joined.
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="SET NULL"), nullable=True
    )

    workshop: Mapped[Workshop] = relationship()
    respondent: Mapped[Respondent | None] = relationship()
