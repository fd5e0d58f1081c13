"""The audit log's service and table: events kept with the change they describe, read back
newest first and filtered, no secret ever stored, and rows the database refuses to change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from assessment.extensions import database
from assessment.persistence import AuditEvent, upgrade
from assessment.persistence.workspaces import Membership
from assessment.services import audit
from assessment.services.accounts import sign_up
from assessment.services.audit import EventFilter

PASSWORD = "correct horse battery"
DAY = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(ready_app):
    """A session on the migrated database, inside an app context."""
    with ready_app.app_context():
        yield database.session


@pytest.fixture
def owner(db):
    """An account that owns a workspace of its own."""
    account = sign_up(db, "ada@example.com", PASSWORD, "Ada", "Ada Consulting")
    db.commit()
    return account


def workspace_of(db, account) -> int:
    """The id of the account's (first) workspace."""
    return db.scalar(select(Membership.workspace_id).where(Membership.account_id == account.id))


def kinds(page) -> list[str]:
    """The kinds of a page's events, in the order listed."""
    return [event.kind for event in page.events]


def test_an_event_is_stored_by_the_callers_commit_with_who_what_and_where(db, owner):
    ws = workspace_of(db, owner)
    audit.record(
        db,
        audit.EXPORT,
        workspace=ws,
        actor=owner,
        target=audit.Target("workshop", 7, "Kick-off"),
        detail={"export": "answers (CSV)"},
        ip="192.0.2.7",
    )
    db.commit()
    (event,) = db.scalars(select(AuditEvent)).all()
    assert (event.workspace_id, event.actor_id, event.actor_label) == (ws, owner.id, "ada@example.com")
    assert (event.target_type, event.target_id, event.target_label) == ("workshop", 7, "Kick-off")
    assert (event.ip, event.detail) == ("192.0.2.7", {"export": "answers (CSV)"})
    assert audit.occurred_utc(event) <= datetime.now(UTC)


def test_a_rolled_back_action_leaves_no_record(db, owner):
    audit.record(db, audit.SETTINGS_CHANGED, workspace=workspace_of(db, owner), actor=owner)
    db.rollback()
    assert db.scalars(select(AuditEvent)).all() == []


def test_a_secret_in_the_detail_is_refused_and_an_unknown_kind_too(db, owner):
    ws = workspace_of(db, owner)
    for key in ("password", "new_password", "reset_link", "api_token", "Secret"):
        with pytest.raises(ValueError, match="keeps no secrets"):
            audit.record(db, audit.SETTINGS_CHANGED, workspace=ws, detail={key: "hunter2"})
    with pytest.raises(ValueError, match="not an audit event kind"):
        audit.record(db, "coffee_made", workspace=ws)
    with pytest.raises(ValueError, match="belongs to an account"):
        audit.record(db, audit.SIGN_IN, workspace=ws, actor=owner)
    db.commit()
    assert db.scalars(select(AuditEvent)).all() == []


def test_events_are_listed_newest_first_a_page_at_a_time(db, owner):
    ws = workspace_of(db, owner)
    for minute in range(5):
        audit.record(
            db, audit.EXPORT, workspace=ws, detail={"n": minute}, now=DAY + timedelta(minutes=minute)
        )
    db.commit()
    first = audit.workspace_events(db, ws, EventFilter(), page=1, per_page=2)
    last = audit.workspace_events(db, ws, EventFilter(), page=9, per_page=2)
    assert (first.total, first.pages) == (5, 3)
    assert [event.detail["n"] for event in first.events] == [4, 3]
    assert last.number == 3 and [event.detail["n"] for event in last.events] == [0]


def test_filters_keep_one_kind_and_whole_utc_days_with_both_ends_included(db, owner):
    ws = workspace_of(db, owner)
    for day, kind in ((1, audit.EXPORT), (2, audit.DELETED), (3, audit.EXPORT), (4, audit.EXPORT)):
        moment = datetime(2026, 11, day, 23, 59, 59, tzinfo=UTC)
        audit.record(db, kind, workspace=ws, detail={"day": day}, now=moment)
    db.commit()
    exports = audit.workspace_events(db, ws, EventFilter(kinds=(audit.EXPORT,)))
    assert [event.detail["day"] for event in exports.events] == [4, 3, 1]
    middle = audit.workspace_events(db, ws, EventFilter(since=date(2026, 11, 2), until=date(2026, 11, 3)))
    assert [event.detail["day"] for event in middle.events] == [3, 2]


def test_another_workspaces_events_are_never_listed(db, owner):
    other = sign_up(db, "grace@example.com", PASSWORD, "Grace", "Grace Partners")
    db.commit()
    audit.record(db, audit.EXPORT, workspace=workspace_of(db, other), actor=other)
    audit.record(db, audit.SIGN_IN, actor=other, target=other)
    db.commit()
    assert audit.workspace_events(db, workspace_of(db, owner), EventFilter()).total == 0
    assert kinds(audit.workspace_events(db, workspace_of(db, other), EventFilter())) == ["sign_in", "export"]


def test_a_members_sign_ins_are_shown_from_the_day_they_joined(db, owner):
    ws = workspace_of(db, owner)
    joined = db.scalar(select(Membership.created_at).where(Membership.account_id == owner.id))
    joined = joined.replace(tzinfo=UTC) if joined.tzinfo is None else joined
    audit.record(db, audit.SIGN_IN, actor=owner, target=owner, now=joined - timedelta(days=1))
    audit.record(db, audit.SIGN_IN_FAILED, target=audit.account_named(db, " ADA@example.com "))
    audit.record(db, audit.SIGN_IN_FAILED, target=audit.account_named(db, "nobody@example.com"))
    db.commit()
    page = audit.workspace_events(db, ws, EventFilter())
    assert kinds(page) == ["sign_in_failed"]
    assert (page.events[0].target_id, page.events[0].target_label) == (owner.id, "ada@example.com")


def test_the_detail_reads_as_words(db, owner):
    event = audit.record(
        db, audit.SETTINGS_CHANGED, workspace=workspace_of(db, owner), detail={"changed": ["title", "roles"]}
    )
    assert audit.detail_text(event) == "changed: title, roles"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET kind = 'sign_in', actor_label = 'someone-else@example.com'",
        "DELETE FROM audit_events",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(db, owner, statement):
    audit.record(db, audit.EXPORT, workspace=workspace_of(db, owner), actor=owner, detail={"export": "x"})
    db.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(text(statement))
        db.commit()
    db.rollback()
    (event,) = db.scalars(select(AuditEvent)).all()
    assert (event.kind, event.actor_label) == ("export", "ada@example.com")


@pytest.mark.postgresql
def test_postgresql_refuses_to_truncate_the_log(make_app, postgres_url):
    app = make_app({"DATABASE_URL": postgres_url})
    with app.app_context():
        upgrade(database.engine)
        db = database.session
        owner = sign_up(db, "ada@example.com", PASSWORD, "Ada", "Ada Consulting")
        audit.record(db, audit.EXPORT, workspace=workspace_of(db, owner), detail={"export": "x"})
        db.commit()
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(text("TRUNCATE audit_events"))
        db.rollback()
        assert len(db.scalars(select(AuditEvent)).all()) == 1
