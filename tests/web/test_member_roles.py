"""Owners change members' roles; the last owner stays; "Add a member" defaults to facilitator."""

from __future__ import annotations

import re

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Account, Membership
from tests.support.journeys import add_member, sign_up


def membership_id(app, email: str) -> int:
    """The id of `email`'s membership of workspace 1."""
    with app.app_context():
        return database.session.scalar(
            select(Membership.id).join(Account).where(Account.email == email, Membership.workspace_id == 1)
        )


def owner_and_member(app):
    """Ada owns workspace 1; Grace has joined it as a facilitator."""
    owner, grace = app.test_client(), app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    add_member(owner, grace, role="facilitator")
    return owner, grace


def role_of(app, email: str) -> str:
    """The stored role of `email` in workspace 1."""
    with app.app_context():
        return database.session.scalar(
            select(Membership.role).where(Membership.id == membership_id(app, email))
        )


def set_role(client, app, email: str, role: str):
    """Post the Change role form of `email`'s row."""
    return client.post(f"/workspaces/1/members/{membership_id(app, email)}/role", data={"role": role})


def test_an_owner_makes_a_facilitator_an_owner_and_back(journey_app):
    owner, grace = owner_and_member(journey_app)
    response = set_role(owner, journey_app, "grace@example.com", "owner")
    assert response.status_code == 302
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "(grace@example.com) is now owner." in page
    assert role_of(journey_app, "grace@example.com") == "owner"
    assert grace.get("/workspaces/1/branding").status_code == 200  # owners' rights, at once
    assert set_role(owner, journey_app, "grace@example.com", "facilitator").status_code == 302
    assert role_of(journey_app, "grace@example.com") == "facilitator"
    assert grace.get("/workspaces/1/branding").status_code == 403


def test_the_last_owner_cannot_step_down(journey_app):
    owner, _grace = owner_and_member(journey_app)
    response = set_role(owner, journey_app, "ada@example.com", "facilitator")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "ada@example.com is the only owner of this workspace" in page and "Nothing was changed." in page
    assert role_of(journey_app, "ada@example.com") == "owner"


def test_a_role_that_does_not_exist_is_refused(journey_app):
    owner, _grace = owner_and_member(journey_app)
    response = set_role(owner, journey_app, "grace@example.com", "admin")
    assert response.status_code == 422
    assert "the role is unchanged" in response.get_data(as_text=True)
    assert role_of(journey_app, "grace@example.com") == "facilitator"


def test_facilitators_cannot_change_roles(journey_app):
    _owner, grace = owner_and_member(journey_app)
    assert set_role(grace, journey_app, "grace@example.com", "owner").status_code == 403
    assert set_role(grace, journey_app, "ada@example.com", "facilitator").status_code == 403
    assert role_of(journey_app, "grace@example.com") == "facilitator"


def test_invite_a_member_preselects_facilitator(journey_app):
    owner, _grace = owner_and_member(journey_app)
    page = owner.get("/workspaces/1/").get_data(as_text=True)
    invite = page[page.index("Invite a member") :]
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', invite, re.S).group(1)
    assert re.search(r'<option selected value="facilitator"|<option value="facilitator" selected', select)
    assert "Owners also manage members" in invite
