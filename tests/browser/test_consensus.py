"""The consensus round in a real browser: the facilitator finds a question outside the divergent
ten with the picker, records the room's answer and lands back on that card; an answer chosen but
not yet recorded survives a poll that brings new figures, even after a click elsewhere; and the
live view passes axe."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.browser import axe_violations, shoot
from tests.support.journeys import autosave, join, join_code, make_workshop

pytestmark = pytest.mark.browser

#: Eleven questions the room splits on (first option against last) and one it agrees on, which
#: therefore stays outside the ten divergent cards.
SPLIT = [
    "own-accountable-owner",
    "own-decision-rights",
    "own-ai-strategy",
    "own-sponsorship",
    "own-delivery-team",
    "own-programme-leadership",
    "own-dependencies",
    "own-handover",
    "own-shared-enablement",
    "own-scaling",
    "own-skills",
]
CALM = "prio-value-tracking"
LIVE = "/workspaces/1/workshops/1/"
POLL = 15_000  # ms: the page polls every 5 s


@pytest.fixture
def served(make_app, tmp_path: Path):
    """The app over real HTTP and a consultant's test client with a workshop of two participants
    who split on SPLIT (CSRF off for the test clients that prepare the room)."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'consensus.db'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
        flagship = app.extensions["catalog"].get("ai-execution")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    consultant = app.test_client()
    make_workshop(app, consultant)
    code = join_code(app)
    for position, role in ((0, "Product"), (-1, "Engineering")):
        participant = join(app, code, role)
        for seq, question in enumerate(SPLIT, start=1):
            autosave(participant, question, flagship.question(question).options[position].id, seq)
        autosave(participant, CALM, "result-measured", 99)
    yield app, consultant, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def facilitator(browser, served):
    """The consultant's live view in a browser of its own (the test client's session cookie)."""
    _, consultant, url = served
    context = browser.new_context()
    cookie = consultant.get_cookie("session")
    context.add_cookies([{"name": "session", "value": cookie.value, "url": url}])
    page = context.new_page()
    page.goto(url + LIVE)
    yield page
    context.close()


def card(page, question: str):
    """A question's card on the live view."""
    return page.locator(f"#consensus-{question}")


def test_an_answer_is_agreed_on_a_question_found_with_the_picker_and_focus_returns_to_its_card(
    facilitator, served
):
    page = facilitator
    expect(page.locator('[data-cards="divergent"] > li')).to_have_count(10)
    expect(card(page, CALM)).to_have_count(0)  # not among the divergent ten

    page.get_by_label("Find a question").fill("value launch")
    found = page.locator("[data-picker-list] li:not([hidden])")
    expect(found).to_have_count(1)  # narrowed as typed, without a request
    expect(page.locator("[data-picker-count]")).to_have_text("1 question matches.")
    found.get_by_role("link").click()
    expect(card(page, CALM)).to_be_focused()
    expect(page.get_by_label("Find a question")).to_have_value("value launch")  # the search stays
    expect(page.locator("[data-picker-list] li:not([hidden])")).to_have_count(1)
    shoot(page, "consensus-picker")

    card(page, CALM).get_by_label("Agreed answer").select_option("acted-on")
    card(page, CALM).get_by_role("button", name="Record").click()
    page.wait_for_url(f"**{LIVE}?question={CALM}#consensus-{CALM}")
    expect(card(page, CALM)).to_be_focused()
    expect(card(page, CALM).locator(".agreed")).not_to_have_text("Not agreed yet")
    expect(card(page, CALM).get_by_label("Agreed answer")).to_have_value("acted-on")
    page.keyboard.press("Tab")  # the next stop is inside the card just recorded
    assert page.evaluate("document.activeElement.closest('[data-card]').dataset.card") == CALM
    expect(page.get_by_role("heading", name="Agreed answers beside the first round")).to_be_visible()


def test_a_chosen_answer_not_yet_recorded_survives_a_poll_with_new_figures(facilitator, served):
    app, _, _ = served
    page = facilitator
    first = SPLIT[0]
    select = card(page, first).get_by_label("Agreed answer")
    with app.app_context():
        chosen = app.extensions["catalog"].get("ai-execution").question(first).options[2].id
    select.select_option(chosen)
    page.get_by_role("heading", level=1).click()  # focus leaves the panel
    assert page.evaluate("!document.querySelector('[data-live]').contains(document.activeElement)")

    with page.expect_response(lambda r: "live.json" in r.url and r.status == 200, timeout=POLL):
        autosave(join(app, join_code(app), "Security"), first, "none-named", 1)  # a real change
    expect(page.locator(".live .stat", has_text="joined").locator(".stat__value")).to_have_text("3")
    expect(page.locator("[data-live-summary]")).to_contain_text("3 joined")
    expect(select).to_have_value(chosen)  # kept, though the rest of the panel was replaced
    expect(page.locator("[data-picker-list] li")).to_have_count(62)  # the page's list, put back
    expect(card(page, SPLIT[1]).get_by_label("Agreed answer")).to_have_value("")
    assert page.locator("[data-live]").get_attribute("aria-live") is None  # only the summary speaks


def test_the_live_view_with_the_picker_and_an_opened_card_passes_axe(facilitator, served, axe_source):
    page = facilitator
    _, _, url = served
    page.goto(url + LIVE + f"?q=value&question={CALM}")
    expect(card(page, CALM)).to_be_visible()
    shoot(page, "consensus-live")
    assert axe_violations(page, axe_source) == []
