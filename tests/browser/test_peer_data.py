"""A consultant imports prior results and compares a workshop's room with them, in Chromium.

The facilitator signs up, opens the workspace's peer data, uploads a file with a bad
row (the error summary names the row and nothing is stored), uploads a good one, then
compares a workshop of an insurance client with the insurance peers only. The benchmark
data page (with and without errors) and the live view's peers panel are checked with axe.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from assessment.questionnaire import load_directory
from tests.support.browser import axe_violations, sign_up_consultant
from tests.support.reports import QUESTIONNAIRES, peers_csv

pytestmark = pytest.mark.browser

FLAGSHIP = load_directory(QUESTIONNAIRES).get("ai-execution")
SCREENSHOTS = os.environ.get("SCREENSHOTS")  # a folder to save the pages in, for a look


def test_a_consultant_compares_a_workshop_with_imported_insurance_peers(
    browser, live_server, axe_source, tmp_path
):
    violations: dict[str, list] = {}
    page = browser.new_context().new_page()
    sign_up_consultant(page, live_server)
    workspace = page.url

    page.get_by_role("link", name="Peer data").click()
    expect(page.get_by_role("heading", name="Peer data", level=1)).to_be_visible()
    expect(page.get_by_text("No peer data yet.")).to_be_visible()
    rows = peers_csv(FLAGSHIP, 24, industries=("insurance", "retail")).splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([rows[0], rows[1].replace(",yes,", ",maybe,"), *rows[2:]]) + "\n")
    page.get_by_label("Name").fill("Earlier clients")
    page.get_by_label("Results file").set_input_files(str(bad))
    page.get_by_role("button", name="Import the results").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("row 2, field consented: 'maybe' is not true or false")
    expect(page.get_by_text("No peer data yet.")).to_be_visible()
    violations["refused upload"] = axe_violations(page, axe_source)

    good = tmp_path / "earlier-clients.csv"
    good.write_text("\n".join(rows) + "\n")
    page.get_by_label("Name").fill("Earlier clients")
    page.get_by_label("Results file").set_input_files(str(good))
    page.get_by_role("button", name="Import the results").click()
    expect(page.get_by_role("status")).to_contain_text("Imported “Earlier clients”: 24 results.")
    expect(page.get_by_role("rowheader", name="Earlier clients earlier-clients.csv")).to_be_visible()
    expect(page.get_by_text("ai-execution@2: 24 organisations (indicative)")).to_be_visible()
    violations["peer data"] = axe_violations(page, axe_source)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/peer-data.png", full_page=True)

    page.goto(workspace)
    page.get_by_label("Client name").fill("Northwind Mutual")
    page.get_by_label("Industry").select_option(label="Insurance")
    page.get_by_role("button", name="Add the client").click()
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("Kick-off")
    page.get_by_role("button", name="Create the workshop").click()
    expect(page.get_by_text("The room is compared with no imported peers.")).to_be_visible()

    peers = page.get_by_role("region", name="Peers")
    peers.get_by_label("Compare the room with").select_option(label="Earlier clients")
    peers.get_by_label("Only peers with the client's industry: Insurance").check()
    peers.get_by_role("button", name="Save the comparison").click()
    expect(peers).to_contain_text(
        "compares the room with “Earlier clients”: 12 of its organisations are peers for this"
        " questionnaire, keeping those with the client's industry."
    )
    expect(peers.get_by_label("Only peers with the client's industry: Insurance")).to_be_checked()
    violations["live view with peers"] = axe_violations(page, axe_source)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/live-peers.png", full_page=True)
    assert {name: found for name, found in violations.items() if found} == {}
