"""Answers given while the connection is down are kept on the device and sent when it returns;
each question says beside it whether its answer is saved, waiting, or refused; arrow keys
through a radio group send one autosave, not one per option passed.

Debian's Chromium, driven by Playwright, against the app served over HTTP. What the server
stored is read from the page as the server renders it (page.request shares the browser's
cookies), never from the page the script has touched.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.answering import Autosaves, start_flagship, tab_to
from tests.support.browser import AUTOSAVE_URL, axe_violations, is_autosave

pytestmark = pytest.mark.browser

CLOSED = "This assessment is closed; answers can no longer change."


def stored_answers(page) -> dict[str, str]:
    """The radio answers the server renders as chosen on the current page's address."""
    html = page.request.get(page.url).text()
    chosen = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="radio"' in tag and re.search(r"\bchecked\b", tag):
            chosen[re.search(r'name="([^"]+)"', tag)[1]] = re.search(r'value="([^"]+)"', tag)[1]
    return chosen


def radio_groups(page) -> dict[str, list[str]]:
    """Each visible radio group's question id and its option values, in page order."""
    return page.evaluate(
        "() => { const groups = {};"
        " document.querySelectorAll('fieldset.question:not([hidden]) input[type=radio]').forEach(i => {"
        " (groups[i.name] = groups[i.name] || []).push(i.value); }); return groups; }"
    )


def state_of(page, question: str):
    return page.locator(f"#q-{question} [data-save-state]")


def answer_all_offline(page) -> dict[str, str]:
    """With the network cut, choose the last option of every question on the page."""
    page.context.set_offline(True)
    wanted = {}
    for question, values in radio_groups(page).items():
        page.locator(f'input[name="{question}"][value="{values[-1]}"]').check()
        wanted[question] = values[-1]
    return wanted


def test_answers_given_offline_are_sent_when_the_connection_returns(page, live_server, axe_source):
    start_flagship(page, live_server)
    wanted = answer_all_offline(page)
    assert len(wanted) >= 2
    for question in wanted:
        expect(state_of(page, question)).to_have_text(re.compile("Waiting for connection"))
        expect(state_of(page, question)).to_be_visible()
    indicator = page.locator("[data-save-indicator]")
    expect(indicator).to_have_text(f"{len(wanted)} answers waiting to be sent.")
    expect(indicator).to_be_visible()
    assert axe_violations(page, axe_source) == []
    page.set_viewport_size({"width": 375, "height": 700})
    page.screenshot(path="/tmp/saves-waiting-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path="/tmp/saves-waiting-1280.png")
    saves = Autosaves(page)
    page.context.set_offline(False)
    saves.wait(at_least=len(wanted))
    expect(indicator).to_have_text("All answers saved.")
    assert saves.sent == len(wanted)  # one request per answer, none repeated
    for question in wanted:
        expect(state_of(page, question)).to_have_text("Your answer: Saved")
    page.screenshot(path="/tmp/saves-saved-1280.png")
    page.reload()
    assert {q: v for q, v in stored_answers(page).items() if q in wanted} == wanted


def test_answers_kept_through_a_reload_while_offline_are_sent_on_the_next_load(page, live_server):
    start_flagship(page, live_server)
    address = page.url
    wanted = answer_all_offline(page)
    page.wait_for_timeout(800)  # past the settling time: the page tried, and is waiting
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.reload()  # no connection: the browser shows its own error page instead
    page.context.set_offline(False)
    try:
        page.goto(address)
    except Exception:  # Chromium's error page may reload by itself as the connection returns
        page.wait_for_url(address)
    # The page that loads first sends what was waiting; nothing is left on the device.
    page.wait_for_function("() => !Object.keys(localStorage).some(k => localStorage.getItem(k))")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => localStorage.getItem(k)).length") == 0
    assert {q: v for q, v in stored_answers(page).items() if q in wanted} == wanted


def test_a_stale_waiting_answer_never_replaces_a_newer_one_given_elsewhere(browser, page, live_server):
    start_flagship(page, live_server)
    question, values = next(iter(radio_groups(page).items()))
    page.context.set_offline(True)
    page.locator(f'input[name="{question}"][value="{values[0]}"]').check()
    expect(state_of(page, question)).to_have_text(re.compile("Waiting for connection"))
    # Meanwhile the same respondent answers on another device, later than the waiting answer.
    other = browser.new_context(storage_state=page.context.storage_state())
    elsewhere = other.new_page()
    elsewhere.goto(page.url)
    with elsewhere.expect_response(is_autosave):
        elsewhere.locator(f'input[name="{question}"][value="{values[1]}"]').check()
    other.close()
    page.context.set_offline(False)
    expect(state_of(page, question)).to_have_text(re.compile("A newer answer was already saved"))
    expect(page.locator(f'input[name="{question}"][value="{values[1]}"]')).to_be_checked()
    assert stored_answers(page)[question] == values[1]


def test_a_refused_answer_is_unmarked_and_explained_beside_its_question(page, live_server, axe_source):
    start_flagship(page, live_server)
    question, values = next(iter(radio_groups(page).items()))
    with page.expect_response(is_autosave):
        page.locator(f'input[name="{question}"][value="{values[0]}"]').check()
    expect(state_of(page, question)).to_have_text("Your answer: Saved")
    page.screenshot(path="/tmp/saves-saved-scope-1280.png")

    def closed(route):
        route.fulfill(status=409, json={"error": "closed", "message": CLOSED})

    page.route(AUTOSAVE_URL, closed)
    page.locator(f'input[name="{question}"][value="{values[1]}"]').check()
    expect(state_of(page, question)).to_have_text(f"Your answer: Not saved: {CLOSED}")
    expect(page.locator(f'input[name="{question}"][value="{values[1]}"]')).not_to_be_checked()
    expect(page.locator(f'input[name="{question}"][value="{values[0]}"]')).to_be_checked()
    expect(page.locator("[data-save-status]")).to_have_text(f"Not saved: {CLOSED}")
    assert axe_violations(page, axe_source) == []
    state_of(page, question).scroll_into_view_if_needed()
    page.screenshot(path="/tmp/saves-refused-1280.png")
    page.set_viewport_size({"width": 375, "height": 700})
    state_of(page, question).scroll_into_view_if_needed()
    page.screenshot(path="/tmp/saves-refused-375.png")


def test_arrowing_through_five_options_sends_one_autosave(page, live_server):
    start_flagship(page, live_server)
    question, values = next((q, v) for q, v in radio_groups(page).items() if len(v) >= 5)
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data) if is_autosave(r) else None,
    )
    announced = []
    page.expose_function("heard", lambda text: announced.append(text))
    page.evaluate(
        "() => new MutationObserver(() => window.heard(document.querySelector('[data-save-status]')"
        ".textContent)).observe(document.querySelector('[data-save-status]'),"
        " {childList: true, characterData: true, subtree: true})"
    )
    tab_to(page, lambda e: e["name"] == question)
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[name="{question}"][value="{values[4]}"]')).to_be_checked()
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")
    page.wait_for_timeout(700)
    assert len(sent) == 1 and f'"{values[4]}"' in sent[0]
    assert announced == ["All answers saved."]
