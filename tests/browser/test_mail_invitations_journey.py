"""Inviting workshop participants by e-mail in a real browser, against a loopback SMTP
server: the invite form refuses a bad line by name, sends the rest, the personal link
joins as the named person, and the status list shows their progress. axe-clean."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.browser import axe_violations, shoot, sign_up_consultant

pytestmark = pytest.mark.browser


@pytest.fixture
def mail_server_url(make_app, tmp_path, smtp_server):
    """The app over real HTTP, sending mail to the loopback SMTP server; yields its base URL."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}", **smtp_server.config()})
    with app.app_context():
        upgrade(database.engine)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def test_invite_by_email_then_follow_the_link_and_see_the_progress(
    page,
    browser,
    mail_server_url,
    smtp_server,
    axe_source,
):
    sign_up_consultant(page, mail_server_url)
    page.get_by_label("Client name").fill("Northwind Mutual")
    page.get_by_role("button", name="Add the client").click()
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("Quarterly review")
    page.get_by_label("Named: each gives their name").check()
    page.get_by_role("button", name="Create the workshop").click()
    page.get_by_role("link", name="Invite by e-mail and remind").click()
    expect(page.get_by_role("heading", name="Invite participants by e-mail")).to_be_visible()
    assert axe_violations(page, axe_source) == []

    people = page.get_by_label(re.compile("People to invite"))
    people.fill("Ada Lovelace <ada@example.com>\nnot an address\nEmeka Obi <emeka@example.com>")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".field--invalid")).to_contain_text('Line 2: "not an address" is not')
    assert smtp_server.messages == []
    assert axe_violations(page, axe_source) == []
    shoot(page, "mail-invite-refused")

    people.fill("Ada Lovelace <ada@example.com>\nEmeka Obi <emeka@example.com>")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("status")).to_have_text("Sent to ada@example.com, emeka@example.com.")
    link = re.search(r"http://\S+/invite/\S+", smtp_server.messages[0].part("plain"))[0]

    ada = browser.new_context().new_page()
    try:
        ada.goto(link)
        expect(ada.get_by_text("You join as Ada Lovelace.")).to_be_visible()
        assert axe_violations(ada, axe_source) == []
        shoot(ada, "mail-invite-join")
        ada.get_by_label("Engineering", exact=True).check()
        ada.get_by_role("button", name="Start answering").click()
        ada.wait_for_url("**/assessment/section/**")
    finally:
        ada.context.close()

    page.reload()
    rows = page.locator(".invited-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Joined, no answer yet")
    expect(rows.nth(1)).to_contain_text("Invited, not joined yet")
    page.get_by_role("button", name="Remind everyone who has not finished").click()
    expect(page.get_by_role("alert")).to_contain_text("ada@example.com was invited less than 24 hours ago.")
    assert len(smtp_server.messages) == 2
    assert axe_violations(page, axe_source) == []
    shoot(page, "mail-invite-status")
