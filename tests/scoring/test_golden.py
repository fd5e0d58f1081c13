"""Scores computed by hand for the example and the SAMM-shaped questionnaires."""

from __future__ import annotations

import json

import pytest

from assessment.scoring import score_answers
from tests.support.scoring import SAMM_MIXED


def test_the_example_scores_a_planned_agent_rollout_as_computed_by_hand(example):
    card = score_answers(
        example,
        {
            "scope-agents": "planned",
            "eval-changes": "recorded",  # 3, weight 2, critical
            "edge-cases": "n/a",
            "rollback": "one-click",  # 4
            "release-owner": "security",
            "agent-limits": "unknown",  # lowest level, 1
        },
    )
    delivery, agents = card.dimensions
    # testing = 3 (edge-cases is n/a), release = 4; delivery = mean of its groups.
    assert [g.score for g in delivery.groups] == [3.0, 4.0]
    assert delivery.score == 3.5
    # Staircase: at 4 only rollback (weight 1 of 3) is there; at 3 all weight is, critical too.
    assert delivery.level == 3.0 and delivery.level_name == "Defined"
    assert agents.score == 1.0 and agents.level == 1.0
    assert card.score == pytest.approx((3.5 * 2 + 1.0 * 1) / 3)
    assert card.level == 1.0  # the weakest dimension
    assert card.completeness == 1.0
    assert card.counts.unknown == 1 and card.counts.not_applicable == 1
    assert card.unknown_share == 0.25 and card.confidence == "medium"
    assert card.ownership.clarity == 1.0
    assert delivery.explanation.holding == ("eval-changes",)
    assert [(c.question, c.to) for c in delivery.explanation.lift] == [("eval-changes", "automated")]


def test_a_critical_question_holds_the_example_at_initial_however_strong_the_rest(example):
    card = score_answers(
        example,
        {
            "scope-agents": "none",
            "eval-changes": "none",
            "edge-cases": "tested",
            "rollback": "scripted",
        },
    )
    (delivery,) = card.dimensions
    assert delivery.groups[0].score == pytest.approx((1 * 2 + 4 * 1) / 3)  # weighted mean = 2
    assert delivery.score == pytest.approx(2.5)
    assert delivery.level == 1.0  # eval-changes is critical and at 1
    assert card.scoped_out_dimensions == ("agents",)
    assert card.scoped_out_questions == ("agent-limits",)
    assert card.score == pytest.approx(2.5) and card.level == 1.0
    lift = delivery.explanation.lift
    assert [(c.question, c.to, c.to_value) for c in lift] == [("eval-changes", "manual-set", 2.0)]


def test_missing_answers_count_as_the_lowest_level_exactly_as_dont_know(example):
    card = score_answers(example, {"scope-agents": "none", "eval-changes": "recorded"})
    (delivery,) = card.dimensions
    # testing: eval-changes 3 (weight 2) and edge-cases unanswered, 1 -> 7/3;
    # release: rollback unanswered, 1; delivery = (7/3 + 1) / 2
    assert [g.score for g in delivery.groups] == pytest.approx([7 / 3, 1.0])
    assert delivery.score == pytest.approx(5 / 3) and delivery.level == 1.0
    unknown = score_answers(
        example,
        {"scope-agents": "none", "eval-changes": "recorded", "edge-cases": "unknown", "rollback": "unknown"},
    )
    assert (unknown.score, unknown.level) == (card.score, card.level)
    assert card.completeness == pytest.approx(1 / 3)
    assert card.counts.missing == 2
    assert card.confidence == "low"
    assert card.ownership.clarity == 0.0  # release-owner unanswered is not a named owner


def test_the_scorecard_json_follows_the_cli_contract(example):
    card = score_answers(example, {"scope-agents": "none", "eval-changes": "recorded"})
    data = json.loads(json.dumps(card.to_dict()))
    # Only eval-changes (3) is answered: the two unanswered questions count as level 1,
    # and the result says so beside the low completeness and confidence.
    assert data["overall"] == {"score": pytest.approx(5 / 3), "level": 1.0, "level_name": "Initial"}
    assert [(d["id"], d["level"], d["incomplete"]) for d in data["dimensions"]] == [("delivery", 1.0, True)]
    assert data["incomplete_note"] == "incomplete: 2 unanswered questions count as level 1"
    assert data["results_offered"] is True and data["unanswered_scoping"] == []
    assert data["confidence"] == "low"
    assert data["completeness"] == pytest.approx(1 / 3)
    assert "benchmark" not in data


def test_the_samm_shaped_questionnaire_reproduces_samm_arithmetic(samm):
    card = score_answers(samm, SAMM_MIXED)
    plan, verify = card.dimensions
    strategy, policy = plan.groups
    assert [s.score for s in strategy.groups] == [1.5, 0.75]
    assert strategy.score == 1.125 and policy.score == 1.5
    assert plan.score == 1.3125 and plan.level == 1.0
    assert [p.score for p in verify.groups] == [1.0, 1.5]
    assert verify.score == 1.25 and verify.level == 1.0
    assert card.score == pytest.approx(1.28125) and card.level == 1.0
    assert card.completeness == pytest.approx(19 / 20)
    assert card.counts.unknown == 1


@pytest.mark.parametrize(
    ("answer", "plan", "verify", "overall", "level"),
    [("all", 3.0, 2.0, 2.5, 2.0), ("half", 1.5, 1.0, 1.25, 1.0), ("no", 0.0, 0.0, 0.0, 0.0)],
)
def test_samm_shaped_uniform_answers_score_as_stream_sums(samm, answer, plan, verify, overall, level):
    card = score_answers(samm, {q.id: answer for q in samm.questions})
    assert [d.score for d in card.dimensions] == [plan, verify]
    assert card.score == overall and card.level == level


def test_samm_shaped_floor_levels_explain_the_next_level_by_a_greedy_search(samm):
    card = score_answers(samm, SAMM_MIXED)
    plan = card.dimensions[0]
    explanation = plan.explanation
    assert explanation.next_level == 2.0 and explanation.liftable and not explanation.minimal
    lifted = dict(SAMM_MIXED)
    lifted.update({c.question: c.to for c in explanation.lift})
    assert score_answers(samm, lifted).dimensions[0].level >= 2.0
