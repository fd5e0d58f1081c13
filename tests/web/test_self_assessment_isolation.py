"""Answers belong to the browser session that gave them, and an old autosave never wins.

What tests/web/test_self_assessment.py does not cover yet: a respondent who names another
respondent (their id, their questions) in autosaves, forms or a doctored session cookie
changes nothing of theirs; and an autosave replayed from one device after a newer answer
from another device leaves the newer answer in place on both devices.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import urlparse

from itsdangerous import base64_decode, base64_encode
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Respondent, answers_of
from tests.support.journeys import autosave, resume_url, start


def answers_by_organisation(app) -> dict[str, dict[str, str]]:
    with app.app_context():
        return {
            r.assessment.organisation.name: answers_of(database.session, r.id)
            for r in database.session.scalars(select(Respondent))
        }


def respondent_id(app, organisation: str) -> int:
    with app.app_context():
        return next(
            r.id
            for r in database.session.scalars(select(Respondent))
            if r.assessment.organisation.name == organisation
        )


def checked(page: str, question: str) -> str | None:
    """The answer a page shows as chosen for a question."""
    found = re.search(rf'<input checked[^>]*name="{re.escape(question)}"[^>]*value="([^"]*)"', page)
    return found.group(1) if found else None


def test_naming_another_respondent_in_an_autosave_or_a_form_changes_only_your_own_answers(journey_app):
    alice, bob = journey_app.test_client(), journey_app.test_client()
    start(alice, name="Alice Ltd")
    start(bob, name="Bob plc")
    assert autosave(bob, "own-accountable-owner", "all-named", 10).get_json()["saved"] is True
    bob_id = respondent_id(journey_app, "Bob plc")

    # Alice's client names Bob's respondent, his private link and his question, with a later sequence.
    forged = {
        "question": "own-accountable-owner",
        "value": "none-named",
        "seq": 2**61,
        "respondent": bob_id,
        "respondent_id": bob_id,
        "token": urlparse(resume_url(bob)).path.rsplit("/", 1)[1],
    }
    # Naming him in the address (as his own page does) is refused and stores nothing...
    assert alice.post(f"/assessment/answers?respondent={bob_id}", json=forged).status_code == 409
    form = {"own-decision-rights": "unclear", "respondent": str(bob_id), "save": "1"}
    assert alice.post(f"/assessment/section/leadership?respondent={bob_id}", data=form).status_code == 409
    # ...and naming him in the body changes only Alice's own answers.
    assert alice.post("/assessment/answers", json=forged).status_code == 200
    alice.post("/assessment/section/leadership", data=form)

    assert answers_by_organisation(journey_app) == {
        "Alice Ltd": {"own-accountable-owner": "none-named", "own-decision-rights": "unclear"},
        "Bob plc": {"own-accountable-owner": "all-named"},
    }
    bobs_page = bob.get("/assessment/section/leadership").get_data(as_text=True)
    assert checked(bobs_page, "own-accountable-owner") == "all-named"
    assert checked(bobs_page, "own-decision-rights") is None
    alices_page = alice.get("/assessment/section/leadership").get_data(as_text=True)
    assert checked(alices_page, "own-accountable-owner") == "none-named"


def test_question_ids_of_another_respondents_questionnaire_are_refused(journey_app):
    alice, bob = journey_app.test_client(), journey_app.test_client()
    start(alice, "ai-execution", name="Alice Ltd")
    start(bob, "quick-check", name="Bob plc")
    assert autosave(bob, "fnd-owner", "some", 5).get_json()["saved"] is True

    refused = autosave(alice, "fnd-owner", "all", 6)  # a question of Bob's quick check, not of Alice's

    assert refused.status_code == 422 and refused.get_json()["error"] == "unknown-question"
    assert answers_by_organisation(journey_app) == {"Alice Ltd": {}, "Bob plc": {"fnd-owner": "some"}}


def _with_respondent(cookie: str, respondent: int) -> str:
    """Flask's signed session cookie with the respondent id in its payload changed, signature kept."""
    compressed = cookie.startswith(".")
    payload, timestamp, signature = cookie.lstrip(".").rsplit(".", 2)
    data = base64_decode(payload)
    if compressed:
        data = zlib.decompress(data)
    changed, replaced = re.subn(rb'"respondent":\d+', b'"respondent":%d' % respondent, data)
    assert replaced == 1, data
    return f"{base64_encode(changed).decode()}.{timestamp}.{signature}"


def test_a_session_cookie_edited_to_name_another_respondent_is_refused(journey_app):
    alice, bob = journey_app.test_client(), journey_app.test_client()
    start(alice, name="Alice Ltd")
    start(bob, name="Bob plc")
    autosave(bob, "own-accountable-owner", "all-named", 10)
    doctored = _with_respondent(alice.get_cookie("session").value, respondent_id(journey_app, "Bob plc"))

    intruder = journey_app.test_client()
    intruder.set_cookie("session", doctored)

    assert intruder.get("/assessment/section/leadership").status_code == 403
    assert autosave(intruder, "own-accountable-owner", "none-named", 2**61).status_code == 403
    assert answers_by_organisation(journey_app)["Bob plc"] == {"own-accountable-owner": "all-named"}


def seq_base(page: str) -> int:
    return int(re.search(r'data-seq-base="(\d+)"', page).group(1))


def test_an_old_autosave_replayed_after_a_newer_answer_from_another_device_changes_nothing(journey_app):
    laptop = journey_app.test_client()
    start(laptop)
    laptop_base = seq_base(laptop.get("/assessment/section/leadership").get_data(as_text=True))
    assert autosave(laptop, "own-accountable-owner", "some-named", laptop_base + 1_000).status_code == 200

    phone = journey_app.test_client()
    phone.get(urlparse(resume_url(laptop)).path)
    phone_base = seq_base(phone.get("/assessment/section/leadership").get_data(as_text=True))
    assert phone_base > laptop_base  # the phone opened its page later
    newer = autosave(phone, "own-accountable-owner", "owners-report", phone_base + 1_000)
    assert newer.get_json()["saved"] is True

    # The laptop's network replays its earlier autosave, and a still earlier one arrives late.
    replayed = autosave(laptop, "own-accountable-owner", "some-named", laptop_base + 1_000)
    late = autosave(laptop, "own-accountable-owner", "none-named", laptop_base + 500)

    for response in (replayed, late):
        assert response.status_code == 200 and response.get_json()["saved"] is False
    for device in (laptop, phone):
        page = device.get("/assessment/section/leadership").get_data(as_text=True)
        assert checked(page, "own-accountable-owner") == "owners-report"
    assert answers_by_organisation(journey_app) == {
        "Acme Insurance": {"own-accountable-owner": "owners-report"}
    }
