"""Targets, percent to target and progress to date on the SAMM-shaped questionnaire.

The expected figures are worked out by hand from the arithmetic of OWASP SAMM's own
toolbox spreadsheet (owaspsamm/toolbox-spreadsheet, SAMM_spreadsheet.xlsx): an answer is
valued 0, 0.25, 0.5 or 1 and a blank answer 0 (its lookups fall back to 0); a practice's
rating is the sum over its three maturity levels of the mean of its two streams' answers,
which equals the mean of its two stream sums; a business function is the mean of its
practices. Its Roadmap sheet rates each target phase with the same formulas and shows
"Gap vs Current" as the target rating minus the current one. SAMM's ratings start at 0,
so percent of the way to a target is rating / target, and progress to date is
(now - before) / (target - before).
"""

from __future__ import annotations

import pytest

from assessment.questionnaire.targets import Target, TargetProfile
from assessment.scoring import compare_with_profile, progress_to_date, score_answers
from tests.support.scoring import SAMM_MIXED

# Practice targets as a SAMM roadmap phase would set them.
PHASE = TargetProfile(
    "phase-1",
    "Roadmap phase 1",
    "Practice targets for the first phase.",
    "samm-shaped",
    groups=(Target("strategy", 2.0, "why"), Target("policy", 2.5, "why")),
)
# The assessment before: goals-1 was at "half" (0.5) instead of "all" (1).
BEFORE = {**SAMM_MIXED, "goals-1": "half"}


def test_a_blank_answer_counts_zero_as_in_the_samm_toolbox(samm):
    answered = score_answers(samm, {**SAMM_MIXED, "design-review-2": "no"})
    blank = score_answers(samm, SAMM_MIXED)  # design-review-2 is not in SAMM_MIXED
    assert blank.dimension("verify").score == answered.dimension("verify").score == 1.25


def test_practice_targets_are_score_targets_with_samms_gap(samm):
    comparison = compare_with_profile(samm, score_answers(samm, SAMM_MIXED), PHASE)
    strategy, policy = comparison.groups
    # strategy: goals 1 + 0.5 + 0 = 1.5, roadmap 0.75 -> 1.125; policy: rules 3, compliance 0 -> 1.5
    assert (strategy.compared, policy.compared) == (1.125, 1.5)
    assert not strategy.by_level and not policy.by_level  # practices have ratings, not levels
    assert (strategy.gap, policy.gap) == (0.875, 1.0)  # SAMM's "Gap vs Current"
    # percent from SAMM's floor of 0: 1.125 / 2 and 1.5 / 2.5, then their mean
    assert (strategy.percent, policy.percent) == (0.5625, 0.6)
    assert comparison.percent_to_target == pytest.approx((0.5625 + 0.6) / 2)
    assert not comparison.meets_profile


def test_progress_to_date_between_two_samm_assessments(samm):
    before = compare_with_profile(samm, score_answers(samm, BEFORE), PHASE)
    now = compare_with_profile(samm, score_answers(samm, SAMM_MIXED), PHASE)
    assert before.groups[0].compared == 0.875  # goals 0.5 + 0.5 + 0 = 1.0, roadmap 0.75
    progress = progress_to_date(before, now)
    # strategy: (1.125 - 0.875) / (2 - 0.875); policy did not move
    assert progress.of("strategy").progress == pytest.approx(0.25 / 1.125)
    assert progress.of("policy").progress == 0 and progress.of("policy").status == "no change"
    # overall: percents 0.51875 before and 0.58125 now; (0.58125 - 0.51875) / (1 - 0.51875)
    assert (before.percent_to_target, now.percent_to_target) == pytest.approx((0.51875, 0.58125))
    assert progress.overall == pytest.approx(0.0625 / 0.48125)


def test_meeting_every_practice_target_meets_the_phase(samm):
    everything = {q.id: "all" for q in samm.questions}
    comparison = compare_with_profile(samm, score_answers(samm, everything), PHASE)
    assert comparison.meets_profile and comparison.percent_to_target == 1
