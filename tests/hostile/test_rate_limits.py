"""F8 (part): a room behind one address is not locked out of joining by a few typos."""

from __future__ import annotations

from tests.support.journeys import join, join_code, make_workshop, resume_url, start


def test_a_room_of_typos_from_one_address_still_joins(journey_app):
    """The review: 20 wrong codes from one address, then the valid code got 429."""
    make_workshop(journey_app, journey_app.test_client())
    code = join_code(journey_app)
    for seat in range(40):  # forty people in one room, each mistyping once
        assert journey_app.test_client().post("/join", data={"code": f"ZZZZ{seat:02d}"}).status_code == 422
    join(journey_app, code)


def test_an_office_that_mistyped_resume_links_still_resumes(journey_app):
    """The review: 10 wrong tokens from one address, then the participant's own link got 429."""
    owner = journey_app.test_client()
    start(owner, questionnaire="quick-check")
    link = resume_url(owner)
    for attempt in range(15):
        assert journey_app.test_client().get(f"/assessment/resume/typo-{attempt}").status_code == 404
    assert journey_app.test_client().get(link).status_code == 302
