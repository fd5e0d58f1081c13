"""A retake freezes the assessment it replaces: the old private link opens it read-only,
says when it was retaken and, only for a browser holding the newer link, where that one is."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Assessment, answers_of
from tests.support.journeys import answer_scope, autosave, resume_url, start


def _path(url: str) -> str:
    """The path of an absolute private link, for the test client."""
    return urlparse(url).path


def _assessments(app) -> list[Assessment]:
    """Every assessment, oldest first (inside the caller's app context)."""
    return database.session.scalars(select(Assessment).order_by(Assessment.id)).all()


def _answers_of_first(app) -> dict[str, str]:
    """The stored answers of the first (retaken) assessment."""
    with app.app_context():
        first = _assessments(app)[0]
        return answers_of(database.session, first.respondents[0].id)


def _retaken(app):
    """An organisation that answered, then retook from its answers; returns the client that
    retook and the old private link (read from its page before the retake)."""
    client = app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", "some-named", 1)
    old_link = resume_url(client)
    assert client.post("/assessment/retake", data={"start_from": "previous"}).status_code == 302
    return client, old_link


def test_the_first_page_after_a_retake_shows_the_new_private_link_at_the_top_once(journey_app):
    client, old_link = _retaken(journey_app)
    page = client.get("/assessment/", follow_redirects=True).get_data(as_text=True)
    assert "You have a new private link" in page
    # At the top: before anything else on the page but its heading.
    questions = page.index('class="questions"')
    assert page.index("<h1>") < page.index("You have a new private link") < questions
    new_link = resume_url(client)
    assert new_link != old_link
    assert "the link you had before now opens your previous assessment, read-only" in page
    again = client.get("/assessment/review").get_data(as_text=True)
    assert "You have a new private link" not in again and "Your private link" in again


def test_the_old_link_opens_the_old_assessment_read_only_with_the_date_of_the_retake(journey_app):
    _, old_link = _retaken(journey_app)
    with journey_app.app_context():
        first, second = _assessments(journey_app)
        assert first.status == "closed" and first.closed_at is not None and second.status == "open"
        day = f"{first.closed_at.day} {first.closed_at:%B %Y}"
    stranger = journey_app.test_client()  # someone given only the old link
    response = stranger.get(_path(old_link), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Your results" in page  # results stay readable
    assert f"This assessment was retaken on {day}" in page
    assert "Your newer assessment has its own private link" in page
    assert "Open your newer assessment" not in page  # the old link alone is no way into the new one
    assert "Retake the assessment" not in page
    section = stranger.get("/assessment/section/leadership").get_data(as_text=True)
    assert f"This assessment was retaken on {day}" in section
    assert '<fieldset class="plain" disabled>' in section and "Save and continue" not in section
    assert re.search(r'<input checked[^>]*value="some-named"', section)


def test_answers_to_the_retaken_assessment_are_refused_and_nothing_changes(journey_app):
    _, old_link = _retaken(journey_app)
    old = journey_app.test_client()
    old.get(_path(old_link))
    before = _answers_of_first(journey_app)
    response = autosave(old, "own-accountable-owner", "all-named", 99)
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "retaken" and body["message"].startswith("This assessment was retaken on ")
    assert "can no longer change" in body["message"]
    page = {"own-accountable-owner": "all-named", "next": "1"}
    posted = old.post("/assessment/section/leadership", data=page)
    assert posted.status_code == 409 and "This assessment was retaken on" in posted.get_data(as_text=True)
    refused = old.post("/assessment/retake", data={"start_from": "previous"})
    assert refused.status_code == 409
    assert "Retake the newer assessment instead" in refused.get_data(as_text=True)
    assert _answers_of_first(journey_app) == before == {**before, "own-accountable-owner": "some-named"}
    with journey_app.app_context():
        assert len(_assessments(journey_app)) == 2  # no second retake of the old one


def test_the_browser_that_retook_is_sent_on_to_the_newer_assessment(journey_app):
    client, old_link = _retaken(journey_app)
    new_link = resume_url(client)
    # The same browser opens the old link (after confirming the switch) ...
    client.post(_path(old_link))
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "This assessment was retaken on" in page and "Open your newer assessment" in page
    form = re.search(r'<form method="post" action="([^"]+)" class="retaken__go">', page)
    assert form and form.group(1) == _path(new_link)
    # ... and its button brings the newer, open assessment back.
    client.post(form.group(1))
    back = client.get("/assessment/review").get_data(as_text=True)
    assert "This assessment was retaken" not in back and resume_url(client) == new_link


def test_a_replaced_newer_link_is_no_longer_offered_from_the_old_assessment(journey_app):
    client, old_link = _retaken(journey_app)
    client.post("/assessment/link")  # the newer link is replaced here: this browser holds the new one
    new_link = resume_url(client)
    client.post(_path(old_link))
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "Open your newer assessment" in page  # the browser held the replaced, current link
    other = journey_app.test_client()
    other.get(_path(new_link))
    other.post("/assessment/link")  # replaced again elsewhere: this browser's copy is now stale
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "This assessment was retaken on" in page and "Open your newer assessment" not in page


def _answers_of_newest(app) -> dict[str, str]:
    """The stored answers of the newest assessment (the retake)."""
    with app.app_context():
        newest = _assessments(app)[-1]
        return answers_of(database.session, newest.respondents[0].id)


def test_a_page_left_open_before_the_retake_never_writes_into_the_new_assessment(journey_app):
    """Two tabs of one browser: the first shows a page of the old assessment, the second retakes.
    What the first tab's page posts is refused, and the new assessment keeps its answers."""
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    page = client.get("/assessment/section/leadership").get_data(as_text=True)
    old_page = re.search(r'data-autosave="([^"]+)"', page).group(1).replace("&amp;", "&")
    old_action = re.search(r'<form method="post" action="([^"]+)" class="questions"', page).group(1)
    assert client.post("/assessment/retake", data={"start_from": "previous"}).status_code == 302
    before = _answers_of_newest(journey_app)

    saved = client.post(old_page, json={"question": "own-accountable-owner", "value": "all-named", "seq": 9})
    assert saved.status_code == 409
    assert saved.get_json()["error"] == "other-assessment"
    assert "Nothing was saved: reload the page" in saved.get_json()["message"]
    posted = client.post(old_action.replace("&amp;", "&"), data={"own-accountable-owner": "all-named"})
    assert posted.status_code == 409 and "no longer has open" in posted.get_data(as_text=True)
    assert _answers_of_newest(journey_app) == before

    # The new assessment's own page still saves.
    page = client.get("/assessment/section/leadership").get_data(as_text=True)
    new_page = re.search(r'data-autosave="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert new_page != old_page
    saved = client.post(new_page, json={"question": "own-accountable-owner", "value": "all-named", "seq": 10})
    assert saved.status_code == 200
    assert _answers_of_newest(journey_app)["own-accountable-owner"] == "all-named"
