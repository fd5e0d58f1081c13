"""What a visitor sees in a real browser: accessible, readable on a phone, usable by keyboard."""

from __future__ import annotations

import pytest

from tests.support.browser import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/methodology", "/no-such-page"])
def test_pages_have_no_accessibility_violations(page, live_server, axe_source, path):
    page.goto(live_server + path)
    assert axe_violations(page, axe_source) == []


def test_landing_page_is_readable_at_375_pixels_without_sideways_scrolling(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert page.get_by_role("heading", name="AI execution maturity assessment").is_visible()


def test_keyboard_user_can_skip_to_the_content_with_a_visible_focus(page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_page_runs_without_console_errors_or_blocked_resources(page, live_server):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_server + "/")
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert [m for m in messages if m.startswith("error")] == []
