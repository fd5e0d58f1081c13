"""Registering loaded questionnaires, so answers can be pinned to an exact version."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..questionnaire import Questionnaire
from .engine import upsert
from .models import QuestionnaireVersion, utcnow


def _stored(session: Session, questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    """The stored row of this exact text, if any."""
    return session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire.id,
            QuestionnaireVersion.content_hash == questionnaire.content_hash,
        )
    )


def register_questionnaire(
    session: Session, questionnaire: Questionnaire
) -> tuple[QuestionnaireVersion, bool]:
    """The stored version of this exact questionnaire, created if new: (row, created).

    Many people may start the first assessment of a new text at the same moment, so
    the insert is an upsert that leaves an existing row alone rather than a check then
    an insert, which two PostgreSQL transactions could both pass.
    """
    existing = _stored(session, questionnaire)
    if existing is not None:
        return existing, False
    statement = (
        upsert(session, QuestionnaireVersion)
        .values(
            questionnaire_id=questionnaire.id,
            version=questionnaire.version,
            content_hash=questionnaire.content_hash,
            title=questionnaire.title,
            source_path=questionnaire.path,
            text=questionnaire.text,  # the text that was hashed, not the file as it is now
            registered_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["questionnaire_id", "content_hash"])
        .returning(QuestionnaireVersion.id)
    )
    created = session.execute(statement).scalar() is not None
    return _stored(session, questionnaire), created


def versions_with_same_number(session: Session, questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
    """Other stored texts that declare the same version: a change without a version bump."""
    return list(
        session.scalars(
            select(QuestionnaireVersion).where(
                QuestionnaireVersion.questionnaire_id == questionnaire.id,
                QuestionnaireVersion.version == questionnaire.version,
                QuestionnaireVersion.content_hash != questionnaire.content_hash,
            )
        )
    )
