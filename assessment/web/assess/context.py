"""The respondent a browser session belongs to, and the questionnaire their answers are pinned to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, request, session
from sqlalchemy.orm import joinedload

from ...extensions import database, questionnaire_for
from ...persistence import Assessment, AssessmentKind, QuestionnaireVersion, Respondent, answers_of
from ...persistence.assessments import newest_retake, token_hash
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


@dataclass(frozen=True)
class Retaken:
    """What a retaken (closed) self-assessment's pages say about the newer one.

    Who may be sent on to the newer assessment: the old private link proves ownership of
    the old assessment only. Each assessment has its own 192-bit token, and the retake shows
    the new one once, to whoever retook; someone who was only ever given the old link (a
    colleague, or whoever it leaked to: the reason links can be replaced) must not reach
    the newer answers through it. So `newer_token` is set only when this browser itself
    holds the newer assessment's current token (it did the retake, or opened the new link,
    and then opened the old one): that token, not the old one, is the proof. Otherwise the
    page names the date and says the newer assessment has its own link, without a way in.
    """

    on: datetime
    newer_token: str | None

    @property
    def day(self) -> str:
        """The day of the retake as people write it: "3 December 2026"."""
        return f"{self.on.day} {self.on:%B %Y}"

    @property
    def refusal(self) -> str:
        """Why an answer to the retaken assessment is refused, in the respondent's words."""
        return (
            f"This assessment was retaken on {self.day}, so its answers can no longer change. "
            "Your newer assessment has its own private link."
        )


@dataclass
class Visit:
    """Everything a page of the assessment needs about the current respondent."""

    respondent: Respondent
    assessment: Assessment
    questionnaire: Questionnaire
    answers: dict[str, str]
    token: str
    #: Set when this self-assessment was retaken: it is read-only and points to the newer one.
    retaken: Retaken | None = None

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
        retaken=retaken_of(assessment),
    )


def closed_reason(visit: Visit) -> str:
    """Why answers to this visit's assessment are refused: retaken, or closed (a workshop)."""
    if visit.retaken:
        return visit.retaken.refusal
    return "This assessment is closed; answers can no longer change."


#: Why a page's post is refused when it was rendered for another assessment than the one this
#: browser has open now.
OTHER_ASSESSMENT = (
    "This page belongs to an assessment this browser no longer has open (it was retaken or "
    "another one was opened in another tab). Nothing was saved: reload the page to go on."
)


def posted_for_another(visit: Visit) -> bool:
    """Whether the page that posts was rendered for another respondent than the visit's: its
    `respondent` parameter names the one it was rendered for. The visit comes from the session,
    so without this a page left open in one tab would write into the assessment a retake in
    another tab started. A post without the parameter (an older page) is taken as it comes."""
    sent = request.args.get("respondent")
    return sent is not None and sent != str(visit.respondent.id)


def fresh_link() -> bool:
    """Whether this page is the first after a retake, which shows the new private link at the
    top; asking clears it, so only the first page says so."""
    return bool(session.pop("new_link", False))


def retaken_of(assessment: Assessment) -> Retaken | None:
    """How a closed self-assessment was retaken (None when it is open, a workshop, or closed
    without a retake); only closed self-assessments pay for the look-up."""
    if assessment.is_open or assessment.kind is not AssessmentKind.SELF:
        return None
    newest = newest_retake(database.session, assessment)
    if newest is None:
        return None
    newer = session.get("newer_token")
    holds_newest = isinstance(newer, str) and any(
        r.token_hash == token_hash(newer) for r in newest.respondents
    )
    return Retaken(on=assessment.closed_at or newest.created_at, newer_token=newer if holds_newest else None)


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
