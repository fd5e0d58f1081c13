"""Starting, finding and resuming assessments.

A resume token is 192 random bits, shown once to the respondent as a link; only its
SHA-256 is stored, so a copy of the database cannot be used to take over anyone's
assessment.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from .answers import answers_of, record_answer
from .models import Assessment, Organisation, QuestionnaireVersion, Respondent

if TYPE_CHECKING:
    from ..questionnaire import Carried


def new_token() -> str:
    """A fresh resume token (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OrganisationProfile:
    """What a self-assessor tells us about their organisation."""

    name: str
    industry: str | None = None
    size_band: str | None = None
    region: str | None = None
    ai_stage: str | None = None


def start_self_assessment(
    session: Session,
    version: QuestionnaireVersion,
    profile: OrganisationProfile,
    benchmark_consent: bool,
    previous: Assessment | None = None,
) -> tuple[Assessment, Respondent, str]:
    """A new self-assessment with its single respondent; returns (assessment, respondent, token)."""
    organisation = previous.organisation if previous is not None else Organisation()
    organisation.name = profile.name
    organisation.industry = profile.industry
    organisation.size_band = profile.size_band
    organisation.region = profile.region
    organisation.ai_stage = profile.ai_stage
    token = new_token()
    respondent = Respondent(token_hash=token_hash(token))
    assessment = Assessment(
        kind="self",
        questionnaire_version=version,
        organisation=organisation,
        previous_id=previous.id if previous is not None else None,
        benchmark_consent=benchmark_consent,
        respondents=[respondent],
    )
    session.add(assessment)
    session.flush()
    return assessment, respondent, token


def copy_answers(
    session: Session,
    source: Respondent,
    target: Respondent,
    seq: int,
    accepts: Callable[[str, str], bool],
    carry: Callable[[Mapping[str, str]], Carried] | None = None,
) -> int:
    """Pre-fill a retake with the previous answers that `accepts` still allows, restated by
    `carry` (a crosswalk's) when the retake is on a later major version; how many were copied."""
    copied = 0
    answers = answers_of(session, source.id)
    if carry is not None:
        answers = dict(carry(answers).answers)
    for question_id, value in answers.items():
        if accepts(question_id, value):
            record_answer(session, target.id, question_id, value, seq)
            copied += 1
    return copied


def respondent_by_token(session: Session, token: str) -> Respondent | None:
    """The respondent a resume token belongs to, if any."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(Respondent).where(Respondent.token_hash == token_hash(token)))


def replace_token(respondent: Respondent) -> str:
    """A new resume token for the respondent; the old one stops working."""
    token = new_token()
    respondent.token_hash = token_hash(token)
    return token
