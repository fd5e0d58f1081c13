"""Methodology 2 as a respondent sees it in Chromium: results wait for the scoping answers,
unanswered questions are said to count as level 1, and planned agents are readiness.

Set SCREENSHOTS=folder to keep a picture of each page at 1280 and 375 pixels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, choose, shoot, start

pytestmark = pytest.mark.browser


def test_results_wait_for_the_scoping_answers_then_explain_incomplete_levels(page, live_server, axe_source):
    start(page, live_server)
    choose(page, "scope-eu-high-risk", "none")
    page.goto(live_server + "/assessment/results")  # the agent question is still blank
    page.wait_for_url("**/assessment/review")
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("Answer these questions to see your results")
    expect(notice.get_by_role("link", name=re.compile("AI agents that act on other systems"))).to_be_visible()
    expect(page.get_by_role("link", name="See your results")).to_have_count(0)
    assert axe_violations(page, axe_source) == []
    shoot(page, "review-scoping-missing")

    page.goto(live_server + "/assessment/section/scope")
    choose(page, "scope-agents", "planned")
    choose(page, "scope-build-buy", "both")
    page.goto(live_server + "/assessment/section/gov-knowing")
    choose(page, "gov-risk-assessment", "standard")
    page.goto(live_server + "/assessment/review")
    expect(page.get_by_text(re.compile("counts as the lowest level \\(1 Initial\\)"))).to_be_visible()
    page.get_by_role("link", name="See your results").click()
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^Incomplete: \d+ unanswered questions count as level 1 Initial"))
    ).to_be_visible()
    table = page.get_by_role("table", name="Scores by dimension")
    agentic = table.get_by_role("row", name=re.compile("^Agentic readiness"))
    expect(agentic).to_contain_text("Readiness for agents you plan")
    expect(table.get_by_role("columnheader", name="Target level")).to_be_visible()
    expect(page.get_by_text("readiness for what you plan is shown apart", exact=False)).to_be_visible()
    assert axe_violations(page, axe_source) == []
    shoot(page, "results-incomplete")
