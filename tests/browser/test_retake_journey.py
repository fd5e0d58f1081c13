"""The retake journey in a real browser: the new private link at the top of the first page,
the old link opening the old assessment read-only, an autosave to it refused beside its
question, and the browser that retook sent back to the newer assessment.

Two browser contexts stand for two devices: the laptop that retakes and a phone that
still has the old assessment's page open from before the retake.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, choose, is_autosave, shoot, start

pytestmark = pytest.mark.browser

RETAKEN = re.compile(r"This assessment was retaken on \d{1,2} \w+ \d{4}")


def test_a_retake_freezes_the_old_assessment_and_points_the_right_browser_to_the_new_one(
    page, browser, live_server, axe_source
):
    # The laptop answers the scope page and one question of the next page.
    start(page, live_server)
    for question, value in (
        ("scope-build-buy", "both"),
        ("scope-agents", "none"),
        ("scope-eu-high-risk", "none"),
    ):
        choose(page, question, value)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/assessment/section/leadership")
    choose(page, "own-accountable-owner", "some-named")
    old_link = page.locator("#resume-url").input_value()

    # The phone opens the old link and keeps the question page open.
    phone_context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = phone_context.new_page()
    try:
        phone.goto(old_link)
        phone.goto(live_server + "/assessment/section/leadership")
        expect(phone.locator('input[name="own-accountable-owner"][value="some-named"]')).to_be_checked()

        # The laptop retakes from its previous answers.
        page.goto(live_server + "/assessment/results")
        page.get_by_label("From our previous answers").check()
        page.get_by_role("button", name="Retake", exact=True).click()
        heading = page.get_by_role("heading", name="You have a new private link")
        expect(heading).to_be_visible()
        assert heading.bounding_box()["y"] < 600  # at the top, without scrolling
        new_link = page.locator("#resume-url").input_value()
        assert new_link != old_link
        assert axe_violations(page, axe_source) == []
        shoot(page, "retake-new-link")

        # The phone's page still offers the options; a tap is refused beside the question.
        with phone.expect_response(is_autosave) as refused:
            option = phone.locator('input[name="own-accountable-owner"][value="all-named"]')
            phone.locator(f'label[for="{option.get_attribute("id")}"]').click()
        assert refused.value.status == 409
        state = phone.locator("#q-own-accountable-owner [data-save-state]")
        expect(state).to_have_text(
            re.compile(r"Not saved: This assessment was retaken on .*can no longer change")
        )
        expect(phone.locator('input[name="own-accountable-owner"][value="some-named"]')).to_be_checked()

        # Reloaded, the old assessment says so at the top and offers nothing to change.
        phone.reload()
        notice = phone.locator("[data-retaken]")
        expect(notice).to_contain_text(RETAKEN)
        expect(notice).to_contain_text("Your newer assessment has its own private link")
        expect(notice.get_by_role("button", name="Open your newer assessment")).to_have_count(0)
        expect(phone.locator('input[name="own-accountable-owner"][value="all-named"]')).to_be_disabled()
        expect(phone.get_by_role("button", name="Save and continue")).to_have_count(0)
        assert axe_violations(phone, axe_source) == []
        shoot(phone, "retaken-section")
        phone.goto(live_server + "/assessment/results")
        expect(phone.locator("[data-retaken]")).to_contain_text(RETAKEN)
        expect(phone.get_by_role("button", name="Retake", exact=True)).to_have_count(0)
        assert axe_violations(phone, axe_source) == []
        shoot(phone, "retaken-results")
    finally:
        phone_context.close()

    # The laptop, which holds the new link, opens the old one and is offered the way back.
    page.goto(old_link)
    page.get_by_role("button", name="Switch to the linked assessment").click()
    notice = page.locator("[data-retaken]")
    expect(notice).to_contain_text(RETAKEN)
    shoot(page, "retaken-results-with-way-back")
    notice.get_by_role("button", name="Open your newer assessment").click()
    expect(page.locator("[data-retaken]")).to_have_count(0)
    assert page.locator("#resume-url").input_value() == new_link
