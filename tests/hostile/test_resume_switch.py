"""F20: a resume link opened in a browser answering another assessment asks before switching."""

from __future__ import annotations

from tests.support.csrf import token_on
from tests.support.journeys import PROFILE, resume_url


def started(app, name: str):
    """A browser that started a self-assessment through the real form (CSRF on)."""
    client = app.test_client()
    path = "/assessment/start/quick-check"
    response = client.post(path, data={**PROFILE, "name": name, "csrf_token": token_on(client, path)})
    assert response.status_code == 302
    return client


def test_a_link_to_another_assessment_asks_and_keeps_the_current_one(csrf_app):
    mine, theirs = started(csrf_app, "Mine Ltd"), started(csrf_app, "Theirs Ltd")
    my_link, their_link = resume_url(mine), resume_url(theirs)
    response = mine.get(their_link)
    assert response.status_code == 200
    assert "Switch to another assessment?" in response.get_data(as_text=True)
    assert resume_url(mine) == my_link  # still answering its own assessment


def test_switching_takes_a_post_with_the_pages_token(csrf_app):
    mine, theirs = started(csrf_app, "Mine Ltd"), started(csrf_app, "Theirs Ltd")
    their_link = resume_url(theirs)
    path = their_link.split("://", 1)[-1].partition("/")[2]
    assert mine.post(f"/{path}").status_code == 400  # no token: another site cannot post it
    switched = mine.post(f"/{path}", data={"csrf_token": token_on(mine, f"/{path}")})
    assert switched.status_code == 302
    assert resume_url(mine) == their_link


def test_a_fresh_browser_and_the_own_link_resume_at_once(csrf_app):
    mine = started(csrf_app, "Mine Ltd")
    link = resume_url(mine)
    assert mine.get(link).status_code == 302
    assert csrf_app.test_client().get(link).status_code == 302
