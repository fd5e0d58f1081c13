"""Owners invite by email; nobody joins a workspace until they accept, signed in with that address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from assessment.extensions import database
from assessment.persistence import Invitation, Membership
from tests.support.csrf import signed_up, token_on
from tests.support.journeys import PASSWORD, add_member, invitation_link, sign_up


def invite(owner, email="grace@example.com", role="facilitator"):
    """Post the invite form; return the response."""
    return owner.post("/workspaces/1/members", data={"email": email, "role": role})


def members(app) -> int:
    """How many memberships workspace 1 has."""
    with app.app_context():
        return len(database.session.scalars(select(Membership).where(Membership.workspace_id == 1)).all())


def test_inviting_answers_the_same_whether_or_not_the_address_has_an_account(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    sign_up(journey_app.test_client(), email="grace@example.com", workspace="Grace Ltd")
    known, unknown = invite(owner, "grace@example.com"), invite(owner, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    pages = [r.get_data(as_text=True) for r in (known, unknown)]
    texts = [
        p.replace(link, "LINK").replace(email, "EMAIL")
        for p, link, email in [
            (pages[0], invitation_link(pages[0]), "grace@example.com"),
            (pages[1], invitation_link(pages[1]), "nobody@example.com"),
        ]
    ]
    assert texts[0] == texts[1]
    assert "No account" not in pages[0] + pages[1]
    assert members(journey_app) == 1  # nobody was enrolled


def test_the_invitee_joins_only_after_accepting(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    link = invitation_link(invite(owner).get_data(as_text=True))
    workspace_page = owner.get("/workspaces/1/").get_data(as_text=True)
    assert "Invitations waiting for an answer" in workspace_page and "grace@example.com" in workspace_page
    assert "Ada Consulting" not in grace.get("/workspaces/").get_data(as_text=True)
    page = grace.get(link).get_data(as_text=True)
    assert "invites you to join" in page and "Ada Consulting" in page
    response = grace.post(link, data={"answer": "accept"})
    assert response.headers["Location"].endswith("/workspaces/1/")
    assert "Ada Consulting" in grace.get("/workspaces/").get_data(as_text=True)
    assert grace.get("/workspaces/1/").status_code == 200
    assert "Invitations waiting" not in owner.get("/workspaces/1/").get_data(as_text=True)
    # The link worked once.
    again = grace.post(link, data={"answer": "accept"})
    assert again.status_code == 410 and "already been accepted" in again.get_data(as_text=True)


def test_declining_leaves_the_invitee_outside(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    link = invitation_link(invite(owner).get_data(as_text=True))
    response = grace.post(link, data={"answer": "decline"})
    assert "You declined the invitation to Ada Consulting." in grace.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert grace.get("/workspaces/1/").status_code == 404
    assert members(journey_app) == 1
    assert grace.get(link).status_code == 410


def test_a_new_invitee_signs_up_with_the_invited_address_and_comes_back_to_accept(journey_app):
    owner, newcomer = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    link = invitation_link(invite(owner, "new@example.com").get_data(as_text=True))
    page = newcomer.get(link).get_data(as_text=True)
    assert "Sign in with new@example.com to accept or decline" in page
    data = {"name": "New", "email": "new@example.com", "password": PASSWORD, "workspace": "New Ltd"}
    response = newcomer.post("/account/signup", query_string={"next": link}, data=data)
    assert response.headers["Location"] == link
    assert newcomer.post(link, data={"answer": "accept"}).status_code == 302
    assert newcomer.get("/workspaces/1/").status_code == 200


def test_someone_else_holding_the_link_cannot_accept_it(journey_app):
    owner, mallory = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(mallory, email="mallory@example.com", workspace="Mallory Ltd")
    link = invitation_link(invite(owner).get_data(as_text=True))
    page = mallory.get(link)
    assert page.status_code == 403
    assert "This invitation is for grace@example.com" in page.get_data(as_text=True)
    assert mallory.post(link, data={"answer": "accept"}).status_code == 403
    assert mallory.get("/workspaces/1/").status_code == 404
    assert members(journey_app) == 1


def test_an_expired_or_replaced_link_no_longer_works(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    first = invitation_link(invite(owner).get_data(as_text=True))
    second = invitation_link(invite(owner).get_data(as_text=True))
    replaced = grace.post(first, data={"answer": "accept"})
    assert replaced.status_code == 410 and "replaced by a newer invitation" in replaced.get_data(as_text=True)
    with journey_app.app_context():
        database.session.execute(
            update(Invitation).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        database.session.commit()
    expired = grace.post(second, data={"answer": "accept"})
    assert expired.status_code == 410 and "This invitation has expired." in expired.get_data(as_text=True)
    assert members(journey_app) == 1


def test_a_wrong_link_is_a_404_and_only_owners_invite(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    assert grace.get("/account/invitations/not-a-real-token").status_code == 404
    add_member(owner, grace)
    assert invite(grace, "third@example.com").status_code == 403  # a facilitator cannot invite
    refused = invite(owner, "GRACE@example.com")
    assert refused.status_code == 422 and "already a member" in refused.get_data(as_text=True)


def test_a_member_cannot_be_enrolled_as_owner_without_accepting(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    invite(owner, role="owner")
    assert grace.get("/workspaces/1/").status_code == 404


def test_inviting_and_accepting_need_csrf_tokens(make_app, tmp_path):
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'csrf.db'}"})
    with app.app_context():
        upgrade(database.engine)
    owner = signed_up(app)
    form = {"email": "grace@example.com", "role": "facilitator"}
    assert owner.post("/workspaces/1/members", data=form).status_code == 400  # the token is missing
    page = owner.post("/workspaces/1/members", data=form | {"csrf_token": token_on(owner, "/workspaces/1/")})
    link = invitation_link(page.get_data(as_text=True))
    grace = app.test_client()
    data = {"name": "Grace", "email": "grace@example.com", "password": PASSWORD, "workspace": "Grace Ltd"}
    grace.post("/account/signup", data=data | {"csrf_token": token_on(grace, "/account/signup")})
    assert grace.post(link, data={"answer": "accept"}).status_code == 400
    accepted = grace.post(link, data={"answer": "accept", "csrf_token": token_on(grace, link)})
    assert accepted.status_code == 302
    assert members(app) == 2
