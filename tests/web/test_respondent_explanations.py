"""What respondents are told on the question pages and in the results: what "critical" means,
what holds each dimension's level, and, for a workshop participant, which room they are in."""

from __future__ import annotations

import re

from tests.support.journeys import answer, answer_scope, autosave, join, join_code, make_workshop, start

CRITICAL_NOTE = "A dimension cannot be rated above its weakest critical answer"


def _critical_question(app) -> str:
    """The id of the flagship's first critical question (own-accountable-owner today)."""
    with app.app_context():
        questionnaire = app.extensions["catalog"].get("ai-execution")
    return next(q.id for q in questionnaire.maturity_questions if q.critical)


def test_a_page_with_a_critical_question_says_in_visible_text_what_critical_means(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    critical = _critical_question(journey_app)
    assert critical == "own-accountable-owner"
    page = client.get("/assessment/section/leadership").get_data(as_text=True)
    note = page.index(CRITICAL_NOTE)
    assert note < page.index(f'id="q-{critical}"')  # read before the first question
    assert 'title="A critical control' not in page  # no longer a tooltip only
    assert 'Critical<span class="visually-hidden">: its dimension cannot be rated above this answer' in page
    scope = client.get("/assessment/section/scope").get_data(as_text=True)
    assert CRITICAL_NOTE not in scope  # the scope page has no critical question


def test_each_dimension_card_says_what_holds_its_level_and_the_results_explain_critical(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", "some-named", 5)
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "every <strong>critical</strong> question is too" in page
    assert "one critical answer below a level keeps the whole dimension below it" in page
    held = re.findall(r'<p class="held-by" data-held-by>([^<]+)</p>', page)
    assert held and all(line.startswith("Held at level ") for line in held)
    assert any("by a critical question below level 2" in line for line in held)


def test_a_participant_sees_the_room_banner_on_every_question_page(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, title="Globex offsite")
    participant = join(journey_app, join_code(journey_app, "Globex offsite"))
    answer(participant, "all-named")
    for section in ("scope", "leadership"):
        page = participant.get(f"/assessment/section/{section}").get_data(as_text=True)
        assert "Workshop: <strong>Globex offsite</strong>" in page, section
        assert "once the facilitator shares them" in page and "see the room's results" not in page
    consultant.post("/workspaces/1/workshops/1/visibility", data={"visible": "yes"})
    page = participant.get("/assessment/section/leadership").get_data(as_text=True)
    assert re.search(
        r"shared the room's results: <a href=\"/workshop/results\">see the room's results</a>", page
    )
    assert page.index("data-room-banner") < page.index('class="questions"')


def test_a_self_assessors_question_pages_have_no_workshop_banner(journey_app):
    client = journey_app.test_client()
    start(client)
    assert "data-room-banner" not in client.get("/assessment/section/scope").get_data(as_text=True)
