"""Reviewers sign off answers: a named reviewer of a self-assessment, a workshop's consultants."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import AnswerReview, Evidence, EvidenceFile, Respondent
from tests.support import journeys

OWNER = "own-accountable-owner"
RIGHTS = "own-decision-rights"


def self_assessor(app):
    """A self-assessor who answered two ownership-dimension questions, one with a file behind it."""
    client = app.test_client()
    journeys.start(client)
    journeys.autosave(client, OWNER, "all-named", 1)
    journeys.autosave(client, RIGHTS, "written", 2)
    response = client.post(
        f"/assessment/evidence/{OWNER}",
        data={
            "added_by": "Ada",
            "note": "Register of owners",
            "files": [(io.BytesIO(b"owners"), "owners.txt")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    return client


def invite(client, name="Rita <Reviewer>") -> str:
    """Invite a reviewer; the private link's path, shown once."""
    page = client.post("/assessment/reviewers", data={"name": name}).get_data(as_text=True)
    link = re.search(r'id="reviewer-url"[^>]* value="([^"]+)"', page).group(1)
    return link.removeprefix("http://localhost")


def decide(client, question, decision, **fields):
    data = {f"{question}-decision": decision} | {f"{question}-{k}": v for k, v in fields.items()}
    return client.post(f"/assessment/reviewing/{question}", data=data)


def review_count(app) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count(AnswerReview.id)))


def test_a_reviewer_validates_one_answer_and_challenges_another(journey_app):
    owner = self_assessor(journey_app)
    reviewer = journey_app.test_client()
    opened = reviewer.get(invite(owner))
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/assessment/reviewing")
    assert decide(reviewer, OWNER, "validated").status_code == 302
    challenged = decide(
        reviewer, RIGHTS, "challenged", comment="No <i>written</i> rule found", believed="custom"
    )
    assert challenged.status_code == 302
    page = reviewer.get("/assessment/reviewing").get_data(as_text=True)
    today = date.today().isoformat()
    assert f"Validated by Rita &lt;Reviewer&gt; on {today}" in page
    assert (
        "Challenged by Rita &lt;Reviewer&gt;" in page and "No &lt;i&gt;written&lt;/i&gt; rule found" in page
    )
    assert "Believed level: Each case agrees its own rules" in page or "Believed level: " in page
    assert re.search(r'stat__value">1</span> <span class="stat__label">validated', page)
    assert re.search(r'stat__value">1</span> <span class="stat__label">challenged', page)
    # The reviewer downloads the evidence but changes no answer and adds no evidence.
    file_id = re.search(r'href="/assessment/reviewing/files/(\d+)"', page).group(1)
    download = reviewer.get(f"/assessment/reviewing/files/{file_id}")
    assert download.data == b"owners" and download.headers["Content-Disposition"].startswith("attachment")
    assert reviewer.get(f"/assessment/evidence/{OWNER}").status_code == 403
    assert journeys.autosave(reviewer, OWNER, "none-named", 9).status_code == 403
    assert reviewer.get("/assessment/report.pdf").status_code == 403
    # The respondent sees the standing on their own evidence page.
    assert "Validated by Rita &lt;Reviewer&gt;" in owner.get(f"/assessment/evidence/{OWNER}").get_data(
        as_text=True
    )


def test_a_challenge_needs_a_comment_and_a_believed_level(journey_app):
    owner = self_assessor(journey_app)
    reviewer = journey_app.test_client()
    reviewer.get(invite(owner))
    refused = decide(reviewer, RIGHTS, "challenged", comment="", believed="custom")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "a challenge needs a comment" in page and 'role="alert"' in page
    assert decide(reviewer, RIGHTS, "challenged", comment="Why", believed="").status_code == 422
    assert review_count(journey_app) == 0


def test_a_validated_answer_that_changes_is_claimed_again(journey_app):
    owner = self_assessor(journey_app)
    reviewer = journey_app.test_client()
    reviewer.get(invite(owner))
    decide(reviewer, RIGHTS, "validated")
    journeys.autosave(owner, RIGHTS, "measured", 3)
    page = reviewer.get("/assessment/reviewing").get_data(as_text=True)
    assert "Claimed: the answer changed since Rita &lt;Reviewer&gt; reviewed it" in page
    assert re.search(r'stat__value">0</span> <span class="stat__label">validated', page)


def test_a_validation_lapses_when_its_evidence_expires(journey_app):
    owner = self_assessor(journey_app)
    reviewer = journey_app.test_client()
    reviewer.get(invite(owner))
    decide(reviewer, OWNER, "validated")
    with journey_app.app_context():
        item = database.session.scalar(select(Evidence))
        item.expires_on = date.today() - timedelta(days=1)
        database.session.commit()
    page = reviewer.get("/assessment/reviewing").get_data(as_text=True)
    assert "the validation by Rita &lt;Reviewer&gt; lapsed because its evidence expired" in page
    assert re.search(r'stat__value">1</span> <span class="stat__label">lapsed', page)
    decide(reviewer, OWNER, "claimed")
    assert review_count(journey_app) == 0


def test_a_withdrawn_link_and_another_assessments_file_are_refused(journey_app):
    owner = self_assessor(journey_app)
    other = self_assessor(journey_app)
    link = invite(owner)
    reviewer = journey_app.test_client()
    reviewer.get(link)
    with journey_app.app_context():
        other_respondent = database.session.scalars(select(Respondent.id).order_by(Respondent.id)).all()[-1]
        foreign_file = database.session.scalar(
            select(EvidenceFile.id).join(Evidence).where(Evidence.respondent_id == other_respondent)
        )
    assert reviewer.get(f"/assessment/reviewing/files/{foreign_file}").status_code == 404
    page = owner.get("/assessment/reviewers").get_data(as_text=True)
    link_id = re.search(r'action="/assessment/reviewers/(\d+)/withdraw"', page).group(1)
    assert other.post(f"/assessment/reviewers/{link_id}/withdraw").status_code == 404
    assert owner.post(f"/assessment/reviewers/{link_id}/withdraw").status_code == 302
    assert reviewer.get("/assessment/reviewing").status_code == 403
    assert decide(reviewer, OWNER, "validated").status_code == 403
    assert journey_app.test_client().get(link).status_code == 404
    assert review_count(journey_app) == 0
    assert "Withdrawn on" in owner.get("/assessment/reviewers").get_data(as_text=True)


def test_workshop_participants_have_no_named_reviewers(journey_app, consultant, live_page):
    participant = journeys.join(journey_app, journeys.join_code(journey_app))
    assert participant.get("/assessment/reviewers").status_code == 403
    assert participant.post("/assessment/reviewers", data={"name": "Rita"}).status_code == 403


def test_consultants_review_a_workshops_answers(journey_app, consultant):
    live_page = journeys.make_workshop(journey_app, consultant, participants="named")
    code = journeys.join_code(journey_app)
    grace = journeys.join(journey_app, code, name="Grace <G>")
    journeys.answer(grace, "all-named")
    grace.post(
        f"/assessment/evidence/{OWNER}",
        data={"added_by": "Grace", "note": "Minutes", "files": [(io.BytesIO(b"minutes"), "minutes.txt")]},
        content_type="multipart/form-data",
    )
    journeys.answer(journeys.join(journey_app, code, name="Alan"), "none-named")
    review_page = live_page.rstrip("/") + "/review"
    assert 'href="' + review_page in consultant.get(live_page).get_data(as_text=True)
    page = consultant.get(review_page).get_data(as_text=True)
    assert "Grace &lt;G&gt;" in page and "Alan" in page and "Minutes" in page
    with journey_app.app_context():
        grace_id = database.session.scalar(select(Respondent.id).where(Respondent.name == "Grace <G>"))
        file_id = database.session.scalar(select(EvidenceFile.id))
    prefix = f"r{grace_id}-{OWNER}"
    response = consultant.post(f"{review_page}/{grace_id}/{OWNER}", data={f"{prefix}-decision": "validated"})
    assert response.status_code == 302
    assert "Validated by Ada on" in consultant.get(review_page).get_data(as_text=True)
    download = consultant.get(live_page.rstrip("/") + f"/evidence/{file_id}")
    assert download.data == b"minutes" and download.headers["X-Content-Type-Options"] == "nosniff"
    # The consensus round shows the evidence behind each position.
    live = consultant.get(live_page).get_data(as_text=True)
    assert "1 evidence item" in live and f"/review#q-{OWNER}" in live


def test_a_consultant_of_another_workspace_gets_404(journey_app, consultant):
    live_page = journeys.make_workshop(journey_app, consultant)
    participant = journeys.join(journey_app, journeys.join_code(journey_app))
    journeys.answer(participant, "all-named")
    stranger = journey_app.test_client()
    journeys.sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    review_page = live_page.rstrip("/") + "/review"
    assert stranger.get(review_page).status_code == 404
    with journey_app.app_context():
        respondent_id = database.session.scalar(select(Respondent.id))
    post = stranger.post(
        f"{review_page}/{respondent_id}/{OWNER}", data={f"r{respondent_id}-{OWNER}-decision": "validated"}
    )
    assert post.status_code == 404
    assert review_count(journey_app) == 0


def test_a_respondent_of_another_workshop_is_not_reviewed_through_this_one(journey_app, consultant):
    first = journeys.make_workshop(journey_app, consultant, title="First")
    journeys.make_workshop(journey_app, consultant, title="Second", same_client=True)
    outsider = journeys.join(journey_app, journeys.join_code(journey_app, "Second"))
    journeys.answer(outsider, "all-named")
    with journey_app.app_context():
        outsider_id = database.session.scalar(select(Respondent.id))
    response = consultant.post(
        first.rstrip("/") + f"/review/{outsider_id}/{OWNER}",
        data={f"r{outsider_id}-{OWNER}-decision": "validated"},
    )
    assert response.status_code == 404
    assert review_count(journey_app) == 0


def test_the_workshop_review_opens_on_answers_with_evidence_and_filters_the_rest(journey_app, consultant):
    live_page = journeys.make_workshop(journey_app, consultant, participants="named")
    code = journeys.join_code(journey_app)
    grace = journeys.join(journey_app, code, name="Grace")
    journeys.answer(grace, "all-named")
    grace.post(f"/assessment/evidence/{OWNER}", data={"added_by": "Grace", "note": "Minutes"})
    journeys.answer(journeys.join(journey_app, code, name="Alan"), "none-named")
    with journey_app.app_context():
        ids = dict(database.session.execute(select(Respondent.name, Respondent.id)).all())
    review_page = live_page.rstrip("/") + "/review"

    def answers_listed(query: str = "") -> set[str]:
        page = consultant.get(review_page + query).get_data(as_text=True)
        return {name for name, rid in ids.items() if f'id="r{rid}-{OWNER}"' in page}

    assert answers_listed() == {"Grace"}
    assert answers_listed("?show=all") == {"Grace", "Alan"}
    assert answers_listed(f"?show=all&participant={ids['Alan']}") == {"Alan"}
    assert answers_listed("?show=all&dimension=governance") == set()
    assert answers_listed("?show=challenged") == set()
    assert answers_listed("?show=<script>") == {"Grace"}  # an unknown choice opens the default
    prefix = f"r{ids['Alan']}-{OWNER}"
    posted = consultant.post(
        f"{review_page}/{ids['Alan']}/{OWNER}?show=all&participant={ids['Alan']}",
        data={
            f"{prefix}-decision": "challenged",
            f"{prefix}-comment": "No list",
            f"{prefix}-believed": "some-named",
        },
    )
    assert posted.status_code == 302
    assert posted.headers["Location"].endswith(f"show=all&participant={ids['Alan']}#{prefix}")
    assert answers_listed("?show=challenged") == {"Alan"}
    page = consultant.get(review_page + "?show=challenged").get_data(as_text=True)
    assert "Review history (1 decision)" in page and "Ada: challenged (believes:" in page
