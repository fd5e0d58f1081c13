"""Respondents back their answers with evidence: notes, links and files, their own only."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Evidence, EvidenceFile
from tests.support import journeys

QUESTION = "own-accountable-owner"
PAGE = f"/assessment/evidence/{QUESTION}"
NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()


def respondent(app):
    """A self-assessor who answered the accountable-owner question."""
    client = app.test_client()
    journeys.start(client)
    assert journeys.autosave(client, QUESTION, "all-named", 1).status_code == 200
    return client


def add(client, files=(), **fields):
    """Post the evidence form with a name, the fields given and (name, bytes) files."""
    data = {"added_by": "Ada", **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def counts(app) -> tuple[int, int]:
    with app.app_context():
        session = database.session
        return session.scalar(select(func.count(Evidence.id))), session.scalar(
            select(func.count(EvidenceFile.id))
        )


def file_ids(app) -> list[int]:
    with app.app_context():
        return list(database.session.scalars(select(EvidenceFile.id)))


def test_respondent_adds_a_note_a_link_and_a_file_and_sees_them(journey_app):
    client = respondent(journey_app)
    response = add(
        client,
        files=[("minutes.txt", b"Owner named on 3 March")],
        note="Every pilot has an owner in the register.",
        links="https://intranet.example.com/register",
        expires_on=NEXT_YEAR,
    )
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "Every pilot has an owner in the register." in page
    assert 'href="https://intranet.example.com/register" rel="noopener noreferrer nofollow"' in page
    assert "minutes.txt" in page and "22 bytes" in page
    assert f"valid until {NEXT_YEAR}" in page and "Added by Ada" in page
    assert "Claimed: not reviewed yet" in page
    assert counts(journey_app) == (1, 1)
    section = client.get("/assessment/section/leadership").get_data(as_text=True)
    assert "Evidence (1)" in section
    review = client.get("/assessment/review").get_data(as_text=True)
    assert "1 item" in review


def test_a_file_downloads_as_a_sandboxed_attachment_with_its_exact_bytes(journey_app):
    client = respondent(journey_app)
    content = "Procès-verbal: owners named on 3 March\n".encode()
    add(client, files=[("procès-verbal.txt", content)])
    [file_id] = file_ids(journey_app)
    response = client.get(f"/assessment/evidence/files/{file_id}")
    assert response.status_code == 200
    assert response.data == content
    assert response.headers["Content-Type"] == "application/octet-stream"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''proc%C3%A8s-verbal.txt" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_refused_file_shows_its_reason_and_stores_nothing(journey_app):
    client = respondent(journey_app)
    before = counts(journey_app)
    empty = add(client, files=[("empty.txt", b"")], note="With an empty file")
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert "is empty" in page and 'role="alert"' in page
    assert 'id="files-errors"' in page and 'aria-describedby="files-hint files-errors"' in page
    slashed = add(client, files=[("../etc/passwd.txt", b"root")], note="With a path")
    assert slashed.status_code == 422
    assert "folder path" in slashed.get_data(as_text=True)
    assert counts(journey_app) == before == (0, 0)


def test_a_javascript_link_and_a_past_expiry_date_are_refused(journey_app):
    client = respondent(journey_app)
    script = add(client, links="javascript:alert(1)")
    assert script.status_code == 422
    assert "is not a web address" in script.get_data(as_text=True)
    unparsable = add(client, links="http://[unclosed")
    assert unparsable.status_code == 422
    past = add(client, note="An old audit", expires_on="2001-01-01")
    assert past.status_code == 422
    assert "The expiry date is in the past" in past.get_data(as_text=True)
    assert counts(journey_app) == (0, 0)


def test_what_people_type_is_shown_escaped(journey_app):
    client = respondent(journey_app)
    add(client, note="<script>alert('note')</script>", added_by="<b>Mallory</b>")
    page = client.get(PAGE).get_data(as_text=True)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page


def test_another_respondent_can_neither_see_delete_nor_download_it(journey_app):
    owner = respondent(journey_app)
    add(owner, note="Owner's secret note", files=[("secret.txt", b"secret")])
    [file_id] = file_ids(journey_app)
    with journey_app.app_context():
        evidence_id = database.session.scalar(select(Evidence.id))
    other = respondent(journey_app)
    assert "Owner's secret note" not in other.get(PAGE).get_data(as_text=True)
    assert other.get(f"/assessment/evidence/files/{file_id}").status_code == 404
    assert other.post(f"/assessment/evidence/{evidence_id}/delete").status_code == 404
    assert counts(journey_app) == (1, 1)
    assert owner.post(f"/assessment/evidence/{evidence_id}/delete").status_code == 302
    assert counts(journey_app) == (0, 0)


def test_only_maturity_and_ownership_questions_take_evidence(journey_app):
    client = respondent(journey_app)
    assert client.get("/assessment/evidence/scope-agents").status_code == 404
    assert client.get("/assessment/evidence/no-such-question").status_code == 404
    assert client.get("/assessment/evidence/own-map-funding").status_code == 200


def test_a_closed_workshop_keeps_its_evidence_readable_but_takes_no_more(journey_app, consultant):
    live_page = journeys.make_workshop(journey_app, consultant, participants="named")
    participant = journeys.join(journey_app, journeys.join_code(journey_app), name="Grace")
    journeys.answer(participant, "all-named")
    page = participant.get(PAGE).get_data(as_text=True)
    assert 'value="Grace"' in page  # "Your name" starts as the participant's name
    assert add(participant, note="Kept after closing", added_by="Grace").status_code == 302
    consultant.post(live_page.rstrip("/") + "/status", data={"action": "close"})
    closed = participant.get(PAGE)
    assert closed.status_code == 200
    assert "Kept after closing" in closed.get_data(as_text=True)
    assert "no longer added or deleted" in closed.get_data(as_text=True)
    assert add(participant, note="Too late", added_by="Grace").status_code == 409
    assert counts(journey_app) == (1, 0)
