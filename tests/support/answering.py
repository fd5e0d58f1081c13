"""The self-assessment in a real browser: starting the flagship, reaching an element by
keyboard, and counting autosaves, for the browser tests of answering."""

from __future__ import annotations

from .browser import is_autosave

FLAGSHIP = "AI execution maturity assessment"
SETTLE_MS = 700  # answer.js sends a radio answer 600 ms after the last change


class Autosaves:
    """Counts the autosaves a page sends and the replies it gets, so a test can wait for them all."""

    def __init__(self, page):
        self.page = page
        self.sent = 0
        self.settled = 0
        page.on("request", self._sent)
        page.on("requestfinished", self._settled)
        page.on("requestfailed", self._settled)

    @staticmethod
    def _is_autosave(request) -> bool:
        return request.method == "POST" and is_autosave(request)

    def _sent(self, request):
        self.sent += self._is_autosave(request)

    def _settled(self, request):
        self.settled += self._is_autosave(request)

    def wait(self, at_least: int = 0, timeout_ms: int = 10_000) -> None:
        """Until every autosave sent so far (and at least `at_least` of them) has its reply.

        The page sends a radio group's answer once the choice has settled (600 ms after the
        last change), so the wait starts past that time."""
        self.page.wait_for_timeout(SETTLE_MS)
        waited = 0
        while (self.settled < self.sent or self.settled < at_least) and waited < timeout_ms:
            self.page.wait_for_timeout(25)
            waited += 25
        assert self.settled == self.sent >= at_least, f"{self.sent} autosaves sent, {self.settled} settled"


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '',"
        " text: (e.textContent || '').trim()}; }"
    )


def tab_to(page, matches, limit: int = 120) -> dict:
    """Press Tab until the focused element matches; what has the focus then."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError("the keyboard never reached the element")


def fill_profile(page) -> None:
    page.get_by_label("Organisation name").fill("Northwind Mutual")
    page.get_by_label("Industry").select_option(label="Insurance")
    page.get_by_label("Size").select_option(index=3)
    page.get_by_label("Main region").select_option(label="Europe")
    page.get_by_label("Where your AI work stands").select_option(index=2)


def start_flagship(page, live_server: str) -> Autosaves:
    """Landing page, then the flagship's organisation profile; the scope page is open after."""
    page.goto(live_server + "/")
    card = page.get_by_role("article", name=FLAGSHIP)
    card.get_by_role("link", name="Start this assessment").press("Enter")
    page.wait_for_url("**/assessment/start/ai-execution")
    fill_profile(page)
    page.get_by_role("button", name="Start the assessment").press("Enter")
    page.wait_for_url("**/assessment/section/scope")
    return Autosaves(page)
