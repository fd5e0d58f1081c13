"""The AI initiative portfolio in Chromium: a self-assessor registers three initiatives,
answers one's production gate, and sees the value x readiness matrix and the blockers,
with axe clean on every page.

Set SCREENSHOTS=folder to keep a picture of each page at 1280 and 375 pixels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, choose, shoot, start

pytestmark = pytest.mark.browser

INITIATIVES = (
    # name, stage, value band, delivery team, uses agents
    ("Claims triage assistant", "Pilot", "Very high", "Claims data", "No"),
    ("Underwriting agent", "Experiment", "High", "Claims data", "Yes"),
    ("Meeting notes summariser", "Pilot", "Low", "Workplace", "No"),
)


def register(page, name, stage, band, team, agents) -> None:
    """Fill in the add form and submit it."""
    form = page.locator("form", has=page.get_by_role("button", name="Add the initiative"))
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Stage").select_option(label=stage)
    form.get_by_label("Expected value").select_option(label=band)
    form.get_by_label("Accountable owner").fill("Priya Patel")
    form.get_by_label("Delivery team").fill(team)
    form.get_by_label("Uses agents").select_option(label=agents)
    if agents == "Yes":
        form.get_by_label("Autonomy tier asked for").select_option(index=2)
    form.get_by_role("button", name="Add the initiative").click()
    page.wait_for_url("**/assessment/portfolio/register")


def test_a_self_assessor_registers_initiatives_answers_a_gate_and_sees_the_matrix_and_blockers(
    page, live_server, axe_source
):
    start(page, live_server)
    choose(page, "scope-agents", "in-production")
    choose(page, "scope-build-buy", "both")
    choose(page, "scope-eu-high-risk", "none")
    page.goto(live_server + "/assessment/results")
    page.get_by_role("link", name="Open your AI initiative portfolio").click()
    expect(page.get_by_role("heading", name=re.compile("^AI initiative portfolio"))).to_be_visible()
    expect(page.get_by_text("The register is empty")).to_be_visible()

    page.get_by_role("navigation", name="Portfolio").get_by_role("link", name="Register").click()
    refused = page.locator("form", has=page.get_by_role("button", name="Add the initiative"))
    refused.get_by_role("button", name="Add the initiative").click()
    expect(page.get_by_text("Name is empty; every initiative needs a name.")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    for initiative in INITIATIVES:
        register(page, *initiative)
    table = page.get_by_role("table", name="3 initiatives")
    for name, *_ in INITIATIVES:
        expect(table.get_by_role("row", name=re.compile(name))).to_be_visible()
    assert axe_violations(page, axe_source) == []
    shoot(page, "portfolio-register")

    page.get_by_role("link", name="Gate of Claims triage assistant").click()
    expect(page.get_by_role("heading", name="Production gate: Claims triage assistant")).to_be_visible()
    expect(page.get_by_text("Not answered yet: saving pins the answers to this version.")).to_be_visible()
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        # The third option of each gate question is its top answer: in place.
        questions.nth(index).locator(".option").nth(2).locator("input").check()
    assert axe_violations(page, axe_source) == []
    shoot(page, "portfolio-gate")
    page.get_by_role("button", name="Save the gate answers").click()
    page.wait_for_url(re.compile(r".*/assessment/portfolio#initiative-\d+$"))

    chart = page.get_by_role("img", name="Value against readiness")
    expect(chart).to_be_visible()
    expect(chart.locator(".matrix__point")).to_have_count(3)
    for quadrant in ("Scale now", "Fix, then scale", "Rethink", "Stop"):
        expect(chart.get_by_text(quadrant, exact=True)).to_be_visible()
    matrix_table = page.get_by_role("table", name="The matrix as a table")
    for name, *_ in INITIATIVES:
        expect(matrix_table.get_by_role("row", name=re.compile(name))).to_be_visible()
    claims = page.locator("li.initiative", has=page.get_by_role("heading", name="Claims triage assistant"))
    expect(
        claims.get_by_text(re.compile(r"^\d+ blockers: \d+ in the initiative's own gate answers"))
    ).to_be_visible()
    expect(claims.get_by_text(re.compile(r"The organisation: .* needs level"))).not_to_have_count(0)
    expect(claims.get_by_text(re.compile(r"roadmap: the next"))).not_to_have_count(0)
    agent = page.locator("li.initiative", has=page.get_by_role("heading", name="Underwriting agent"))
    expect(agent.get_by_text(re.compile("^Autonomy asked for"))).to_be_visible()
    expect(page.get_by_role("table", name="Initiatives in flight per delivery team")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    shoot(page, "portfolio-matrix")

    page.get_by_role("link", name="Try a what-if").click()
    page.locator('input[name="done"]').first.check()
    page.get_by_role("button", name="Show the outcome").click()
    expect(page.get_by_role("heading", name="The outcome")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    shoot(page, "portfolio-what-if")
