"""F9/F10: owners take members out and withdraw invitations; access ends at the next request."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Account, Invitation, Membership, start_writing, upgrade
from assessment.persistence.workspaces import OWNER
from assessment.services.accounts import sign_up as sign_up_account
from assessment.services.accounts import workspace_scope
from assessment.services.members import LastOwner, remove_member
from tests.support import factories
from tests.support.csrf import signed_up, token_on
from tests.support.journeys import add_member, invitation_link, sign_up


def membership_id(app, email: str, workspace_id: int = 1) -> int:
    """The id of `email`'s membership of the workspace."""
    with app.app_context():
        return database.session.scalar(
            select(Membership.id)
            .join(Account)
            .where(Account.email == email, Membership.workspace_id == workspace_id)
        )


def remove(owner, app, email: str):
    """Confirm the removal of `email` (the confirmation page's button)."""
    return owner.post(f"/workspaces/1/members/{membership_id(app, email)}/remove", data={"confirm": "yes"})


def owner_and_member(app, role="facilitator"):
    """Ada owns workspace 1; Grace has joined it."""
    owner, grace = app.test_client(), app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd", name="Grace")
    add_member(owner, grace, role=role)
    assert grace.get("/workspaces/1/").status_code == 200
    return owner, grace


def test_a_removed_member_is_refused_at_their_next_request(journey_app):
    owner, grace = owner_and_member(journey_app)
    response = remove(owner, journey_app, "grace@example.com")
    assert response.status_code == 302
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "(grace@example.com) is no longer a member." in page
    assert grace.get("/workspaces/1/").status_code == 404  # the same cookie, checked again
    assert grace.get("/workspaces/2/").status_code == 200  # their own workspace is untouched
    assert "Ada Consulting" not in grace.get("/workspaces/").get_data(as_text=True)


def test_remove_on_the_workspace_page_opens_a_confirmation_naming_the_member(journey_app):
    owner, grace = owner_and_member(journey_app)
    path = f"/workspaces/1/members/{membership_id(journey_app, 'grace@example.com')}/remove"
    workspace = owner.get("/workspaces/1/").get_data(as_text=True)
    assert (
        f'href="{path}">Remove<span class="visually-hidden"> Grace (grace@example.com) from the' in workspace
    )
    page = owner.get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Remove Grace from Ada Consulting?" in text
    assert "<strong>Grace</strong> (grace@example.com), facilitator," in text
    assert '<input id="confirm" name="confirm" type="hidden" value="yes">' in text
    assert (
        ">Remove Grace (grace@example.com)</button>" in text and "Keep Grace: back to the workspace" in text
    )
    assert grace.get("/workspaces/1/").status_code == 200  # opening the page removed nobody


def test_a_removal_posted_without_the_confirmation_removes_nobody(journey_app):
    owner, grace = owner_and_member(journey_app)
    path = f"/workspaces/1/members/{membership_id(journey_app, 'grace@example.com')}/remove"
    for data in ({}, {"confirm": "no"}, {"confirm": ""}):
        response = owner.post(path, data=data)
        assert response.status_code == 200 and "Remove Grace from Ada Consulting?" in response.get_data(
            as_text=True
        )
    assert grace.get("/workspaces/1/").status_code == 200
    assert membership_id(journey_app, "grace@example.com") is not None


def test_leaving_is_confirmed_in_the_first_person(journey_app):
    owner, _grace = owner_and_member(journey_app, role="owner")
    text = owner.get(
        f"/workspaces/1/members/{membership_id(journey_app, 'ada@example.com')}/remove"
    ).get_data(as_text=True)
    assert "Leave Ada Consulting?" in text and ">Leave Ada Consulting</button>" in text


def test_the_last_owner_is_told_on_the_confirmation_page_and_offered_no_button(journey_app):
    owner, _grace = owner_and_member(journey_app)
    response = owner.get(f"/workspaces/1/members/{membership_id(journey_app, 'ada@example.com')}/remove")
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "ada@example.com is the only owner of this workspace: make another member an owner first." in text
    assert "You cannot leave" in text and 'name="confirm"' not in text


def test_the_last_owner_cannot_remove_themselves(journey_app):
    owner, _grace = owner_and_member(journey_app)
    response = remove(owner, journey_app, "ada@example.com")
    assert response.status_code == 409
    assert "ada@example.com is the only owner of this workspace" in response.get_data(as_text=True)
    assert owner.get("/workspaces/1/").status_code == 200


def test_an_owner_may_leave_when_another_owner_stays(journey_app):
    owner, grace = owner_and_member(journey_app, role="owner")
    response = remove(owner, journey_app, "ada@example.com")
    assert response.status_code == 302 and response.headers["Location"].endswith("/workspaces/")
    assert owner.get("/workspaces/1/").status_code == 404
    assert grace.get("/workspaces/1/").status_code == 200
    assert remove(grace, journey_app, "grace@example.com").status_code == 409  # now the only owner


def test_members_who_are_not_owners_cannot_remove_anyone(journey_app):
    owner, grace = owner_and_member(journey_app)
    assert (
        grace.get(f"/workspaces/1/members/{membership_id(journey_app, 'ada@example.com')}/remove").status_code
        == 403
    )
    assert remove(grace, journey_app, "ada@example.com").status_code == 403
    assert remove(grace, journey_app, "grace@example.com").status_code == 403
    assert owner.get("/workspaces/1/").status_code == 200


def test_a_withdrawn_invitation_says_so(journey_app):
    owner, grace = journey_app.test_client(), journey_app.test_client()
    sign_up(owner)
    sign_up(grace, email="grace@example.com", workspace="Grace Ltd")
    page = owner.post("/workspaces/1/members", data={"email": "grace@example.com", "role": "facilitator"})
    link = invitation_link(page.get_data(as_text=True))
    with journey_app.app_context():
        invitation_id = database.session.scalar(select(Invitation.id))
    assert "Withdraw the invitation to grace@example.com" in owner.get("/workspaces/1/").get_data(
        as_text=True
    )
    response = owner.post(f"/workspaces/1/invitations/{invitation_id}/withdraw")
    assert response.status_code == 302
    assert "The invitation is withdrawn" in owner.get(response.headers["Location"]).get_data(as_text=True)
    closed = grace.get(link)
    assert closed.status_code == 410
    assert "This invitation was withdrawn" in closed.get_data(as_text=True)
    assert grace.post(link, data={"answer": "accept"}).status_code == 410
    assert grace.get("/workspaces/1/").status_code == 404
    # Withdrawn once; another workspace's owner cannot withdraw it either.
    assert owner.post(f"/workspaces/1/invitations/{invitation_id}/withdraw").status_code == 404
    assert grace.post(f"/workspaces/2/invitations/{invitation_id}/withdraw").status_code == 404


def test_removing_and_withdrawing_need_the_pages_csrf_token(make_app, tmp_path):
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'csrf.db'}"})
    with app.app_context():
        upgrade(database.engine)
    owner = signed_up(app)
    grace = app.test_client()
    data = {"name": "Grace", "email": "grace@example.com", "password": "plum harbour velvet orbit"}
    grace.post(
        "/account/signup", data={**data, "workspace": "G", "csrf_token": token_on(grace, "/account/signup")}
    )
    invited = owner.post(
        "/workspaces/1/members",
        data={
            "email": "grace@example.com",
            "role": "facilitator",
            "csrf_token": token_on(owner, "/workspaces/1/"),
        },
    )
    link = invitation_link(invited.get_data(as_text=True))
    accepted = grace.post(link, data={"answer": "accept", "csrf_token": token_on(grace, link)})
    assert accepted.status_code == 302
    path = f"/workspaces/1/members/{membership_id(app, 'grace@example.com')}/remove"
    assert owner.post(path, data={"confirm": "yes"}).status_code == 400  # no token: nothing happens
    assert grace.get("/workspaces/1/").status_code == 200
    token = token_on(owner, path)  # the confirmation page's own token
    assert owner.post(path, data={"confirm": "yes", "csrf_token": token}).status_code == 302
    assert grace.get("/workspaces/1/").status_code == 404


def test_two_owners_removing_each_other_at_once_leave_the_workspace_one_owner(make_app, database_url):
    """Both removals start together; the owners' rows are locked, so the second sees only one
    owner left and is refused (without the lock, PostgreSQL let both through: no owner)."""
    app = make_app({"DATABASE_URL": database_url})
    with app.app_context():
        upgrade(database.engine)
        db = database.session
        ada = factories.consultant(db)
        grace = sign_up_account(db, "grace@example.com", factories.PASSWORD, "Grace", "Grace Ltd")
        db.add(Membership(workspace_id=ada.workspace.id, account=grace, role=OWNER))
        db.commit()
        workspace_id = ada.workspace.id
    together = threading.Barrier(2)

    def remove_other(remover: str, removed: str) -> str:
        with app.app_context():
            db = database.session
            me = db.scalar(select(Account).where(Account.email == remover))
            scope = workspace_scope(db, me, workspace_id)
            target = next(m for m in scope.members() if m.account.email == removed)
            db.commit()  # end the reading transaction, as a request's write does
            together.wait()
            start_writing(db)
            try:
                remove_member(scope, target)
            except LastOwner:
                db.rollback()
                return "refused"
            db.commit()
            return "removed"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(
            pool.map(
                remove_other,
                ("ada@example.com", "grace@example.com"),
                ("grace@example.com", "ada@example.com"),
            )
        )
    assert outcomes == ["refused", "removed"]
    with app.app_context():
        owners = database.session.scalars(
            select(Membership).where(Membership.workspace_id == workspace_id, Membership.role == OWNER)
        ).all()
        assert len(owners) == 1
