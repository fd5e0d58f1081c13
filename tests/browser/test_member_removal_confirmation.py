"""Removing a workspace member in a real browser: Remove opens a page naming them, and only
its button removes; the results page explains "critical" in visible text. axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, choose, shoot, sign_up_consultant, start

pytestmark = pytest.mark.browser


def test_remove_asks_for_confirmation_naming_the_member(page, browser, live_server, axe_source):
    sign_up_consultant(page, live_server)
    workspace_url = page.url
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_role("button", name="Invite").click()
    link = page.locator("#invitation-link").input_value()
    other = browser.new_context()
    grace = other.new_page()
    try:
        grace.goto(live_server + "/account/signup")
        grace.get_by_label("Your name").fill("Grace Hopper")
        grace.get_by_label("Email address").fill("grace@example.com")
        grace.get_by_label("Password").fill("plum harbour velvet orbit")
        grace.get_by_label("Workspace name").fill("Grace Ltd")
        grace.get_by_role("button", name="Create the account").click()
        grace.goto(link)
        grace.get_by_role("button", name="Accept and join").click()
    finally:
        other.close()
    page.goto(workspace_url)
    assert axe_violations(page, axe_source) == []
    shoot(page, "workspace-members")
    page.get_by_role("link", name="Remove Grace Hopper (grace@example.com) from the workspace").click()
    expect(page.get_by_role("heading", name="Remove Grace Hopper from Farah Consulting?")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    shoot(page, "member-remove-confirm")
    page.get_by_role("link", name="Keep Grace Hopper: back to the workspace").click()
    expect(page.locator(".members")).to_contain_text("Grace Hopper (grace@example.com): facilitator")
    page.get_by_role("link", name="Remove Grace Hopper (grace@example.com) from the workspace").click()
    page.get_by_role("button", name="Remove Grace Hopper (grace@example.com)").click()
    expect(page.get_by_text("Grace Hopper (grace@example.com) is no longer a member.")).to_be_visible()
    page.get_by_role(
        "link", name="Remove Farah Facilitator (farah@consultancy.example) from the workspace"
    ).click()
    expect(page.get_by_role("heading", name="You cannot leave")).to_be_visible()
    expect(page.get_by_role("button", name="Leave Farah Consulting")).to_have_count(0)
    assert axe_violations(page, axe_source) == []
    shoot(page, "member-remove-last-owner")


def test_the_results_explain_critical_and_what_holds_each_level(page, live_server, axe_source):
    start(page, live_server)
    for question, value in (
        ("scope-build-buy", "both"),
        ("scope-agents", "none"),
        ("scope-eu-high-risk", "none"),
    ):
        choose(page, question, value)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("[data-critical-note]")).to_be_visible()
    shoot(page, "section-critical-note")
    page.goto(live_server + "/assessment/results")
    expect(page.locator("[data-critical-note]")).to_contain_text("one critical answer below a level")
    expect(page.locator("[data-held-by]").first).to_contain_text("Held at level")
    assert axe_violations(page, axe_source) == []
    shoot(page, "results-critical")
