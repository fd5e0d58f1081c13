"""Gaps against an authored profile, and the roadmap that closes them."""

from __future__ import annotations

import pytest

from assessment.questionnaire.model import Dimension, Risk
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.scoring import build_roadmap, compare_with_profile, profile_target, score_answers
from tests.support.scoring import build, maturity

ANSWERS = {
    "scope-agents": "planned",
    "eval-changes": "recorded",
    "edge-cases": "n/a",
    "rollback": "one-click",
    "agent-limits": "unknown",
}


def baseline(questionnaire_id: str = "example") -> TargetProfile:
    """A 'production baseline' style profile for the example."""
    return TargetProfile(
        "production-baseline",
        "Production baseline",
        "What production needs.",
        questionnaire_id,
        dimensions=(Target("delivery", 3, "why"), Target("agents", 3, "why")),
        questions=(Target("eval-changes", 4, "why"), Target("edge-cases", 3, "why")),
    )


def test_gaps_percent_to_target_and_meeting_the_profile(example):
    card = score_answers(example, ANSWERS)
    comparison = compare_with_profile(example, card, baseline())
    gaps = {g.ref: g.gap for g in comparison.dimensions + comparison.questions}
    assert gaps == {"delivery": 0.0, "agents": 2.0, "eval-changes": 1.0}
    assert comparison.not_applicable == ("edge-cases",)  # answered n/a
    # From the floor (1): delivery at level 3 of 3 -> 1; agents at level 1 of 3 -> 0;
    # eval-changes at 3 of 4 -> (3 - 1) / (4 - 1); the profile's percent is their mean.
    assert [g.percent for g in comparison.gaps] == pytest.approx([1.0, 0.0, 2 / 3])
    assert comparison.percent_to_target == pytest.approx((1 + 0 + 2 / 3) / 3)
    assert not comparison.meets_profile
    assert [g.ref for g in comparison.blocking] == ["agents", "eval-changes"]
    data = card.to_dict(benchmark=comparison)
    assert data["benchmark"]["percent_to_target"] == pytest.approx(5 / 9)
    assert data["benchmark"]["blocking"] == ["agents", "eval-changes"]


def test_a_profile_is_met_only_without_dimension_or_critical_gaps(example):
    strong = {**ANSWERS, "eval-changes": "automated", "agent-limits": "enforced"}
    card = score_answers(example, strong)
    assert compare_with_profile(example, card, baseline()).meets_profile


def test_scoped_out_targets_do_not_apply_and_missing_scores_count_as_lowest(example):
    card = score_answers(example, {"scope-agents": "none", "rollback": "scripted"})
    comparison = compare_with_profile(example, card, baseline())
    assert "agents" in comparison.not_applicable
    (eval_gap,) = [g for g in comparison.questions if g.ref == "eval-changes"]
    assert eval_gap.missing and eval_gap.score == 1.0 and eval_gap.gap == 3.0


def test_a_profile_for_another_questionnaire_is_refused(example):
    card = score_answers(example, ANSWERS)
    with pytest.raises(ValueError, match="other"):
        compare_with_profile(example, card, baseline("other"))


def test_the_roadmap_names_the_cause_ranks_critical_first_and_finds_out_unknowns(example):
    card = score_answers(example, ANSWERS)
    roadmap = build_roadmap(example, card)
    # Delivery's actions belong to the release owner, whom nobody named: naming one comes first.
    naming, *planned = roadmap.items
    assert naming.names_owners and naming.activities == ("release-owner",)
    items = {i.question: i for i in planned}
    assert roadmap.weakest_dimension == "agents"
    assert set(items) == {"eval-changes", "rollback", "agent-limits"}
    assert items["eval-changes"].unowned and items["agent-limits"].owner_activity is None
    assert items["agent-limits"].find_out and items["agent-limits"].action.startswith("Find out")
    assert items["eval-changes"].action == "Automate the checks and block releases that score worse."
    assert items["eval-changes"].answer == "recorded" and items["eval-changes"].target == 4.0
    first_two = {i.question for i in planned[:2]}
    assert first_two == {"eval-changes", "agent-limits"}
    assert roadmap.items[-1].question == "rollback"
    assert roadmap.to_dict()["items"][0]["caused_by"]["question"] == roadmap.items[0].question


def test_the_roadmap_aims_at_profile_targets_when_a_profile_is_given(example):
    card = score_answers(example, ANSWERS)
    items = {i.question: i for i in build_roadmap(example, card, baseline()).items}
    assert items["agent-limits"].target == 3 and items["agent-limits"].target_source == ("profile-dimension")
    assert "rollback" not in items  # 4 is above the delivery target of 3


def test_a_dependency_never_ranks_after_its_dependant_and_shares_its_horizon():
    dimension = Dimension("d", "D")
    questions = (
        maturity("inventory", "d", risk=Risk.LOW),  # cheap, non-critical
        maturity("approval", "d", critical=True, risk=Risk.HIGH, depends_on=("inventory",)),
        maturity("a", "d", weight=3.0),
        maturity("b", "d", weight=2.0),
        maturity("c", "d"),
    )
    questionnaire = build((dimension,), questions)
    answers = {q.id: "o1" for q in questions}
    roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers))
    order = [i.question for i in roadmap.items]
    assert order.index("inventory") < order.index("approval")
    horizons = {i.question: i.horizon for i in roadmap.items}
    assert horizons["approval"] == "90 days" and horizons["inventory"] == "90 days"


def test_roadmap_horizons_split_the_rest_by_rank():
    dimensions = (Dimension("weak", "Weak"), Dimension("strong", "Strong"))
    questions = (
        maturity("w", "weak"),
        *tuple(maturity(f"q{n}", "strong", weight=float(10 - n)) for n in range(3)),
    )
    questionnaire = build(dimensions, questions)
    answers = {q.id: "o3" for q in questions} | {"w": "o1"}  # w blocks the weakest dimension
    roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers))
    assert [(i.question, i.horizon) for i in roadmap.items] == [
        ("w", "90 days"),
        ("q0", "6 months"),
        ("q1", "6 months"),
        ("q2", "12 months"),
    ]


def test_what_a_profile_expects_of_a_question_is_its_own_target_else_its_dimensions():
    capped = maturity("capped", "delivery", values=(1, 2, 3))  # its best option is level 3
    own, plain = maturity("own", "delivery"), maturity("plain", "delivery")
    elsewhere = maturity("elsewhere", "agents")
    profile = TargetProfile(
        "p",
        "P",
        "",
        "example",
        dimensions=(Target("delivery", 4, "why"),),
        questions=(Target("own", 2, "why"),),
    )
    assert profile_target(own, profile) == 2  # the question's own target wins
    assert profile_target(plain, profile) == 4  # else the dimension's
    assert profile_target(capped, profile) == 3  # never above the best option
    assert profile_target(elsewhere, profile) is None  # the profile says nothing of it
