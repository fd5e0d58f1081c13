"""An organisation assesses itself in a real browser, by keyboard alone, and resumes on another device.

Debian's Chromium, driven by Playwright, against the app served over HTTP. Answers are given
with Tab, the arrow keys, Space and Enter (never a mouse click); every page of the journey is
checked with axe-core against WCAG 2.1 A and AA.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.support.answering import FLAGSHIP, Autosaves, fill_profile, start_flagship, tab_to
from tests.support.browser import AUTOSAVE_URL, axe_violations

pytestmark = pytest.mark.browser

AGENTIC = "Agentic readiness"
PAGE_BUDGET = 100_000  # bytes


def answer_by_keyboard(page, question: str, value: str) -> None:
    """Tab into a question's radio group, then Space and the arrow keys until `value` is chosen."""
    element = tab_to(page, lambda e: e.get("type") == "radio" and e["name"] == question)
    values = page.eval_on_selector_all(f'input[name="{question}"]', "inputs => inputs.map(i => i.value)")
    if not page.locator(f'input[name="{question}"]:checked').count():
        page.keyboard.press("Space")
    steps = values.index(value) - values.index(element["value"])
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    expect(page.locator(f'input[name="{question}"][value="{value}"]')).to_be_checked()


def press_button(page, name: str) -> None:
    """Tab to a button or link and press Enter, as a keyboard user does."""
    tab_to(page, lambda e: e["tag"] in ("BUTTON", "A") and e["text"] == name)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def steps_list(page) -> list[str]:
    return page.get_by_role("navigation", name="Assessment pages").get_by_role("link").all_inner_texts()


def assert_accessible(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert violations == [], f"{page.url}: {violations}"


def progress_of(page) -> tuple[int, int]:
    bar = page.locator("progress[data-progress]")
    return int(bar.get_attribute("value") or bar.evaluate("b => b.value")), int(bar.evaluate("b => b.max"))


def test_keyboard_user_answers_resumes_on_another_device_and_reads_results(browser, live_server, axe_source):
    laptop = browser.new_context()
    laptop.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = laptop.new_page()

    page.goto(live_server + "/")
    start_link = page.get_by_role("article", name=FLAGSHIP).get_by_role("link", name="Start this assessment")
    tab_to(page, lambda _: start_link.evaluate("link => link === document.activeElement"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/assessment/start/ai-execution")
    expect(page.get_by_role("heading", name="About your organisation")).to_be_visible()
    assert_accessible(page, axe_source)
    fill_profile(page)
    press_button(page, "Start the assessment")

    # The scope page: three answers by keyboard, each saved as it is given.
    expect(page).to_have_url(re.compile(r"/assessment/section/scope$"))
    expect(page.get_by_role("heading", name="About your AI work", level=1)).to_be_visible()
    saves = Autosaves(page)
    answer_by_keyboard(page, "scope-build-buy", "both")
    answer_by_keyboard(page, "scope-agents", "none")
    answer_by_keyboard(page, "scope-eu-high-risk", "none")
    saves.wait()
    expect(page.get_by_role("status").filter(has_text="saved")).to_have_text("All answers saved.")
    answered, total = progress_of(page)
    assert answered == 3
    expect(page.get_by_text(f"3 of {total} questions answered")).to_be_visible()
    assert_accessible(page, axe_source)
    press_button(page, "Save and continue")

    # A dimension's first page: the agentic page is gone from the steps, since no agents are planned.
    expect(page).to_have_url(re.compile(r"/assessment/section/leadership$"))
    assert AGENTIC not in steps_list(page)
    assert steps_list(page)[:2] == [
        "About your AI work",
        "Ownership and operating model: Leadership and accountability",
    ]
    assert_accessible(page, axe_source)
    saves = Autosaves(page)
    chosen = {
        "own-accountable-owner": "all-named",
        "own-decision-rights": "written",
        "own-ai-strategy": page.locator('input[name="own-ai-strategy"]').nth(1).get_attribute("value"),
    }
    for question, value in chosen.items():
        answer_by_keyboard(page, question, value)
    saves.wait()
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")
    expect(page.get_by_text(f"6 of {total} questions answered")).to_be_visible()
    assert progress_of(page) == (6, total)

    # The private link: copied with the keyboard, then the laptop is closed.
    link = page.get_by_role("textbox", name="Private link").input_value()
    assert re.fullmatch(re.escape(live_server) + r"/assessment/resume/[A-Za-z0-9_-]{32,}", link)
    press_button(page, "Copy link")
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    laptop.close()

    # Another device, with nothing of the laptop's session: the link continues where it left off.
    phone = browser.new_context()
    page = phone.new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/assessment/section/leadership$"))
    for question, value in chosen.items():
        expect(page.locator(f'input[name="{question}"][value="{value}"]')).to_be_checked()
    assert page.locator("input[type=radio]:checked").count() == len(chosen)
    assert progress_of(page) == (6, total)
    assert AGENTIC not in steps_list(page)

    # One answer on each of the other pages, reached through the steps list, by keyboard.
    saves = Autosaves(page)
    for step, question, value in [
        ("Prioritization and portfolio", "prio-ranking", "scored"),
        ("Governance and risk: Knowing and assessing your AI", "gov-risk-assessment", "case-by-case"),
        ("Production readiness and delivery: Building and launching", "prod-evaluation", "fixed-set"),
    ]:
        press_button(page, step)
        expect(page.get_by_role("heading", name=step, level=1)).to_be_visible()
        answer_by_keyboard(page, question, value)
        saves.wait()
        expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")
    assert progress_of(page) == (9, total)

    page.get_by_role("link", name="Review and results").press("Enter")
    expect(page).to_have_url(re.compile(r"/assessment/review$"))
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^How has the leadership team set out"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^How are AI initiatives staffed"))).to_be_visible()
    assert_accessible(page, axe_source)

    page.get_by_role("link", name="See your results").press("Enter")
    expect(page).to_have_url(re.compile(r"/assessment/results$"))
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    overall = page.locator(".summary__item", has_text="Overall level").locator(".summary__value")
    expect(overall).to_have_text(re.compile(r"^[1-5] (Initial|Developing|Defined|Managed|Optimizing)$"))
    radar = page.get_by_role("img", name=re.compile("^Dimension scores"))
    expect(radar).to_be_visible()
    assert radar.bounding_box()["width"] > 200
    # The page leads with the verdict, and the plan's first 90 days: seven actions at most,
    # each with its effort and its cause (an answer, a question left unanswered, or owners
    # nobody named).
    expect(page.locator("p.verdict")).to_contain_text(re.compile(r"is at level \d"))
    actions = page.get_by_role("heading", name="Your first 90 days").locator("xpath=..").locator("ol > li")
    assert 1 <= actions.count() <= 7
    expect(actions.first).to_contain_text(re.compile(r"(small|medium|large) effort", re.IGNORECASE))
    causes = re.compile(
        "You answered “.+” to “.+”|is unanswered|Unanswered, and counts|The ownership map names nobody"
    )
    for index in range(actions.count()):
        expect(actions.nth(index)).to_contain_text(causes)
    assert_accessible(page, axe_source)

    pdf = page.get_by_role("link", name=re.compile("PDF", re.IGNORECASE))
    if pdf.count():
        with page.expect_response(lambda r: r.url == pdf.first.evaluate("a => a.href")) as reply:
            pdf.first.press("Enter")
        assert reply.value.ok and reply.value.headers["content-type"].startswith("application/pdf")
    # else: the results page has no PDF link yet (the report is another issue); nothing to follow.
    phone.close()


def test_radio_options_show_a_visible_focus_ring(page, live_server):
    start_flagship(page, live_server)
    tab_to(page, lambda e: e["type"] == "radio")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }"
    )
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    unfocused = page.evaluate(
        "getComputedStyle(document.querySelector('input[type=radio]:not(:focus)')).outlineStyle"
    )
    assert unfocused == "none"  # the ring marks the focus, not every option


def test_scoping_out_agents_takes_the_agentic_page_out_of_the_steps(page, live_server):
    saves = start_flagship(page, live_server)
    answer_by_keyboard(page, "scope-agents", "planned")
    saves.wait()
    page.reload()
    assert AGENTIC in steps_list(page)

    saves = Autosaves(page)
    answer_by_keyboard(page, "scope-agents", "none")
    saves.wait()
    page.reload()
    assert AGENTIC not in steps_list(page)
    assert steps_list(page)[-1] == "Review and results"
    page.goto(live_server + "/assessment/section/agentic")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not Found")


def no_sideways_scrolling(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_a_section_page_and_the_results_read_at_375_pixels_without_sideways_scrolling(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    saves = start_flagship(page, live_server)
    answer_by_keyboard(page, "scope-build-buy", "both")
    answer_by_keyboard(page, "scope-agents", "in-production")
    answer_by_keyboard(page, "scope-eu-high-risk", "likely")
    answer_by_keyboard(page, "scope-eu-role", "both")
    for section, question, value in [  # three dimensions with a score, so the results draw a radar
        ("prioritization", "prio-ranking", "scored"),
        ("gov-knowing", "gov-risk-assessment", "standard"),
        ("leadership", "own-accountable-owner", "some-named"),
    ]:
        saves.wait()
        page.goto(f"{live_server}/assessment/section/{section}")
        saves = Autosaves(page)
        answer_by_keyboard(page, question, value)
    saves.wait()
    assert no_sideways_scrolling(page) <= 0
    question = page.get_by_role("group", name=re.compile("^How is accountability for the outcome"))
    expect(question).to_be_visible()
    assert question.bounding_box()["width"] <= 375
    font_size = question.locator("legend").evaluate("l => parseFloat(getComputedStyle(l).fontSize)")
    assert font_size >= 16

    page.goto(live_server + "/assessment/results")
    assert no_sideways_scrolling(page) <= 0
    radar = page.get_by_role("img", name=re.compile("^Dimension scores"))
    expect(radar).to_be_visible()
    chart = page.locator(".chart")  # the drawing's empty side margins are cropped by its frame
    assert chart.bounding_box()["x"] + chart.bounding_box()["width"] <= 375
    for region in page.locator(".table-scroll").all():  # a wider table scrolls inside its region
        assert region.bounding_box()["x"] + region.bounding_box()["width"] <= 375


def test_the_largest_questionnaire_page_weighs_under_100_kb_with_its_css_and_javascript(page, live_server):
    saves = start_flagship(page, live_server)
    answer_by_keyboard(page, "scope-build-buy", "both")  # every page applies
    answer_by_keyboard(page, "scope-agents", "in-production")
    answer_by_keyboard(page, "scope-eu-high-risk", "likely")
    answer_by_keyboard(page, "scope-eu-role", "both")
    saves.wait()
    page.reload()
    sections = [
        urlparse(a).path
        for a in page.eval_on_selector_all(
            "nav.steps a[href*='/section/']", "links => links.map(a => a.href)"
        )
    ]
    # the scope page, the five dimensions' group pages, the ownership map's two pages, the outcomes
    assert len(sections) == 14 and "/assessment/section/map-build-owners" in sections

    devtools = page.context.new_cdp_session(page)  # every page loads as on a first visit
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    weights = {}
    for path in sections:
        loaded: list = []

        def record(request, loaded=loaded):
            loaded.append(request)

        page.on("requestfinished", record)
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        page.remove_listener("requestfinished", record)
        hosts = {urlparse(request.url).netloc for request in loaded}
        assert hosts == {urlparse(live_server).netloc}, hosts  # no CDN, nothing from elsewhere
        kinds = {request.resource_type for request in loaded}
        assert {"document", "stylesheet", "script"} <= kinds
        weights[path] = sum(
            sizes["responseBodySize"] + sizes["responseHeadersSize"]
            for sizes in (request.sizes() for request in loaded)
        )
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= PAGE_BUDGET, weights
    print(f"heaviest page {heaviest}: {weights[heaviest]} bytes with its CSS and JavaScript")


def chosen_after_reload(page, question: str) -> str:
    page.reload()
    return page.locator(f'input[name="{question}"]:checked').get_attribute("value")


def slow_network(page):
    """Chromium's own throttling: while on, every request and response takes 700 ms longer."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    conditions = {"offline": False, "downloadThroughput": -1, "uploadThroughput": -1}
    devtools.send("Network.emulateNetworkConditions", {**conditions, "latency": 700})
    return lambda: devtools.send("Network.emulateNetworkConditions", {**conditions, "latency": 0})


def test_an_answer_changed_after_a_reload_is_kept_even_when_the_first_page_came_slowly(page, live_server):
    page.goto(live_server + "/assessment/start/ai-execution")
    fill_profile(page)
    back_to_normal = slow_network(page)  # a slow mobile connection while the assessment starts
    page.get_by_role("button", name="Start the assessment").press("Enter")
    page.wait_for_url("**/assessment/section/scope")
    back_to_normal()
    saves = Autosaves(page)
    answer_by_keyboard(page, "scope-agents", "planned")
    saves.wait()
    page.reload()
    saves = Autosaves(page)
    answer_by_keyboard(page, "scope-agents", "none")  # the respondent changes their mind at once
    saves.wait()
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")
    assert chosen_after_reload(page, "scope-agents") == "none"


def test_a_retried_autosave_never_replaces_a_newer_answer(page, live_server):
    saves = start_flagship(page, live_server)
    dropped: list[str] = []

    def drop_the_first_autosave(route):
        if dropped:
            route.continue_()
        else:
            dropped.append(route.request.post_data)
            route.abort("connectionreset")

    page.route(AUTOSAVE_URL, drop_the_first_autosave)
    tab_to(page, lambda e: e["name"] == "scope-agents")
    page.keyboard.press("Space")  # "Yes, in production": its autosave is lost on the way
    expect(page.locator("#q-scope-agents [data-save-state]")).to_have_text(re.compile("Not sent yet"))
    expect(page.locator("[data-save-status]")).to_have_text("1 answer waiting to be sent.")
    page.keyboard.press("ArrowDown")  # "Yes, in pilots": the answer kept on the device is now this one
    saves.wait(at_least=2)  # the lost one, then the newer one; the lost one is never sent again
    assert '"in-production"' in dropped[0]
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")
    assert chosen_after_reload(page, "scope-agents") == "piloting"
