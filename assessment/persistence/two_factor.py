"""Recovery codes of two-factor sign-in: ten per account, each usable once.

Only a hash of each code is stored (argon2, as for passwords); the codes themselves are
shown once, when they are made, and never again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class RecoveryCode(Base):
    """One single-use recovery code of an account, as its hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: When the code signed someone in; a used code never works again.
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
