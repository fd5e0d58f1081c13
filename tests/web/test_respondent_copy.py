"""Small things respondents read: a mistyped private link, the footer only where scores are,
start links that say which questionnaire they start."""

from __future__ import annotations

import re

from tests.support.journeys import answer, join, join_code, make_workshop

FOOTER = "We never show invented industry averages"


def test_a_mistyped_private_link_says_how_to_copy_it_whole_and_how_to_begin_again(journey_app):
    response = journey_app.test_client().get("/assessment/resume/not-the-whole-link")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No assessment has this private link. Private links are long: copy the whole link" in page
    assert "start a new assessment from the home page" in page


def test_the_footer_about_scores_appears_on_score_pages_only(journey_app):
    client = journey_app.test_client()
    assert FOOTER in client.get("/").get_data(as_text=True)
    for path in ("/account/login", "/join"):
        assert FOOTER not in client.get(path).get_data(as_text=True), path


def test_each_start_link_names_its_questionnaire(journey_app):
    page = journey_app.test_client().get("/").get_data(as_text=True)
    names = re.findall(r'>Start this assessment<span class="visually-hidden">: ([^<]+)</span></a>', page)
    assert len(names) >= 2 and len(set(names)) == len(names)


def test_the_room_results_explain_median_index_and_agreement(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, title="Globex offsite")
    participant = join(journey_app, join_code(journey_app, "Globex offsite"))
    answer(participant, "all-named")
    assert "How to read these figures" not in participant.get("/workshop/results").get_data(as_text=True)
    consultant.post("/workspaces/1/workshops/1/visibility", data={"visible": "yes"})
    page = participant.get("/workshop/results").get_data(as_text=True)
    assert "<dt>Median index</dt><dd>The middle of everyone's maturity index" in page
    assert "<dt>Agreement</dt><dd>How close the room's answers sit to its median" in page
