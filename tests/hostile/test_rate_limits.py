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


def test_sign_up_attempts_are_limited_per_address_so_probing_for_accounts_is_slow(journey_app):
    """F9: sign-up cannot hide a taken address without e-mail; it can make asking slow."""
    from tests.support.journeys import sign_up

    sign_up(journey_app.test_client())
    probes = [
        sign_up(journey_app.test_client(), email=f"probe{n}@example.com").status_code for n in range(19)
    ]
    assert probes == [302] * 19
    assert sign_up(journey_app.test_client(), email="ada@example.com").status_code == 429
    assert sign_up(journey_app.test_client(), email="fresh@example.com").status_code == 429
