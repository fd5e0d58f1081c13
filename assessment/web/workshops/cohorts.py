"""Imported benchmark data: a workspace's peer cohorts, and the one a workshop is compared with."""

from __future__ import annotations

import csv
import io

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import database
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS, label_of
from ...services.peers import (
    client_profile,
    compare_workshop_with,
    delete_peer_file,
    import_cohort,
    workshop_peer_count,
)
from ..reports import CSV, download
from . import blueprint
from .export import FORMULA_STARTS, cell
from .forms import CohortForm, PeersForm
from .scope import scope_or_404, workshop_or_404


@blueprint.route("/workspaces/<int:workspace_id>/cohorts", methods=["GET", "POST"])
@login_required
def cohorts(workspace_id: int):
    """The workspace's imported benchmark data, and a form to import more."""
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


def without_formulas(text: str) -> str:
    """CSV text with every formula-like cell made text; unchanged (byte for byte) when it has none."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(value.startswith(FORMULA_STARTS) for row in rows for value in row):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()


def client_labels(workshop) -> dict[str, str]:
    """The labels of the client's industry, size and region, for the fields it gives."""
    vocabularies = {"industry": INDUSTRIES, "size": SIZE_BANDS, "region": REGIONS}
    return {
        field: label_of(vocabularies[field], value)
        for field, value in client_profile(workshop).items()
        if value and label_of(vocabularies[field], value)
    }


def peers_panel(scope, workshop, questionnaire) -> tuple[PeersForm, int | None]:
    """The live page's peers form, set to the workshop's choice, and how many peers it gives."""
    same = workshop.peer_same or ()
    form = PeersForm(
        scope.cohorts(),
        client_labels(workshop),
        formdata=None,
        cohort=str(workshop.peer_cohort_id or ""),
        same_industry="industry" in same,
        same_size="size" in same,
        same_region="region" in same,
    )
    return form, workshop_peer_count(workshop, questionnaire)


def cohorts_page(scope, form: CohortForm, imported=None) -> str:
    """The benchmark data page, with the ids a file's profile columns use."""
    return render_template(
        "workshops/cohorts.html",
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
    delete_peer_file(database.session, cohort)
    database.session.commit()
    return redirect(url_for(".cohorts", workspace_id=workspace_id))


@blueprint.post("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/peers")
@login_required
def set_peers(workspace_id: int, workshop_id: int):
    """Compare the workshop's room with one of the workspace's cohorts, or with none."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    form = PeersForm(scope.cohorts(), client_labels(workshop))
    if not form.validate_on_submit():
        abort(400)
    cohort = scope.cohort(int(form.cohort.data)) if form.cohort.data else None
    compare_workshop_with(workshop, cohort, form.same)
    database.session.commit()
    target = url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id)
    return redirect(f"{target}#peers")
