"""A workshop's action plan, kept by the members of its workspace.

Seeded from the roadmap the group report shows (the room's answers, with the agreed ones,
against the workshop's profile) the first time the page is opened once the room has
answered every scoping question. Every row is found through the signed-in consultant's
workspace, so another workspace's workshop or action answers 404.
"""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import database, questionnaire_for
from ...persistence.workspaces import Workshop
from ...reporting.changes import ChangesView, changes_view
from ...scoring import Participant, applicable_answers, compare_scorecards, room_answers, score_answers
from ...services import audit
from ...services.plan import done_actions, plan_action
from ...services.workshops import agreed_answers, answers_by_respondent
from .. import audit_trail
from ..lookup import workshop_or_404
from ..plans import ActionForm, change_action, plan_csv, plan_for, plan_page
from . import blueprint
from .live import workshop_profile

WS = "/workspaces/<int:workspace_id>/workshops/<int:workshop_id>"


def room_of(workshop: Workshop):
    """The workshop's questionnaire and the room's answers, as its group report reads them."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    respondents = [
        Participant(r.role or "", applicable_answers(questionnaire, answers), str(r.id))
        for r, answers in answers_by_respondent(database.session, workshop)
    ]
    return questionnaire, room_answers(questionnaire, respondents, agreed_answers(workshop))


def what_changed_since(workshop: Workshop, earlier: Workshop | None) -> ChangesView | None:
    """The earlier workshop's done actions against how the room's answers moved since (None
    without an earlier workshop)."""
    if earlier is None:
        return None
    before_questionnaire, before = room_of(earlier)
    questionnaire, now = room_of(workshop)
    trend = compare_scorecards(score_answers(before_questionnaire, before), score_answers(questionnaire, now))
    return changes_view(questionnaire, done_actions(database.session, earlier.assessment_id), trend)


def _plan(workshop: Workshop):
    """The questionnaire, the room's answers and the plan (seeded the first time results exist)."""
    questionnaire, answers = room_of(workshop)
    profile = workshop_profile(workshop, questionnaire)
    actions = plan_for(workshop.assessment, questionnaire, answers, profile)
    database.session.commit()
    return questionnaire, answers, actions


def _render(workshop: Workshop, posted=None, status=200):
    questionnaire, answers, actions = _plan(workshop)
    ids = {"workspace_id": workshop.workspace_id, "workshop_id": workshop.id}
    return render_template(
        "plans/plan.html",
        page=plan_page(questionnaire, actions, answers, date.today(), posted, request.args.get("show")),
        title=workshop.title,
        subtitle=f"{workshop.client.name} · {questionnaire.title} {questionnaire.version}",
        back=(url_for(".live", **ids), "The workshop"),
        action_url=lambda action: url_for(".update_workshop_action", action_id=action.id, **ids),
        exports={kind: url_for(f".workshop_{kind}_csv", **ids) for kind in ("plan", "jira", "github")},
        ask_name=False,
        portfolio=url_for(".workshop_portfolio", **ids),
    ), status


def _changed_by() -> str:
    """The consultant as the history names them: name and e-mail address."""
    account = current_user.account
    return f"{account.name} ({account.email})" if account.name else account.email


@blueprint.get(WS + "/plan")
@login_required
def workshop_plan(workspace_id: int, workshop_id: int):
    """The workshop's action plan: progress, owners, due dates, statuses and history."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    return _render(workshop)


@blueprint.post(WS + "/plan/<int:action_id>")
@login_required
def update_workshop_action(workspace_id: int, workshop_id: int, action_id: int):
    """Change one action of the workshop's plan; the history names the consultant."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    action = plan_action(database.session, workshop.assessment_id, action_id)
    if action is None:
        abort(404)
    form = ActionForm()
    if not change_action(action, form, _changed_by()):
        return _render(workshop, (action_id, form), 422)
    database.session.commit()
    target = url_for(".workshop_plan", workspace_id=workspace_id, workshop_id=workshop_id)
    return redirect(f"{target}#action-{action_id}")


def _export(kind: str, workspace_id: int, workshop_id: int):
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    questionnaire, _, actions = _plan(workshop)
    audit_trail.on_download(
        audit.EXPORT, workspace_id, target=workshop, detail={"export": f"action plan ({kind} CSV)"}
    )
    return plan_csv(kind, actions, questionnaire, f"workshop-{workshop.id}")


@blueprint.get(WS + "/plan.csv")
@login_required
def workshop_plan_csv(workspace_id: int, workshop_id: int):
    """The plan as CSV."""
    return _export("plan", workspace_id, workshop_id)


@blueprint.get(WS + "/plan-jira.csv")
@login_required
def workshop_jira_csv(workspace_id: int, workshop_id: int):
    """The plan as CSV for Jira's importer."""
    return _export("jira", workspace_id, workshop_id)


@blueprint.get(WS + "/plan-github.csv")
@login_required
def workshop_github_csv(workspace_id: int, workshop_id: int):
    """The plan as CSV in GitHub's issue columns."""
    return _export("github", workspace_id, workshop_id)
