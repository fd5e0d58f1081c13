"""Consultants sign up, sign in and out; sign-in is rate-limited and never redirects off-site."""

from __future__ import annotations

import pytest

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.journeys import PASSWORD, sign_up


def test_signing_up_creates_a_workspace_owned_by_the_new_account(journey_app):
    client = journey_app.test_client()
    assert sign_up(client).headers["Location"].endswith("/workspaces/")
    page = client.get("/workspaces/").get_data(as_text=True)
    assert "Ada Consulting" in page and "Your role: owner" in page


def test_a_second_account_with_the_same_email_is_refused(journey_app):
    sign_up(journey_app.test_client())
    response = sign_up(journey_app.test_client(), email=" ADA@example.com ")
    assert response.status_code == 422
    assert "An account with this email address exists" in response.get_data(as_text=True)


def test_a_short_password_is_refused(journey_app):
    response = journey_app.test_client().post(
        "/account/signup", data={"name": "A", "email": "a@example.com", "password": "short", "workspace": "W"}
    )
    assert response.status_code == 422 and "at least 12 characters" in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2_hashes(journey_app):
    from assessment.persistence import Account

    sign_up(journey_app.test_client())
    with journey_app.app_context():
        account = database.session.query(Account).one()
        assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash


def test_signing_in_follows_a_local_next_but_never_another_site(journey_app):
    sign_up(journey_app.test_client())
    for target, expected in [
        ("/workspaces/1/", "/workspaces/1/"),
        ("https://evil.example/", "/workspaces/"),
        ("//evil.example/", "/workspaces/"),
        ("/\\evil.example", "/workspaces/"),
    ]:
        client = journey_app.test_client()
        response = client.post(
            "/account/login",
            query_string={"next": target},
            data={"email": "ada@example.com", "password": PASSWORD},
        )
        assert response.status_code == 302
        assert response.headers["Location"] == expected


def test_a_wrong_password_is_refused_and_ten_failures_lock_sign_in(journey_app):
    sign_up(journey_app.test_client())
    client = journey_app.test_client()
    for _ in range(10):
        response = client.post(
            "/account/login", data={"email": "ada@example.com", "password": "wrong password"}
        )
        assert response.status_code == 422
        assert "The email address or the password is wrong." in response.get_data(as_text=True)
    locked = client.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert locked.status_code == 429


def test_signing_out_invalidates_a_copied_session_cookie(journey_app):
    client = journey_app.test_client()
    sign_up(client)
    copied = client.get_cookie("session").value
    assert client.post("/account/logout").status_code == 302
    assert client.get("/workspaces/").status_code == 302  # back to sign-in
    thief = journey_app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/workspaces/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(journey_app):
    response = journey_app.test_client().get("/workspaces/")
    assert response.status_code == 302 and "/account/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("secure", [False, True])
def test_the_session_cookie_is_httponly_lax_and_secure_when_configured(
    make_app, database_url, monkeypatch, secure
):
    if secure:
        monkeypatch.setenv("ASSESSMENT_SESSION_COOKIE_SECURE", "true")
    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    client = app.test_client()
    response = sign_up(client)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert ("Secure" in header) is secure
