"""Retaking a self-assessment: a new assessment of the same organisation, and the old one
closed (its link then opens it read-only; see context.Retaken)."""

from __future__ import annotations

from flask import abort, redirect, session, url_for

from ...extensions import current_catalog, database
from ...services import self_assessment
from ..browser import remember
from . import blueprint
from .context import closed_reason, current_visit
from .forms import RetakeForm


@blueprint.post("/retake")
def retake():
    """A new assessment of the same organisation, linked to this one, blank or pre-filled."""
    visit = current_visit()
    if not visit.is_self_assessment:
        abort(403)  # a workshop participant's answers belong to the workshop, not to a retake
    if not visit.is_open:
        abort(409, description=closed_reason(visit) + " Retake the newer assessment instead.")
    form = RetakeForm()
    if not form.validate_on_submit():
        abort(400)
    db = database.session
    questionnaire = current_catalog().questionnaires.get(visit.questionnaire.id, visit.questionnaire)
    crosswalk = current_catalog().crosswalk(visit.questionnaire, questionnaire)
    respondent, token = self_assessment.retake(
        db,
        visit.respondent,
        questionnaire,
        prefill=form.start_from.data == "previous",
        carry=crosswalk.carry if crosswalk else None,
    )
    db.commit()
    session.pop("token", None)
    remember(respondent, token)
    session["new_link"] = True  # the first page of the new assessment shows its link at the top
    return redirect(url_for(".resume_point"))
