"""The self-assessment's PDF report: downloaded from the results page, served from the cache after."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.web.conftest import autosave, start


def test_results_offer_a_pdf_that_names_the_organisation_and_is_cached(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    client = journey_app.test_client()
    start(client, name="Northwind & <Partners>")
    client.post("/assessment/section/scope", data={"scope-agents": "none", "scope-eu-high-risk": "none"})
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


def test_the_report_needs_the_private_link(journey_app):
    assert journey_app.test_client().get("/assessment/report.pdf").status_code == 403
