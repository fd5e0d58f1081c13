"""A self-assessment's life: starting one, and retaking it blank or from the last answers.

The organisation is its one respondent. A retake is a new assessment linked to the
previous one (so the trend can compare them); pre-filled answers are stored with
sequence 0, so any answer given in the retake replaces a copied one. The retaken
assessment is closed at that moment: its private link still opens it, read-only, so the
"before" of the trend can no longer move and only one link per organisation takes answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..persistence import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Organisation,
    Respondent,
    answers_of,
    record_answer,
    register_questionnaire,
)
from ..persistence.assessments import new_token, token_hash
from ..persistence.models import utcnow
from ..questionnaire import Carried, Questionnaire
from ..scoring import validate_answers
from .scorekeeping import answer_changed


@dataclass(frozen=True)
class OrganisationProfile:
    """What a self-assessor tells us about their organisation."""

    name: str
    industry: str | None = None
    size_band: str | None = None
    region: str | None = None
    ai_stage: str | None = None

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationProfile:
        return cls(
            organisation.name,
            organisation.industry,
            organisation.size_band,
            organisation.region,
            organisation.ai_stage,
        )


def start(
    db: Session,
    questionnaire: Questionnaire,
    profile: OrganisationProfile,
    peer_consent: bool,
    previous: Assessment | None = None,
) -> tuple[Respondent, str]:
    """A new self-assessment on `questionnaire` with its single respondent; returns the
    respondent and the resume token, which is shown once and stored only as a hash."""
    version, _ = register_questionnaire(db, questionnaire)
    organisation = previous.organisation if previous is not None else Organisation()
    organisation.name = profile.name
    organisation.industry = profile.industry
    organisation.size_band = profile.size_band
    organisation.region = profile.region
    organisation.ai_stage = profile.ai_stage
    token = new_token()
    respondent = Respondent(token_hash=token_hash(token))
    db.add(
        Assessment(
            kind=AssessmentKind.SELF,
            questionnaire_version=version,
            organisation=organisation,
            previous_id=previous.id if previous is not None else None,
            benchmark_consent=peer_consent,
            respondents=[respondent],
        )
    )
    db.flush()
    return respondent, token


class AlreadyRetaken(ValueError):
    """A retake of an assessment that is closed (already retaken): retake the newer one."""


def retake(
    db: Session,
    previous: Respondent,
    questionnaire: Questionnaire,
    prefill: bool,
    carry: Callable[[Mapping[str, str]], Carried] | None = None,
) -> tuple[Respondent, str]:
    """A new assessment of the previous one's organisation on `questionnaire`, blank or
    pre-filled with the previous answers that are still valid. Answers to an earlier major
    version are carried only where `carry` (the crosswalk's) says they mean the same.

    The previous assessment is closed: its answers can no longer change. AlreadyRetaken
    when it was closed already, so one assessment is never retaken twice into two branches."""
    assessment = previous.assessment
    if not assessment.is_open:
        raise AlreadyRetaken(
            "This assessment was already retaken: open your newer assessment to retake it again."
        )
    respondent, token = start(
        db,
        questionnaire,
        OrganisationProfile.of(assessment.organisation),
        peer_consent=assessment.benchmark_consent,
        previous=assessment,
    )
    if prefill:
        answers = answers_of(db, previous.id)
        if carry is not None:
            answers = dict(carry(answers).answers)
        for question_id, value in answers.items():
            if accepts(questionnaire, question_id, value):
                record_answer(db, respondent.id, question_id, value, 0)
    answer_changed(db, respondent, questionnaire, answers_of(db, respondent.id))
    assessment.status = AssessmentStatus.CLOSED
    assessment.closed_at = utcnow()
    return respondent, token


def accepts(questionnaire: Questionnaire, question_id: str, value: str) -> bool:
    """Whether a (question, answer) pair is valid for this questionnaire."""
    try:
        questionnaire.question(question_id)
    except KeyError:
        return False
    problems = validate_answers(questionnaire, {question_id: value})
    return not any(p.question == question_id and p.code != "scoped-out" for p in problems)
