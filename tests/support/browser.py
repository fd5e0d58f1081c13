"""Steps in a real browser (Playwright's page) shared by the browser tests."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core on the current page against WCAG 2.1 A and AA; the violations found."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays in force.
    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def sign_up_consultant(page, live_server: str) -> None:
    """A consultant signs up through the form and opens the new workspace's page."""
    page.goto(live_server + "/account/signup")
    page.get_by_label("Your name").fill("Farah Facilitator")
    page.get_by_label("Email address").fill("farah@consultancy.example")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_label("Workspace name").fill("Farah Consulting")
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("link", name="Farah Consulting").click()


def shoot(page, name: str) -> None:
    """Keep full-page screenshots at 1280 and 375 pixels when SCREENSHOTS names a folder."""
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def start(page, live_server: str) -> None:
    """The flagship's organisation profile, then its scope page."""
    page.goto(live_server + "/assessment/start/ai-execution")
    page.get_by_label("Organisation name").fill("Northwind Mutual")
    page.get_by_label("Industry").select_option(label="Insurance")
    page.get_by_label("Size").select_option(index=3)
    page.get_by_label("Main region").select_option(label="Europe")
    page.get_by_label("Where your AI work stands").select_option(index=2)
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url("**/assessment/section/scope")


#: The autosave's address, whatever query names the page's respondent (for page.route).
AUTOSAVE_URL = re.compile(r"/assessment/answers(\?.*)?$")


def is_autosave(message) -> bool:
    """Whether a request or response is an autosave's (its address names the page's respondent)."""
    return urlsplit(message.url).path == "/assessment/answers"


def choose(page, question: str, value: str) -> None:
    """Pick an option and wait for its autosave to be acknowledged."""
    with page.expect_response(lambda r: is_autosave(r) and r.ok):
        page.locator(f'input[name="{question}"][value="{value}"]').check()
