"""From assessment to execution in a real browser: evidence, a reviewer's sign-off, the plan,
and the retake that shows what a done action changed.

A self-assessor attaches evidence to an answer; the reviewer they invite (in a browser of
their own, through their private link) validates that answer and challenges another; the
results show claimed and evidenced levels side by side; an action of the plan is given an
owner and marked done; the retake shows its predicted lift against the actual change.
Every page on the way is checked with axe-core; SCREENSHOTS=folder keeps each at 1280 and
375 pixels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, choose, shoot, start

pytestmark = pytest.mark.browser

OWNER_QUESTION = "How is accountability for the outcome of each AI initiative assigned?"
RIGHTS_QUESTION = "How are the decisions to approve, release and stop AI work assigned?"


def start_scoped(page, live_server: str) -> None:
    """The flagship's organisation profile, then its scope answered."""
    start(page, live_server)
    for question, value in (
        ("scope-build-buy", "both"),
        ("scope-agents", "none"),
        ("scope-eu-high-risk", "none"),
    ):
        choose(page, question, value)


def checked(page, axe_source: str, name: str) -> None:
    """No axe-core violation on the page; its screenshots kept when SCREENSHOTS is set."""
    assert axe_violations(page, axe_source) == [], page.url
    shoot(page, name)


def test_evidence_review_plan_and_the_lift_a_done_action_brought(browser, live_server, axe_source, tmp_path):
    respondent = browser.new_context()
    page = respondent.new_page()
    start_scoped(page, live_server)
    page.goto(live_server + "/assessment/section/leadership")
    choose(page, "own-accountable-owner", "some-named")
    choose(page, "own-decision-rights", "written")

    # Evidence behind the first answer: a note, a link and a file.
    page.get_by_role("link", name=re.compile(f"^Evidence \\(0\\) for: {re.escape(OWNER_QUESTION)}")).click()
    expect(page.get_by_role("heading", name="Evidence behind your answer")).to_be_visible()
    page.get_by_label("Note").fill("Owners are kept in the PMO register <reviewed monthly>.")
    page.get_by_label("Links").fill("https://intranet.example.com/ai-register")
    register = tmp_path / "register.txt"
    register.write_text("Initiative,Owner\nClaims triage,Priya Shah\n", encoding="utf-8")
    page.get_by_label("Files").set_input_files(str(register))
    page.get_by_label("Your name").fill("Nadia Haddad")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.get_by_text("The evidence was added.")).to_be_visible()
    expect(page.get_by_text("Owners are kept in the PMO register <reviewed monthly>.")).to_be_visible()
    expect(page.get_by_role("link", name="register.txt")).to_be_visible()
    checked(page, axe_source, "evidence-added")

    # A reviewer is invited and opens their own link in a browser of their own.
    page.goto(live_server + "/assessment/reviewers")
    page.get_by_label("Reviewer's name").fill("Rita Reviewer")
    page.get_by_role("button", name="Create the reviewer's link").click()
    link = page.get_by_role("textbox", name="Reviewer's private link").input_value()
    checked(page, axe_source, "reviewer-invited")
    reviewer_context = browser.new_context()
    reviewer = reviewer_context.new_page()
    reviewer.goto(link)
    expect(reviewer.get_by_role("heading", name="Review the answers")).to_be_visible()
    owner_card = reviewer.locator("li.review-answer").filter(has_text=OWNER_QUESTION)
    expect(owner_card).to_contain_text("Owners are kept in the PMO register")
    owner_card.get_by_role("button", name="Validate").click()
    owner_card = reviewer.locator("li.review-answer").filter(has_text=OWNER_QUESTION)
    expect(owner_card).to_contain_text("Validated by Rita Reviewer")
    rights_card = reviewer.locator("li.review-answer").filter(has_text=RIGHTS_QUESTION)
    rights_card.get_by_label("Comment (needed to challenge)").fill("No written rule in the pack.")
    rights_card.get_by_label("Level you believe is right").select_option(value="custom")
    rights_card.get_by_role("button", name="Challenge").click()
    rights_card = reviewer.locator("li.review-answer").filter(has_text=RIGHTS_QUESTION)
    expect(rights_card).to_contain_text("Challenged by Rita Reviewer")
    expect(rights_card).to_contain_text("No written rule in the pack.")
    checked(reviewer, axe_source, "reviewing")
    reviewer_context.close()

    # The results set claimed beside evidenced.
    page.goto(live_server + "/assessment/results")
    levels = page.get_by_role("table", name="Claimed and evidenced levels")
    ownership = levels.get_by_role("row", name=re.compile("^Ownership and operating model"))
    expect(ownership.get_by_role("cell").nth(0)).to_contain_text("Level")
    expect(ownership.get_by_role("cell").nth(1)).to_contain_text("Level")
    expect(page.get_by_text(re.compile(r"1 of 2 answers validated \(50%\), 1 challenged"))).to_be_visible()
    checked(page, axe_source, "results-claimed-evidenced")

    # The plan: the owner question's action gets an owner and is marked done.
    page.get_by_role("link", name="Open your action plan").click()
    expect(page.get_by_role("heading", name=re.compile("^Action plan"))).to_be_visible()
    action = page.locator("li.plan-action").filter(has_text=OWNER_QUESTION)
    title = action.get_by_role("heading").inner_text()
    action.get_by_text("Update this action").click()
    action.get_by_label("Owner").fill("Priya Shah")
    action.get_by_label("Status").select_option(label="Done")
    action.get_by_label("Your name").fill("Nadia Haddad")
    action.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"^1 of \d+ actions done"))).to_be_visible()
    action = page.locator("li.plan-action").filter(has_text=OWNER_QUESTION)
    expect(action).to_contain_text("Nadia Haddad changed the status")
    checked(page, axe_source, "plan-action-done")

    # The retake: the owner question climbs to its target, and the done action gets the credit.
    page.goto(live_server + "/assessment/results")
    page.get_by_label("From our previous answers").check()
    page.get_by_role("button", name="Retake").click()
    page.goto(live_server + "/assessment/section/leadership")
    choose(page, "own-accountable-owner", "all-named")
    page.goto(live_server + "/assessment/results")
    expect(page.get_by_role("heading", name="What changed and why")).to_be_visible()
    lifts = page.get_by_role("table", name="Done actions: predicted against actual lift")
    row = lifts.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("as planned")
    expect(page.get_by_text(re.compile("Changes that line up with done actions"))).to_be_visible()
    checked(page, axe_source, "results-what-changed")
    respondent.close()
