"""Named workshop participants invited by e-mail: reading the pasted list, inviting,
joining through the personal link, and reminding.

The personal link's token is stored only as its SHA-256. Joining through it makes a
Respondent whose resume token is that same token, so the link resumes afterwards. A
reminder carries a fresh link: the token is replaced (for a participant who has joined,
their resume token too, so a device still answering with the old link is asked to open
the new one; nothing they saved is lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence import Respondent
from ..persistence.assessments import new_token, token_hash  # noqa: F401 - new_token for callers
from ..persistence.mail_invitations import WorkshopInvitation
from ..persistence.models import utcnow
from ..persistence.workspaces import Workshop
from .workshops import JoinRefused, close_if_due

#: The shortest time between two reminders to one person.
REMINDER_INTERVAL = timedelta(hours=24)
#: At most this many people in one paste.
MAX_INVITEES = 200
#: "Name <address>" or a bare address.
_NAMED = re.compile(r"^(?P<name>.*?)\s*<(?P<address>[^<>]+)>$")
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")


@dataclass(frozen=True)
class Invitee:
    """One person read from the pasted list."""

    name: str
    address: str


class InviteeListRefused(ValueError):
    """A pasted list with at least one line that cannot be used; `problems` say which and why."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def read_invitees(text: str, already_invited: set[str] = frozenset()) -> list[Invitee]:
    """The people in a pasted list, one per line; raises InviteeListRefused naming every bad line.

    A line is "Name <address>" or "address" (the name is then the address's local part).
    Blank lines are skipped; an address twice in the list, or already invited, is refused."""
    invitees: list[Invitee] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        named = _NAMED.match(line)
        name, address = (named["name"].strip(), named["address"].strip()) if named else ("", line)
        if not _ADDRESS.match(address) or len(address) > 254:
            problems.append(f'Line {number}: "{_clip(line)}" is not "Name <address>" or an e-mail address.')
            continue
        if "@" in name:
            problems.append(f"Line {number}: the name holds an address; put one person on each line.")
            continue
        if any(ord(character) < 32 for character in name):
            problems.append(f"Line {number}: the name has a control character.")
            continue
        if len(name) > 200:
            problems.append(f"Line {number}: the name is longer than 200 characters.")
            continue
        key = address.lower()
        if key in seen:
            problems.append(f"Line {number}: {address} is already on an earlier line.")
            continue
        if key in already_invited:
            problems.append(f"Line {number}: {address} is already invited to this workshop.")
            continue
        seen.add(key)
        invitees.append(Invitee(name or address.split("@")[0], address))
    if not invitees and not problems:
        problems.append("Enter at least one address, one person per line.")
    if len(invitees) > MAX_INVITEES:
        problems.append(f"Invite at most {MAX_INVITEES} people at once.")
    if problems:
        raise InviteeListRefused(problems)
    return invitees


def _clip(line: str) -> str:
    """A line shortened for an error message."""
    return line if len(line) <= 60 else line[:57] + "..."


def invitations_of(session: Session, workshop: Workshop) -> list[WorkshopInvitation]:
    """The workshop's invitations, in the order they were made."""
    return list(
        session.scalars(
            select(WorkshopInvitation)
            .where(WorkshopInvitation.workshop_id == workshop.id)
            .order_by(WorkshopInvitation.invited_at, WorkshopInvitation.id)
        )
    )


def invited_addresses(session: Session, workshop: Workshop) -> set[str]:
    """The addresses already invited to the workshop, lower-cased."""
    return {i.address.lower() for i in invitations_of(session, workshop)}


def invite(
    session: Session, workshop: Workshop, invitees: list[tuple[Invitee, str]]
) -> list[WorkshopInvitation]:
    """New invitations for (invitee, token) pairs; the tokens are sent or shown once, never stored.

    The caller makes the tokens with `new_token` first, so that only the invitations whose
    message was sent are stored."""
    made = [
        WorkshopInvitation(
            workshop_id=workshop.id, name=invitee.name, address=invitee.address, token_hash=token_hash(token)
        )
        for invitee, token in invitees
    ]
    session.add_all(made)
    session.flush()
    return made


def invitation_by_token(session: Session, token: str) -> WorkshopInvitation | None:
    """The invitation a personal link's token belongs to, if any."""
    return session.scalar(
        select(WorkshopInvitation).where(WorkshopInvitation.token_hash == token_hash(token))
    )


def invitation_of(session: Session, workshop: Workshop, invitation_id: int) -> WorkshopInvitation | None:
    """One of the workshop's invitations by id (None for another workshop's)."""
    invitation = session.get(WorkshopInvitation, invitation_id)
    return invitation if invitation is not None and invitation.workshop_id == workshop.id else None


def join_invited(session: Session, invitation: WorkshopInvitation, role: str, token: str) -> Respondent:
    """The invitee joins as the named participant; their resume token is the link's token."""
    workshop = session.get(Workshop, invitation.workshop_id)
    close_if_due(workshop)
    if not workshop.is_open:
        raise JoinRefused("This workshop is closed.")
    if role not in workshop.roles:
        raise JoinRefused("Choose one of the roles offered.")
    respondent = Respondent(
        assessment_id=workshop.assessment_id,
        role=role,
        name=None if workshop.anonymous else invitation.name,
        token_hash=token_hash(token),
    )
    session.add(respondent)
    session.flush()
    invitation.respondent_id = respondent.id
    return respondent


def reminder_refused(invitation: WorkshopInvitation, now: datetime | None = None) -> str | None:
    """Why this person cannot be reminded now, or None."""
    now = now or utcnow()
    last = invitation.last_reminded_at or invitation.invited_at
    if last is not None and now - _aware(last) < REMINDER_INTERVAL:
        hours = int(REMINDER_INTERVAL.total_seconds() // 3600)
        what = "reminded" if invitation.last_reminded_at else "invited"
        return f"{invitation.address} was {what} less than {hours} hours ago."
    return None


def use_new_link(invitation: WorkshopInvitation, token: str) -> None:
    """Make `token` (from `new_token`, just sent) the invitation's link, and the participant's
    resume token once joined, so the earlier link stops working."""
    invitation.token_hash = token_hash(token)
    if invitation.respondent is not None:
        invitation.respondent.token_hash = invitation.token_hash


def mark_reminded(invitation: WorkshopInvitation, token: str, now: datetime | None = None) -> None:
    """Record that a reminder carrying `token` was sent."""
    use_new_link(invitation, token)
    invitation.last_reminded_at = now or utcnow()


def _aware(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite returns naive ones)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
