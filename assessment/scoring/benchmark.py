"""Comparing a scorecard with an authored target profile ("Production baseline").

Gap = target - score where positive, else 0. Percent-to-target = 1 - sum(gap) / sum(target)
over the profile's targets that apply. A target whose dimension or question is scoped
out (or answered "n/a") does not apply and is listed as such. A dimension or question
that applies but has no score yet counts as the lowest level and is flagged `missing`,
so an unfinished assessment can never meet a profile by leaving gaps unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.questionnaire.model import BenchmarkProfile, Questionnaire, Target

from .group import GroupScorecard
from .scorecard import AnswerStatus, Scorecard


@dataclass(frozen=True)
class TargetGap:
    """How far one dimension or question is from its target."""

    ref: str
    target: float
    score: float  # the score compared (the lowest level when missing)
    gap: float
    missing: bool
    critical: bool  # for questions: the question is critical; for dimensions: False
    rationale: str

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.ref,
            "target": self.target,
            "score": self.score,
            "gap": self.gap,
            "missing": self.missing,
            "critical": self.critical,
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class BenchmarkComparison:
    """A scorecard against one profile."""

    profile: str
    title: str
    dimensions: tuple[TargetGap, ...]
    questions: tuple[TargetGap, ...]
    not_applicable: tuple[str, ...]  # targets whose dimension or question does not apply

    @property
    def percent_to_target(self) -> float:
        """1 - sum(gap) / sum(target) over the applicable targets, within [0, 1]."""
        gaps = self.dimensions + self.questions
        total = sum(item.target for item in gaps)
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, 1.0 - sum(item.gap for item in gaps) / total))

    @property
    def meets_profile(self) -> bool:
        """True only with no dimension gap and no gap on a critical question."""
        no_dimension_gap = all(item.gap == 0 for item in self.dimensions)
        return no_dimension_gap and all(item.gap == 0 for item in self.questions if item.critical)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form (the `benchmark` object of the CLI's JSON)."""
        return {
            "profile": self.profile,
            "title": self.title,
            "percent_to_target": self.percent_to_target,
            "meets_profile": self.meets_profile,
            "dimensions": [gap.to_dict() for gap in self.dimensions],
            "questions": [gap.to_dict() for gap in self.questions],
            "not_applicable": list(self.not_applicable),
        }


def compare_with_profile(
    questionnaire: Questionnaire, scorecard: Scorecard, profile: BenchmarkProfile
) -> BenchmarkComparison:
    """Gaps of a scorecard against a profile's dimension and question targets."""
    if profile.questionnaire != questionnaire.id or scorecard.questionnaire != questionnaire.id:
        raise ValueError(
            f"profile {profile.id} is for {profile.questionnaire!r}, "
            f"the scorecard for {scorecard.questionnaire!r}, not {questionnaire.id!r}"
        )
    lowest = questionnaire.lowest_level.value
    dimensions, questions, not_applicable = [], [], []
    for target in profile.dimensions:
        dimension = scorecard.dimension(target.ref)
        if dimension is None:
            not_applicable.append(target.ref)
            continue
        dimensions.append(_gap(target, dimension.score, lowest, critical=False))
    for target in profile.questions:
        question = scorecard.question(target.ref)
        if question is None or question.status is AnswerStatus.NOT_APPLICABLE:
            not_applicable.append(target.ref)
            continue
        questions.append(_gap(target, question.value, lowest, critical=question.critical))
    return BenchmarkComparison(
        profile.id, profile.title, tuple(dimensions), tuple(questions), tuple(not_applicable)
    )


def compare_group_with_profile(
    questionnaire: Questionnaire, group: GroupScorecard, profile: BenchmarkProfile
) -> BenchmarkComparison:
    """Gaps of a workshop room's medians against a profile, counted as for one scorecard.

    A dimension or question applies to the room when it applies to at least one
    respondent (and a question not only as "n/a"); one that applies but has no median yet
    counts as the lowest level, as it would for one respondent.
    """
    if profile.questionnaire != questionnaire.id:
        raise ValueError(f"profile {profile.id} is for {profile.questionnaire!r}, not {questionnaire.id!r}")
    lowest = questionnaire.lowest_level.value
    asked = {
        q.id
        for card in group.cards
        for d in card.dimensions
        for q in d.questions
        if q.status is not AnswerStatus.NOT_APPLICABLE
    }
    medians = {s.question: s.median for s in group.questions}
    dimensions, questions, not_applicable = [], [], []
    for target in profile.dimensions:
        if target.ref not in group.applicable_dimensions:
            not_applicable.append(target.ref)
            continue
        dimensions.append(_gap(target, group.dimensions.get(target.ref), lowest, critical=False))
    for target in profile.questions:
        if target.ref not in asked:
            not_applicable.append(target.ref)
            continue
        critical = questionnaire.question(target.ref).critical
        questions.append(_gap(target, medians.get(target.ref), lowest, critical=critical))
    return BenchmarkComparison(
        profile.id, profile.title, tuple(dimensions), tuple(questions), tuple(not_applicable)
    )


def _gap(target: Target, score: float | None, lowest: float, critical: bool) -> TargetGap:
    """One target's gap; a missing score counts as the lowest level."""
    compared = lowest if score is None else score
    gap = max(target.target - compared, 0.0)
    return TargetGap(
        target.ref, target.target, compared, gap, score is None, critical, target.rationale
    )
