"""A workspace's peer files: imported results of other organisations, to compare workshops with."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import database
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS
from ...services import audit
from ...services.peers import delete_peer_file, import_cohort
from .. import audit_trail
from ..lookup import scope_or_404
from ..reports import CSV, download, without_formulas
from . import blueprint
from .forms import CohortForm


@blueprint.route("/workspaces/<int:workspace_id>/cohorts", methods=["GET", "POST"])
@login_required
def cohorts(workspace_id: int):
    """The workspace's imported peer data, and a form to import more."""
    scope = scope_or_404(workspace_id)
    form = CohortForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return cohorts_page(scope, form), 422
        cohort = import_cohort(
            database.session,
            scope.workspace.id,
            current_user.account.id,
            form.name.data,
            form.results.data.filename,
            form.checked,
        )
        database.session.commit()
        return redirect(url_for(".cohorts", workspace_id=workspace_id, imported=cohort.id))
    imported = request.args.get("imported", type=int)
    return cohorts_page(scope, form, scope.cohort(imported) if imported else None)


def cohorts_page(scope, form: CohortForm, imported=None) -> str:
    """The peer data page, with the ids a file's profile columns use."""
    return render_template(
        "workspaces/cohorts.html",
        scope=scope,
        form=form,
        imported=imported,
        industries=INDUSTRIES,
        sizes=SIZE_BANDS,
        regions=REGIONS,
    )


@blueprint.get("/workspaces/<int:workspace_id>/cohorts/<int:cohort_id>/results.csv")
@login_required
def cohort_file(workspace_id: int, cohort_id: int):
    """The file as it was imported, except that a cell a spreadsheet would run as a formula
    is served with a leading apostrophe (the stored file is unchanged)."""
    cohort = scope_or_404(workspace_id).cohort(cohort_id) or abort(404)
    audit_trail.on_download(audit.EXPORT, workspace_id, target=cohort, detail={"export": "peer file (CSV)"})
    return download(without_formulas(cohort.content).encode(), f"cohort-{cohort.id}.csv", CSV, "cohort.csv")


@blueprint.post("/workspaces/<int:workspace_id>/cohorts/<int:cohort_id>/delete")
@login_required
def delete_cohort(workspace_id: int, cohort_id: int):
    """Owners delete imported data (CSRFProtect checks the form's token); workshops compared
    with it are then compared with no one."""
    scope = scope_or_404(workspace_id)
    cohort = scope.cohort(cohort_id) or abort(404)
    if not scope.is_owner:
        abort(403)
    audit_trail.record(audit.DELETED, scope.workspace, target=cohort, detail={"what": "peer file"})
    delete_peer_file(database.session, cohort)
    database.session.commit()
    return redirect(url_for(".cohorts", workspace_id=workspace_id))
