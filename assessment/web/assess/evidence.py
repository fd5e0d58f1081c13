"""A respondent's evidence behind their answers: adding, deleting and downloading their own items.

Self-assessors and workshop participants both answer here, so both may back an answer.
Evidence is added or deleted only while the assessment is open; it stays readable after.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from ...extensions import current_evidence_store, database
from ...services.evidence import (
    EvidenceRefused,
    add_evidence,
    discard_files,
    evidence_file,
    evidence_item,
    remove_evidence,
    reviewed_question,
)
from ...services.evidence_files import ACCEPTED_EXTENSIONS
from ..evidence import answers_with_evidence, file_download, today
from ..sections import all_sections
from . import blueprint
from .context import Visit, current_visit
from .forms import DeleteEvidenceForm, EvidenceForm

CLOSED = "This assessment is closed: its evidence can be read, but no longer added or deleted."


@blueprint.route("/evidence/<question_id>", methods=["GET", "POST"])
def evidence(question_id: str):
    """A maturity or ownership answer's evidence, and the form to add one item."""
    visit = current_visit()
    if not reviewed_question(visit.questionnaire, question_id):
        abort(404)
    form = EvidenceForm()
    if not form.is_submitted():
        form.added_by.data = visit.respondent.name or ""
    elif not visit.is_open:
        abort(409, description=CLOSED)
    elif form.validate():
        uploads = [
            (upload.filename or "", upload.read()) for upload in form.files.data or [] if upload.filename
        ]
        database.start_writing()
        try:
            add_evidence(
                database.session,
                current_evidence_store(),
                visit.respondent,
                question_id,
                note=form.note.data or "",
                links=form.links.data or "",
                expires_on=form.expires_on.data,
                files=uploads,
                added_by=form.added_by.data,
                today=today(),
            )
        except EvidenceRefused as refused:
            database.session.rollback()
            form[refused.part or "note"].errors.append(refused.reason)
        else:
            database.session.commit()
            return redirect(url_for(".evidence", question_id=question_id, added=1))
    return _page(visit, question_id, form), (422 if form.errors else 200)


def _page(visit: Visit, question_id: str, form: EvidenceForm) -> str:
    """The evidence page of one answer."""
    question = visit.questionnaire.question(question_id)
    [entry] = answers_with_evidence(
        database.session, visit.questionnaire, [(visit.respondent, visit.answers)], [question]
    )[visit.respondent.id]
    if not form.is_submitted() and not form.added_by.data and entry.items:
        form.added_by.data = entry.items[-1].added_by  # a self-assessor has no name on file
    return render_template(
        "assess/evidence.html",
        visit=visit,
        question=question,
        section_id=next(s.id for s in all_sections(visit.questionnaire) if question in s.questions),
        entry=entry,
        form=form,
        delete_form=DeleteEvidenceForm(),
        accept=",".join(ACCEPTED_EXTENSIONS),
        added=request.args.get("added") == "1",
    )


@blueprint.post("/evidence/<int:evidence_id>/delete")
def delete_evidence(evidence_id: int):
    """Delete one of the respondent's own evidence items."""
    visit = current_visit()
    item = evidence_item(database.session, [visit.respondent.id], evidence_id)
    if item is None:
        abort(404)
    if not visit.is_open:
        abort(409, description=CLOSED)
    if not DeleteEvidenceForm().validate_on_submit():
        abort(400)
    question_id = item.question_id
    database.start_writing()
    stored = remove_evidence(database.session, item)
    database.session.commit()
    discard_files(database.session, current_evidence_store(), stored)
    return redirect(url_for(".evidence", question_id=question_id))


@blueprint.get("/evidence/files/<int:file_id>")
def evidence_download(file_id: int):
    """One of the respondent's own evidence files, as an attachment."""
    visit = current_visit()
    row = evidence_file(database.session, [visit.respondent.id], file_id)
    if row is None:
        abort(404)
    return file_download(row)
