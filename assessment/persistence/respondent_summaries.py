"""Each respondent's own headline figures, kept as their answers change.

A workshop's participants each keep their own row, so a participant's autosave writes
one small row instead of re-scoring the room; the room has its own summary
(`summaries.AssessmentSummary`). A self-assessment has one respondent, whose row matches
the assessment's summary.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..scoring.scorecard import METHOD, Scorecard
from .engine import upsert
from .models import Base, utcnow


class RespondentSummary(Base):
    """One respondent's headline figures under the current scoring rules."""

    __tablename__ = "respondent_summaries"

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    method: Mapped[int] = mapped_column(Integer)
    completeness: Mapped[float] = mapped_column(Float)
    unanswered: Mapped[int] = mapped_column(Integer)
    overall_score: Mapped[float | None] = mapped_column(Float)
    overall_level: Mapped[float | None] = mapped_column(Float)
    #: dimension id -> {"score", "level", "readiness_only"}
    dimensions: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def summarise_respondent(
    session: Session, respondent_id: int, assessment_id: int, scorecard: Scorecard
) -> None:
    """Upsert one respondent's summary from their current scorecard (no commit)."""
    values = {
        "assessment_id": assessment_id,
        "method": METHOD,
        "completeness": scorecard.completeness,
        "unanswered": scorecard.counts.missing,
        "overall_score": scorecard.score,
        "overall_level": scorecard.level,
        "dimensions": {
            d.id: {"score": d.score, "level": d.level, "readiness_only": d.readiness_only}
            for d in scorecard.dimensions
        },
        "computed_at": utcnow(),
    }
    statement = upsert(session, RespondentSummary).values(respondent_id=respondent_id, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[RespondentSummary.respondent_id],
        set_={name: statement.excluded[name] for name in values},
    )
    session.execute(statement)
