"""A self-assessment's action plan, kept through the private link after the results.

The plan keeps working once the assessment is closed: that is its point. A workshop
participant's session is refused (403): the workshop's plan belongs to its workspace and
its facilitators keep it there.
"""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for

from ...extensions import current_catalog, database
from ...scoring import applicable_answers, default_profile
from ...services.plan import plan_action
from ..plans import ActionForm, change_action, plan_csv, plan_for, plan_page
from . import blueprint
from .context import Visit, current_visit

WORKSHOP_PLAN = (
    "A workshop's action plan is kept by its facilitators in their workspace, not by its participants."
)


def _own_visit() -> Visit:
    """The self-assessing respondent's visit; 403 for a workshop participant."""
    visit = current_visit()
    if not visit.is_self_assessment:
        abort(403, description=WORKSHOP_PLAN)
    return visit


def _plan(visit: Visit):
    """The visit's plan, seeded from its results against the default profile the first time."""
    questionnaire = visit.questionnaire
    profile = default_profile(current_catalog().profiles_for(questionnaire))
    answers = applicable_answers(questionnaire, visit.answers)
    actions = plan_for(visit.assessment, questionnaire, answers, profile)
    database.session.commit()
    return actions


def _render(visit: Visit, actions, posted=None, status=200):
    page = plan_page(
        visit.questionnaire, actions, visit.answers, date.today(), posted, request.args.get("show")
    )
    return render_template(
        "plans/plan.html",
        page=page,
        title=visit.assessment.organisation.name,
        subtitle=f"{visit.questionnaire.title} {visit.questionnaire.version}",
        back=(url_for(".results"), "Your results"),
        action_url=lambda action: url_for(".update_plan_action", action_id=action.id),
        exports={kind: url_for(f".plan_{kind}_csv") for kind in ("plan", "jira", "github")},
        ask_name=True,
        portfolio=url_for(".portfolio"),
    ), status


@blueprint.get("/plan")
def plan():
    """The action plan: progress, each action's owner, due date, status and history."""
    visit = _own_visit()
    return _render(visit, _plan(visit))


@blueprint.post("/plan/<int:action_id>")
def update_plan_action(action_id: int):
    """Change one action; the history names who (the name given, else the respondent's)."""
    visit = _own_visit()
    action = plan_action(database.session, visit.assessment.id, action_id)
    if action is None:
        abort(404)
    form = ActionForm()
    who = form.name.data or visit.respondent.name or "respondent"
    if not change_action(action, form, who):
        return _render(visit, _plan(visit), (action_id, form), 422)
    database.session.commit()
    return redirect(url_for(".plan", _anchor=f"action-{action_id}"))


@blueprint.get("/plan.csv")
def plan_plan_csv():
    """The plan as CSV."""
    visit = _own_visit()
    return plan_csv("plan", _plan(visit), visit.questionnaire, visit.assessment.organisation.name)


@blueprint.get("/plan-jira.csv")
def plan_jira_csv():
    """The plan as CSV for Jira's importer."""
    visit = _own_visit()
    return plan_csv("jira", _plan(visit), visit.questionnaire, visit.assessment.organisation.name)


@blueprint.get("/plan-github.csv")
def plan_github_csv():
    """The plan as CSV in GitHub's issue columns."""
    visit = _own_visit()
    return plan_csv("github", _plan(visit), visit.questionnaire, visit.assessment.organisation.name)
