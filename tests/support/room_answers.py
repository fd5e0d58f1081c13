"""What a room's answers look like in the database after a load test or a two-server run,
read straight from the tables so that no application code vouches for itself."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.persistence import Answer, Respondent, Workshop, make_engine


def stored_answers(database_url: str, title: str) -> tuple[dict[str, dict[str, str]], int, int]:
    """What the database holds for the workshop titled `title`: (answers by participant
    name, respondents without a name, doubled answer rows).

    A (respondent, question) pair stored twice, or a second respondent under one name, counts
    as doubled; a doubled answer also shows in the answers as "DOUBLED <value>"."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            assessment = session.scalar(select(Workshop.assessment_id).where(Workshop.title == title))
            rows = session.execute(
                select(Respondent.name, Answer.question_id, Answer.value)
                .join(Answer, Answer.respondent_id == Respondent.id, isouter=True)
                .where(Respondent.assessment_id == assessment)
            )
            stored: dict[str, dict[str, str]] = {}
            nameless = 0
            for name, question, value in rows:
                if name is None:
                    nameless += 1
                    continue
                answers = stored.setdefault(name, {})
                if question is not None:
                    answers[question] = value if question not in answers else f"DOUBLED {value}"
            doubled = session.scalar(
                select(func.count()).select_from(
                    select(Answer.respondent_id, Answer.question_id)
                    .join(Respondent, Answer.respondent_id == Respondent.id)
                    .where(Respondent.assessment_id == assessment)
                    .group_by(Answer.respondent_id, Answer.question_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            respondents = session.scalar(
                select(func.count()).select_from(Respondent).where(Respondent.assessment_id == assessment)
            )
            if respondents != len(stored) + nameless:
                doubled += respondents - len(stored) - nameless
            return stored, nameless, doubled
    finally:
        engine.dispose()
