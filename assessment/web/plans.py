"""The action plan's page, form and CSV files, shared by the self-assessment and the workshop.

Each blueprint finds its assessment, its answers (a respondent's, or the room's) and its
target profile, and who is making a change; the rest is here: the plan seeded from the
roadmap once the results exist, the page's figures, one form per action, and the exports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask import Response
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..extensions import database
from ..persistence import ActionChange, Assessment, PlanAction, plan_of
from ..questionnaire import Questionnaire, TargetProfile
from ..scoring import build_roadmap, score_answers, unanswered_scoping
from ..services.plan import FINISHED, STATUSES, PlanProgress, PlanRefused, progress, seed_plan, update_action
from ..services.plan_exports import (
    GITHUB_COLUMNS,
    JIRA_COLUMNS,
    PLAN_COLUMNS,
    github_rows,
    jira_rows,
    plan_rows,
)
from .forms import as_choices, no_control_characters, strip
from .reports import CSV, cell, download


class ActionForm(FlaskForm):
    """One action's owner, due date, status and notes, and who changes them."""

    owner = StringField("Owner", filters=[strip], validators=[no_control_characters])
    due_on = DateField(
        "Due date",
        validators=[Optional()],
        render_kw={"placeholder": "YYYY-MM-DD"},
    )
    status = SelectField(
        "Status", choices=as_choices((s, s.capitalize()) for s in STATUSES), validate_choice=False
    )
    notes = TextAreaField("Notes", filters=[strip], validators=[no_control_characters])
    name = StringField("Your name", filters=[strip], validators=[no_control_characters])

    def validate_due_on(self, field) -> None:
        """A date the browser could not parse gets a message saying what to type."""
        if field.raw_data and field.raw_data[0] and field.data is None:
            field.errors[:] = ["Enter the due date as YYYY-MM-DD, such as 2026-03-31."]


def action_form(action: PlanAction) -> ActionForm:
    """An action's form filled with what it holds now."""
    return ActionForm(
        formdata=None,
        data={"owner": action.owner, "due_on": action.due_on, "status": action.status, "notes": action.notes},
    )


def change_action(action: PlanAction, form: ActionForm, changed_by: str) -> bool:
    """Apply a posted form to an action; False (the reasons on the form, nothing changed)
    when the form or the service refuses it. The caller commits."""
    if not form.validate():
        return False
    try:
        update_action(
            database.session,
            action,
            owner=form.owner.data or "",
            due_on=form.due_on.data,
            status=form.status.data or "",
            notes=form.notes.data or "",
            changed_by=changed_by,
        )
    except PlanRefused as refused:
        field = form._fields.get(refused.field, form.status)
        field.errors = [*field.errors, refused.reason]
        return False
    return True


def plan_for(
    assessment: Assessment,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    profile: TargetProfile | None,
) -> list[PlanAction]:
    """The assessment's plan, seeded from the roadmap of `answers` against `profile` the first
    time results exist; [] while a scoping question is unanswered. The caller commits."""
    actions = plan_of(database.session, assessment.id)
    if actions or unanswered_scoping(questionnaire, answers):
        return actions
    database.start_writing()  # a GET that writes: queue for the lock first
    roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers), profile)
    return seed_plan(database.session, assessment, questionnaire, roadmap)


@dataclass(frozen=True)
class ActionView:
    """One action as the page shows it: its state, its words and its form."""

    action: PlanAction
    overdue: bool
    waits_for: tuple[str, ...]  # titles of the unfinished actions it waits for
    questions: tuple[str, ...]  # the questions it addresses, in words
    lift: str  # "“question” from level 1 Initial to 3 Defined", or ""
    workstream: str
    form: ActionForm

    @property
    def history(self) -> list[ActionChange]:
        """Its changes, newest first."""
        return list(reversed(self.action.changes))


@dataclass(frozen=True)
class PlanPage:
    """The plan page: progress, the actions by horizon, and the owners to suggest."""

    progress: PlanProgress
    horizons: tuple[tuple[str, tuple[ActionView, ...]], ...]
    owners: tuple[str, ...]  # the ownership map's functions
    missing: tuple[str, ...]  # unanswered scoping questions, in words, when there is no plan yet
    show: str = "all"  # which actions the page lists (SHOWN)

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """What the page can list: (key, label)."""
        return tuple((key, label) for key, (label, _) in SHOWN.items())

    @property
    def summary(self) -> str:
        """ "4 of 12 actions done (33%), 2 overdue, 3 waiting on others"."""
        counts, shown = self.progress.counts, self.progress
        text = f"{counts.get('done', 0)} of {shown.open_total} actions done ({shown.done_share:.0%})"
        text += f", {len(shown.overdue)} overdue, {len(shown.blocked)} waiting on others"
        if dropped := counts.get("dropped", 0):
            text += f"; {dropped} dropped"
        return text


#: What the page can list, and which actions each choice keeps. Progress always counts them all.
SHOWN = {
    "all": ("Every action", lambda view: True),
    "open": ("Not done yet", lambda view: view.action.status not in FINISHED),
    "overdue": ("Overdue", lambda view: view.overdue),
    "waiting": ("Waiting on others", lambda view: bool(view.waits_for)),
    "finished": ("Done or dropped", lambda view: view.action.status in FINISHED),
}


def plan_page(
    questionnaire: Questionnaire,
    actions: Sequence[PlanAction],
    answers: Mapping[str, str],
    today: date,
    posted: tuple[int, ActionForm] | None = None,
    show: str | None = None,
) -> PlanPage:
    """The page's content; `posted` is the refused form of one action, shown with its reasons;
    `show` picks which actions are listed (an unknown choice lists them all)."""
    show = show if show in SHOWN else "all"
    state = progress(actions, today)
    views = []
    for each in state.actions:
        action = each.action
        form = posted[1] if posted and posted[0] == action.id else action_form(action)
        views.append(
            ActionView(
                action=action,
                overdue=each.overdue,
                waits_for=tuple(other.title for other in each.blocked_by),
                questions=tuple(_question_text(questionnaire, qid) for qid in action.question_ids),
                lift=_lift(questionnaire, action),
                workstream=_workstream(questionnaire, action.dimension),
                form=form,
            )
        )
    keep = SHOWN[show][1]
    views = [view for view in views if keep(view) or (posted and posted[0] == view.action.id)]
    horizons = tuple(dict.fromkeys(view.action.horizon for view in views))
    grouped = tuple((h, tuple(v for v in views if v.action.horizon == h)) for h in horizons)
    missing = tuple(_question_text(questionnaire, q) for q in unanswered_scoping(questionnaire, answers))
    return PlanPage(state, grouped, tuple(o.label for o in questionnaire.owners), missing, show)


def _question_text(questionnaire: Questionnaire, question_id: str) -> str:
    try:
        return questionnaire.question(question_id).text
    except KeyError:
        return question_id


def _workstream(questionnaire: Questionnaire, dimension: str) -> str:
    try:
        return questionnaire.dimension(dimension).title if dimension else ""
    except KeyError:
        return dimension


def _level(questionnaire: Questionnaire, value: float) -> str:
    try:
        return f"level {value:g} {questionnaire.level_at(value).name}"
    except KeyError:
        return f"level {value:g}"


def _lift(questionnaire: Questionnaire, action: PlanAction) -> str:
    """The predicted lift in words, "" when the action predicts none."""
    if action.planned_from is None or action.planned_to is None or not action.question_ids:
        return ""
    question = _question_text(questionnaire, action.question_ids[0])
    start, end = _level(questionnaire, action.planned_from), _level(questionnaire, action.planned_to)
    return f"“{question}” from {start} to {end}"


#: The three CSV files: their columns, their rows and the end of their file names.
EXPORTS: dict[str, tuple[Sequence[str], Callable, str]] = {
    "plan": (PLAN_COLUMNS, plan_rows, "action-plan.csv"),
    "jira": (JIRA_COLUMNS, jira_rows, "action-plan-jira.csv"),
    "github": (GITHUB_COLUMNS, github_rows, "action-plan-github.csv"),
}


def plan_csv(kind: str, actions: Sequence[PlanAction], questionnaire: Questionnaire, name: str) -> Response:
    """One of the plan's CSV files as a download (UTF-8, as the other CSV exports; every cell
    a spreadsheet could run as a formula is made text)."""
    columns, rows, ending = EXPORTS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(value) for value in row] for row in rows(actions, questionnaire))
    return download(out.getvalue().encode(), f"{name} {ending}", CSV, ending)
