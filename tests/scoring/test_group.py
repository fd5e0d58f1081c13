"""A workshop: spreads, agreement, role gaps, ownership confusion and agreed scores."""

from __future__ import annotations

import pytest

from assessment.scoring import AnswerError, Participant, room_answers, score_group

BASE = {"scope-agents": "none", "edge-cases": "reviewed"}


def room():
    """Five people from three functions answering the example."""
    return [
        Participant(
            "engineering",
            {**BASE, "eval-changes": "automated", "rollback": "one-click", "release-owner": "engineering"},
        ),
        Participant(
            "engineering",
            {**BASE, "eval-changes": "recorded", "rollback": "scripted", "release-owner": "engineering"},
        ),
        Participant(
            "product", {**BASE, "eval-changes": "none", "rollback": "documented", "release-owner": "product"}
        ),
        Participant(
            "security", {**BASE, "eval-changes": "none", "rollback": "unknown", "release-owner": "nobody"}
        ),
        Participant(
            "security",
            {**BASE, "eval-changes": "recorded", "rollback": "unknown", "release-owner": "unknown"},
        ),
    ]


def test_each_question_shows_its_median_distribution_and_agreement(example):
    group = score_group(example, room())
    spread = {q.question: q for q in group.questions}
    evals = spread["eval-changes"]
    assert evals.distribution == {"none": 2, "recorded": 2, "automated": 1}
    assert evals.median == 3.0 and (evals.low, evals.high) == (1.0, 4.0)
    # deviations from 3: 0, 1, 2, 2, 0 -> mean 1; option range 4 -> agreement 0.75
    assert evals.agreement == pytest.approx(0.75)
    assert spread["edge-cases"].agreement == 1.0
    rollback = spread["rollback"]
    # "don't know" counts as the lowest value, as it does for one respondent: 1, 1, 2, 3, 4
    assert rollback.unknown == 2 and rollback.median == 2.0 and rollback.low == 1.0
    assert group.divergent[0].question == "eval-changes"


def test_role_medians_and_the_widest_role_gap_first(example):
    group = score_group(example, room())
    roles = {r.role: r for r in group.roles}
    assert [r.role for r in group.roles] == ["engineering", "product", "security"]
    assert roles["engineering"].respondents == 2
    gap = group.role_gaps[0]
    assert gap.dimension == "delivery"
    assert gap.high_role == "engineering" and gap.low_role in ("product", "security")
    assert gap.gap == pytest.approx(gap.high - gap.low) and gap.gap > 0


def test_ownership_confusion_per_activity(example):
    (owner,) = score_group(example, room()).ownership
    assert owner.responses == 5
    assert owner.most_common == "engineering" and owner.most_common_share == pytest.approx(0.4)
    assert owner.nobody_rate == pytest.approx(0.2) and owner.unknown_rate == pytest.approx(0.2)


def test_agreed_scores_sit_beside_the_first_round_spread(example):
    group = score_group(example, room(), agreed={"eval-changes": "recorded"})
    (agreed,) = group.agreed
    assert (agreed.question, agreed.option, agreed.value) == ("eval-changes", "recorded", 3.0)
    assert agreed.first_round.agreement == pytest.approx(0.75)
    assert group.to_dict()["agreed"][0]["first_round"]["median"] == 3.0


def test_bad_answers_in_a_group_name_the_respondent_and_the_question(example):
    people = [*room(), Participant("product", {"rollback": "instant"}, id="p-7")]
    with pytest.raises(AnswerError) as caught:
        score_group(example, people, agreed={"rollback": "n/a", "nope": "x"})
    messages = [str(p) for p in caught.value.problems]
    assert any("respondent p-7" in m and "rollback" in m and "'instant'" in m for m in messages)
    assert any(m.startswith("agreed: rollback") for m in messages)
    assert any("'nope'" in m for m in messages)


def test_an_empty_room_has_no_scores(example):
    group = score_group(example, [])
    assert group.respondents == 0 and group.score is None and group.dimensions == {}


def test_the_rooms_answers_take_the_agreed_answer_else_the_middle_of_the_room(example):
    """Rollback at 2, 4 and 5: the room's answer is the option at 4. Edge cases at 1 and 3 with
    one "don't know": the lower middle option, 1. Two name Security as release owner, one
    Product: Security. Agents are planned by two of three, so the agent question applies to
    two, of whom one answered at 2 and one did not: no answer counts as the lowest, so the
    room's middle is no answer."""
    people = [
        {
            "scope-agents": "planned",
            "rollback": "documented",
            "edge-cases": "ignored",
            "release-owner": "security",
            "agent-limits": "listed",
        },
        {
            "scope-agents": "planned",
            "rollback": "one-click",
            "edge-cases": "unknown",
            "release-owner": "product",
        },
        {
            "scope-agents": "none",
            "rollback": "automatic",
            "edge-cases": "reviewed",
            "release-owner": "security",
        },
    ]
    room = room_answers(example, [Participant("Product", p) for p in people], {"eval-changes": "automated"})
    assert room == {
        "scope-agents": "planned",
        "eval-changes": "automated",
        "rollback": "one-click",
        "edge-cases": "ignored",
        "release-owner": "security",
    }
    nobody_knows = [Participant("Product", {"scope-agents": "none", "rollback": "unknown"})] * 2
    assert room_answers(example, nobody_knows)["rollback"] == "unknown"
