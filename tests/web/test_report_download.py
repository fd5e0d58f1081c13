"""The self-assessment's PDF report: downloaded from the results page, served from the cache after."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from assessment.scoring import applicable_answers, question_applies, score_answers
from tests.support.journeys import autosave, complete_quick_check, start
from tests.support.reports import pdf_page_text


@pytest.mark.slow  # renders and reads back full reports
def test_results_offer_a_pdf_that_names_the_organisation_and_is_cached(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    client = journey_app.test_client()
    start(client, name="Northwind & <Partners>")
    client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"},
    )
    autosave(client, "own-accountable-owner", "all-named", 1)
    assert "/assessment/report.pdf?profile=production-baseline" in client.get("/assessment/results").get_data(
        as_text=True
    )
    first = client.get("/assessment/report.pdf?profile=production-baseline")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.headers["Content-Disposition"].startswith("attachment; filename=")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(first.data)).pages)
    assert "Northwind & <Partners>" in text and "Production baseline" in text
    (cached,) = (tmp_path / "reports").glob("*.pdf")
    written = cached.stat().st_ino
    again = client.get("/assessment/report.pdf?profile=production-baseline")
    assert again.data == first.data
    assert cached.stat().st_ino == written  # served from the cache, not rendered and written again
    autosave(client, "own-decision-rights", "written", 2)
    client.get("/assessment/report.pdf?profile=production-baseline")
    assert len(list((tmp_path / "reports").glob("*.pdf"))) == 2  # a changed answer is a new report


@pytest.mark.slow  # a stopped render, then a full one
def test_a_report_that_outlasts_the_time_limit_asks_to_try_again_and_caches_nothing(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    client = journey_app.test_client()
    start(client, name="Slowcoach Ltd")
    client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"},
    )
    autosave(client, "own-accountable-owner", "all-named", 1)
    journey_app.config["REPORT_TIME_LIMIT"] = 0.01  # far less than any render takes
    stopped = client.get("/assessment/report.pdf")
    assert stopped.status_code == 503 and stopped.headers["Retry-After"] == "60"
    page = stopped.get_data(as_text=True)
    assert "took too long to prepare" in page and "Your answers are safe" in page
    assert not list((tmp_path / "reports").glob("*.pdf"))
    journey_app.config["REPORT_TIME_LIMIT"] = 20
    assert client.get("/assessment/report.pdf").mimetype == "application/pdf"


def test_the_report_needs_the_private_link(journey_app):
    assert journey_app.test_client().get("/assessment/report.pdf").status_code == 403


@pytest.mark.slow  # eleven assessments and full reports
def test_the_report_shows_stored_peer_figures_once_ten_peers_qualify(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    for number in range(9):
        complete_quick_check(journey_app, f"Peer {number}", level_index=number % 5)
    viewer = complete_quick_check(journey_app, "Viewer", level_index=2)
    before = " ".join(pdf_page_text(viewer.get("/assessment/report.pdf").data).split())
    assert "Peer median" not in before and "We never show invented industry averages" in before
    # A tenth peer arrives: the viewer's answers are unchanged, but the report is not served from
    # the cache, because the peer figures it shows have changed.
    complete_quick_check(journey_app, "Peer 9", level_index=1)
    after = " ".join(pdf_page_text(viewer.get("/assessment/report.pdf").data).split())
    assert "Peer median" in after and "Peers are 10 real organisations on this service" in after
    assert "no percentile rank is given" in after  # 10 to 29 peers are indicative
    # Each peer answered every question at one level: overall scores 1, 2, 3, 4, 5, 1, 2, 3, 4 and 2.
    assert "Their median maturity index is 2.5 (middle half 2.0 to 3.8)" in after
    assert len(list((tmp_path / "reports").glob("*.pdf"))) == 2


def test_results_say_unanswered_questions_count_as_level_one(journey_app):
    client = journey_app.test_client()
    start(client, name="Halfway Ltd")
    client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"},
    )
    autosave(client, "own-accountable-owner", "all-named", 1)  # one of the two critical ownership questions
    with journey_app.app_context():
        flagship = journey_app.extensions["catalog"].get("ai-execution")
    in_scope = [d.id for d in flagship.dimensions if d.id != "agentic"]  # scoped out: no agents
    page = " ".join(client.get("/assessment/results").get_data(as_text=True).split())
    scope = {"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"}
    applicable = [
        q
        for q in flagship.maturity_questions
        if q.dimension in in_scope and question_applies(flagship, q, scope)
    ]
    missing = len(applicable) - 1
    assert f"Incomplete: {missing} unanswered questions count as level 1 Initial" in page
    assert page.count("unanswered questions count as level 1)") == len(in_scope)
    assert "Why your level is lower than your index" not in page  # index 1.1, level 1


def test_the_results_page_offers_the_figures_as_an_excel_workbook(journey_app):
    client = journey_app.test_client()
    start(client, name="=SUM(A1:A9)")
    client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "buy", "scope-agents": "none", "scope-eu-high-risk": "none"},
    )
    autosave(client, "own-accountable-owner", "all-named", 1)
    results = client.get("/assessment/results").get_data(as_text=True)
    assert "/assessment/report.xlsx?profile=production-baseline" in results
    response = client.get("/assessment/report.xlsx?profile=production-baseline")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Organisation"] == "=SUM(A1:A9)"  # the client's text, never a formula
    assert summary["Target profile"] == "Production baseline"
    answered = {row[1].value: row[4].value for row in book["Answers"].iter_rows(min_row=2)}
    with journey_app.app_context():
        flagship = journey_app.extensions["catalog"].get("ai-execution")
    assert (
        answered[flagship.question("own-accountable-owner").text]
        == flagship.question("own-accountable-owner").option("all-named").label
    )


def test_the_results_page_offers_the_slides_as_a_powerpoint_deck_with_the_scorecards_figures(journey_app):
    client = journey_app.test_client()
    start(client, name='Northwind & <Partners> "Ltd"')
    scope = {"scope-build-buy": "buy", "scope-agents": "none", "scope-eu-high-risk": "none"}
    client.post("/assessment/section/scope", data=scope)
    autosave(client, "own-accountable-owner", "all-named", 1)
    results = client.get("/assessment/results").get_data(as_text=True)
    assert "/assessment/report.pptx?profile=production-baseline" in results
    response = client.get("/assessment/report.pptx?profile=production-baseline")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    assert response.headers["Content-Disposition"].endswith('.pptx"')
    assert response.headers["Cache-Control"] == "private, no-store"
    deck = Presentation(io.BytesIO(response.data))
    slides = {slide.shapes.title.text: slide for slide in deck.slides}
    assert 'Northwind & <Partners> "Ltd"' in slides  # the name as typed, as literal text
    with journey_app.app_context():
        flagship = journey_app.extensions["catalog"].get("ai-execution")
    card = score_answers(
        flagship, applicable_answers(flagship, {**scope, "own-accountable-owner": "all-named"})
    )
    (chart,) = [s.chart for s in slides["Scores against the target"].shapes if s.has_chart]
    yours = chart.plots[0].series[0]
    assert list(yours.values) == [round(d.score, 1) for d in card.dimensions]
    (table,) = [s.table for s in slides["Against the targets"].shapes if s.has_table]
    levels = [row.cells[2].text for row in list(table.rows)[1:]]
    assert levels == [f"{d.level:g} {d.level_name}" for d in card.dimensions]


def test_the_deck_is_not_served_to_a_browser_without_an_assessment(journey_app):
    response = journey_app.test_client().get("/assessment/report.pptx")
    assert response.status_code != 200 and not response.data.startswith(b"PK")
