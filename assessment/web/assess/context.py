"""The respondent a browser session belongs to, and the questionnaire their answers are pinned to."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import abort, current_app, session

from ...extensions import database, questionnaire_for
from ...persistence import Assessment, Respondent, answers_of
from ...persistence.assessments import token_hash
from ...questionnaire import Questionnaire
from ...services.workshops import close_when_due, workshop_of
from ..browser import browser_respondent

#: Why a browser no longer answers; the answers themselves are always kept.
ENDED = {
    "idle": "This device stopped answering for you after a long pause, to protect your answers "
    "on shared computers. Everything you saved is kept: open your private link to continue.",
    "replaced": "Your private link was replaced, so this device no longer answers for you. "
    "Everything you saved is kept: open the new link to continue.",
}


def remember(respondent: Respondent, token: str) -> None:
    """Tie this browser to a respondent (the token is kept to show the resume link again)."""
    session["respondent"] = respondent.id
    session["token"] = token
    session["answering_since"] = session["answering_seen"] = int(time.time())
    session.pop("answering_ended", None)
    session.permanent = True


def forget(reason: str) -> None:
    """Untie this browser from its respondent, remembering why for the next page."""
    for key in ("respondent", "token", "answering_since", "answering_seen"):
        session.pop(key, None)
    session["answering_ended"] = reason


def end_idle_answering() -> None:
    """Untie a browser idle longer than RESPONDENT_IDLE_TIMEOUT or tied longer than RESPONDENT_MAX_AGE.

    A browser tied before these stamps existed starts counting now."""
    if "respondent" not in session:
        return
    now = int(time.time())
    seen, since = session.get("answering_seen"), session.get("answering_since")
    if not isinstance(seen, int) or not isinstance(since, int):
        session["answering_since"] = session["answering_seen"] = now
        return
    config = current_app.config
    if now - seen > config["RESPONDENT_IDLE_TIMEOUT"] or now - since > config["RESPONDENT_MAX_AGE"]:
        forget("idle")
    elif now - seen >= 60:  # rewrite the cookie at most once a minute
        session["answering_seen"] = now


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
    respondent = browser_respondent()
    if respondent is not None and respondent.token_hash != token_hash(session.get("token") or ""):
        forget("replaced")
        respondent = None
    if respondent is None:
        abort(403, description=ENDED.get(session.get("answering_ended")))
    workshop = workshop_of(database.session, respondent)
    if workshop is not None:
        close_when_due(database.session, workshop)  # a participant's workshop past its close date
    assessment = respondent.assessment
    return Visit(
        respondent=respondent,
        assessment=assessment,
        questionnaire=questionnaire_for(assessment.questionnaire_version),
        answers=answers_of(database.session, respondent.id),
        token=session.get("token", ""),
    )
