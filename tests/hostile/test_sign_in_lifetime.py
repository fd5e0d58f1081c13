"""F15 (part): a consultant's sign-in ends after 8 idle hours and at the latest after 7 days."""

from __future__ import annotations

import time

import pytest

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.journeys import sign_up

HOUR = 3600


def signed_in(app):
    client = app.test_client()
    assert sign_up(client).status_code == 302
    assert client.get("/workspaces/").status_code == 200
    return client


@pytest.mark.parametrize(
    ("seen_ago", "began_ago"),
    [(9 * HOUR, 9 * HOUR), (HOUR, 8 * 24 * HOUR)],
    ids=["idle-too-long", "signed-in-too-long"],
)
def test_a_stale_sign_in_sends_the_consultant_to_sign_in_again(journey_app, seen_ago, began_ago):
    client = signed_in(journey_app)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - seen_ago
        session["signed_in_at"] = int(time.time()) - began_ago
    response = client.get("/workspaces/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.get("/workspaces/").status_code == 302  # and it stays signed out


def test_an_active_consultant_stays_signed_in(journey_app):
    client = signed_in(journey_app)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 7 * HOUR
    assert client.get("/workspaces/").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session["seen_at"] < 60  # the visit counts as activity


@pytest.mark.parametrize(
    ("config", "seen_ago", "began_ago", "reason"),
    [
        ({"SIGN_IN_IDLE_TIMEOUT": 2 * HOUR}, 3 * HOUR, 3 * HOUR, "signed out after 2 hours without activity"),
        ({"SIGN_IN_IDLE_TIMEOUT": 60}, 61, 61, "signed out after 1 minute without activity"),
        ({}, 9 * HOUR, 9 * HOUR, "signed out after 8 hours without activity"),
        ({"SIGN_IN_MAX_AGE": 86400}, 10, 86401, "signed out 1 day after signing in"),
    ],
    ids=["two-hours", "one-minute", "default", "max-age"],
)
def test_the_sign_in_page_says_why_the_consultant_was_signed_out(
    make_app, database_url, config, seen_ago, began_ago, reason
):
    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False, **config})
    with app.app_context():
        upgrade(database.engine)
    client = signed_in(app)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - seen_ago
        session["signed_in_at"] = int(time.time()) - began_ago
    response = client.get("/workspaces/", follow_redirects=True)
    assert response.request.path == "/account/login"
    assert f"You were {reason}." in response.get_data(as_text=True)
    again = client.get("/account/login").get_data(as_text=True)
    assert reason not in again  # said once
