"""The action plan: the roadmap made into actions people own, date, work on and close.

An assessment's plan is seeded from its roadmap the first time it is opened (one action
per roadmap item, in the roadmap's order, with the suggested owner, the horizon and the
predicted lift: the question's value then and its target). From then on it belongs to
the organisation's people: each change of owner, due date, status or notes is recorded
with who made it and when. Re-opening never reseeds: the plan is what people made of it.

`progress` reads a plan as its page shows it (done, overdue, blocked by what) and
`done_actions` gives the next assessment the actions marked done, for "what changed and
why". The caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence import ActionChange, Assessment, PlanAction, plan_of
from ..persistence.models import utcnow
from ..questionnaire import Questionnaire
from ..reporting.plan import SPONSOR
from ..scoring.lift import PlannedAction
from ..scoring.roadmap import NAME_OWNERS, Roadmap, RoadmapItem

STATUSES = ("planned", "in progress", "done", "dropped")
MAX_OWNER = 200
MAX_NOTES = 5_000
#: How far ahead of the horizon's start a due date is suggested when none is set.
HORIZON_DAYS = {"90 days": 90, "6 months": 182, "12 months": 365}


class PlanRefused(ValueError):
    """A change to an action that cannot be made, with the reason to show and the field it
    is about ("owner", "status", "notes"; "" for none)."""

    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def seed_plan(
    db: Session, assessment: Assessment, questionnaire: Questionnaire, roadmap: Roadmap
) -> list[PlanAction]:
    """The assessment's plan, made from its roadmap when it has none yet.

    Each action's owner is the function the ownership map names, in the questionnaire's
    words ("Engineering"); naming owners falls to the programme's sponsor; "" when the map
    names nobody. Two first visits at once seed it once: the assessment's row is locked
    first (PostgreSQL; SQLite's writers already queue), so the second finds the first's plan."""
    db.execute(select(Assessment.id).where(Assessment.id == assessment.id).with_for_update())
    existing = plan_of(db, assessment.id)
    if existing:
        return existing
    keys = {item.question for item in roadmap.items}
    for position, item in enumerate(roadmap.items):
        questions = item.activities if item.question == NAME_OWNERS else (item.question,)
        planned = item.question != NAME_OWNERS and not item.find_out
        db.add(
            PlanAction(
                assessment_id=assessment.id,
                key=item.question,
                position=position,
                title=item.action,
                dimension=item.dimension,
                horizon=item.horizon,
                questions=" ".join(questions),
                depends_on=" ".join(key for key in item.depends_on if key in keys),
                planned_from=item.value if planned else None,
                planned_to=item.target if planned else None,
                owner=_owner_words(questionnaire, item),
                status=STATUSES[0],
                notes="",
            )
        )
    db.flush()
    return plan_of(db, assessment.id)


def _owner_words(questionnaire: Questionnaire, item: RoadmapItem) -> str:
    """The suggested owner of a roadmap item in words, "" when there is none."""
    if item.names_owners:
        return SPONSOR
    return questionnaire.owner_words(item.owner) if item.owner else ""


def plan_action(db: Session, assessment_id: int, action_id: int) -> PlanAction | None:
    """An action, only when it belongs to this assessment's plan."""
    action = db.get(PlanAction, action_id)
    return action if action is not None and action.assessment_id == assessment_id else None


def update_action(
    db: Session,
    action: PlanAction,
    *,
    owner: str,
    due_on: date | None,
    status: str,
    notes: str,
    changed_by: str,
) -> list[ActionChange]:
    """Change an action, recording each field that changed; returns the changes recorded.

    Raises PlanRefused with the reason, having changed nothing, for an unknown status or
    over-long text."""
    owner = owner.strip()
    notes = notes.strip()
    changed_by = changed_by.strip()[:MAX_OWNER] or "someone"
    if status not in STATUSES:
        raise PlanRefused(f"“{status[:40]}” is not a status: choose one of {', '.join(STATUSES)}.", "status")
    if len(owner) > MAX_OWNER:
        raise PlanRefused(f"The owner is {len(owner)} characters long; the limit is {MAX_OWNER}.", "owner")
    if len(notes) > MAX_NOTES:
        raise PlanRefused(
            f"The notes are {len(notes):,} characters long; the limit is {MAX_NOTES:,}.", "notes"
        )
    wanted = {
        "owner": (action.owner, owner),
        "due date": (day_text(action.due_on), day_text(due_on)),
        "status": (action.status, status),
        "notes": (action.notes, notes),
    }
    changes = [
        ActionChange(field=field, before=before, after=after, changed_by=changed_by)
        for field, (before, after) in wanted.items()
        if before != after
    ]
    if not changes:
        return []
    action.owner, action.due_on, action.status, action.notes = owner, due_on, status, notes
    action.updated_at = utcnow()
    action.changes.extend(changes)
    db.flush()
    return changes


def day_text(day: date | None) -> str:
    """A date as ISO text, "" for none."""
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class ActionState:
    """One action as the plan page shows it."""

    action: PlanAction
    overdue: bool
    blocked_by: tuple[PlanAction, ...]  # unfinished actions it waits for


@dataclass(frozen=True)
class PlanProgress:
    """A plan at a glance: counts by status, what is overdue and what is blocked."""

    actions: tuple[ActionState, ...]
    counts: Mapping[str, int]
    today: date

    @property
    def total(self) -> int:
        return len(self.actions)

    @property
    def open_total(self) -> int:
        """Actions not dropped: what "done" is counted against."""
        return self.total - self.counts.get("dropped", 0)

    @property
    def done_share(self) -> float:
        """The share of the actions still wanted that are done."""
        return self.counts.get("done", 0) / self.open_total if self.open_total else 0.0

    @property
    def overdue(self) -> tuple[ActionState, ...]:
        return tuple(state for state in self.actions if state.overdue)

    @property
    def blocked(self) -> tuple[ActionState, ...]:
        return tuple(state for state in self.actions if state.blocked_by)


FINISHED = ("done", "dropped")


def progress(actions: Sequence[PlanAction], today: date) -> PlanProgress:
    """Where a plan stands today."""
    by_key = {action.key: action for action in actions}
    states = []
    for action in actions:
        waiting = tuple(
            by_key[key]
            for key in action.dependency_keys
            if key in by_key and by_key[key].status not in FINISHED and action.status not in FINISHED
        )
        overdue = action.due_on is not None and action.due_on < today and action.status not in FINISHED
        states.append(ActionState(action, overdue, waiting))
    counts = {status: sum(1 for action in actions if action.status == status) for status in STATUSES}
    return PlanProgress(tuple(states), counts, today)


def suggested_due(action: PlanAction, start: date) -> date | None:
    """A due date at the end of the action's horizon, counted from `start`."""
    days = HORIZON_DAYS.get(action.horizon)
    return start + timedelta(days=days) if days else None


def done_actions(db: Session, assessment_id: int) -> tuple[PlannedAction, ...]:
    """The actions of an assessment's plan marked done, as the lift comparison takes them."""
    rows = db.scalars(
        select(PlanAction)
        .where(PlanAction.assessment_id == assessment_id, PlanAction.status == "done")
        .order_by(PlanAction.position)
    )
    return tuple(
        PlannedAction(
            ref=str(position),
            title=action.title,
            planned={
                question: (action.planned_from, action.planned_to)
                for question in action.question_ids
                if action.planned_from is not None and action.planned_to is not None
            },
            dimension=action.dimension or None,
        )
        for position, action in enumerate(rows, start=1)
    )
