"""Participants find their way in, see which workshop they are in, and reach the room's results."""

from __future__ import annotations

import re

from tests.support.journeys import answer, join, join_code, make_workshop


def current_nav(page: str) -> list[str]:
    """The header links marked as the current page."""
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_the_landing_page_and_the_header_offer_join_a_workshop(journey_app):
    page = journey_app.test_client().get("/").get_data(as_text=True)
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert '<a href="/join">Join a workshop</a>' in nav
    main = page[page.index('<main id="content"') :]
    assert re.search(r'<a class="button[^"]*" href="/join">Join a workshop</a>', main)
    assert current_nav(page) == ["Assessments"]


def test_participant_pages_mark_join_not_consultants_as_current(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    visitor = journey_app.test_client()
    assert current_nav(visitor.get("/join").get_data(as_text=True)) == ["Join a workshop"]
    code = join_code(journey_app)
    assert current_nav(visitor.get(f"/join/{code}").get_data(as_text=True)) == ["Join a workshop"]
    participant = join(journey_app, code)
    assert current_nav(participant.get("/workshop/results").get_data(as_text=True)) == ["Join a workshop"]
    assert current_nav(consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)) == ["Workshops"]


def test_the_review_page_names_the_workshop_and_links_the_room_results_after_the_reveal(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, title="Globex offsite")
    participant = join(journey_app, join_code(journey_app, "Globex offsite"))
    answer(participant, "all-named")
    before = participant.get("/assessment/review").get_data(as_text=True)
    assert "Workshop: <strong>Globex offsite</strong>" in before
    assert "will appear at" in before and "see the room's results" not in before
    consultant.post("/workspaces/1/workshops/1/visibility", data={"visible": "yes"})
    after = participant.get("/assessment/review").get_data(as_text=True)
    assert re.search(
        r"shared the room's results: <a href=\"/workshop/results\">see the room's results</a>", after
    )


def test_a_self_assessor_sees_no_workshop_banner(journey_app):
    from tests.support.journeys import start

    client = journey_app.test_client()
    start(client)
    assert "data-room-banner" not in client.get("/assessment/review").get_data(as_text=True)
