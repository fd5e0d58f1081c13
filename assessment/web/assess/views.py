"""Views of the self-assessment: each parses the request, calls persistence or scoring, renders."""

from __future__ import annotations

import time

from flask import (
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import generate_csrf

from ...extensions import current_catalog, database
from ...persistence.assessments import respondent_by_token
from ...persistence.engine import on_postgresql
from ...questionnaire import MAX_SHARED_OWNERS, UnknownQuestionnaire
from ...scoring import unanswered_scoping
from ...services import answering, self_assessment
from ...services.self_assessment import OrganisationProfile
from .. import attempts
from ..browser import browser_respondent_id, remember
from ..evidence import answers_with_evidence, evidence_counts
from ..jobs import deliver, job_kind
from ..reports import PPTX, XLSX, PreparedReport, download
from ..sections import applicable_questions, progress, sections_that_apply, unanswered
from . import blueprint
from .answers import AnswerRefused, check_answer, read_payload
from .context import OTHER_ASSESSMENT, closed_reason, current_visit, fresh_link, posted_for_another, visit_of
from .forms import ProfileForm, RetakeForm, SwitchForm, section_form, submitted_answer
from .results import build_results, deck_pptx, individual_report, workbook_xlsx

#: What a mistyped, cut-off or replaced private link gets.
NO_SUCH_LINK = (
    "No assessment has this private link. Private links are long: copy the whole link, with nothing "
    "added or cut off. If the link was replaced, only the newest one works. To begin again, start a "
    "new assessment from the home page."
)


def server_seq() -> int:
    """Microseconds on the server's clock: the sequence of answers posted without JavaScript.

    Each page also hands this number to its script, which counts up from it, so the order
    of answers follows the server's clock even when a device's clock is wrong.
    """
    return time.time_ns() // 1000


@blueprint.route("/start/<questionnaire_id>", methods=["GET", "POST"])
def start(questionnaire_id: str):
    """The organisation profile; submitting it starts the assessment."""
    try:
        questionnaire = current_catalog().get(questionnaire_id)
    except UnknownQuestionnaire:
        abort(404)
    if not questionnaire.is_assessment:
        abort(404)  # a production gate is answered per initiative, in a portfolio
    form = ProfileForm()
    if form.validate_on_submit():
        db = database.session
        profile = OrganisationProfile(
            form.name.data, form.industry.data, form.size_band.data, form.region.data, form.ai_stage.data
        )
        respondent, token = self_assessment.start(db, questionnaire, profile, peer_consent=form.consent.data)
        db.commit()
        remember(respondent, token)
        return redirect(url_for(".resume_point"))
    status = 422 if form.is_submitted() else 200
    return render_template("assess/start.html", form=form, questionnaire=questionnaire), status


@blueprint.route("/resume/<token>", methods=["GET", "POST"])
def resume(token: str):
    """The private resume link: ties this browser to the respondent and continues.

    A browser already answering another assessment is asked first (the switch is a POST
    with a CSRF token), so a link on another site cannot silently swap its respondent."""
    db = database.session
    client = attempts.client_of(request.remote_addr)
    respondent = respondent_by_token(db, token)
    if respondent is None:
        # The right link always works (192 random bits); a flood of wrong ones gets cheap 429s.
        if attempts.resume_refused(db, client):
            abort(429)
        database.start_writing()
        attempts.resume_failed(db, client)
        db.commit()
        abort(404, description=NO_SUCH_LINK)
    current = browser_respondent_id()
    if current is not None and current != respondent.id:
        form = SwitchForm()
        if not form.validate_on_submit():
            return render_template("assess/switch.html", form=form, token=token)
    # Opening a retaken assessment keeps the link this browser held, so the old one's
    # pages can send it back to the newer one (context.Retaken says why only then).
    newer = session.get("token") if current is not None and current != respondent.id else None
    remember(respondent, token)
    if newer and not respondent.assessment.is_open:
        session["newer_token"] = newer
    return redirect(url_for(".resume_point"))


@blueprint.get("/")
def resume_point():
    """Where the respondent left off: the first page with an unanswered question, else the review."""
    visit = current_visit()
    if not visit.is_open:
        return redirect(url_for(".results"))
    missing = unanswered(visit.questionnaire, visit.answers)
    if missing:
        return redirect(url_for(".section", section_id=missing[0][0].id))
    return redirect(url_for(".review"))


@blueprint.route("/section/<section_id>", methods=["GET", "POST"])
def section(section_id: str):
    """One page of questions; posting it saves every answer on it (the path without JavaScript)."""
    visit = current_visit()
    sections = sections_that_apply(visit.questionnaire, visit.answers)
    index = next((i for i, s in enumerate(sections) if s.id == section_id), None)
    if index is None:
        abort(404)
    current = sections[index]
    questions = applicable_questions(visit.questionnaire, current, visit.answers)
    form = section_form(visit.questionnaire, questions, visit.answers)
    if form.is_submitted():
        if posted_for_another(visit):
            abort(409, description=OTHER_ASSESSMENT)
        if not visit.is_open:
            abort(409, description=closed_reason(visit))  # nothing on the page is stored
        if form.validate():
            given = {q.id: value for q in questions if (value := submitted_answer(form, q))}
            answering.save_page(database.session, visit.respondent, visit.questionnaire, given, server_seq())
            database.session.commit()
            if "next" in request.form:
                later = sections_that_apply(visit.questionnaire, {**visit.answers, **given})
                ids = [s.id for s in later]
                following = ids[ids.index(section_id) + 1] if section_id in ids[:-1] else None
                return redirect(
                    url_for(".section", section_id=following) if following else url_for(".review")
                )
            return redirect(url_for(".section", section_id=section_id, saved=1))
    return render_template(
        "assess/section.html",
        visit=visit,
        form=form,
        section=current,
        questions=questions,
        sections=sections,
        index=index,
        progress=progress(visit.questionnaire, visit.answers),
        saved=request.args.get("saved") == "1",
        new_link=fresh_link(),
        seq_base=server_seq(),
        max_owners=MAX_SHARED_OWNERS,
        evidence_counts=evidence_counts(database.session, visit.respondent.id),
    ), (422 if form.errors else 200)


@blueprint.post("/answers")
def save_answer():
    """Autosave of one answer, sent by the page's script with the CSRF token.

    On SQLite the respondent and the answer are checked in a transaction that only reads,
    and the answer is written in one of its own, so the write lock, which queues every
    other autosave, is held for the upsert and the commit alone; PostgreSQL reads without
    locks anyway, so there one transaction does both."""
    db = database.session
    split = not on_postgresql(db)
    if split:
        db.connection(execution_options={"sqlite_begin": "DEFERRED"})
    visit = current_visit()
    if posted_for_another(visit):
        return jsonify(error="other-assessment", message=OTHER_ASSESSMENT), 409
    if not visit.is_open:
        return jsonify(error="retaken" if visit.retaken else "closed", message=closed_reason(visit)), 409
    try:
        question_id, value, seq = check_answer(visit, read_payload(request))
    except AnswerRefused as refused:
        return jsonify(error=refused.code, message=str(refused)), refused.status
    if split:
        database.start_writing()
    current, answers = answering.save_answer(
        db, visit.respondent, visit.questionnaire, visit.answers, question_id, value, seq
    )
    db.commit()
    done = progress(visit.questionnaire, answers)
    return jsonify(
        saved=current,
        question=question_id,
        value=value,
        kept=answers.get(question_id),  # the answer the server holds: a newer one when saved is false
        progress={"answered": done.answered, "total": done.total},
    )


@blueprint.get("/csrf-token")
def csrf_token():
    """A fresh CSRF token for the page's script, so a long session never loses an answer."""
    current_visit()
    return jsonify(token=generate_csrf())


@blueprint.get("/review")
def review():
    """What is still unanswered, page by page, before the results."""
    visit = current_visit()
    scoping = [
        visit.questionnaire.question(qid) for qid in unanswered_scoping(visit.questionnaire, visit.answers)
    ]
    return render_template(
        "assess/review.html",
        visit=visit,
        scoping=scoping,
        missing=unanswered(visit.questionnaire, visit.answers),
        sections=sections_that_apply(visit.questionnaire, visit.answers),
        new_link=fresh_link(),
        progress=progress(visit.questionnaire, visit.answers),
        evidence=answers_with_evidence(
            database.session, visit.questionnaire, [(visit.respondent, visit.answers)]
        )[visit.respondent.id],
    )


@blueprint.get("/results")
def results():
    """Level, index, radar against a chosen profile, dimension cards, top actions, ownership, trend."""
    visit = current_visit()
    if unanswered_scoping(visit.questionnaire, visit.answers):
        return redirect(url_for("assess.review"))
    content = build_results(visit, request.args.get("profile"), request.args.get("basis"))
    return render_template(
        "assess/results.html",
        visit=visit,
        results=content,
        retake_form=RetakeForm(),
    )


def _until_scoped(visit):
    """A redirect to the review while a scoping answer is missing (no download can be scored
    without it); None when the downloads may be built."""
    if unanswered_scoping(visit.questionnaire, visit.answers):
        return redirect(url_for("assess.review"))
    return None


@blueprint.get("/report.pdf")
def report():
    """The PDF report of these answers against the chosen profile (cached until something
    changes), or (with a render queue) the page that follows its job."""
    visit = current_visit()
    if not_ready := _until_scoped(visit):
        return not_ready
    profile = request.args.get("profile")
    params = {"respondent_id": visit.respondent.id, "profile": profile}
    name = f"{visit.assessment.organisation.name} AI execution maturity.pdf"
    return deliver(individual_report(visit, profile), "individual_report", params, name)


@job_kind("individual_report")
def individual_report_job(params: dict) -> PreparedReport:
    """A worker's individual report: the respondent's visit reloaded by id, with the same profile."""
    return individual_report(visit_of(params["respondent_id"]), params["profile"])


@blueprint.get("/report.xlsx")
def workbook():
    """The answers, scores, targets, roadmap and outcome facts as an Excel workbook."""
    visit = current_visit()
    if not_ready := _until_scoped(visit):
        return not_ready
    content = workbook_xlsx(visit, request.args.get("profile"))
    name = f"{visit.assessment.organisation.name} AI execution maturity.xlsx"
    return download(content, name, XLSX, "assessment.xlsx")


@blueprint.get("/report.pptx")
def deck():
    """The summary, scores, targets, roadmap and outcome facts as a PowerPoint deck to rework."""
    visit = current_visit()
    if not_ready := _until_scoped(visit):
        return not_ready
    content = deck_pptx(visit, request.args.get("profile"))
    name = f"{visit.assessment.organisation.name} AI execution maturity.pptx"
    return download(content, name, PPTX, "assessment.pptx")
