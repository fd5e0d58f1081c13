"""F1: the roles field of a new workshop is bounded before it is split or deduplicated."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Workshop
from tests.support.journeys import sign_up

NEW_WORKSHOP = "/workspaces/1/clients/1/workshops/new"


def consultant_with_client(app):
    """A signed-up consultant whose workspace has one client."""
    client = app.test_client()
    sign_up(client)
    client.post("/workspaces/1/clients", data={"name": "Acme Insurance"})
    return client


def workshops(app) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(Workshop))


def post_roles(client, roles: str):
    data = {"title": "x", "questionnaire": "quick-check", "participants": "anonymous", "roles": roles}
    return client.post(NEW_WORKSHOP, data=data)


def test_ninety_thousand_role_lines_are_refused_at_once(journey_app):
    """The review's reproduction: 618,889 bytes of roles pinned a worker for over 30 seconds."""
    client = consultant_with_client(journey_app)
    roles = "\n".join(f"r{i}" for i in range(90_000))
    began = time.perf_counter()
    response = post_roles(client, roles)
    elapsed = time.perf_counter() - began
    assert response.status_code == 422
    assert "Offer at most 20 roles, one per line." in response.get_data(as_text=True)
    assert elapsed < 3, f"took {elapsed:.1f} s"
    assert workshops(journey_app) == 0


def test_repeated_and_blank_role_lines_are_dropped_in_the_order_typed(journey_app):
    client = consultant_with_client(journey_app)
    response = post_roles(client, "Product\n\n  Security \nProduct\nSecurity\nEngineering\n")
    assert response.status_code == 302
    with journey_app.app_context():
        roles = database.session.scalars(select(Workshop)).one().roles
    assert roles == ["Product", "Security", "Engineering"]


def test_many_short_repeats_within_the_limit_still_count_as_one_role_each(journey_app):
    client = consultant_with_client(journey_app)
    response = post_roles(client, "\n".join(["Product"] * 600))
    assert response.status_code == 302
    with journey_app.app_context():
        assert database.session.scalars(select(Workshop)).one().roles == ["Product"]


def test_twenty_one_roles_are_refused(journey_app):
    client = consultant_with_client(journey_app)
    response = post_roles(client, "\n".join(f"Role {n}" for n in range(21)))
    assert response.status_code == 422 and "Offer at most 20 roles." in response.get_data(as_text=True)
    assert workshops(journey_app) == 0
