"""Helpers for driving the self-assessment through the test client."""

from __future__ import annotations

import pytest

PROFILE = {
    "name": "Acme Insurance",
    "industry": "insurance",
    "size_band": "1000-4999",
    "region": "europe",
    "ai_stage": "first-production",
    "consent": "y",
}


@pytest.fixture
def journey_app(make_app, database_url):
    """A migrated app with CSRF off, so tests can post forms directly (CSRF has its own tests)."""
    from assessment.extensions import database
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    return app


def start(client, questionnaire: str = "ai-execution", **profile) -> None:
    """Fill in the organisation profile and start an assessment."""
    response = client.post(f"/assessment/start/{questionnaire}", data={**PROFILE, **profile})
    assert response.status_code == 302, response.get_data(as_text=True)


def autosave(client, question: str, value: str, seq: int):
    """Send one autosave as the page's script does."""
    return client.post("/assessment/answers", json={"question": question, "value": value, "seq": seq})


def resume_url(client) -> str:
    """The private link shown on the review page."""
    page = client.get("/assessment/review").get_data(as_text=True)
    marker = 'id="resume-url" class="field__input resume-link__input" type="text" readonly value="'
    start_at = page.index(marker) + len(marker)
    return page[start_at : page.index('"', start_at)]
