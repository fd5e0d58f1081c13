"""The action plan as CSV rows: the plan itself, and the columns Jira's and GitHub's
importers read, so a team can carry its actions into the tracker it already uses."""

from __future__ import annotations

from collections.abc import Sequence

from ..persistence import PlanAction
from ..questionnaire import Questionnaire
from .plan import FINISHED, day_text

#: The plan's CSV columns, and the issue trackers' import columns.
PLAN_COLUMNS = (
    "Action",
    "Workstream",
    "Horizon",
    "Owner",
    "Due date",
    "Status",
    "Questions",
    "Waits for",
    "Predicted lift",
    "Notes",
)
JIRA_COLUMNS = (
    "Summary",
    "Description",
    "Issue Type",
    "Assignee",
    "Due date",
    "Status",
    "Resolution",
    "Priority",
    # Jira's importer takes one label per column, each column headed "Labels".
    "Labels",
    "Labels",
    "Labels",
)
GITHUB_COLUMNS = ("title", "body", "labels", "assignees", "milestone", "state")
#: Jira's default workflow has three statuses; a dropped action is a finished one resolved "Won't Do".
JIRA_STATUS = {"planned": "To Do", "in progress": "In Progress", "done": "Done", "dropped": "Done"}
JIRA_RESOLUTION = {"done": "Done", "dropped": "Won't Do"}


def plan_rows(actions: Sequence[PlanAction], questionnaire: Questionnaire) -> list[list[str]]:
    """The plan as rows under PLAN_COLUMNS."""
    by_key = {action.key: action for action in actions}
    return [
        [
            action.title,
            _workstream(questionnaire, action),
            action.horizon,
            action.owner,
            day_text(action.due_on),
            action.status,
            " ".join(action.question_ids),
            "; ".join(by_key[key].title for key in action.dependency_keys if key in by_key),
            _lift_words(action),
            action.notes,
        ]
        for action in actions
    ]


def jira_rows(actions: Sequence[PlanAction], questionnaire: Questionnaire) -> list[list[str]]:
    """The plan as rows under JIRA_COLUMNS (Jira's CSV importer maps these by name)."""
    return [
        [
            action.title,
            _description(action, questionnaire),
            "Task",
            action.owner,
            day_text(action.due_on),
            JIRA_STATUS[action.status],
            JIRA_RESOLUTION.get(action.status, ""),
            "High" if action.horizon == "90 days" else "Medium",
            *(_label(text) for text in ("ai-execution", action.dimension, action.horizon)),
        ]
        for action in actions
    ]


def github_rows(actions: Sequence[PlanAction], questionnaire: Questionnaire) -> list[list[str]]:
    """The plan as rows under GITHUB_COLUMNS (one issue each; owners go in the body, since
    GitHub assignees must be user names)."""
    return [
        [
            action.title,
            _description(action, questionnaire) + (f"\n\nOwner: {action.owner}" if action.owner else ""),
            ",".join(_label(text) for text in ("ai-execution", action.dimension) if text),
            "",
            action.horizon,
            "closed" if action.status in FINISHED else "open",
        ]
        for action in actions
    ]


def _workstream(questionnaire: Questionnaire, action: PlanAction) -> str:
    try:
        return questionnaire.dimension(action.dimension).title if action.dimension else ""
    except KeyError:
        return action.dimension


def _lift_words(action: PlanAction) -> str:
    if action.planned_from is None or action.planned_to is None:
        return ""
    return f"{action.planned_from:g} → {action.planned_to:g}"


def _description(action: PlanAction, questionnaire: Questionnaire) -> str:
    lines = [f"Workstream: {_workstream(questionnaire, action)}", f"Horizon: {action.horizon}"]
    if action.question_ids:
        lines.append(f"Questions: {', '.join(action.question_ids)}")
    if lift := _lift_words(action):
        lines.append(f"Predicted lift: {lift}")
    if action.due_on:
        lines.append(f"Due: {day_text(action.due_on)}")
    if action.notes:
        lines.append("")
        lines.append(action.notes)
    return "\n".join(lines)


def _label(text: str) -> str:
    return "-".join(text.lower().split())
