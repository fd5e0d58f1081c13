"""Workshops: creating one for a client, joining by code, closing, and the consensus round.

A workshop is an Assessment of kind "workshop" with one Respondent per participant, so
participants answer on the self-assessment's pages and their answers are stored,
resumed and scored exactly like a self-assessor's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..persistence import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    QuestionnaireVersion,
    Respondent,
    register_questionnaire,
    start_writing,
)
from ..persistence.assessments import new_token, token_hash
from ..persistence.models import utcnow
from ..persistence.workspaces import AgreedAnswer, Client, Workshop
from ..questionnaire import QuestionKind, Questionnaire
from .scorekeeping import refresh_assessment

#: The roles a new workshop offers its participants, who pick the one they speak for. They
#: are the people in the room, not the questionnaire's owners (the functions an ownership
#: answer names, declared in each questionnaire file): the room's "Business and
#: leadership" speaks for the sponsor, where an owner is a "Business unit".
DEFAULT_ROLES = (
    "Product",
    "Engineering",
    "Data science",
    "Platform",
    "Security",
    "Compliance",
    "Operations",
    "Business and leadership",
)
#: No 0/O, 1/I/L: a code read off a projector is typed without guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class JoinRefused(ValueError):
    """Why a participant cannot join (the message is shown to them)."""


@dataclass(frozen=True)
class WorkshopSettings:
    """What a facilitator chooses when creating a workshop."""

    title: str
    anonymous: bool = True
    roles: tuple[str, ...] = DEFAULT_ROLES
    target_profile: str | None = None
    closes_at: datetime | None = None
    #: The IANA zone the close date was entered in, to show it back in (None: UTC).
    time_zone: str | None = None


def new_join_code(session: Session) -> str:
    """A join code no other workshop uses."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def normalise_code(text: str) -> str:
    """What a person typed, as a stored code: upper case, without spaces or hyphens."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")[:16]


def display_code(code: str) -> str:
    """A code split in two halves, easier to read aloud ("ABC-DEF")."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def create_workshop(
    session: Session, client: Client, questionnaire: Questionnaire, settings: WorkshopSettings
) -> Workshop:
    """A new open workshop for a client, pinned to the questionnaire's exact text."""
    version, _ = register_questionnaire(session, questionnaire)
    assessment = Assessment(
        kind=AssessmentKind.WORKSHOP, questionnaire_version=version, organisation=client.organisation
    )
    workshop = Workshop(
        workspace_id=client.workspace_id,
        client=client,
        assessment=assessment,
        title=settings.title,
        join_code=new_join_code(session),
        anonymous=settings.anonymous,
        roles=list(settings.roles),
        target_profile=settings.target_profile,
        closes_at=settings.closes_at,
        time_zone=settings.time_zone,
        results_visible=False,
    )
    session.add(workshop)
    session.flush()
    return workshop


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    """The workshop a join code belongs to, if any."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return session.scalar(select(Workshop).where(Workshop.join_code == code))


def workshop_of(session: Session, respondent: Respondent) -> Workshop | None:
    """The workshop a respondent takes part in (None for a self-assessor)."""
    return session.scalar(select(Workshop).where(Workshop.assessment_id == respondent.assessment_id))


def is_due(workshop: Workshop, now: datetime | None = None) -> bool:
    """True for an open workshop whose close date has passed."""
    now = now or utcnow()
    return workshop.is_open and workshop.closes_at is not None and _aware(workshop.closes_at) <= now


def close_if_due(workshop: Workshop, now: datetime | None = None) -> bool:
    """Close an open workshop whose close date has passed; True when it did."""
    now = now or utcnow()
    if is_due(workshop, now):
        close(workshop, now)
        return True
    return False


def close_when_due(db: Session, workshop: Workshop) -> bool:
    """Close a workshop past its close date, in a write transaction of its own (a request
    that began by reading must not upgrade its read to a write on SQLite); True when it did."""
    if not is_due(workshop):
        return False
    start_writing(db)
    closed = close_if_due(workshop)
    db.commit()
    return closed


def close(workshop: Workshop, now: datetime | None = None) -> None:
    """No more joining or answering (the assessment pages answer 409); the room's stored
    figures are computed from its final answers."""
    workshop.assessment.status = AssessmentStatus.CLOSED
    workshop.assessment.closed_at = now or utcnow()
    session = object_session(workshop)
    if session is not None:
        refresh_assessment(session, workshop.assessment)


def show_results(workshop: Workshop, visible: bool) -> None:
    """Show the room's results to its participants, or hide them again."""
    workshop.results_visible = visible


def reopen(workshop: Workshop) -> None:
    """Open again; a close date already passed is dropped so it does not close at once."""
    workshop.assessment.status = AssessmentStatus.OPEN
    workshop.assessment.closed_at = None
    if workshop.closes_at is not None and _aware(workshop.closes_at) <= utcnow():
        workshop.closes_at = None


def join(session: Session, workshop: Workshop, role: str, name: str | None) -> tuple[Respondent, str]:
    """A new participant of the workshop; returns (respondent, resume token)."""
    close_if_due(workshop)
    if not workshop.is_open:
        raise JoinRefused("This workshop is closed.")
    if role not in workshop.roles:
        raise JoinRefused("Choose one of the roles offered.")
    if not workshop.anonymous and not (name or "").strip():
        raise JoinRefused("Enter your name: this workshop shows who answered.")
    token = new_token()
    respondent = Respondent(
        assessment_id=workshop.assessment_id,
        role=role,
        name=None if workshop.anonymous else name.strip(),
        token_hash=token_hash(token),
    )
    session.add(respondent)
    session.flush()
    return respondent, token


def answers_by_respondent(session: Session, workshop: Workshop) -> list[tuple[Respondent, dict[str, str]]]:
    """Every participant with their answers, in the order they joined (one query for all answers)."""
    respondents = list(
        session.scalars(
            select(Respondent)
            .where(Respondent.assessment_id == workshop.assessment_id)
            .order_by(Respondent.created_at, Respondent.id)
        )
    )
    answers: dict[int, dict[str, str]] = {r.id: {} for r in respondents}
    rows = session.execute(
        select(Answer.respondent_id, Answer.question_id, Answer.value).where(
            Answer.respondent_id.in_(list(answers))
        )
    )
    for respondent_id, question_id, value in rows:
        answers[respondent_id][question_id] = value
    return [(r, answers[r.id]) for r in respondents]


def agreed_answers(workshop: Workshop) -> dict[str, str]:
    """The consensus round's answers: question id -> option id."""
    return {a.question_id: a.option_id for a in workshop.agreed_answers}


class AgreedAnswerRefused(ValueError):
    """An agreed answer the workshop's questionnaire does not allow; the message says why."""


def record_agreed(
    session: Session, workshop: Workshop, questionnaire: Questionnaire, question_id: str, option_id: str
) -> None:
    """Store the room's agreed answer to any maturity question of the workshop's questionnaire;
    an empty option removes it. AgreedAnswerRefused, with nothing changed, for a question that
    is not one of its maturity questions or an option that is not one of that question's."""
    question = next((q for q in questionnaire.questions if q.id == question_id), None)
    if question is None or question.kind is not QuestionKind.MATURITY:
        raise AgreedAnswerRefused(
            f"No question “{question_id}” of this workshop's questionnaire can be agreed on: "
            "the room agrees on the questions scored on the levels."
        )
    current = session.get(AgreedAnswer, (workshop.id, question_id))
    if not option_id:
        if current is not None:
            session.delete(current)
        return
    if option_id not in question.option_ids:
        raise AgreedAnswerRefused(f"“{option_id}” is not one of the answers to “{question.text}”.")
    if current is None:
        current = AgreedAnswer(workshop_id=workshop.id, question_id=question_id)
        session.add(current)
    current.option_id = option_id
    current.recorded_at = utcnow()


def previous_workshop(session: Session, workshop: Workshop) -> Workshop | None:
    """The client's workshop before this one on the same questionnaire, if any."""
    questionnaire_id = workshop.assessment.questionnaire_version.questionnaire_id
    # Ids grow with time, so "before" is a smaller id: stable even when two share a timestamp.
    return session.scalar(
        select(Workshop)
        .join(Assessment, Workshop.assessment_id == Assessment.id)
        .join(QuestionnaireVersion, Assessment.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Workshop.workspace_id == workshop.workspace_id,
            Workshop.client_id == workshop.client_id,
            Workshop.id < workshop.id,
            QuestionnaireVersion.questionnaire_id == questionnaire_id,
        )
        .order_by(Workshop.id.desc())
        .limit(1)
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
