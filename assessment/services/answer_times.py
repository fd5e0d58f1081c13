"""When each workshop answer was last saved, and when each agreed answer was recorded, for exports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.models import Answer


def answer_times(session: Session, respondent_ids: list[int]) -> dict[tuple[int, str], datetime]:
    """(respondent id, question id) -> when that answer was last saved (one query)."""
    if not respondent_ids:
        return {}
    rows = session.execute(
        select(Answer.respondent_id, Answer.question_id, Answer.updated_at).where(
            Answer.respondent_id.in_(respondent_ids)
        )
    )
    return {(respondent_id, question_id): at for respondent_id, question_id, at in rows}
