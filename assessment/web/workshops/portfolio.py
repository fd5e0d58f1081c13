"""A workshop client's AI initiative portfolio, kept by the members of its workspace.

The organisation is the workshop's client's; its maturity is the room's answers, with
the agreed ones, against the workshop's profile, as the group report and the plan read
them. Every row is found through the signed-in consultant's workspace, so another
workspace's workshop answers 404, and an initiative of another organisation answers 404.
"""

from __future__ import annotations

from flask import url_for
from flask_login import login_required

from .. import portfolio as shared
from ..lookup import workshop_or_404
from . import blueprint
from .live import workshop_profile
from .plan import room_of

WS = "/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/portfolio"


def _place(workspace_id: int, workshop_id: int) -> shared.Place:
    """The workshop's client and the room's answers; 404 outside the consultant's workspaces."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    questionnaire, answers = room_of(workshop)
    ids = {"workspace_id": workspace_id, "workshop_id": workshop_id}
    return shared.Place(
        organisation_id=workshop.client.organisation_id,
        questionnaire=questionnaire,
        answers=answers,
        profile=workshop_profile(workshop, questionnaire),
        title=workshop.client.name,
        subtitle=f"{workshop.title} · {questionnaire.title} {questionnaire.version}",
        back=((url_for(".live", **ids), "The workshop"), (url_for(".workshop_plan", **ids), "Action plan")),
        prefix="workshop_",
        ids=ids,
        file_name=f"client-{workshop.client_id}",
    )


@blueprint.get(WS)
@login_required
def workshop_portfolio(workspace_id: int, workshop_id: int):
    """The client's portfolio: value x readiness, what to fund first, work in progress."""
    return shared.overview(_place(workspace_id, workshop_id))


@blueprint.get(WS + "/register")
@login_required
def workshop_portfolio_register(workspace_id: int, workshop_id: int):
    """The client's register of AI initiatives."""
    return shared.register_page(_place(workspace_id, workshop_id))


@blueprint.post(WS + "/initiatives")
@login_required
def workshop_add_initiative(workspace_id: int, workshop_id: int):
    """Add an initiative to the client's register."""
    return shared.create(_place(workspace_id, workshop_id))


@blueprint.route(WS + "/initiatives/<int:initiative_id>", methods=["GET", "POST"])
@login_required
def workshop_edit_initiative(workspace_id: int, workshop_id: int, initiative_id: int):
    """Change an initiative's register fields."""
    return shared.edit(_place(workspace_id, workshop_id), initiative_id)


@blueprint.post(WS + "/initiatives/<int:initiative_id>/delete")
@login_required
def workshop_delete_initiative(workspace_id: int, workshop_id: int, initiative_id: int):
    """Delete an initiative and its gate answers."""
    return shared.remove(_place(workspace_id, workshop_id), initiative_id)


@blueprint.route(WS + "/initiatives/<int:initiative_id>/gate", methods=["GET", "POST"])
@login_required
def workshop_initiative_gate(workspace_id: int, workshop_id: int, initiative_id: int):
    """Answer an initiative's production gate."""
    return shared.gate_page(_place(workspace_id, workshop_id), initiative_id)


@blueprint.post(WS + "/import")
@login_required
def workshop_import_register(workspace_id: int, workshop_id: int):
    """Import a register file (all rows or none)."""
    return shared.import_file(_place(workspace_id, workshop_id))


@blueprint.get(WS + "/register.csv")
@login_required
def workshop_register_csv(workspace_id: int, workshop_id: int):
    """The client's register as CSV."""
    return shared.export_file(_place(workspace_id, workshop_id))


@blueprint.post(WS + "/wip-limit")
@login_required
def workshop_set_wip_limit(workspace_id: int, workshop_id: int):
    """Set the client's limit on initiatives in flight per delivery team."""
    return shared.wip(_place(workspace_id, workshop_id))


@blueprint.get(WS + "/what-if")
@login_required
def workshop_what_if(workspace_id: int, workshop_id: int):
    """Which of the client's initiatives become ready if some roadmap actions were done."""
    return shared.what_if_page(_place(workspace_id, workshop_id))
