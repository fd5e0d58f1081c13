"""A signed-in consultant changes their password: same policy as sign-up, other browsers signed out."""

from __future__ import annotations

from tests.support.csrf import signed_up, token_on
from tests.support.journeys import PASSWORD, sign_up

NEW = "a lighthouse keeper's logbook"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    """Post the change-password form."""
    data = {"current": current, "password": new, "confirm": confirm if confirm is not None else new}
    return client.post("/account/password", data=data)


def sign_in(app, password):
    """A fresh browser's sign-in attempt."""
    client = app.test_client()
    response = client.post("/account/login", data={"email": "ada@example.com", "password": password})
    return client, response


def test_changing_the_password_signs_out_other_browsers_and_keeps_this_one(journey_app):
    here = journey_app.test_client()
    sign_up(here)
    elsewhere, _ = sign_in(journey_app, PASSWORD)
    assert elsewhere.get("/workspaces/").status_code == 200
    response = change(here)
    assert response.status_code == 302
    page = here.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your password is changed" in page
    assert here.get("/workspaces/").status_code == 200
    assert elsewhere.get("/workspaces/").status_code == 302  # back to the sign-in page
    assert sign_in(journey_app, PASSWORD)[1].status_code == 422
    assert sign_in(journey_app, NEW)[1].status_code == 302


def test_a_wrong_current_password_changes_nothing(journey_app):
    client = journey_app.test_client()
    sign_up(client)
    response = change(client, current="not my password at all")
    assert response.status_code == 422
    assert "This is not your current password." in response.get_data(as_text=True)
    assert sign_in(journey_app, PASSWORD)[1].status_code == 302


def test_the_new_password_follows_the_sign_up_policy_and_must_be_typed_twice_alike(journey_app):
    client = journey_app.test_client()
    sign_up(client)
    for new, confirm, message in [
        ("short", None, "Use at least 12 characters."),
        ("password1234", None, "This password is one of the most common passwords"),
        ("ada@example.com!", None, "This password contains your email address"),
        (NEW, NEW + "x", "The two passwords differ."),
    ]:
        response = change(client, new=new, confirm=confirm)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert sign_in(journey_app, PASSWORD)[1].status_code == 302


def test_ten_wrong_current_passwords_pause_changing_it(journey_app):
    client = journey_app.test_client()
    sign_up(client)
    for _ in range(10):
        assert change(client, current="not my password at all").status_code == 422
    assert change(client).status_code == 429


def test_the_page_needs_a_sign_in_and_its_form_a_csrf_token(make_app, tmp_path):
    from assessment.extensions import database
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'csrf.db'}"})
    with app.app_context():
        upgrade(database.engine)
    assert app.test_client().get("/account/password").status_code == 302
    client = signed_up(app)
    assert change(client).status_code == 400  # no token
    data = {"current": PASSWORD, "password": NEW, "confirm": NEW}
    response = client.post(
        "/account/password", data=data | {"csrf_token": token_on(client, "/account/password")}
    )
    assert response.status_code == 302
