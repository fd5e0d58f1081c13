"""An owner issues a one-time password-reset link for a member, and the member sets a new password."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from assessment.extensions import database
from assessment.persistence import Membership, PasswordReset
from tests.support.csrf import signed_up, token_on
from tests.support.journeys import PASSWORD, add_member, sign_up

NEW = "a lighthouse keeper's logbook"


def membership_id(app, email: str, workspace_id: int = 1) -> int:
    """The id of an account's membership of a workspace."""
    from assessment.persistence import Account

    with app.app_context():
        return database.session.scalar(
            select(Membership.id)
            .join(Account)
            .where(Membership.workspace_id == workspace_id, Account.email == email)
        )


def issue(owner, member_id: int, workspace_id: int = 1):
    """The owner presses "Issue a password-reset link"."""
    return owner.post(f"/workspaces/{workspace_id}/members/{member_id}/reset-link")


def reset_link(response) -> str:
    """The link's path, from the page that shows it once."""
    page = response.get_data(as_text=True)
    return re.search(r'id="reset-link" type="text" readonly value="http://localhost([^"]+)"', page).group(1)


def set_password(client, link: str, new: str = NEW, confirm: str | None = None):
    """Post the reset page's form."""
    return client.post(link, data={"password": new, "confirm": confirm if confirm is not None else new})


def sign_in(app, email: str, password: str) -> int:
    """A fresh browser's sign-in status (302 is signed in)."""
    data = {"email": email, "password": password}
    return app.test_client().post("/account/login", data=data).status_code


def team(app):
    """Ada owns workspace 1; Grace (own workspace 2 left behind) is a facilitator there only."""
    owner, grace = app.test_client(), app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    add_member(owner, grace)
    # Grace leaves her own workspace, so Ada owns every workspace Grace belongs to.
    with app.app_context():
        database.session.query(Membership).filter_by(workspace_id=2).delete()
        database.session.commit()
    return owner, grace


def test_the_member_sets_a_new_password_through_the_link_once(journey_app):
    owner, grace = team(journey_app)
    issued = issue(owner, membership_id(journey_app, "grace@example.com"))
    assert issued.status_code == 200 and "shown only once" in issued.get_data(as_text=True)
    link = reset_link(issued)
    stranger = journey_app.test_client()
    assert "For the account grace@example.com" in stranger.get(link).get_data(as_text=True)
    done = set_password(stranger, link)
    assert done.status_code == 302 and done.headers["Location"].endswith("/account/login")
    assert "Your new password is set" in stranger.get("/account/login").get_data(as_text=True)
    assert grace.get("/workspaces/").status_code == 302  # her old session ended
    assert sign_in(journey_app, "grace@example.com", PASSWORD) == 422
    assert sign_in(journey_app, "grace@example.com", NEW) == 302
    again = set_password(journey_app.test_client(), link, "another long passphrase")
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert sign_in(journey_app, "grace@example.com", NEW) == 302


def test_the_new_password_follows_the_policy(journey_app):
    owner, _ = team(journey_app)
    link = reset_link(issue(owner, membership_id(journey_app, "grace@example.com")))
    for new, confirm, message in [
        ("short", None, "Use at least 12 characters."),
        ("grace@example.com1", None, "This password contains your email address"),
        ("qwertyuiop123", None, "This password is one of the most common passwords"),
        (NEW, NEW + "!", "The two passwords differ."),
    ]:
        response = set_password(journey_app.test_client(), link, new, confirm)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert sign_in(journey_app, "grace@example.com", PASSWORD) == 302  # nothing changed
    assert set_password(journey_app.test_client(), link).status_code == 302  # the link still works


def test_an_expired_or_replaced_link_no_longer_works(journey_app):
    owner, _ = team(journey_app)
    member = membership_id(journey_app, "grace@example.com")
    first = reset_link(issue(owner, member))
    second = reset_link(issue(owner, member))
    assert set_password(journey_app.test_client(), first).status_code == 410
    with journey_app.app_context():
        past = datetime.now(UTC) - timedelta(minutes=1)
        database.session.execute(update(PasswordReset).values(expires_at=past))
        database.session.commit()
    expired = journey_app.test_client().get(second)
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)
    assert sign_in(journey_app, "grace@example.com", PASSWORD) == 302


def test_only_an_owner_of_every_workspace_of_the_member_may_issue(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    add_member(owner, grace)
    member = membership_id(journey_app, "grace@example.com")
    # Grace still owns Grace Ltd: owning Ada Consulting is no way into her account.
    refused = issue(owner, member)
    assert refused.status_code == 403
    assert "also belongs to a workspace you do not own" in refused.get_data(as_text=True)
    # A facilitator may not issue links, and an id from another workspace is not found.
    assert issue(grace, membership_id(journey_app, "ada@example.com")).status_code == 403
    assert issue(grace, membership_id(journey_app, "ada@example.com"), workspace_id=2).status_code == 404
    with journey_app.app_context():
        assert database.session.scalar(select(PasswordReset.id)) is None


def test_a_wrong_link_is_a_404(journey_app):
    assert journey_app.test_client().get("/account/reset/not-a-real-token").status_code == 404


def test_issuing_and_using_a_link_need_csrf_tokens(make_app, tmp_path):
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'csrf.db'}"})
    with app.app_context():
        upgrade(database.engine)
    owner = signed_up(app)
    path = f"/workspaces/1/members/{membership_id(app, 'ada@example.com')}/reset-link"
    assert owner.post(path).status_code == 400
    issued = owner.post(path, data={"csrf_token": token_on(owner, "/workspaces/1/")})
    link = reset_link(issued)
    browser = app.test_client()
    assert set_password(browser, link).status_code == 400
    data = {"password": NEW, "confirm": NEW, "csrf_token": token_on(browser, link)}
    assert browser.post(link, data=data).status_code == 302
