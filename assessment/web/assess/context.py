"""The respondent a browser session belongs to, and the questionnaire their answers are pinned to."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, session

from ...extensions import database, questionnaire_for
from ...persistence import Assessment, Respondent, answers_of
from ...questionnaire import Questionnaire


def remember(respondent: Respondent, token: str) -> None:
    """Tie this browser to a respondent (the token is kept to show the resume link again)."""
    session["respondent"] = respondent.id
    session["token"] = token
    session.permanent = True


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
        return self.assessment.status == "open"


def current_visit() -> Visit:
    """The visit of the respondent this browser session belongs to; 403 when there is none."""
    respondent_id = session.get("respondent")
    respondent = database.session.get(Respondent, respondent_id) if isinstance(respondent_id, int) else None
    if respondent is None:
        abort(403)
    assessment = respondent.assessment
    return Visit(
        respondent=respondent,
        assessment=assessment,
        questionnaire=questionnaire_for(assessment.questionnaire_version),
        answers=answers_of(database.session, respondent.id),
        token=session.get("token", ""),
    )
