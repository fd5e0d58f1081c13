"""Answers that give a full roadmap, and the action plan's form, for the plan tests."""

from __future__ import annotations

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import ActionChange, PlanAction
from assessment.questionnaire.model import QuestionKind

from . import journeys

OWNER = "engineering"  # the ownership map's answer to every activity


def lowest_answers(app) -> dict[str, str]:
    """Scope (no agents), every maturity question at its lowest option, Engineering owning all."""
    with app.app_context():
        questionnaire = app.extensions["catalog"].get("ai-execution")
    answers = dict(journeys.SCOPE)
    for question in questionnaire.questions:
        if question.kind is QuestionKind.MATURITY and question.options:
            answers[question.id] = question.options[0].id
        elif question.kind is QuestionKind.OWNERSHIP:
            answers[question.id] = OWNER
    return answers


def answer_all(client, answers: dict[str, str]) -> None:
    """Autosave every answer, as the page's script does (answers to questions that do not
    apply are refused; they are not needed)."""
    for seq, (question, value) in enumerate(answers.items(), start=1):
        journeys.autosave(client, question, value, seq)


def stored_plan(app, assessment_id: int | None = None) -> list[tuple]:
    """Every action and change as plain tuples, to compare before and after a request."""
    with app.app_context():
        query = select(PlanAction).order_by(PlanAction.assessment_id, PlanAction.position)
        if assessment_id is not None:
            query = query.where(PlanAction.assessment_id == assessment_id)
        actions = database.session.scalars(query).all()
        rows = [
            (a.id, a.assessment_id, a.key, a.position, a.owner, a.due_on, a.status, a.notes) for a in actions
        ]
        changes = database.session.scalars(select(ActionChange).order_by(ActionChange.id)).all()
        return rows + [(c.action_id, c.field, c.before, c.after, c.changed_by) for c in changes]


def plan_actions(app) -> list[PlanAction]:
    """Every stored action, in assessment then plan order (detached, read-only)."""
    with app.app_context():
        return list(
            database.session.scalars(
                select(PlanAction).order_by(PlanAction.assessment_id, PlanAction.position)
            )
        )


def action_form(owner="", due_on="", status="planned", notes="", name="") -> dict[str, str]:
    """The fields the plan page's form posts for one action."""
    return {"owner": owner, "due_on": due_on, "status": status, "notes": notes, "name": name}
