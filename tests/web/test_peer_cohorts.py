"""Peer data in the web: a consultant imports prior results and compares a workshop's room with them."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import PeerCohort, Workshop
from tests.support.journeys import answer, join, join_code, make_workshop, sign_up, upload
from tests.support.reports import FLAGSHIP, pdf_text, peers_csv


def stored_cohorts(app) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(PeerCohort))


def test_a_consultant_imports_prior_results_and_sees_how_many_count_as_peers(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    other_family = peers_csv(FLAGSHIP, 3, family="quick-check@2").splitlines(True)[1:]
    text = peers_csv(FLAGSHIP, 24) + "".join(other_family)
    response = upload(consultant, text)
    assert response.status_code == 200 and response.request.path == "/workspaces/1/cohorts"
    page = response.get_data(as_text=True)
    assert "Imported “Prior clients”: 27 results." in page
    assert "ai-execution@2: 24 organisations (indicative)" in page
    assert "quick-check@2: 3 organisations (too few to show)" in page
    download = consultant.get("/workspaces/1/cohorts/1/results.csv")
    assert download.mimetype == "text/csv" and download.get_data(as_text=True) == text


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_stored(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    rows = peers_csv(FLAGSHIP, 3).splitlines()
    rows[2] = rows[2].replace(",yes,1,", ",perhaps,1,")
    response = upload(consultant, "\n".join(rows) + "\n")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported; correct the file and upload it again." in page
    assert "row 3, field consented: &#39;perhaps&#39; is not true or false" in page
    assert stored_cohorts(journey_app) == 0


def test_a_file_too_large_or_not_utf8_or_without_results_is_refused_with_its_reason(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    header = peers_csv(FLAGSHIP, 0)
    for content, reason in (
        (header.encode() + b"x" * (5 * 1024 * 1024), "the file is larger than 5 MB"),
        (header.encode() + "client-1,ai-execution@2,caf\xe9".encode("latin-1"), "not UTF-8"),
        (header.encode(), "the file has a header but no results"),
    ):
        response = upload(consultant, content)
        assert response.status_code == 422 and reason in response.get_data(as_text=True)
    assert upload(consultant, peers_csv(FLAGSHIP, 2), name="").status_code == 422
    assert stored_cohorts(journey_app) == 0


@pytest.mark.slow  # renders group reports
def test_the_group_report_sets_the_room_beside_the_chosen_peers(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    consultant = journey_app.test_client()
    sign_up(consultant)
    consultant.post("/workspaces/1/clients", data={"name": "Acme Retail", "industry": "retail"})
    live = make_workshop(journey_app, consultant, same_client=True)
    for role in ("Product", "Security"):
        answer(join(journey_app, join_code(journey_app), role=role), "all-named")
    plain = consultant.get("/workspaces/1/workshops/1/report.pdf").data
    assert "Against peers" not in pdf_text(plain, tmp_path)

    upload(consultant, peers_csv(FLAGSHIP, 24, industries=("retail", "insurance")))
    assert consultant.post("/workspaces/1/workshops/1/peers", data={"cohort": "1"}).status_code == 302
    page = consultant.get(live).get_data(as_text=True)
    assert "compares the room with “Prior clients”: 24 of its organisations are peers" in page
    text = " ".join(pdf_text(consultant.get("/workspaces/1/workshops/1/report.pdf").data, tmp_path).split())
    assert "Against peers" in text
    assert "Peers are 24 organisations in the imported peer data “Prior clients”" in text

    # Only retail peers: 12 of them, still enough for indicative figures; then too few.
    consultant.post("/workspaces/1/workshops/1/peers", data={"cohort": "1", "same_industry": "y"})
    page = consultant.get(live).get_data(as_text=True)
    assert "12 of its organisations are peers for this questionnaire, keeping those with the client" in page
    text = " ".join(pdf_text(consultant.get("/workspaces/1/workshops/1/report.pdf").data, tmp_path).split())
    assert "Peers are 12 organisations" in text
    upload(consultant, peers_csv(FLAGSHIP, 14, industries=("retail", "insurance")), name="Small")
    consultant.post("/workspaces/1/workshops/1/peers", data={"cohort": "2", "same_industry": "y"})
    assert "That is too few to show any peer figure" in consultant.get(live).get_data(as_text=True)
    text = " ".join(pdf_text(consultant.get("/workspaces/1/workshops/1/report.pdf").data, tmp_path).split())
    assert "No peer figures from organisations in the imported peer data “Small”" in text
    assert "only 7 comparable organisations; peer figures need at least 10" in text


def test_deleting_a_cohort_leaves_its_workshops_compared_with_no_one(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    upload(consultant, peers_csv(FLAGSHIP, 12))
    consultant.post("/workspaces/1/workshops/1/peers", data={"cohort": "1"})
    assert consultant.post("/workspaces/1/cohorts/1/delete").status_code == 302
    assert stored_cohorts(journey_app) == 0
    with journey_app.app_context():
        assert database.session.get(Workshop, 1).peer_cohort_id is None
    page = consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)
    assert "compared with no imported peers" in page


def test_a_workshop_cannot_be_compared_with_another_workspaces_cohort(journey_app):
    ours, theirs = journey_app.test_client(), journey_app.test_client()
    make_workshop(journey_app, ours)
    sign_up(theirs, email="bo@example.com", workspace="Bo Advisory")
    file = (io.BytesIO(peers_csv(FLAGSHIP, 12).encode()), "t.csv")
    with theirs.post("/workspaces/2/cohorts", data={"name": "Theirs", "results": file}) as response:
        assert response.status_code == 302
    assert ours.post("/workspaces/1/workshops/1/peers", data={"cohort": "1"}).status_code == 400
    assert ours.get("/workspaces/2/cohorts/1/results.csv").status_code == 404
    with journey_app.app_context():
        assert database.session.get(Workshop, 1).peer_cohort_id is None
