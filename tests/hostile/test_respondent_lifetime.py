"""F15 (part): a respondent's browser stops answering after a long pause; a private link can be replaced."""

from __future__ import annotations

import time

import pytest

from tests.support.journeys import autosave, resume_url, start

DAY = 24 * 3600
QUESTION = "own-accountable-owner"


def answering(app):
    """A self-assessor's browser with one acknowledged answer."""
    client = app.test_client()
    start(client)
    assert autosave(client, QUESTION, "all-named", 1).status_code == 200
    return client


@pytest.mark.parametrize(
    ("seen_ago", "since_ago"),
    [(4 * DAY, 4 * DAY), (DAY, 31 * DAY)],
    ids=["idle-too-long", "tied-too-long"],
)
def test_a_long_pause_ends_answering_on_this_device_but_keeps_every_answer(journey_app, seen_ago, since_ago):
    client = answering(journey_app)
    link = resume_url(client)
    with client.session_transaction() as session:
        session["answering_seen"] = int(time.time()) - seen_ago
        session["answering_since"] = int(time.time()) - since_ago
    ended = client.get("/assessment/review")
    assert ended.status_code == 403
    assert "open your private link to continue" in ended.get_data(as_text=True)
    refused = autosave(client, QUESTION, "none-named", 2)
    assert refused.status_code == 403 and "private link" in refused.get_json()["message"]
    assert client.get(link).status_code == 302  # the resume link ties the browser again
    section = client.get("/assessment/section/leadership").get_data(as_text=True)
    assert "&#34;own-accountable-owner&#34;: &#34;all-named&#34;" in section  # the saved answer is shown


def test_an_active_respondent_keeps_answering(journey_app):
    client = answering(journey_app)
    with client.session_transaction() as session:
        session["answering_seen"] = int(time.time()) - 2 * DAY
    assert client.get("/assessment/review").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session["answering_seen"] < 60  # the visit counts as activity


def test_a_replaced_link_stops_working_everywhere_and_the_new_one_works(journey_app):
    laptop = answering(journey_app)
    old_link = resume_url(laptop)
    phone = journey_app.test_client()
    assert phone.get(old_link).status_code == 302
    assert laptop.post("/assessment/link").status_code == 302
    assert "the old link no longer works" in laptop.get("/assessment/review").get_data(as_text=True)
    new_link = resume_url(laptop)
    assert new_link != old_link
    assert journey_app.test_client().get(old_link).status_code == 404
    ended = phone.get("/assessment/review")
    assert ended.status_code == 403 and "link was replaced" in ended.get_data(as_text=True)
    assert phone.get(new_link).status_code == 302
    assert phone.get("/assessment/review").status_code == 200
