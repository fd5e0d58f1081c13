"""The content reviewer's scoring probes (content-review.md sections 4.1 and 5.2, and its
appendix), replayed on the shipped questionnaires under methodology 2.

Each probe once showed a figure that could not be signed: skipping scored better than
answering, a profile was met while its own required targets failed, a dimension target
compared a mean with a level. Each now gives what the rules say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import load_profiles, load_questionnaire
from assessment.questionnaire.model import QuestionKind
from assessment.scoring import compare_with_profile, score_answers

ROOT = Path(__file__).parents[2] / "questionnaires"
FLAGSHIP = load_questionnaire(ROOT / "ai-execution.yaml")
PROFILES = {p.id: p for p in load_profiles(ROOT / "ai-execution.profiles.yaml", FLAGSHIP)}
QUICK = load_questionnaire(ROOT / "quick-check.yaml")
QUICK_PROFILES = {p.id: p for p in load_profiles(ROOT / "quick-check.profiles.yaml", QUICK)}
GOVERNANCE_FIVE = (
    "gov-inventory",
    "gov-risk-assessment",
    "gov-review-process",
    "gov-system-data",
    "gov-output-accuracy",
)


def at(questionnaire, question_id: str, value: float) -> str:
    """The option of a question at a level."""
    return next(o.id for o in questionnaire.question(question_id).options if o.value == value)


def everything_at(
    level: float, agents: str = "in-production", eu: str = "none", role: str = "both", **overrides
) -> dict:
    """Every applicable flagship maturity question at one level, then the overrides (by level).
    The organisation builds and buys AI, so every production question applies."""
    answers = {"scope-build-buy": "both", "scope-agents": agents, "scope-eu-high-risk": eu}
    if eu != "none":
        answers["scope-eu-role"] = role
    for question in FLAGSHIP.questions_of_kind(QuestionKind.MATURITY):
        applies = all(c.answered_with(answers) for c in question.applies_when)
        if applies and (question.dimension != "agentic" or agents != "none"):
            answers[question.id] = at(FLAGSHIP, question.id, level)
    for question_id, value in overrides.items():
        answers[question_id.replace("_", "-")] = at(FLAGSHIP, question_id.replace("_", "-"), value)
    return answers


def without(answers: dict, *question_ids: str) -> dict:
    """The answers with some questions left unanswered."""
    return {k: v for k, v in answers.items() if k not in question_ids}


def figures(answers: dict) -> tuple:
    """(governance level, overall level, index, completeness, confidence)."""
    card = score_answers(FLAGSHIP, answers)
    return card.dimension("governance").level, card.level, round(card.score, 2), card.confidence


def test_base_case_is_level_three_everywhere():
    assert figures(everything_at(3)) == (3, 3, 3.0, "high")


def test_leaving_a_question_blank_scores_exactly_as_answering_it_at_level_one():
    base = everything_at(3)
    honest = figures({**base, "gov-system-data": at(FLAGSHIP, "gov-system-data", 1)})
    unknown = figures({**base, "gov-system-data": "unknown"})
    skipped = figures(without(base, "gov-system-data"))
    assert honest[:3] == unknown[:3] == skipped[:3]
    assert honest[:2] == (1, 1) and honest[2] < 3.0  # a critical question caps its dimension


def test_five_governance_questions_skipped_score_as_five_answered_at_level_one():
    base = everything_at(3)
    answered = {**base, **{q: at(FLAGSHIP, q, 1) for q in GOVERNANCE_FIVE}}
    assert figures(answered)[:3] == figures(without(base, *GOVERNANCE_FIVE))[:3]
    assert figures(answered)[:2] == (1, 1)
    card = score_answers(FLAGSHIP, without(base, *GOVERNANCE_FIVE))
    assert card.incomplete_note() == "incomplete: 5 unanswered questions count as level 1"


def test_planned_agents_are_readiness_outside_the_overall_level_and_index():
    planned = everything_at(3, agents="planned")
    planned |= {q.id: at(FLAGSHIP, q.id, 1) for q in FLAGSHIP.questions_in("agentic") if q.id in planned}
    card = score_answers(FLAGSHIP, planned)
    (agentic,) = card.readiness_dimensions
    assert agentic.id == "agentic" and agentic.level == 1
    assert agentic.readiness_label == "Readiness for agents you plan"
    assert (card.level, round(card.score, 2)) == (3, 3.0)


def test_a_blank_agent_scope_keeps_every_agent_question_and_withholds_the_results():
    base = everything_at(3)
    agentic = [q.id for q in FLAGSHIP.questions_in("agentic")]
    card = score_answers(FLAGSHIP, without(base, "scope-agents", *agentic))
    assert card.dimension("agentic").level == 1 and card.level == 1
    assert card.unanswered_scoping == ("scope-agents",) and not card.offerable
    assert card.confidence != "high"


def test_regulated_is_not_met_while_eu_ai_act_work_has_not_started():
    for role, obligations, incidents in (
        ("provider", "gov-eu-provider-obligations", "prod-eu-provider-incidents"),
        ("deployer", "gov-eu-deployer-obligations", "prod-eu-deployer-incidents"),
    ):
        answers = everything_at(5, agents="none", eu="likely", role=role)
        answers |= {
            obligations: at(FLAGSHIP, obligations, 1),
            incidents: at(FLAGSHIP, incidents, 1),
            "gov-regulatory-tracking": at(FLAGSHIP, "gov-regulatory-tracking", 2),
        }
        comparison = compare_with_profile(
            FLAGSHIP, score_answers(FLAGSHIP, answers), PROFILES["regulated-high-risk"]
        )
        assert not comparison.meets_profile, role
        assert {obligations, incidents, "gov-regulatory-tracking"} <= {g.ref for g in comparison.blocking}


def test_ready_for_agents_is_not_met_with_agents_on_borrowed_accounts():
    answers = everything_at(5) | {
        "agent-permissions": at(FLAGSHIP, "agent-permissions", 1),
        "agent-oversight": at(FLAGSHIP, "agent-oversight", 2),
        "prod-observability": at(FLAGSHIP, "prod-observability", 2),
    }
    comparison = compare_with_profile(
        FLAGSHIP, score_answers(FLAGSHIP, answers), PROFILES["ready-for-agents"]
    )
    assert not comparison.meets_profile
    assert {"agent-permissions", "agent-oversight", "prod-observability"} <= {
        g.ref for g in comparison.blocking
    }


def prioritisation(**levels) -> dict:
    """The base case with the prioritisation questions at the given levels (others at 1)."""
    answers = everything_at(3)
    for question in FLAGSHIP.questions_in("prioritization"):
        if question.kind is QuestionKind.MATURITY:
            answers[question.id] = at(FLAGSHIP, question.id, levels.get(question.id.replace("-", "_"), 1))
    return answers


def test_a_dimension_target_compares_the_level_with_the_score_gap_beside_it():
    production = PROFILES["production-baseline"]
    level_two = prioritisation(
        prio_ranking=5,
        prio_intake=5,
        prio_pilot_exit=3,
        **{
            q.id.replace("-", "_"): 2
            for q in FLAGSHIP.questions_in("prioritization")
            if q.kind is QuestionKind.MATURITY
            and q.id not in ("prio-ranking", "prio-intake", "prio-pilot-exit")
        },
    )
    card = score_answers(FLAGSHIP, level_two)
    prio = card.dimension("prioritization")
    assert prio.level == 2 and prio.score > 2.9  # a mean near 3, but not held by most of the weight
    gap = compare_with_profile(FLAGSHIP, card, production).target("prioritization")
    assert (gap.gap, gap.by_level) == (1, True) and gap.score_gap == pytest.approx(max(0, 3 - prio.score))

    level_three = prioritisation(
        prio_ranking=3, prio_pilot_exit=3, prio_intake=3, prio_business_case=3, prio_capacity=3
    )
    card = score_answers(FLAGSHIP, level_three)
    prio = card.dimension("prioritization")
    assert prio.level == 3 and prio.score < 2.5  # most of the weight at 3, a mean well below it
    gap = compare_with_profile(FLAGSHIP, card, production).target("prioritization")
    assert gap.met and gap.score_gap == pytest.approx(3 - prio.score)


def test_the_lowest_answer_everywhere_is_zero_percent_of_the_way():
    card = score_answers(FLAGSHIP, everything_at(1))
    for profile in PROFILES.values():
        assert compare_with_profile(FLAGSHIP, card, profile).percent_to_target == 0


def test_the_quick_checks_safe_to_pilot_is_not_met_without_risk_assessment_or_agent_limits():
    levels = {
        "fnd-owner": 3,
        "fnd-priorities": 2,
        "fnd-value": 1,
        "fnd-pilot-exit": 3,
        "safe-risk": 1,
        "safe-data": 3,
        "safe-reviews": 2,
        "ops-testing": 2,
        "ops-incidents": 2,
        "ops-agent-limits": 1,
    }
    answers = {"scope-agents": "yes-or-planned"} | {q: at(QUICK, q, v) for q, v in levels.items()}
    comparison = compare_with_profile(QUICK, score_answers(QUICK, answers), QUICK_PROFILES["safe-to-pilot"])
    assert not comparison.meets_profile
    assert {"safe-risk", "ops-agent-limits"} <= {g.ref for g in comparison.blocking}


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_shipped_profile_is_unmet_when_any_required_target_is_missed(profile):
    target_profile = PROFILES[profile]
    answers = everything_at(5, eu="likely")
    card = score_answers(FLAGSHIP, answers)
    assert compare_with_profile(FLAGSHIP, card, target_profile).meets_profile
    for target in target_profile.questions:
        if target.advisory or target.target <= 1:
            continue
        missed = {**answers, target.ref: at(FLAGSHIP, target.ref, target.target - 1)}
        comparison = compare_with_profile(FLAGSHIP, score_answers(FLAGSHIP, missed), target_profile)
        assert not comparison.meets_profile, target.ref


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_shipped_profile_is_unmet_when_a_dimension_falls_a_level_short(profile):
    target_profile = PROFILES[profile]
    answers = everything_at(5, eu="likely")
    for target in target_profile.dimensions:
        if target.advisory or target.target <= 1:
            continue
        short = dict(answers)
        for question in FLAGSHIP.questions_in(target.ref):
            if question.id in short and question.kind is QuestionKind.MATURITY:
                short[question.id] = at(FLAGSHIP, question.id, target.target - 1)
        comparison = compare_with_profile(FLAGSHIP, score_answers(FLAGSHIP, short), target_profile)
        assert target.ref in {g.ref for g in comparison.blocking}, target.ref
        assert not comparison.meets_profile
