"""A room's scores are computed once per state of its answers, and never shown stale."""

from __future__ import annotations

from assessment.web.workshops.room_scores import room_scores
from tests.support.journeys import answer, join, join_code, make_workshop


def test_a_room_opening_its_results_is_scored_once_and_sees_every_change(journey_app):
    # The same answers in another test's database are the same room state, with the same scores.
    consultant = journey_app.test_client()
    live = make_workshop(journey_app, consultant)
    code = join_code(journey_app)
    participants = [join(journey_app, code, role=role) for role in ("Product", "Engineering", "Security")]
    for participant, value in zip(participants, ("none-named", "none-named", "all-named"), strict=True):
        answer(participant, value)
    consultant.post(live + "visibility", data={"visible": "yes"})

    with journey_app.app_context():
        memo = room_scores()
    before = memo.computed
    pages = [p.get("/workshop/results").get_data(as_text=True) for p in participants]
    first = consultant.get(live + "live.json").get_json()
    assert memo.computed == before + 1  # three participants and the facilitator: one scoring
    assert len(set(pages)) == 1 and first["respondents"] == 3

    # One participant changes their answer: the next look scores the new state, and shows it.
    participants[1].post(
        "/assessment/answers", json={"question": "own-accountable-owner", "value": "all-named", "seq": 2}
    )
    changed = consultant.get(live + "live.json").get_json()
    assert memo.computed == before + 2
    assert changed["dimensions"][0]["median"] > first["dimensions"][0]["median"]
    assert consultant.get(live + "live.json").get_json() == changed
    assert memo.computed == before + 2
