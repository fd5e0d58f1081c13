"""Named reviewers of a self-assessment: inviting and withdrawing them, and the reviewer's pages.

A reviewer's private link ties a browser to the link (its id and token hash in the
session, nothing else); every request checks the link again, so a withdrawn link stops
working at once. A reviewer validates or challenges answers and downloads evidence: they
change no answer, add no evidence and see neither the plan nor the reports, which belong
to the organisation that answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, redirect, render_template, request, session, url_for

from ...extensions import database, questionnaire_for
from ...persistence import Assessment, Respondent, ReviewerLink, answers_of
from ...questionnaire import Questionnaire
from ...services.evidence import (
    evidence_file,
    invite_reviewer,
    review_records,
    reviewed_question,
    reviewer_by_token,
    reviewer_links,
    withdraw_reviewer,
)
from .. import attempts
from ..evidence import answers_with_evidence, believed_choices, decide, file_download, review_summary
from ..forms import ReviewForm
from . import blueprint
from .context import current_visit
from .forms import ReviewerForm, WithdrawReviewerForm

SESSION_KEY = "reviewer"


@blueprint.route("/reviewers", methods=["GET", "POST"])
def reviewers():
    """Invite a named reviewer (their private link is shown once) and list the reviewers."""
    visit = current_visit()
    if not visit.is_self_assessment:
        abort(403)  # a workshop's answers are reviewed by its consultants
    form = ReviewerForm()
    new_link = None
    if form.validate_on_submit():
        database.start_writing()
        token = invite_reviewer(database.session, visit.assessment, form.name.data)
        database.session.commit()
        new_link = url_for(".reviewer", token=token, _external=True)
        form = ReviewerForm(formdata=None)
    return render_template(
        "assess/reviewers.html",
        visit=visit,
        form=form,
        new_link=new_link,
        links=reviewer_links(database.session, visit.assessment.id),
        withdraw_form=WithdrawReviewerForm(),
    ), (422 if form.errors else 200)


@blueprint.post("/reviewers/<int:link_id>/withdraw")
def withdraw(link_id: int):
    """Stop one of this assessment's reviewer links from working."""
    visit = current_visit()
    link = database.session.get(ReviewerLink, link_id)
    if not visit.is_self_assessment or link is None or link.assessment_id != visit.assessment.id:
        abort(404)
    if not WithdrawReviewerForm().validate_on_submit():
        abort(400)
    database.start_writing()
    withdraw_reviewer(link)
    database.session.commit()
    return redirect(url_for(".reviewers"))


@blueprint.get("/reviewer/<token>")
def reviewer(token: str):
    """A reviewer's private link: ties this browser to the link and opens the answers."""
    db = database.session
    link = reviewer_by_token(db, token)
    if link is None:
        # Counted with wrong resume links: both are 192-bit tokens, guessed the same way.
        client = attempts.client_of(request.remote_addr)
        if attempts.resume_refused(db, client):
            abort(429)
        database.start_writing()
        attempts.resume_failed(db, client)
        db.commit()
        abort(404)
    session[SESSION_KEY] = {"link": link.id, "hash": link.token_hash}
    return redirect(url_for(".reviewing"))


@dataclass
class Reviewing:
    """What a reviewer's page needs: the link, and the answers it opens."""

    link: ReviewerLink
    assessment: Assessment
    respondent: Respondent
    questionnaire: Questionnaire
    answers: dict[str, str]


def current_reviewer() -> Reviewing:
    """The reviewer link this browser holds, checked again; 403 when none or withdrawn."""
    held = session.get(SESSION_KEY)
    link = None
    if isinstance(held, dict) and isinstance(held.get("link"), int):
        link = database.session.get(ReviewerLink, held["link"])
    if link is None or link.revoked_at is not None or link.token_hash != held.get("hash"):
        session.pop(SESSION_KEY, None)
        abort(403, description="This reviewer link does not work: it may have been withdrawn.")
    assessment = database.session.get(Assessment, link.assessment_id)
    respondent = assessment.respondents[0]
    return Reviewing(
        link,
        assessment,
        respondent,
        questionnaire_for(assessment.questionnaire_version),
        answers_of(database.session, respondent.id),
    )


def review_forms(questionnaire: Questionnaire, entries, failed: dict[str, ReviewForm]) -> dict:
    """A decision form per answered question, each with its own prefix; `failed` as posted."""
    forms = {}
    for entry in entries:
        if entry.value is None:
            continue
        form = failed.get(entry.question.id) or ReviewForm(prefix=entry.question.id)
        form.believed.choices = [("", "Choose one"), *believed_choices(questionnaire, entry.question)]
        forms[entry.question.id] = form
    return forms


@blueprint.route("/reviewing", methods=["GET"])
def reviewing():
    """Every maturity and ownership answer with its evidence and a decision form per answer."""
    return _reviewing_page(current_reviewer())


def _reviewing_page(visit: Reviewing, failed: dict[str, ReviewForm] | None = None):
    given = [(visit.respondent, visit.answers)]
    records = review_records(database.session, [visit.respondent.id])
    entries = answers_with_evidence(database.session, visit.questionnaire, given, records=records)
    entries = entries[visit.respondent.id]
    return render_template(
        "assess/reviewing.html",
        visit=visit,
        entries=entries,
        summary=review_summary(database.session, visit.questionnaire, given, records),
        forms=review_forms(visit.questionnaire, entries, failed or {}),
    ), (422 if failed else 200)


@blueprint.post("/reviewing/<question_id>")
def review_as_reviewer(question_id: str):
    """Validate, challenge or return to claimed one answer, in the reviewer's name."""
    visit = current_reviewer()
    if not reviewed_question(visit.questionnaire, question_id):
        abort(404)
    form = ReviewForm(prefix=question_id)
    if form.validate() and decide(
        visit.respondent, visit.questionnaire, visit.answers, question_id, form, visit.link.name
    ):
        return redirect(url_for(".reviewing") + f"#r-{question_id}")
    return _reviewing_page(visit, {question_id: form})


@blueprint.get("/reviewing/files/<int:file_id>")
def reviewing_file(file_id: int):
    """An evidence file of the reviewed assessment, as an attachment."""
    visit = current_reviewer()
    row = evidence_file(database.session, [visit.respondent.id], file_id)
    if row is None:
        abort(404)
    return file_download(row)
