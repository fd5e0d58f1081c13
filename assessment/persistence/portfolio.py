"""An organisation's AI initiative portfolio: its register of initiatives and their gate answers.

One portfolio per organisation holds its initiatives (the fields of
`scoring.register.InitiativeRecord`) and the work-in-progress limit it sets for its
delivery teams. Each initiative's production gate answers are pinned to one version of
the gate questionnaire (`gate_version_id`), as an assessment's answers are.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, QuestionnaireVersion, utcnow

#: Column lengths, which the register's checks keep to (see scoring/register.py).
NAME_LENGTH = 200
PERSON_LENGTH = 200
LIST_LENGTH = 500
WORD_LENGTH = 32
TIER_LENGTH = 64


class Portfolio(Base):
    """An organisation's register of AI initiatives, with its work-in-progress limit."""

    __tablename__ = "portfolios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    #: Initiatives in flight per delivery team before it is flagged; None: the gate rules' default.
    wip_limit: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Initiative(Base):
    """One AI initiative of a portfolio, as the register records it."""

    __tablename__ = "initiatives"
    __table_args__ = (UniqueConstraint("portfolio_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    owner: Mapped[str] = mapped_column(String(PERSON_LENGTH), default="")
    stage: Mapped[str] = mapped_column(String(WORD_LENGTH), default="idea")
    sponsor: Mapped[str] = mapped_column(String(PERSON_LENGTH), default="")
    value_band: Mapped[str] = mapped_column(String(WORD_LENGTH), default="medium")
    value_measure: Mapped[str] = mapped_column(String(LIST_LENGTH), default="")
    annual_cost: Mapped[float | None] = mapped_column(Float)
    team_size: Mapped[int | None] = mapped_column(Integer)
    delivery_team: Mapped[str] = mapped_column(String(PERSON_LENGTH), default="")
    risk_tier: Mapped[str] = mapped_column(String(WORD_LENGTH), default="medium")
    eu_ai_act: Mapped[str] = mapped_column(String(WORD_LENGTH), default="not-assessed")
    eu_role: Mapped[str] = mapped_column(String(WORD_LENGTH), default="not-applicable")
    uses_agents: Mapped[bool] = mapped_column(Boolean, default=False)
    autonomy: Mapped[str] = mapped_column(String(TIER_LENGTH), default="")
    vendors: Mapped[str] = mapped_column(String(LIST_LENGTH), default="")
    models: Mapped[str] = mapped_column(String(LIST_LENGTH), default="")
    started: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)
    #: The gate questionnaire version its answers are pinned to; None until the gate is answered.
    gate_version_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_versions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    gate_version: Mapped[QuestionnaireVersion | None] = relationship()
    gate_answers: Mapped[list[GateAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="GateAnswer.question_id"
    )


class GateAnswer(Base):
    """An initiative's answer to one gate question (pinned by the initiative's gate version)."""

    __tablename__ = "gate_answers"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
