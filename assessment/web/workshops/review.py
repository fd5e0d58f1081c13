"""The consultants' review of a workshop: each participant's answers with their evidence,
validated, challenged or returned to claimed in the signed-in consultant's name; and the
evidence behind each position for the consensus round.

Every view loads the workshop through the consultant's workspace scope and checks that a
respondent or file belongs to that workshop's participants, so other ids answer 404.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import database, questionnaire_for
from ...persistence import Respondent, answers_of
from ...persistence.workspaces import Workshop
from ...reporting.review import summary_line
from ...scoring.evidence import ReviewStatus
from ...services.evidence import (
    evidence_by_answer,
    evidence_file,
    review_records,
    reviewed_question,
)
from ...services.workshops import answers_by_respondent
from ..evidence import (
    answers_with_evidence,
    believed_choices,
    decide,
    file_download,
    review_summary,
    reviewed_questions,
)
from ..forms import ReviewForm
from ..lookup import workshop_or_404
from . import blueprint

WS = "/workspaces/<int:workspace_id>/workshops/<int:workshop_id>"

#: Which answers the page lists: a room of 200 gives thousands, so it opens on those with
#: something to decide on. (label, keeps an AnswerEvidence)
SHOWN = {
    "evidence": ("With evidence or a decision", lambda entry: bool(entry.items or entry.review)),
    "to-review": ("With evidence, not decided yet", lambda entry: bool(entry.items) and entry.review is None),
    "challenged": ("Challenged", lambda entry: entry.status is ReviewStatus.CHALLENGED),
    "all": ("Every answer", lambda entry: True),
}


def participant_labels(rows) -> dict[int, str]:
    """Each participant's name, or "Participant n" in joining order, as the live view labels them."""
    return {respondent.id: respondent.name or f"Participant {n}" for n, (respondent, _) in enumerate(rows, 1)}


def form_prefix(respondent_id: int, question_id: str) -> str:
    """The prefix that keeps one answer's decision form apart from the others on the page."""
    return f"r{respondent_id}-{question_id}"


@blueprint.get(WS + "/review")
@login_required
def review(workspace_id: int, workshop_id: int):
    """Every participant's maturity and ownership answers, with evidence and a decision form each."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    return _page(workshop)


def listing() -> dict[str, str]:
    """The page's choice of answers from the query: which (SHOWN), whose and which dimension
    ("" for everyone and every dimension)."""
    show = request.args.get("show", "")
    return {
        "show": show if show in SHOWN else "evidence",
        "participant": request.args.get("participant", ""),
        "dimension": request.args.get("dimension", ""),
    }


def _query() -> dict[str, str]:
    """The listing's choices that narrow it, to carry through a decision and back."""
    return {key: value for key, value in listing().items() if value}


def _page(workshop: Workshop, failed: dict[str, ReviewForm] | None = None):
    failed = failed or {}
    chosen = listing()
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    rows = answers_by_respondent(database.session, workshop)
    records = review_records(database.session, [respondent.id for respondent, _ in rows])
    by_respondent = answers_with_evidence(database.session, questionnaire, rows, records=records)
    labels = participant_labels(rows)
    keep = SHOWN[chosen["show"]][1]
    questions = []
    for index, question in enumerate(reviewed_questions(questionnaire)):
        if chosen["dimension"] and question.dimension != chosen["dimension"]:
            continue
        answered = [
            (labels[respondent.id], entry)
            for respondent, _ in rows
            if (entry := by_respondent[respondent.id][index]).value is not None
            and (keep(entry) or form_prefix(respondent.id, question.id) in failed)
            and chosen["participant"] in ("", str(respondent.id))
        ]
        if answered:
            questions.append((question, answered))
    forms = {}
    for question, answered in questions:
        choices = [("", "Choose one"), *believed_choices(questionnaire, question)]
        for _, entry in answered:
            prefix = form_prefix(entry.respondent.id, question.id)
            form = failed.get(prefix) or ReviewForm(prefix=prefix, formdata=None)
            form.believed.choices = choices
            forms[prefix] = form
    return render_template(
        "workshops/review.html",
        workshop=workshop,
        questions=questions,
        forms=forms,
        summary=review_summary(database.session, questionnaire, rows, records),
        chosen=chosen,
        shown={key: label for key, (label, _) in SHOWN.items()},
        participants=[(str(respondent.id), labels[respondent.id]) for respondent, _ in rows],
        dimensions=[(d.id, d.title) for d in questionnaire.dimensions],
        query=_query(),
    ), (422 if failed else 200)


@blueprint.post(WS + "/review/<int:respondent_id>/<question_id>")
@login_required
def review_answer_of(workspace_id: int, workshop_id: int, respondent_id: int, question_id: str):
    """Validate, challenge or return to claimed one participant's answer."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    respondent = database.session.get(Respondent, respondent_id)
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    if respondent is None or respondent.assessment_id != workshop.assessment_id:
        abort(404)
    if not reviewed_question(questionnaire, question_id):
        abort(404)
    prefix = form_prefix(respondent_id, question_id)
    form = ReviewForm(prefix=prefix)
    account = current_user.account
    answers = answers_of(database.session, respondent_id)
    if form.validate() and decide(
        respondent, questionnaire, answers, question_id, form, account.name or account.email
    ):
        target = url_for(".review", workspace_id=workspace_id, workshop_id=workshop_id, **_query())
        return redirect(f"{target}#{prefix}")
    return _page(workshop, {prefix: form})


@blueprint.get(WS + "/evidence/<int:file_id>")
@login_required
def review_file(workspace_id: int, workshop_id: int, file_id: int):
    """An evidence file of one of the workshop's participants, as an attachment."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    ids = [respondent.id for respondent in workshop.assessment.respondents]
    row = evidence_file(database.session, ids, file_id)
    if row is None:
        abort(404)
    return file_download(row)


def position_evidence(workshop: Workshop) -> dict[str, list[dict]]:
    """Per reviewed question, each answer given in the room with how many gave it and how
    many evidence items stand behind it, for the consensus round."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    rows = answers_by_respondent(database.session, workshop)
    items = evidence_by_answer(database.session, [respondent.id for respondent, _ in rows])
    spread: dict[str, dict[str, dict]] = {}
    for question in reviewed_questions(questionnaire):
        for respondent, answers in rows:
            value = answers.get(question.id)
            if value is None:
                continue
            position = spread.setdefault(question.id, {}).setdefault(
                value,
                {"words": questionnaire.answer_words(question, value), "answers": 0, "evidence_items": 0},
            )
            position["answers"] += 1
            position["evidence_items"] += len(items.get((respondent.id, question.id), []))
    return {question_id: list(positions.values()) for question_id, positions in spread.items()}


def review_line(workshop: Workshop) -> str:
    """The review in one sentence for the live view: how many of the room's answers stand
    validated, challenged or lapsed ("" before anyone has answered)."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    summary = review_summary(
        database.session, questionnaire, answers_by_respondent(database.session, workshop)
    )
    return summary_line(summary) if summary.answered else ""
