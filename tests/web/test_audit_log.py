"""A workspace's audit log: what each security-relevant action records, what a refused or
rolled-back action leaves (nothing), that no secret is kept, who may read the log, its
filters, and its CSV export made safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Account, AuditEvent, Membership
from tests.support.journeys import (
    PASSWORD,
    add_member,
    answer,
    join,
    join_code,
    make_workshop,
    sign_up,
    upload,
)
from tests.support.queue import Worker, redis_url  # noqa: F401 - redis_url is a fixture

NEW = "a lighthouse keeper's logbook"
PEERS = (
    "organisation,family,completed_at,consented,completeness,industry,size,region,overall\n"
    "client-1,ai-execution@2,2025-01-01,yes,1,retail,1-249,europe,3\n"
)


def events(app) -> list[AuditEvent]:
    """Every stored event, oldest first."""
    with app.app_context():
        found = list(database.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        database.session.close()
        return found


def kinds(app) -> list[str]:
    """The kinds of every stored event, oldest first."""
    return [event.kind for event in events(app)]


def stored_text(app) -> str:
    """Every column of every event, as one text to search for secrets."""
    return "\n".join(
        repr((e.actor_label, e.kind, e.target_type, e.target_label, e.ip, e.detail)) for e in events(app)
    )


def membership_id(app, email: str, workspace_id: int = 1) -> int:
    """The id of an account's membership of a workspace."""
    with app.app_context():
        return database.session.scalar(
            select(Membership.id)
            .join(Account)
            .where(Membership.workspace_id == workspace_id, Account.email == email)
        )


def team(app):
    """Ada owns workspace 1; Grace is a facilitator there (and owns workspace 2)."""
    owner, grace = app.test_client(), app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    add_member(owner, grace)
    return owner, grace


def log_page(client, query: str = "", workspace_id: int = 1):
    """The audit log page of a workspace, with a query string."""
    return client.get(f"/workspaces/{workspace_id}/audit{query}")


def test_sign_in_a_failed_sign_in_and_sign_out_are_recorded_without_the_password(journey_app):
    sign_up(journey_app.test_client())
    browser = journey_app.test_client()
    wrong = browser.post("/account/login", data={"email": "Ada@example.com", "password": "not my password"})
    assert wrong.status_code == 422
    right = browser.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert right.status_code == 302
    assert browser.post("/account/logout").status_code == 302
    failed, signed_in, signed_out = events(journey_app)
    assert (failed.kind, failed.actor_id, failed.target_label, failed.workspace_id) == (
        "sign_in_failed",
        None,
        "ada@example.com",
        None,
    )
    assert (signed_in.kind, signed_in.actor_label, signed_in.ip) == (
        "sign_in",
        "ada@example.com",
        "127.0.0.1",
    )
    assert signed_out.kind == "sign_out"
    assert "not my password" not in stored_text(journey_app) and PASSWORD not in stored_text(journey_app)


def test_an_owner_sees_the_sign_ins_of_members_but_not_of_strangers(journey_app):
    owner, _ = team(journey_app)
    journey_app.test_client().post(
        "/account/login", data={"email": "grace@example.com", "password": "x" * 12}
    )
    stranger = journey_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Ltd")
    stranger.post("/account/login", data={"email": "eve@example.com", "password": PASSWORD})
    page = log_page(owner, "?kind=sign_in_failed").get_data(as_text=True)
    assert "grace@example.com" in page and "1 event matches" in page
    assert "eve@example.com" not in log_page(owner).get_data(as_text=True)


def test_password_change_and_reset_are_recorded_and_neither_password_nor_link_is_kept(journey_app):
    owner, _ = team(journey_app)
    with journey_app.app_context():  # Grace leaves her own workspace, so Ada may issue her a link
        database.session.query(Membership).filter_by(workspace_id=2).delete()
        database.session.commit()
    issued = owner.post(f"/workspaces/1/members/{membership_id(journey_app, 'grace@example.com')}/reset-link")
    page = issued.get_data(as_text=True)
    link = re.search(r'id="reset-link" type="text" readonly value="http://localhost([^"]+)"', page).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    reset = journey_app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    assert reset.status_code == 302
    again = journey_app.test_client()
    again.post("/account/login", data={"email": "grace@example.com", "password": NEW})
    changed = again.post(
        "/account/password",
        data={
            "current": NEW,
            "password": "an otter's seventh birthday",
            "confirm": "an otter's seventh birthday",
        },
    )
    assert changed.status_code == 302
    assert kinds(journey_app)[-4:] == [
        "password_reset_issued",
        "password_reset",
        "sign_in",
        "password_changed",
    ]
    stored = stored_text(journey_app)
    for secret in (token, link, NEW, "otter", PASSWORD):
        assert secret not in stored
    assert "Password-reset link issued" in log_page(owner).get_data(as_text=True)


def test_member_changes_are_recorded_with_the_member_and_the_role(journey_app):
    owner, _ = team(journey_app)
    grace_id = membership_id(journey_app, "grace@example.com")
    assert owner.post(f"/workspaces/1/members/{grace_id}/role", data={"role": "owner"}).status_code == 302
    assert owner.post(f"/workspaces/1/members/{grace_id}/remove", data={"confirm": "yes"}).status_code == 302
    recorded = [(e.kind, e.target_label, e.detail, e.workspace_id) for e in events(journey_app)]
    assert recorded[-4:] == [
        ("member_invited", "grace@example.com", {"role": "facilitator"}, 1),
        ("member_added", "grace@example.com", {"role": "facilitator"}, 1),
        ("role_changed", "grace@example.com", {"role": "owner"}, 1),
        ("member_removed", "grace@example.com", {"role": "owner"}, 1),
    ]
    assert events(journey_app)[-2].actor_label == "ada@example.com"
    invited = events(journey_app)[-4]
    assert (invited.target_type, invited.target_id) == ("invitation", None)  # never says if an account exists


def test_a_refused_action_leaves_no_record(journey_app):
    owner, _ = team(journey_app)
    before = kinds(journey_app)
    ada_id = membership_id(journey_app, "ada@example.com")
    assert (
        owner.post(f"/workspaces/1/members/{ada_id}/remove", data={"confirm": "yes"}).status_code == 409
    )  # the last owner
    assert owner.post(f"/workspaces/1/members/{ada_id}/role", data={"role": "facilitator"}).status_code == 409
    assert kinds(journey_app) == before


def test_a_rolled_back_settings_change_leaves_no_record(journey_app, consultant):
    live = make_workshop(journey_app, consultant)
    settings = live.rstrip("/") + "/settings"
    base = {"title": "Kick-off", "participants": "anonymous", "roles": "Product", "time_zone": "UTC"}
    refused = consultant.post(settings, data=base | {"closes_at": "2001-01-01T10:00"})
    assert refused.status_code == 409
    assert "settings_changed" not in kinds(journey_app)
    assert consultant.post(settings, data=base | {"title": "Board day"}).status_code == 302
    (event,) = [e for e in events(journey_app) if e.kind == "settings_changed"]
    assert (event.target_type, event.target_label) == ("workshop", "Board day")
    assert set(event.detail["changed"]) >= {"title", "roles"}


def test_branding_deletion_and_exports_are_recorded_and_a_refused_download_is_not(journey_app, consultant):
    live = make_workshop(journey_app, consultant).rstrip("/")
    assert consultant.post("/workspaces/1/branding", data={"accent": "#123456"}).status_code == 302
    upload(consultant, PEERS)
    assert consultant.get("/workspaces/1/cohorts/1/results.csv").status_code == 200
    assert consultant.post("/workspaces/1/cohorts/1/delete").status_code == 302
    for export in ("answers.csv", "answers.json", "workbook.xlsx"):
        assert consultant.get(f"{live}/{export}").status_code == 200
    assert consultant.get(f"{live}/report.pdf").status_code == 409  # nobody answered: no report
    recorded = [(e.kind, e.target_type, e.detail) for e in events(journey_app) if e.kind != "sign_in"]
    assert recorded == [
        ("settings_changed", "workspace", {"changed": "branding"}),
        ("export", "peer_file", {"export": "peer file (CSV)"}),
        ("deleted", "peer_file", {"what": "peer file"}),
        ("export", "workshop", {"export": "answers (CSV)"}),
        ("export", "workshop", {"export": "answers (JSON)"}),
        ("export", "workshop", {"export": "figures (Excel)"}),
    ]


def test_only_the_workspaces_owners_read_its_log(journey_app):
    owner, grace = team(journey_app)
    assert log_page(owner).status_code == 200
    assert log_page(grace).status_code == 403  # a facilitator of workspace 1
    assert grace.get("/workspaces/1/audit.csv").status_code == 403
    assert log_page(grace, workspace_id=2).status_code == 200  # her own workspace
    assert log_page(owner, workspace_id=2).status_code == 404
    anonymous = journey_app.test_client().get("/workspaces/1/audit")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    workspace_page = owner.get("/workspaces/1/").get_data(as_text=True)
    assert 'href="/workspaces/1/audit"' in workspace_page
    assert 'href="/workspaces/1/audit"' not in grace.get("/workspaces/1/").get_data(as_text=True)


def test_filters_narrow_the_log_and_a_bad_filter_says_what_to_type(journey_app):
    owner, _ = team(journey_app)
    members = log_page(owner, "?kind=member_added").get_data(as_text=True)
    assert "Member added" in members and "1 event matches" in members
    assert "No events match" in log_page(owner, "?since=2001-01-01&until=2001-01-31").get_data(as_text=True)
    bad = log_page(owner, "?since=31/12/2026")
    assert bad.status_code == 422 and "Enter the start date as YYYY-MM-DD" in bad.get_data(as_text=True)
    backwards = log_page(owner, "?since=2026-12-02&until=2026-12-01")
    assert backwards.status_code == 422 and "The end date is before the start date" in backwards.get_data(
        as_text=True
    )
    unknown = log_page(owner, "?kind=coffee")
    assert unknown.status_code == 422 and "Choose an event from the list" in unknown.get_data(as_text=True)


def test_the_log_pages_newest_first(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    for _ in range(55):
        owner.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    first = log_page(owner).get_data(as_text=True)
    assert "55 events" in first and "Page 1 of 2" in first and "Older events" in first
    second = log_page(owner, "?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "Newer events" in second
    assert second.count("<tr>") == 5 + 1  # five events and the header row


def test_the_csv_export_lists_the_filtered_events_with_formulas_made_text_and_is_recorded(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    make_workshop(journey_app, owner, title='=HYPERLINK("http://evil.example","x")')
    owner.post(
        "/workspaces/1/workshops/1/settings",
        data={
            "title": "+cmd|' /C calc'!A0",
            "participants": "anonymous",
            "roles": "@SUM(1)",
            "time_zone": "UTC",
        },
    )
    response = owner.get("/workspaces/1/audit.csv?kind=settings_changed")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1
    assert rows[0]["kind"] == "settings_changed" and rows[0]["target"] == "'+cmd|' /C calc'!A0"
    assert rows[0]["actor_email"] == "ada@example.com" and rows[0]["occurred_at_utc"].endswith("+00:00")
    assert events(journey_app)[-1].detail == {"export": "audit log (CSV)"}
    bad = owner.get("/workspaces/1/audit.csv?until=soon")
    assert bad.status_code == 422 and events(journey_app)[-1].detail == {"export": "audit log (CSV)"}
    assert kinds(journey_app).count("export") == 1


def test_user_text_on_the_log_page_is_escaped(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    make_workshop(journey_app, owner)
    owner.post(
        "/workspaces/1/workshops/1/settings",
        data={
            "title": "<script>alert(1)</script>",
            "participants": "anonymous",
            "roles": "P",
            "time_zone": "UTC",
        },
    )
    page = log_page(owner).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.slow  # a group report rendered by a worker
def test_a_queued_report_is_recorded_once_when_it_is_served_not_while_it_is_prepared(
    journey_app,
    consultant,
    live_page,
    redis_url,  # noqa: F811
    tmp_path,
):
    participant = join(journey_app, join_code(journey_app))
    answer(participant, "all-named")
    journey_app.config.update(REDIS_URL=redis_url, REPORT_CACHE_DIR=str(tmp_path / "reports"))
    report = f"{live_page}report.pdf"
    assert consultant.get(report).status_code == 202
    assert consultant.get(report).status_code == 202  # the page looks again
    assert "report_downloaded" not in kinds(journey_app)
    Worker(journey_app, tmp_path / "worker.log").burst()
    served = consultant.get(report)
    assert served.status_code == 200 and served.mimetype == "application/pdf"
    assert kinds(journey_app).count("report_downloaded") == 1
    assert events(journey_app)[-1].detail == {"report": "group report (PDF)"}
