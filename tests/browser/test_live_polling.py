"""The live view's script in a real browser: while nothing changes its polls come back as
empty 304s and the panel stays as it is; once the workshop is closed it polls no more."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_up_consultant

pytestmark = pytest.mark.browser

TWO_POLLS = 11_000  # ms: the script polls every 5 s


def open_live_view(page, live_server: str) -> None:
    """Sign up, add a client and create a workshop: the facilitator's live view."""
    sign_up_consultant(page, live_server)
    page.get_by_label("Client name").fill("Northwind Mutual")
    page.get_by_role("button", name="Add the client").click()
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("Kick-off")
    page.get_by_role("button", name="Create the workshop").click()
    expect(page.get_by_role("heading", name="Kick-off", level=1)).to_be_visible()


def test_an_unchanged_room_is_polled_with_304s_and_a_closed_one_not_at_all(page, live_server):
    open_live_view(page, live_server)
    polls = []
    page.on("response", lambda response: "live.json" in response.url and polls.append(response))
    page.evaluate("window.sameDocument = true")
    page.wait_for_timeout(TWO_POLLS)
    assert len(polls) >= 2
    assert {response.status for response in polls} == {304}
    assert page.evaluate("window.sameDocument") is True
    assert page.locator("[data-live]").get_attribute("data-updated")  # the script ran each time

    page.get_by_role("button", name="Close the workshop").click()
    page.get_by_role("button", name="Reopen the workshop").wait_for()
    assert page.locator("[data-live]").get_attribute("data-live-open") == "no"
    polls.clear()
    page.wait_for_timeout(TWO_POLLS)
    assert polls == []
