"""Objects made through the services, as the app makes them, for tests and benchmarks that
need a workspace, a workshop with participants or a self-assessment without clicking
through the web. Each takes the database session (`db`) and flushes; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from assessment.persistence import Respondent, Workshop, record_answer
from assessment.questionnaire import Questionnaire
from assessment.services import self_assessment
from assessment.services.accounts import WorkspaceScope, sign_up, workspace_scope
from assessment.services.self_assessment import OrganisationProfile
from assessment.services.workshops import DEFAULT_ROLES, WorkshopSettings, create_workshop, join

PASSWORD = "correct horse battery"


def consultant(
    db: Session, email: str = "ada@example.com", workspace: str = "Ada Consulting"
) -> WorkspaceScope:
    """A signed-up consultant's access to the workspace sign-up made for them."""
    account = sign_up(db, email, PASSWORD, "Ada", workspace)
    return workspace_scope(db, account, account.memberships[0].workspace_id)


def workshop(
    db: Session,
    scope: WorkspaceScope,
    questionnaire: Questionnaire,
    title: str = "Kick-off",
    roles: tuple[str, ...] = DEFAULT_ROLES,
    target: str | None = None,
    client: str = "Acme Insurance",
) -> Workshop:
    """A new open workshop, for a new client of the workspace."""
    made = scope.add_client(client, "insurance", "1000-4999", "europe")
    return create_workshop(db, made, questionnaire, WorkshopSettings(title, False, roles, target))


def participants(
    db: Session, room: Workshop, answers: Iterable[tuple[str, Mapping[str, str]]]
) -> list[Respondent]:
    """Participants who joined in the given roles and gave the given answers."""
    joined = []
    for number, (role, given) in enumerate(answers, start=1):
        respondent, _ = join(db, room, role, f"Participant {number}")
        for seq, (question_id, value) in enumerate(given.items(), start=1):
            record_answer(db, respondent.id, question_id, value, seq)
        joined.append(respondent)
    return joined


def self_assessed(
    db: Session,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    name: str = "Acme Insurance",
    peer_consent: bool = False,
) -> tuple[Respondent, str]:
    """A self-assessment started and answered; returns its respondent and private link token."""
    profile = OrganisationProfile(name, "insurance", "1000-4999", "europe", "first-production")
    respondent, token = self_assessment.start(db, questionnaire, profile, peer_consent=peer_consent)
    for seq, (question_id, value) in enumerate(answers.items(), start=1):
        record_answer(db, respondent.id, question_id, value, seq)
    return respondent, token
