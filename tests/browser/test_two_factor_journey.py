"""Two-factor sign-in in a real browser: set it up from the page's key with a real code,
keep the recovery codes, sign out, and sign in again with a code. Every page is axe-clean
and fits a phone."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, shoot, sign_up_consultant

pytestmark = pytest.mark.browser


def check(page, axe_source: str, name: str) -> None:
    """No accessibility violation, no sideways scrolling at 375 px, and screenshots."""
    assert axe_violations(page, axe_source) == [], name
    page.set_viewport_size({"width": 375, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, name
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, name)


def test_setting_up_two_factor_sign_in_and_signing_in_with_a_code(page, live_server, axe_source):
    sign_up_consultant(page, live_server)
    page.get_by_role("link", name="Two-factor sign-in", exact=True).click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code of your two-factor key"))).to_be_visible()
    check(page, axe_source, "two-factor-setup")
    seed = page.locator("#two-factor-key").inner_text().replace(" ", "")
    totp = pyotp.TOTP(seed)

    page.get_by_label("Code from your authenticator app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    check(page, axe_source, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_text("10 of your 10 recovery codes are unused")).to_be_visible()
    check(page, axe_source, "two-factor-on")

    page.goto(live_server + "/workspaces/")
    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server + "/account/login")
    page.get_by_label("Email address").fill("farah@consultancy.example")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code from your authenticator app, or a recovery code").fill("12345x")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("This code is wrong").first).to_be_visible()
    check(page, axe_source, "two-factor-second-step-error")
    ahead = totp.at(time.time() + 30)  # the enrolment used this step's code: one step of drift is fine
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(ahead)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your workspaces")).to_be_visible()


def test_the_sign_in_rule_page_is_accessible(page, live_server, axe_source):
    sign_up_consultant(page, live_server)
    page.get_by_role("link", name="Sign-in rule: require two-factor sign-in").click()
    page.get_by_label("Members must use two-factor sign-in to open this workspace").check()
    page.get_by_role("button", name="Save the sign-in rule").click()
    expect(page.get_by_text("Turn on two-factor sign-in for your own account first")).to_be_visible()
    check(page, axe_source, "two-factor-sign-in-rule")
