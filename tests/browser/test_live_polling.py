"""The live view's script in a real browser: while nothing changes its polls come back as
empty 304s and the panel stays as it is; once the workshop is closed it polls no more."""

from __future__ import annotations

import pytest

from tests.browser.test_workshop_journey import sign_up_and_create_workshop

pytestmark = pytest.mark.browser

TWO_POLLS = 11_000  # ms: the script polls every 5 s


def test_an_unchanged_room_is_polled_with_304s_and_a_closed_one_not_at_all(page, live_server):
    sign_up_and_create_workshop(page, live_server)
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
