"""A respondent's and a consultant's steps through the test client, shared by the web tests."""

from __future__ import annotations

import io

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Workshop

PROFILE = {
    "name": "Acme Insurance",
    "industry": "insurance",
    "size_band": "1000-4999",
    "region": "europe",
    "ai_stage": "first-production",
    "consent": "y",
}
PASSWORD = "correct horse battery"
QUESTION = "own-accountable-owner"  # the question `answer` answers


def start(client, questionnaire: str = "ai-execution", **profile) -> None:
    """Fill in the organisation profile and start an assessment."""
    response = client.post(f"/assessment/start/{questionnaire}", data={**PROFILE, **profile})
    assert response.status_code == 302, response.get_data(as_text=True)


#: Scoping answers for an organisation that builds and buys, runs no agents and no high-risk AI.
SCOPE = {"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"}


def answer_scope(client, **extra):
    """Post the scope page with SCOPE (and any `extra` fields, such as next=1)."""
    return client.post("/assessment/section/scope", data={**SCOPE, **extra})


def autosave(client, question: str, value: str, seq: int):
    """Send one autosave as the page's script does."""
    return client.post("/assessment/answers", json={"question": question, "value": value, "seq": seq})


def resume_url(client) -> str:
    """The private link shown on the review page."""
    page = client.get("/assessment/review").get_data(as_text=True)
    marker = 'id="resume-url" class="field__input resume-link__input" type="text" readonly value="'
    start_at = page.index(marker) + len(marker)
    return page[start_at : page.index('"', start_at)]


def sign_up(client, email="ada@example.com", workspace="Ada Consulting", name="Ada"):
    """Create an account (and its workspace) through the sign-up form."""
    return client.post(
        "/account/signup",
        data={"name": name, "email": email, "password": PASSWORD, "workspace": workspace},
    )


def invitation_link(page: str) -> str:
    """The invitation link (path only) shown once on the page after inviting."""
    start_at = page.index('id="invitation-link"')
    link = page[page.index('value="', start_at) + 7 : page.index('"', page.index('value="', start_at) + 7)]
    return link.removeprefix("http://localhost")


def add_member(owner, member, email="grace@example.com", role="facilitator", workspace_id=1):
    """The owner invites `email` and the member (signed in with it) accepts."""
    page = owner.post(f"/workspaces/{workspace_id}/members", data={"email": email, "role": role})
    assert page.status_code == 200, page.status_code
    response = member.post(invitation_link(page.get_data(as_text=True)), data={"answer": "accept"})
    assert response.status_code == 302, response.status_code


def make_workshop(app, client, title="Kick-off", participants="anonymous", **settings):
    """Sign up (once), add a client and create a workshop; returns the live page's path."""
    if client.get("/workspaces/").status_code != 200:
        sign_up(client)
    if not settings.pop("same_client", False):
        client.post("/workspaces/1/clients", data={"name": "Acme Insurance"})
    data = {
        "title": title,
        "questionnaire": "ai-execution",
        "participants": participants,
        "roles": "Product\nEngineering\nSecurity",
        **settings,
    }
    response = client.post("/workspaces/1/clients/1/workshops/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def join_code(app, title="Kick-off") -> str:
    with app.app_context():
        return database.session.scalar(select(Workshop.join_code).where(Workshop.title == title))


def join(app, code, role="Product", name=""):
    """A new participant's browser joins; returns its test client."""
    participant = app.test_client()
    response = participant.post(f"/join/{code}", data={"role": role, "name": name})
    assert response.status_code == 302 and response.headers["Location"].endswith("/assessment/")
    return participant


def answer(participant, value):
    """Answer one maturity question on the existing assessment page."""
    response = participant.post("/assessment/answers", json={"question": QUESTION, "value": value, "seq": 1})
    assert response.status_code == 200, response.get_data(as_text=True)


def complete_quick_check(app, name: str, level_index: int, consent: bool = True) -> None:
    """One organisation answers every quick-check question at the same option position."""
    client = app.test_client()
    profile = {"name": name} if consent else {"name": name, "consent": ""}
    start(client, questionnaire="quick-check", **profile)
    with app.app_context():
        questionnaire = app.extensions["catalog"].get("quick-check")
    autosave(client, "scope-agents", "none", 1)  # no agents: the agent question does not apply
    for seq, question in enumerate(questionnaire.maturity_questions, start=2):
        if question.applies_when:
            continue
        autosave(client, question.id, question.options[level_index].id, seq)
    return client


def upload(client, text: str | bytes, name="Prior clients", filename="prior.csv"):
    """Post a cohort file to workspace 1's peer data page; the page that follows.

    Redirects are followed because only then does Werkzeug's test client close a large
    request body it spooled to a temporary file, when the response is closed.
    """
    data = text.encode() if isinstance(text, str) else text
    form = {"name": name, "results": (io.BytesIO(data), filename)}
    response = client.post("/workspaces/1/cohorts", data=form, follow_redirects=True)
    response.get_data()
    response.close()
    return response
