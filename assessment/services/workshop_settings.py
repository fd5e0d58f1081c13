"""Editing a workshop's settings after it was created, within what its participants allow.

The title, target profile and close date may change at any time. Whether participants are
anonymous or named may change only while nobody has joined: a named room's participants
gave their name on that promise, an anonymous room's did not give one. Roles may be added,
reordered and renamed, but a role a participant chose stays offered. The questionnaire
never changes (answers are pinned to its text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..persistence import Respondent
from ..persistence.models import utcnow
from ..persistence.workspaces import Workshop
from .workshops import WorkshopSettings


class SettingsRefused(ValueError):
    """Some changes are not allowed; `problems` maps a setting to what to do instead."""

    def __init__(self, problems: dict[str, str]) -> None:
        """Keep each refused setting's message."""
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Limits:
    """What a workshop's participants so far fix in place."""

    joined: int
    roles_in_use: tuple[str, ...]

    @property
    def participants_fixed(self) -> bool:
        """Whether anonymous/named is settled (someone has joined)."""
        return self.joined > 0


def limits(session: Session, workshop: Workshop) -> Limits:
    """How many have joined, and the roles they chose (in the workshop's order)."""
    joined = session.scalar(
        select(func.count()).select_from(Respondent).where(Respondent.assessment_id == workshop.assessment_id)
    )
    chosen = set(
        session.scalars(
            select(Respondent.role).where(Respondent.assessment_id == workshop.assessment_id).distinct()
        )
    )
    ordered = [role for role in workshop.roles if role in chosen]
    ordered += sorted(role for role in chosen if role and role not in workshop.roles)
    return Limits(joined or 0, tuple(ordered))


def change_settings(
    session: Session, workshop: Workshop, new: WorkshopSettings, now: datetime | None = None
) -> list[str]:
    """Apply the new settings, or change nothing and raise SettingsRefused; returns the names
    of the settings that changed."""
    fixed = limits(session, workshop)
    problems: dict[str, str] = {}
    if new.anonymous != workshop.anonymous and fixed.participants_fixed:
        kind = "anonymous" if workshop.anonymous else "named"
        problems["participants"] = (
            f"{fixed.joined} {'person has' if fixed.joined == 1 else 'people have'} joined as {kind} "
            "participants, so this can no longer change."
        )
    dropped = [role for role in fixed.roles_in_use if role not in new.roles]
    if dropped:
        these = "this role" if len(dropped) == 1 else "these roles"
        problems["roles"] = (
            f"Participants chose {', '.join(dropped)}: keep {these} in the list "
            "(you may add others or change the order)."
        )
    if (
        new.closes_at is not None
        and _differs(workshop.closes_at, new.closes_at)
        and new.closes_at <= (now or utcnow())
    ):
        problems["closes_at"] = "This time has passed: choose a later one, or use “Close the workshop” now."
    if problems:
        raise SettingsRefused(problems)
    changed = []
    for name, value in (
        ("title", new.title),
        ("anonymous", new.anonymous),
        ("roles", list(new.roles)),
        ("target_profile", new.target_profile),
        ("closes_at", new.closes_at),
        ("time_zone", new.time_zone),
    ):
        if _differs(getattr(workshop, name), value):
            setattr(workshop, name, value)
            changed.append(name)
    session.flush()
    return changed


def _differs(old, new) -> bool:
    """Whether a setting changes (a close date compared as an instant, whatever its zone)."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        return _utc(old) != _utc(new)
    return old != new


def _utc(moment: datetime) -> datetime:
    """An aware time; SQLite hands back naive times, stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
