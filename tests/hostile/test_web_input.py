"""F6 and F7: NUL characters, whitespace answers, deep JSON and huge CSV cells get a 4xx, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Account, Answer, PeerCohort
from tests.support.journeys import PASSWORD, join_code, make_workshop, sign_up, start, upload
from tests.support.reports import FLAGSHIP, peers_csv

NUL_REFUSAL = "The request contains a NUL character, which no field accepts. Nothing was saved."


def count(app, model) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(model))


def refused_for_nul(response) -> None:
    assert response.status_code == 400
    assert NUL_REFUSAL in response.get_data(as_text=True)


def test_a_nul_in_the_sign_up_email_is_refused_and_no_account_stored(journey_app):
    refused_for_nul(sign_up(journey_app.test_client(), email="nul\x00x@example.com"))
    assert count(journey_app, Account) == 0


def test_a_nul_in_the_sign_in_email_is_refused(journey_app):
    data = {"email": "a\x00b@example.com", "password": PASSWORD}
    refused_for_nul(journey_app.test_client().post("/account/login", data=data))


@pytest.mark.parametrize("how", ["form", "url"])
def test_a_nul_in_a_join_code_is_refused(journey_app, how):
    make_workshop(journey_app, journey_app.test_client())
    code = join_code(journey_app)
    participant = journey_app.test_client()
    if how == "form":
        response = participant.post("/join", data={"code": f"{code[:3]}\x00{code[3:]}"})
    else:
        response = participant.get(f"/join/{code[:3]}%00{code[3:]}")
    refused_for_nul(response)


def test_a_nul_in_a_cohort_filename_is_refused_and_nothing_stored(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    refused_for_nul(upload(consultant, peers_csv(FLAGSHIP, 3), filename="pe\x00ers.csv"))
    assert count(journey_app, PeerCohort) == 0


def test_a_nul_inside_a_cohort_cell_is_refused_with_its_line(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    text = peers_csv(FLAGSHIP, 3).replace("client-1", "client\x00-1")
    response = upload(consultant, text)
    assert response.status_code == 422
    assert "line 3 holds a NUL character" in response.get_data(as_text=True)
    assert count(journey_app, PeerCohort) == 0


def test_a_cohort_cell_over_the_csv_field_limit_is_refused(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    rows = peers_csv(FLAGSHIP, 3).splitlines()
    rows[2] = rows[2].replace("client-1", "c" * 140_000)
    response = upload(consultant, "\n".join(rows) + "\n")
    assert response.status_code == 422
    assert "the file cannot be read as CSV (field larger than field limit" in response.get_data(as_text=True)
    assert count(journey_app, PeerCohort) == 0


def test_a_whitespace_answer_on_a_section_page_is_refused_and_nothing_stored(journey_app):
    client = journey_app.test_client()
    start(client, questionnaire="quick-check")
    response = client.post("/assessment/section/foundations", data={"fnd-owner": "   "})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert count(journey_app, Answer) == 0


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_deeply_nested_autosave_json_is_refused_as_malformed(journey_app, body):
    client = journey_app.test_client()
    start(client, questionnaire="quick-check")
    response = client.post("/assessment/answers", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "malformed", "message": "The JSON body is nested too deeply."}
    assert count(journey_app, Answer) == 0


def test_an_error_on_an_autosave_is_json_not_a_page(journey_app):
    client = journey_app.test_client()
    start(client, questionnaire="quick-check")
    payload = {"question": "fnd-owner", "value": "x", "seq": 1}
    response = client.post("/assessment/answers?x=%00", json=payload)
    assert response.status_code == 400 and response.get_json()["message"] == NUL_REFUSAL


def test_nul_free_text_still_works(journey_app):
    """The check refuses only NUL: other hostile text reaches the form and its own messages."""
    response = sign_up(journey_app.test_client(), email="plain@example.com")
    assert response.status_code == 302
