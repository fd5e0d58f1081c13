"""A consultant runs a workshop with five participants, each in a browser of their own.

Debian's Chromium, driven by Playwright, against the app served over HTTP. The facilitator
signs up, adds a client and creates a workshop with named participants, and keeps the live
view open. Four participants type the code shown in the room on /join, the fifth opens the
link; each picks a different role and answers a few questions, disagreeing on who owns AI
initiatives. The facilitator's live view follows the room without being reloaded, the room
agrees an answer to the divergent question, the workshop is closed (a participant's next
answer is refused and the page says why) and the group report is downloaded as a PDF.
The join pages, the live view and the presenter screen are checked with axe-core.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.support.browser import axe_violations, is_autosave, sign_up_consultant

pytestmark = pytest.mark.browser

CLIENT = "Northwind Mutual"
WORKSHOP = "AI execution kick-off"
FLAGSHIP = "AI execution maturity assessment"
OWNER_QUESTION = "own-accountable-owner"
OWNER_TEXT = "How is accountability for the outcome of each AI initiative assigned?"
SOME_NAMED = (
    "Some initiatives, usually the larger or more visible ones, have a named accountable owner. "
    "Others do not."
)
POLLED = 15_000  # ms: the live view polls every 5 s, so three polls at most
CLOSED = "This assessment is closed; answers can no longer change."

# Who joins, how, with which role, and what they answer on the ownership page. They
# disagree on the first question (1, 2 and 3 on the five-level scale) and on the second.
PARTICIPANTS = [
    ("Ada Okafor", "Product", "typed", {OWNER_QUESTION: "all-named", "own-decision-rights": "written"}),
    ("Bao Tran", "Engineering", "typed", {OWNER_QUESTION: "none-named", "own-decision-rights": "unclear"}),
    ("Chidi Eze", "Security", "typed", {OWNER_QUESTION: "all-named", "own-ai-strategy": "draft"}),
    ("Dana Kovacs", "Compliance", "typed", {OWNER_QUESTION: "none-named", "own-decision-rights": "custom"}),
    ("Emeka Obi", "Operations", "link", {OWNER_QUESTION: "some-named"}),
]


def stat(page, label: str):
    """One of the live panel's figures ("joined", "finished", "status")."""
    return page.locator(".live .stat", has_text=label).locator(".stat__value")


def answer(page, question: str, value: str) -> None:
    """Choose an answer and wait for the autosave the page sends for it."""
    with page.expect_response(is_autosave) as reply:
        page.locator(f'input[name="{question}"][value="{value}"]').check()
    assert reply.value.status == 200, reply.value.text()
    assert reply.value.json()["saved"] is True
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved.")


def answer_everything_left(page) -> None:
    """Page after page, take the first answer of every open question, then Save and continue."""
    page.goto(page.url.split("/assessment/")[0] + "/assessment/")
    for _ in range(20):
        if page.url.endswith("/assessment/review"):
            return
        for question in page.locator("fieldset.question:not([hidden])").all():
            typed = question.locator("input[data-fact]")
            if question.locator("input:checked").count() or (typed.count() and typed.input_value()):
                continue
            # a radio's first option, an owner's first function, or a figure's "Don't know"
            question.locator("input[type=radio], input[type=checkbox]").first.check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    raise AssertionError(f"still not at the review page: {page.url}")


def sign_up_and_create_workshop(page, live_server: str) -> tuple[str, str]:
    """The facilitator's side up to the live view; (join code as shown, join link)."""
    sign_up_consultant(page, live_server)

    page.get_by_label("Client name").fill(CLIENT)
    page.get_by_label("Industry").select_option(label="Insurance")
    page.get_by_role("button", name="Add the client").click()
    expect(page.get_by_role("heading", name=CLIENT, level=1)).to_be_visible()

    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill(WORKSHOP)
    questionnaire = page.get_by_label("Questionnaire")
    questionnaire.select_option(label=questionnaire.locator("option", has_text=FLAGSHIP).inner_text())
    page.get_by_label("Named: each gives their name").check()
    page.get_by_role("button", name="Create the workshop").click()

    expect(page.get_by_role("heading", name=WORKSHOP, level=1)).to_be_visible()
    expect(page.get_by_text("Named participants")).to_be_visible()
    expect(stat(page, "joined")).to_have_text("0")
    expect(page.get_by_text("No answers yet.")).to_be_visible()
    code = page.locator(".join-box .join-code").inner_text()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}", code), code
    link = page.locator(".join-box a").get_attribute("href")
    return code, live_server + link


def test_a_facilitator_runs_a_workshop_with_five_participants_end_to_end(browser, live_server, axe_source):
    violations: dict[str, list] = {}

    def check_accessibility(page, name: str) -> None:
        found = axe_violations(page, axe_source)
        if found:
            violations[name] = found

    facilitator = browser.new_context()
    live = facilitator.new_page()
    code, link = sign_up_and_create_workshop(live, live_server)
    live.evaluate("window.sameDocument = true")  # gone if the live view is ever reloaded

    # Five people join from their own browsers: four type the code, one opens the link.
    people = []
    for index, (name, role, how, answers) in enumerate(PARTICIPANTS):
        context = browser.new_context()
        page = context.new_page()
        if how == "typed":
            page.goto(live_server + "/join")
            if index == 0:
                check_accessibility(page, "join by code")
            page.get_by_label("Workshop code").fill(code.lower())  # as typed off the projector
            page.get_by_role("button", name="Continue").click()
        else:
            page.goto(link)
        expect(page.get_by_role("heading", name=WORKSHOP, level=1)).to_be_visible()
        expect(page.get_by_text("The facilitator will see your name beside your progress.")).to_be_visible()
        if index == 0:
            check_accessibility(page, "join: role and name")
        page.get_by_label(role, exact=True).check()
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Start answering").click()
        expect(page).to_have_url(re.compile(r"/assessment/section/scope$"))
        answer(page, "scope-build-buy", "both")
        answer(page, "scope-agents", "none")
        answer(page, "scope-eu-high-risk", "none")
        page.get_by_role("button", name="Save and continue").click()
        expect(page).to_have_url(re.compile(r"/assessment/section/leadership$"))
        for question, value in answers.items():
            answer(page, question, value)
        people.append((context, page))

    # The live view catches up by itself: everyone joined, answers and names appear.
    expect(stat(live, "joined")).to_have_text("5", timeout=POLLED)
    participants = live.get_by_role("heading", name="Participants").locator("xpath=..").locator("tbody tr")
    expect(participants).to_have_count(5)
    for row, (name, role, _, answers) in zip(participants.all(), PARTICIPANTS, strict=True):
        expect(row.locator("td").nth(0)).to_have_text(name)
        expect(row.locator("td").nth(1)).to_have_text(role)
        answered = re.compile(rf"^{3 + len(answers)} of \d+$")  # the three scope answers and theirs
        expect(row.locator("td").nth(2)).to_have_text(answered, timeout=POLLED)
    divergent = live.locator("#agreed li.card").filter(has_text=OWNER_TEXT)
    expect(divergent).to_be_visible()
    legend = divergent.locator(".bar__key")
    expect(legend).to_have_count(3)  # first round: 2 say none named, 1 some, 2 every initiative
    expect(legend.filter(has_text="No one is named").locator(".bar__count")).to_have_text("2")
    expect(legend.filter(has_text="Some initiatives").locator(".bar__count")).to_have_text("1")
    expect(legend.filter(has_text="All initiatives past the idea stage").locator(".bar__count")).to_have_text(
        "2"
    )
    expect(stat(live, "finished")).to_have_text("0")

    # The participant who came by link answers everything; the live view counts one finished.
    _, emeka = people[4]
    answer_everything_left(emeka)
    expect(emeka.get_by_role("heading", name="Review your answers")).to_be_visible()
    expect(stat(live, "finished")).to_have_text("1", timeout=POLLED)
    answered, total = participants.nth(4).locator("td").nth(2).inner_text().split(" of ")
    assert answered == total
    assert live.evaluate("window.sameDocument") is True, "the live view was reloaded"
    assert live.locator("[data-live]").get_attribute("data-updated")  # the polling script swapped it in
    check_accessibility(live, "live view")

    # Consensus: the room agrees on "some named" for the question it disagreed on most.
    divergent.get_by_label("Agreed answer").select_option(label=SOME_NAMED)
    divergent.get_by_role("button", name="Record").click()
    expect(live).to_have_url(re.compile(rf"\?question={OWNER_QUESTION}#consensus-{OWNER_QUESTION}$"))
    expect(divergent).to_be_focused()  # back on the card just recorded
    expect(divergent.locator(".agreed")).to_have_text(SOME_NAMED)
    beside = live.get_by_role("table").filter(has=live.get_by_role("columnheader", name="Agreed"))
    expect(beside.locator("xpath=ancestor::section[1]").get_by_role("heading")).to_have_text(
        "Agreed answers beside the first round"
    )
    row = beside.get_by_role("row").filter(has=live.get_by_role("rowheader", name=OWNER_TEXT))
    expect(row.locator("td").nth(0)).to_have_text("2.0 (1.0\u20133.0)")  # the first round spread from 1 to 3
    expect(row.locator("td").nth(1)).to_have_text(f"{SOME_NAMED} (2.0)")

    # The presenter screen shows the code and the room's figures, never who answered.
    presenter = facilitator.new_page()  # a second window, on the projector
    presenter.goto(live_server + live.get_by_role("link", name="Presenter mode").get_attribute("href"))
    expect(presenter.locator(".presenter__code")).to_have_text(code)
    expect(presenter.get_by_role("img", name=re.compile("^QR code of the join link"))).to_be_visible()
    expect(stat(presenter, "joined")).to_have_text("5")
    for name, *_ in PARTICIPANTS:
        expect(presenter.get_by_text(name)).to_have_count(0)
    check_accessibility(presenter, "presenter")
    presenter.close()

    # Closing: the live view says so, a participant's next answer is refused, latecomers too.
    live.get_by_role("button", name="Close the workshop").click()
    expect(stat(live, "status")).to_have_text("closed")
    expect(live.get_by_role("button", name="Reopen the workshop")).to_be_visible()
    _, ada = people[0]
    with ada.expect_response(is_autosave) as refused:
        ada.locator('input[name="own-decision-rights"][value="measured"]').check()
    assert refused.value.status == 409 and refused.value.json()["message"] == CLOSED
    # A closed workshop will not reopen by retrying: the page says so at once.
    expect(ada.locator("[data-save-status]")).to_have_text(f"Not saved: {CLOSED}")
    # ...beside the question too, and the option she tapped does not stay looking chosen.
    expect(ada.locator("#q-own-decision-rights [data-save-state]")).to_have_text(
        f"Your answer: Not saved: {CLOSED}"
    )
    expect(ada.locator('input[name="own-decision-rights"][value="measured"]')).not_to_be_checked()
    expect(ada.locator('input[name="own-decision-rights"][value="written"]')).to_be_checked()
    latecomer = browser.new_context()
    late = latecomer.new_page()
    late.goto(link)
    expect(late.get_by_text("This workshop is closed: it no longer takes answers.")).to_be_visible()
    expect(late.get_by_role("button", name="Start answering")).to_have_count(0)
    latecomer.close()
    # three scope answers and her two: the refused answer did not count
    expect(participants.nth(0).locator("td").nth(2)).to_contain_text(re.compile(r"^5 of "))

    # The group report: a real PDF naming the client.
    with live.expect_download() as download:
        live.get_by_role("link", name="Group report (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert CLIENT in text

    for context, _ in people:
        context.close()
    facilitator.close()
    assert violations == {}, violations


def test_an_owner_brands_the_workspace_reports_from_the_browser(page, live_server, axe_source, tmp_path):
    sign_up_and_create_workshop(page, live_server)
    page.goto(live_server + "/workspaces/")
    page.get_by_role("link", name="Farah Consulting").click()
    page.get_by_role("link", name="Report branding: logo and accent colour").click()
    expect(page.get_by_role("heading", name="Report branding", level=1)).to_be_visible()
    assert axe_violations(page, axe_source) == []

    # A file that is not a picture: refused with its reason, in an accessible error summary.
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not an image")
    page.get_by_label("Logo").set_input_files(tmp_path / "logo.png")
    page.get_by_role("button", name="Save the branding").click()
    expect(page.get_by_role("alert")).to_contain_text("The logo could not be read as a PNG or JPEG image")
    assert axe_violations(page, axe_source) == []

    logo = Image.new("RGB", (160, 48), "#0b6e4f")
    logo.save(tmp_path / "good.jpg", format="JPEG")
    page.get_by_label("Logo").set_input_files(tmp_path / "good.jpg")
    page.get_by_label("Accent colour").fill("#aa3300")
    page.get_by_role("button", name="Save the branding").click()
    expect(page.get_by_role("status")).to_have_text("Branding saved: the next report downloaded uses it.")
    preview = page.get_by_role("img", name="The current logo of Farah Consulting")
    expect(preview).to_be_visible()
    assert preview.evaluate("image => image.naturalWidth") == 160  # the stored PNG loads under the CSP
    assert axe_violations(page, axe_source) == []
