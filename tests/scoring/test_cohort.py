"""Peer cohorts: who counts, how much is shown, and importing prior results from CSV."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from assessment.scoring import (
    CohortFilter,
    CohortImportError,
    Participant,
    PeerRecord,
    build_cohort,
    compare_group_with_peers,
    compare_with_peers,
    parse_cohort_csv,
    score_answers,
    score_group,
)

FAMILY = "example@1"
WHEN = datetime(2025, 1, 1)


def peer(n: int, score: float = 3.0, **fields) -> PeerRecord:
    """A consenting, complete peer in the example family."""
    values = dict(
        organisation=f"org-{n}",
        family=FAMILY,
        completed_at=WHEN,
        consented=True,
        completeness=1.0,
        industry="bank",
        size="large",
        region="eu",
        score=score,
        dimensions={"delivery": score},
        questions={"eval-changes": score},
    )
    values.update(fields)
    return PeerRecord(**values)


def my_card(example):
    """The example answered in full: testing at 3 (recorded, reviewed), release at 4 (one-click)."""
    answers = {
        "scope-agents": "none",
        "eval-changes": "recorded",
        "edge-cases": "reviewed",
        "rollback": "one-click",
    }
    return score_answers(example, answers)


def test_only_consenting_complete_real_and_latest_assessments_of_the_family_count():
    records = [
        peer(1),
        peer(2, consented=False),
        peer(3, completeness=0.79),
        peer(4, family="example@2"),
        peer(5, demo=True),
        peer(6, score=1.0, completed_at=datetime(2024, 1, 1)),
        peer(6, score=4.0, completed_at=datetime(2025, 6, 1)),
        peer(7, industry="retail"),
    ]
    cohort = build_cohort(records, FAMILY, CohortFilter(industry="bank"))
    assert [(r.organisation, r.score) for r in cohort.records] == [("org-1", 3.0), ("org-6", 4.0)]
    assert build_cohort(list(reversed(records)), FAMILY, CohortFilter(industry="bank")) == cohort
    assert build_cohort(records, FAMILY, exclude_organisation="org-1").size == 2


def test_below_ten_peers_nothing_is_shown_and_the_reason_says_so(example):
    comparison = compare_with_peers(my_card(example), build_cohort([peer(n) for n in range(9)], FAMILY))
    assert not comparison.shown and comparison.overall is None and comparison.practices == ()
    assert "only 9" in comparison.reason and comparison.cohort_size == 9


def test_ten_to_twenty_nine_peers_show_indicative_quartiles_without_ranks(example):
    cohort = build_cohort([peer(n, score=float(n % 5 + 1)) for n in range(10)], FAMILY)
    comparison = compare_with_peers(my_card(example), cohort)
    assert comparison.shown and comparison.indicative and "indicative" in comparison.reason
    assert comparison.overall.median == 3.0
    assert (comparison.overall.q1, comparison.overall.q3) == (2.0, 4.0)
    assert comparison.overall.percentile is None


def test_thirty_peers_add_percentile_ranks_with_half_ties(example):
    scores = [1.0] * 10 + [3.5] * 10 + [4.0] * 10
    cohort = build_cohort([peer(n, score=s) for n, s in enumerate(scores)], FAMILY)
    card = my_card(example)
    comparison = compare_with_peers(card, cohort)
    assert not comparison.indicative
    # my overall score is 3.5: 10 below, 10 tied -> 100 * (10 + 5) / 30 = 50
    assert card.score == 3.5
    assert comparison.overall.percentile == pytest.approx(50.0)


def test_common_practices_you_lack_and_differentiators_are_flagged(example):
    common = build_cohort([peer(n, questions={"eval-changes": 4.0}) for n in range(10)], FAMILY)
    low = {"scope-agents": "none", "eval-changes": "manual-set"}
    practice = compare_with_peers(score_answers(example, low), common).practices[0]
    assert practice.share_at_bar == 1.0 and practice.flag == "common-practice-you-lack"
    rare = build_cohort([peer(n, questions={"eval-changes": 1.0}) for n in range(10)], FAMILY)
    assert compare_with_peers(my_card(example), rare).practices[0].flag == "differentiator"


HEADER = (
    "organisation,family,completed_at,consented,completeness,industry,size,region,overall,"
    "dimension:delivery,question:eval-changes"
)
CSV = (
    HEADER
    + """
a1,example@1,2025-03-31,yes,1,bank,large,eu,3.5,3.5,3
a2,example@1,2025-04-01T10:00:00+00:00,false,0.9,bank,large,eu,,,
"""
)


def test_a_cohort_csv_is_parsed_from_a_text_stream():
    first, second = parse_cohort_csv(io.StringIO(CSV))
    assert first.organisation == "a1" and first.consented and first.score == 3.5
    assert first.dimensions == {"delivery": 3.5} and first.questions == {"eval-changes": 3.0}
    assert second.score is None and not second.consented and second.questions == {}


def test_every_bad_field_of_a_cohort_csv_is_named_by_row_and_field():
    bad = [
        *CSV.splitlines()[:1],
        "a3,example@1,31/03/2025,maybe,1.5,bank,large,eu,high,3,3",
        ",example@1,2025-03-31,yes,1,bank,large,eu,3,3",
    ]
    with pytest.raises(CohortImportError) as caught:
        parse_cohort_csv(bad)
    assert [str(p) for p in caught.value.problems] == [
        "row 2, field completed_at: '31/03/2025' is not an ISO 8601 date or date-time",
        "row 2, field consented: 'maybe' is not true or false",
        "row 2, field completeness: 1.5 is not between 0 and 1",
        "row 2, field overall: 'high' is not a number",
        "row 3, field -: expected 11 fields, found 10",
    ]


def test_a_cohort_csv_with_a_bad_header_is_refused_before_any_row():
    with pytest.raises(CohortImportError) as caught:
        parse_cohort_csv(["organisation,family,colour\n"])
    messages = [str(p) for p in caught.value.problems]
    assert "row 1, field completed_at: required column is missing" in messages
    assert "row 1, field colour: unknown column" in messages
    with pytest.raises(CohortImportError, match="empty"):
        parse_cohort_csv([])


def test_a_workshop_room_is_compared_with_peers_by_its_medians(example):
    """Three respondents are one organisation: the room's median index and dimension medians
    stand among the peers, and the peer count is still the number of organisations."""
    roles = ("Product", "Engineering", "Security")
    answers = [("manual-set", "documented"), ("recorded", "one-click"), ("recorded", "one-click")]
    room = score_group(
        example,
        [
            Participant(role, {"scope-agents": "none", "eval-changes": evaluation, "rollback": rollback})
            for role, (evaluation, rollback) in zip(roles, answers, strict=True)
        ],
    )
    scores = [1.0] * 10 + [3.5] * 10 + [4.0] * 10
    peers = [peer(n, score=s, dimensions={"delivery": s}) for n, s in enumerate(scores)]
    cohort = build_cohort(peers, FAMILY)
    comparison = compare_group_with_peers(example, room, cohort)
    assert comparison.cohort_size == 30 and not comparison.indicative
    assert comparison.overall.yours == room.score
    delivery = next(s for s in comparison.dimensions if s.ref == "delivery")
    assert delivery.yours == room.dimensions["delivery"] and delivery.median == 3.5
    eval_changes = next(p for p in comparison.practices if p.question == "eval-changes")
    assert eval_changes.yours == next(q.median for q in room.questions if q.question == "eval-changes")
