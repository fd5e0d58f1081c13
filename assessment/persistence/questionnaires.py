"""Registering loaded questionnaires, so answers can be pinned to an exact version."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..questionnaire import Questionnaire
from .models import QuestionnaireVersion


def register_questionnaire(
    session: Session, questionnaire: Questionnaire
) -> tuple[QuestionnaireVersion, bool]:
    """The stored version of this exact questionnaire, created if new: (row, created)."""
    existing = session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire.id,
            QuestionnaireVersion.content_hash == questionnaire.content_hash,
        )
    )
    if existing is not None:
        return existing, False
    row = QuestionnaireVersion(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        title=questionnaire.title,
        source_path=questionnaire.source,
        source=Path(questionnaire.source).read_text(encoding="utf-8"),
    )
    session.add(row)
    session.flush()
    return row, True


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
