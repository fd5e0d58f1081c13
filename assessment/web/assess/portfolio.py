"""A self-assessor's AI initiative portfolio, kept through the private link beside the plan.

The organisation is the assessment's; its maturity is the respondent's claimed answers
against the default profile, as the plan reads them. A workshop participant's session is
refused (403): a workshop's portfolio belongs to its client, kept in the workspace.
"""

from __future__ import annotations

from flask import abort, url_for

from ...extensions import current_catalog
from ...scoring import applicable_answers, default_profile
from .. import portfolio as shared
from . import blueprint
from .context import current_visit

WORKSHOP_PORTFOLIO = (
    "A workshop's AI initiative portfolio is kept by its facilitators in their workspace, "
    "not by its participants."
)


def _place() -> shared.Place:
    """The self-assessor's organisation and answers; 403 for a workshop participant."""
    visit = current_visit()
    if not visit.is_self_assessment:
        abort(403, description=WORKSHOP_PORTFOLIO)
    questionnaire = visit.questionnaire
    organisation = visit.assessment.organisation
    return shared.Place(
        organisation_id=organisation.id,
        questionnaire=questionnaire,
        answers=applicable_answers(questionnaire, visit.answers),
        profile=default_profile(current_catalog().profiles_for(questionnaire)),
        title=organisation.name,
        subtitle=f"{questionnaire.title} {questionnaire.version}",
        back=((url_for(".results"), "Your results"), (url_for(".plan"), "Action plan")),
        file_name=organisation.name,
    )


@blueprint.get("/portfolio")
def portfolio():
    """The portfolio: value x readiness, what to fund first, work in progress, what unblocks most."""
    return shared.overview(_place())


@blueprint.get("/portfolio/register")
def portfolio_register():
    """The register of AI initiatives, with the forms to add, import and limit."""
    return shared.register_page(_place())


@blueprint.post("/portfolio/initiatives")
def add_initiative():
    """Add an initiative to the register."""
    return shared.create(_place())


@blueprint.route("/portfolio/initiatives/<int:initiative_id>", methods=["GET", "POST"])
def edit_initiative(initiative_id: int):
    """Change an initiative's register fields."""
    return shared.edit(_place(), initiative_id)


@blueprint.post("/portfolio/initiatives/<int:initiative_id>/delete")
def delete_initiative(initiative_id: int):
    """Delete an initiative and its gate answers."""
    return shared.remove(_place(), initiative_id)


@blueprint.route("/portfolio/initiatives/<int:initiative_id>/gate", methods=["GET", "POST"])
def initiative_gate(initiative_id: int):
    """Answer an initiative's production gate."""
    return shared.gate_page(_place(), initiative_id)


@blueprint.post("/portfolio/import")
def import_register():
    """Import a register file (all rows or none)."""
    return shared.import_file(_place())


@blueprint.get("/portfolio/register.csv")
def register_csv():
    """The register as CSV."""
    return shared.export_file(_place())


@blueprint.post("/portfolio/wip-limit")
def set_wip_limit():
    """Set the limit on initiatives in flight per delivery team."""
    return shared.wip(_place())


@blueprint.get("/portfolio/what-if")
def what_if():
    """Which initiatives become ready if some roadmap actions were done."""
    return shared.what_if_page(_place())
