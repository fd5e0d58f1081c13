"""CSRF protection on every state-changing request, with a token the page can refresh."""

from __future__ import annotations

import re

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.journeys import PROFILE


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_forms_and_autosaves_without_a_token_are_refused_and_with_one_accepted(make_app, database_url):
    app = make_app({"DATABASE_URL": database_url})
    with app.app_context():
        upgrade(database.engine)
    client = app.test_client()
    assert client.post("/assessment/start/ai-execution", data=PROFILE).status_code == 400
    token = token_from(client.get("/assessment/start/ai-execution").get_data(as_text=True))
    assert (
        client.post("/assessment/start/ai-execution", data={**PROFILE, "csrf_token": token}).status_code
        == 302
    )
    payload = {"question": "own-accountable-owner", "value": "all-named", "seq": 1}
    refused = client.post("/assessment/answers", json=payload)
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
    fresh = client.get("/assessment/csrf-token").get_json()["token"]
    accepted = client.post("/assessment/answers", json=payload, headers={"X-CSRFToken": fresh})
    assert accepted.status_code == 200 and accepted.get_json()["saved"] is True
