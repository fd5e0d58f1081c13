"""An owner reads the workspace's audit log in Chromium: a wrong sign-in and the sign-in
that follows are listed, the filters narrow the list, an end date before the start is
refused with a message, and the page (with and without errors) passes axe at a desktop
and a phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, shoot, sign_up_consultant

pytestmark = pytest.mark.browser

EMAIL = "farah@consultancy.example"


def test_an_owner_reads_and_filters_the_audit_log(browser, live_server, axe_source):
    violations: dict[str, list] = {}
    page = browser.new_context().new_page()
    sign_up_consultant(page, live_server)
    page.get_by_role("button", name="Sign out").first.click()
    page.goto(live_server + "/account/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The email address or the password is wrong.")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Farah Consulting").click()

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Audit events, newest first")
    expect(table.get_by_role("rowheader")).to_have_text(["Signed in", "Failed sign-in", "Signed out"])
    expect(table).to_contain_text(EMAIL)
    violations["log"] = axe_violations(page, axe_source)
    shoot(page, "audit-log")
    page.set_viewport_size({"width": 375, "height": 800})
    violations["log on a phone"] = axe_violations(page, axe_source)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Event", exact=True).select_option(label="Failed sign-in")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("1 event matches these filters.")).to_be_visible()
    expect(table.get_by_role("rowheader")).to_have_text(["Failed sign-in"])
    expect(page.get_by_role("link", name="Download these events as CSV")).to_be_visible()

    page.get_by_label("From (UTC)").fill("2026-12-31")
    page.get_by_label("To (UTC)").fill("2026-12-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The end date is before the start date")
    violations["refused filter"] = axe_violations(page, axe_source)
    shoot(page, "audit-log-refused-filter")
    assert violations == {name: [] for name in violations}
