"""A workshop's settings after creation: the form on the workshop's settings page.

What participants fix in place (anonymity once someone joined, roles they chose) is said
on the form and refused with a message naming the setting; nothing changes then.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from ...extensions import database
from ...services import audit
from ...services.workshop_settings import SettingsRefused, change_settings, limits
from .. import audit_trail
from ..lookup import workshop_or_404
from . import blueprint
from .forms import WorkshopSettingsForm
from .zones import DEFAULT_ZONE, in_zone, shown

#: What the refusals name, keyed as the service names the settings.
FIELDS = {"participants": "participants", "roles": "roles", "closes_at": "closes_at"}


@blueprint.route(
    "/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/settings", methods=["GET", "POST"]
)
@login_required
def workshop_settings(workspace_id: int, workshop_id: int):
    """Change a workshop's title, participants, roles, target profile and close date."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    questionnaire_id = workshop.assessment.questionnaire_version.questionnaire_id
    zone_name = workshop.time_zone or DEFAULT_ZONE
    form = WorkshopSettingsForm(
        questionnaire_id,
        data=None
        if request.method == "POST"
        else {
            "title": workshop.title,
            "participants": "anonymous" if workshop.anonymous else "named",
            "roles": "\n".join(workshop.roles),
            "target_profile": workshop.target_profile or "",
            "closes_at": in_zone(workshop.closes_at, zone_name),
            "time_zone": zone_name,
        },
    )
    fixed = limits(database.session, workshop)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            new = form.settings()
            try:
                changed = change_settings(database.session, workshop, new)
            except SettingsRefused as refused:
                database.session.rollback()
                for name, message in refused.problems.items():
                    form[FIELDS[name]].errors = [*form[FIELDS[name]].errors, message]
                status = 409
            else:
                if changed:
                    audit_trail.record(
                        audit.SETTINGS_CHANGED, workspace_id, target=workshop, detail={"changed": changed}
                    )
                database.session.commit()
                flash("Settings saved." if changed else "Nothing changed: the settings were already these.")
                return redirect(
                    url_for(".workshop_settings", workspace_id=workspace_id, workshop_id=workshop_id)
                )
    return render_template(
        "workshops/settings.html",
        scope=scope,
        workshop=workshop,
        form=form,
        limits=fixed,
        closes=shown(workshop.closes_at, workshop.time_zone),
    ), status


@blueprint.app_template_global("close_time")
def close_time(workshop) -> str:
    """A workshop's close date in the zone it was entered in ("" when it has none)."""
    return shown(workshop.closes_at, workshop.time_zone)
