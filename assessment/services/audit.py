"""The audit log: record security-relevant events, and read a workspace's events back.

`record` adds an event to the caller's session and never commits: the event is stored by
the same commit as the change it describes, so an action that is rolled back leaves no
record, and a recorded action cannot be lost while its record is kept.

What a workspace's owners see (`workspace_events`): every event of the workspace, and the
account-level events (sign-ins, failed sign-ins, sign-outs, password changes and resets,
which belong to no workspace) of the accounts that are its members, from the time each
became a member. A member of two workspaces has their sign-ins shown to the owners of
both; a removed member's account-level events leave the log with their membership, while
the workspace's own events (their removal included) stay.

Secrets never reach the log: an event carries ids, labels (an e-mail address, a title)
and a small detail, and `record` refuses detail keys that name a secret.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, func, select, union_all
from sqlalchemy.orm import Session

from ..persistence.audit import AuditEvent
from ..persistence.portfolio import Initiative
from ..persistence.workspaces import Account, Membership, PeerCohort, Workshop, Workspace
from .accounts import normalise_email

SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_OUT = "sign_out"
PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event kind, not a password)
PASSWORD_RESET = "password_reset"  # noqa: S105 (an event kind, not a password)
PASSWORD_RESET_ISSUED = "password_reset_issued"  # noqa: S105 (an event kind, not a password)
MEMBER_INVITED = "member_invited"
INVITATION_WITHDRAWN = "invitation_withdrawn"
MEMBER_ADDED = "member_added"
MEMBER_REMOVED = "member_removed"
ROLE_CHANGED = "role_changed"
SETTINGS_CHANGED = "settings_changed"
DELETED = "deleted"
EXPORT = "export"
REPORT_DOWNLOADED = "report_downloaded"
TWO_FACTOR_ENABLED = "two_factor_enabled"
TWO_FACTOR_DISABLED = "two_factor_disabled"
RECOVERY_CODES_REPLACED = "recovery_codes_replaced"

#: The fixed vocabulary of event kinds, with the words the log page shows for each.
#: The api_token_* kinds are reserved for the API's tokens.
KINDS: dict[str, str] = {
    SIGN_IN: "Signed in",
    SIGN_IN_FAILED: "Failed sign-in",
    SIGN_OUT: "Signed out",
    PASSWORD_CHANGED: "Password changed",
    PASSWORD_RESET: "Password reset with a link",
    PASSWORD_RESET_ISSUED: "Password-reset link issued",
    MEMBER_INVITED: "Member invited",
    INVITATION_WITHDRAWN: "Invitation withdrawn",
    MEMBER_ADDED: "Member added",
    MEMBER_REMOVED: "Member removed",
    ROLE_CHANGED: "Role changed",
    SETTINGS_CHANGED: "Settings changed",
    DELETED: "Deleted",
    EXPORT: "Export",
    REPORT_DOWNLOADED: "Report downloaded",
    TWO_FACTOR_ENABLED: "Two-factor sign-in turned on",
    TWO_FACTOR_DISABLED: "Two-factor sign-in turned off",
    RECOVERY_CODES_REPLACED: "Recovery codes replaced",
    "api_token_created": "API token created",
    "api_token_revoked": "API token revoked",
    "api_token_used": "API token used",
}
#: The kinds that belong to an account rather than to one workspace.
ACCOUNT_KINDS = frozenset(
    {
        SIGN_IN,
        SIGN_IN_FAILED,
        SIGN_OUT,
        PASSWORD_CHANGED,
        PASSWORD_RESET,
        TWO_FACTOR_ENABLED,
        TWO_FACTOR_DISABLED,
        RECOVERY_CODES_REPLACED,
    }
)

#: Words that may not appear in a detail's keys: a secret has no place in the log.
SECRET_WORDS = ("password", "token", "secret", "link", "hash", "nonce", "cookie")
#: The longest text a detail value or a label may carry.
LONGEST_TEXT = 300


class Target(NamedTuple):
    """What an event acted on: its type, id and a label that outlives it."""

    type: str
    id: int | None
    label: str


def target_of(thing: Any) -> Target:
    """The Target for an account, membership, workspace, workshop, peer file or initiative."""
    match thing:
        case Target():
            return thing
        case Account():
            return Target("account", thing.id, thing.email)
        case Membership():
            return Target("account", thing.account_id, thing.account.email)
        case Workspace():
            return Target("workspace", thing.id, thing.name)
        case Workshop():
            return Target("workshop", thing.id, thing.title)
        case PeerCohort():
            return Target("peer_file", thing.id, thing.name)
        case Initiative():
            return Target("initiative", thing.id, thing.name)
    raise TypeError(f"no audit target for {type(thing).__name__}")


def account_named(session: Session, email: str) -> Target:
    """The account an e-mail address names, as a target (its id None when there is no such account)."""
    address = normalise_email(email)[:254]
    account_id = session.scalar(select(Account.id).where(Account.email == address))
    return Target("account", account_id, address)


def invitee(email: str) -> Target:
    """An invited address, as a target. It names no account, even when one has this address:
    inviting answers the same whether or not it has one, and so does the log."""
    return Target("invitation", None, normalise_email(email)[:254])


def record(
    session: Session,
    kind: str,
    *,
    workspace: Workspace | int | None = None,
    actor: Account | None = None,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Add one event to the session (the caller's commit stores it with the change)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not an audit event kind")
    if kind in ACCOUNT_KINDS and workspace is not None:
        raise ValueError(f"{kind} belongs to an account, not to a workspace")
    aimed = target_of(target) if target is not None else None
    event = AuditEvent(
        occurred_at=now or datetime.now(UTC),
        workspace_id=workspace.id if isinstance(workspace, Workspace) else workspace,
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else None,
        kind=kind,
        target_type=aimed.type if aimed else None,
        target_id=aimed.id if aimed else None,
        target_label=aimed.label[:LONGEST_TEXT] if aimed else None,
        ip=(ip or "")[:45] or None,
        detail=_checked(detail) if detail else None,
    )
    session.add(event)
    return event


def _checked(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail, when it names no secret and holds only short text, numbers and lists of them."""
    checked: dict[str, Any] = {}
    for key, value in detail.items():
        if any(word in key.lower() for word in SECRET_WORDS):
            raise ValueError(f"the audit log keeps no secrets: detail key {key!r} refused")
        items = value if isinstance(value, list | tuple) else [value]
        if not all(isinstance(item, str | int | float | bool) for item in items):
            raise ValueError(f"detail {key!r}: only text, numbers and lists of them")
        shorten = [item[:LONGEST_TEXT] if isinstance(item, str) else item for item in items]
        checked[key] = shorten if isinstance(value, list | tuple) else shorten[0]
    return checked


@dataclass(frozen=True)
class EventFilter:
    """Which events to show: some kinds (none: all), between two UTC dates (both included)."""

    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class EventPage:
    """One page of events, newest first."""

    events: list[AuditEvent]
    number: int
    pages: int
    total: int


def _filtered(query: Select, filters: EventFilter) -> Select:
    """A query of events narrowed to the filter's kinds and days."""
    if filters.kinds:
        query = query.where(AuditEvent.kind.in_(filters.kinds))
    if filters.since is not None:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(filters.since, time(), UTC))
    if filters.until is not None:
        day_after = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEvent.occurred_at < day_after)
    return query


def _sources(workspace_id: int, filters: EventFilter) -> tuple[Select, Select]:
    """The (id, occurred_at) of a workspace's own events, and of its members' account-level
    events from the time each joined (see the module's docstring).

    Two queries rather than one with OR: each uses its own index (the workspace's events by
    time; an account's events by target), where an OR made both databases read the whole
    table (`benchmarks/bench_audit_log.py`)."""
    own = select(AuditEvent.id, AuditEvent.occurred_at).where(AuditEvent.workspace_id == workspace_id)
    members = (
        select(AuditEvent.id, AuditEvent.occurred_at)
        .join(
            Membership,
            and_(Membership.account_id == AuditEvent.target_id, Membership.workspace_id == workspace_id),
        )
        .where(
            AuditEvent.workspace_id.is_(None),
            AuditEvent.target_type == "account",
            AuditEvent.occurred_at >= Membership.created_at,
        )
    )
    return _filtered(own, filters), _filtered(members, filters)


def _newest(query: Select, limit: int | None = None) -> Select:
    """An (id, occurred_at) query's rows newest first (the first `limit` of them), as a query
    that can take part in a UNION on every engine."""
    ordered = query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    rows = (ordered.limit(limit) if limit is not None else ordered).subquery()
    return select(rows.c.id, rows.c.occurred_at)


def _page_ids(workspace_id: int, filters: EventFilter, offset: int, limit: int | None) -> Select:
    """The ids of the filtered events from `offset` on, newest first. Each source gives at most
    offset + limit rows: the page is among them."""
    own, members = _sources(workspace_id, filters)
    most = offset + limit if limit is not None else None
    both = union_all(_newest(own, most), _newest(members, most)).subquery()
    query = select(both.c.id).order_by(both.c.occurred_at.desc(), both.c.id.desc()).offset(offset)
    return query.limit(limit) if limit is not None else query


def _events(session: Session, ids: list[int]) -> list[AuditEvent]:
    """The events with these ids, in the order of `ids`."""
    found = {event.id: event for event in session.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids)))}
    return [found[number] for number in ids]


def workspace_events(
    session: Session, workspace_id: int, filters: EventFilter, page: int = 1, per_page: int = 50
) -> EventPage:
    """One page of a workspace's events, newest first; a page past the last gives the last."""
    total = sum(
        session.scalar(select(func.count()).select_from(source.subquery())) or 0
        for source in _sources(workspace_id, filters)
    )
    pages = max(1, math.ceil(total / per_page))
    number = min(max(1, page), pages)
    ids = list(session.scalars(_page_ids(workspace_id, filters, (number - 1) * per_page, per_page)))
    return EventPage(_events(session, ids), number, pages, total)


def all_workspace_events(session: Session, workspace_id: int, filters: EventFilter) -> Iterator[AuditEvent]:
    """Every filtered event of a workspace, newest first, loaded 500 at a time (for the CSV export)."""
    ids = list(session.scalars(_page_ids(workspace_id, filters, 0, None)))
    for start in range(0, len(ids), 500):
        yield from _events(session, ids[start : start + 500])


def occurred_utc(event: AuditEvent) -> datetime:
    """When the event occurred, in UTC (SQLite hands the stored time back without its zone)."""
    moment = event.occurred_at
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def detail_text(event: AuditEvent) -> str:
    """The event's detail in words: "export: answers.csv; changed: title, roles"."""
    parts = []
    for key, value in (event.detail or {}).items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return "; ".join(parts)
