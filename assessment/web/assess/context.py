"""The respondent a browser session belongs to, and the questionnaire their answers are pinned to."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, session
from sqlalchemy.orm import joinedload

from ...extensions import database, questionnaire_for
from ...persistence import Assessment, AssessmentKind, QuestionnaireVersion, Respondent, answers_of
from ...persistence.assessments import token_hash
from ...questionnaire import Questionnaire
from ...services.workshops import close_when_due, workshop_of
from ..browser import ENDED, browser_respondent_id, forget

#: The respondent with what every page of theirs reads, in one query. The questionnaire's
#: stored text is read only when the served catalog lacks its version (`questionnaire_for`).
_WITH_ASSESSMENT = (
    joinedload(Respondent.assessment)
    .joinedload(Assessment.questionnaire_version)
    .defer(QuestionnaireVersion.text),
)


@dataclass
class Visit:
    """Everything a page of the assessment needs about the current respondent."""

    respondent: Respondent
    assessment: Assessment
    questionnaire: Questionnaire
    answers: dict[str, str]
    token: str

    @property
    def is_open(self) -> bool:
        """Whether answers may still change."""
        return self.assessment.is_open

    @property
    def is_self_assessment(self) -> bool:
        """Whether the respondent answers alone, not as a workshop's participant."""
        return self.assessment.kind is AssessmentKind.SELF


def current_visit() -> Visit:
    """The visit of the respondent this browser session belongs to; 403 when there is none.

    A workshop participant's workshop is closed here when its close date has passed; a
    self-assessment has no workshop, so its visits skip that look-up."""
    respondent_id = browser_respondent_id()
    respondent = (
        database.session.get(Respondent, respondent_id, options=_WITH_ASSESSMENT)
        if respondent_id is not None
        else None
    )
    if respondent is not None and respondent.token_hash != token_hash(session.get("token") or ""):
        forget("replaced")
        respondent = None
    if respondent is None:
        abort(403, description=ENDED.get(session.get("answering_ended")))
    assessment = respondent.assessment
    if assessment.kind is not AssessmentKind.SELF:
        workshop = workshop_of(database.session, respondent)
        if workshop is not None:
            close_when_due(database.session, workshop)  # a participant's workshop past its close date
    return Visit(
        respondent=respondent,
        assessment=assessment,
        questionnaire=questionnaire_for(assessment.questionnaire_version),
        answers=answers_of(database.session, respondent.id),
        token=session.get("token", ""),
    )


def visit_of(respondent_id: int) -> Visit:
    """A respondent's visit outside their browser (a worker rendering their report); LookupError
    when the respondent is gone."""
    respondent = database.session.get(Respondent, respondent_id)
    if respondent is None:
        raise LookupError(f"respondent {respondent_id} is gone")
    assessment = respondent.assessment
    return Visit(
        respondent=respondent,
        assessment=assessment,
        questionnaire=questionnaire_for(assessment.questionnaire_version),
        answers=answers_of(database.session, respondent.id),
        token="",
    )
