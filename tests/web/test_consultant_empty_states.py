"""Empty states on the consultant side say what to do next, with a link to do it."""

from __future__ import annotations

from tests.support.journeys import join, join_code, make_workshop


def test_a_new_workshop_says_nobody_has_joined_and_links_presenter_mode(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    page = consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)
    assert "Nobody has joined yet." in page and 'href="/workspaces/1/workshops/1/present"' in page
    join(journey_app, join_code(journey_app))
    assert "Nobody has joined yet." not in consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)


def test_compare_without_an_earlier_workshop_links_a_new_one(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    page = consultant.get("/workspaces/1/workshops/1/compare").get_data(as_text=True)
    assert "nothing to compare yet" in page and 'href="/workspaces/1/clients/1/workshops/new"' in page


def test_a_client_without_workshops_explains_what_a_workshop_is(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    consultant.post("/workspaces/1/clients", data={"name": "Globex"})
    page = consultant.get("/workspaces/1/clients/2/").get_data(as_text=True)
    assert "A workshop is a live group session" in page


def test_the_live_page_links_the_settings(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    page = consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)
    assert 'href="/workspaces/1/workshops/1/settings">Settings</a>' in page
