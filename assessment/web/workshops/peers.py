"""A workshop compared with one of its workspace's peer files, and the live page's peers panel."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask_login import login_required

from ...extensions import database
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS, label_of
from ...services import audit
from ...services.peers import (
    client_profile,
    compare_workshop_with,
    workshop_peer_count,
)
from .. import audit_trail
from ..lookup import workshop_or_404
from . import blueprint
from .forms import PeersForm


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
    audit_trail.record(audit.SETTINGS_CHANGED, workspace_id, target=workshop, detail={"changed": "peers"})
    database.session.commit()
    target = url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id)
    return redirect(f"{target}#peers")
