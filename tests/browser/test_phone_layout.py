"""Phones and narrow windows: the results page, a workshop's live view and the room's revealed
results fit a 375 px phone and a 320 px window (WCAG's reflow width) without sideways page
scrolling, and no table cell splits a word or a number across lines ("Sc / ore", "0. / 3").
A wide table scrolls inside its own labelled region instead. A form refused for errors puts
focus on its error summary and ties each field to its hint and its message.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.browser import axe_violations
from tests.support.journeys import answer_scope, autosave, join, join_code, make_workshop, start

pytestmark = pytest.mark.browser

WIDTHS = (375, 320)

#: Elements whose right edge passes the viewport, leaving out what a box that scrolls or clips
#: its content holds (a table's scroll region, the chart's frame): that box itself is checked.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const held = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !held(element)) {
      wide.push(element.tagName + '.' + element.getAttribute('class'));
    }
  }
  return {page: document.documentElement.scrollWidth, width: width, wide: wide};
}"""

#: Table cells with a word (any run of non-spaces) drawn on more than one line.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.visually-hidden')) continue;
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


@pytest.fixture
def served(make_app, tmp_path: Path):
    """The app and its base URL over real HTTP, so a test can prepare data with test clients (CSRF
    off for them: it has its own tests)."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'phone.db'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def as_browser(browser, client, url: str):
    """A browser page carrying the test client's session cookie (the same person)."""
    context = browser.new_context()
    cookie = client.get_cookie("session")
    context.add_cookies([{"name": "session", "value": cookie.value, "url": url}])
    return context.new_page()


def answer_everything(app, client) -> None:
    """Answer every maturity question, spreading the answers over the levels."""
    with app.app_context():
        questionnaire = app.extensions["catalog"].get("ai-execution")
    for seq, question in enumerate(questionnaire.maturity_questions, start=10):
        if question.applies_when or not question.options:
            continue
        autosave(client, question.id, question.options[seq % len(question.options)].id, seq)


def shoot(page, name: str) -> None:
    """Full-page screenshots at 1280, 375 and 320 px when SCREENSHOTS names a folder."""
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, *WIDTHS):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def check_fits(page, url: str, name: str, axe_source: str) -> None:
    """At each narrow width the page fits, no table word is split, and axe finds nothing."""
    page.goto(url)
    shoot(page, name)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        fit = page.evaluate(OVERFLOWING)
        assert fit["page"] <= fit["width"], (name, width, fit)
        assert fit["wide"] == [], (name, width, fit["wide"])
        assert page.evaluate(SPLIT_WORDS) == [], (name, width)
        assert axe_violations(page, axe_source) == [], (name, width)
    for region in page.locator(".table-scroll").all():
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
        assert region.get_attribute("tabindex") == "0"


def test_the_results_page_fits_a_phone_and_a_320_px_window(browser, served, axe_source):
    app, url = served
    client = app.test_client()
    start(client)
    answer_scope(client)
    answer_everything(app, client)
    page = as_browser(browser, client, url)
    check_fits(page, url + "/assessment/results", "results", axe_source)
    # The chart's spokes carry numbers on a phone, and a key beside it names them in readable type.
    page.set_viewport_size({"width": 375, "height": 800})
    key = page.locator(".radar__key li")
    assert key.count() >= 3 and key.first.is_visible()
    assert float(key.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    number = page.locator(".radar__number").first
    assert number.evaluate("e => e.getBoundingClientRect().height") >= 12
    # The check sees a split word: under the old rule (any character may break) it finds several.
    page.set_viewport_size({"width": 320, "height": 800})
    page.evaluate("document.querySelectorAll('td, th').forEach(c => { c.style.overflowWrap = 'anywhere'; })")
    assert len(page.evaluate(SPLIT_WORDS)) > 3


def test_a_workshop_live_view_and_the_revealed_room_results_fit_a_phone(browser, served, axe_source):
    app, url = served
    consultant = app.test_client()
    live = make_workshop(app, consultant)
    code = join_code(app)
    participants = [join(app, code, role) for role in ("Product", "Engineering", "Security")]
    for participant in participants:
        answer_scope(participant)
        answer_everything(app, participant)
    check_fits(as_browser(browser, consultant, url), url + live, "live view", axe_source)

    consultant.post("/workspaces/1/workshops/1/visibility", data={"visible": "yes"})
    room = as_browser(browser, participants[1], url)
    check_fits(room, url + "/workshop/results", "room results", axe_source)
    assert room.get_by_role("region", name="Table: Dimensions").is_visible()


def test_a_refused_form_focuses_its_error_summary_and_ties_fields_to_their_messages(page, served, axe_source):
    _, url = served
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url + "/account/signup")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create the account").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"

    password = page.locator("#password")
    described = password.get_attribute("aria-describedby").split()
    words = " ".join(page.locator(f"#{ident}").inner_text() for ident in described)
    assert "At least 12 characters" in words and password.get_attribute("aria-invalid") == "true"
    name = page.locator("#name")
    assert page.locator(f"#{name.get_attribute('aria-describedby')}").inner_text().strip()
    assert name.get_attribute("aria-required") == "true"
    assert page.locator("#email").get_attribute("type") == "email"
    assert page.get_by_text("(required)").first.is_visible()
    shoot(page, "signup-errors")
    assert axe_violations(page, axe_source) == []
