"""Comparing a scorecard with an authored target profile ("Production baseline").

A target sits on any tier of the tree: a dimension, a group or a question.

- A dimension target is a *level* target: its gap is the level gap, with the score gap
  shown beside it. A group target is a level target when the group tier declares a
  level rule, and a score target otherwise (a SAMM practice has a score, not a level).
  A question target compares the question's value.
- Gap = target - the figure compared, where positive.
- Percent of the way to a target is measured from the scale's floor:
  (figure - floor) / (target - floor), capped to [0, 1]; the profile's percent is the
  plain mean of its applicable targets' percents (targets above the floor: one at the
  floor measures no distance), so all-lowest answers give 0.
- A profile is met only when every target not marked `advisory` is met.

A target whose dimension, group or question is scoped out (or answered "n/a") does not
apply and is listed as such. Unanswered questions count as the lowest value (see
`scorecard`), so leaving a question blank can never help an organisation meet a profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.targets import Target, TargetProfile, TargetTier

from .scorecard import AnswerStatus, Scorecard

#: The profile compared with when nobody chose one (the profiles files mark no default).
DEFAULT_PROFILE = "production-baseline"


def default_profile(profiles: Sequence[TargetProfile]) -> TargetProfile | None:
    """The profile to compare with when none is chosen: DEFAULT_PROFILE, else the first."""
    return next((p for p in profiles if p.id == DEFAULT_PROFILE), profiles[0] if profiles else None)


if TYPE_CHECKING:
    from .group import GroupScorecard


@dataclass(frozen=True)
class TargetGap:
    """How far one dimension, group or question is from its target."""

    ref: str
    tier: TargetTier
    target: float
    compared: float  # the figure compared with the target: a level, a score or a value
    score: float  # the node's score (for a question, its value), shown beside a level gap
    by_level: bool  # True when `compared` is a level
    floor: float  # the bottom of the scale the percent is measured from
    missing: bool  # a question left unanswered, or a node with unanswered questions
    critical: bool  # for questions: the question is critical
    advisory: bool  # shown with its gap, but does not stop the profile being met
    readiness: bool  # on a dimension (or in one) scored as readiness only
    rationale: str
    basis: tuple[str, ...] = ()

    @property
    def gap(self) -> float:
        """target - compared, where positive."""
        return max(self.target - self.compared, 0.0)

    @property
    def score_gap(self) -> float:
        """target - score, where positive (beside a level gap, the finer figure)."""
        return max(self.target - self.score, 0.0)

    @property
    def met(self) -> bool:
        """True when the figure compared reaches the target."""
        return self.gap == 0

    @property
    def blocks(self) -> bool:
        """True when this target is missed and not advisory: the profile is not met."""
        return not self.met and not self.advisory

    @property
    def percent(self) -> float:
        """(compared - floor) / (target - floor), within [0, 1]; 1 for a target at the floor."""
        span = self.target - self.floor
        if span <= 0:
            return 1.0
        return min(1.0, max(0.0, (self.compared - self.floor) / span))

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.ref,
            "tier": self.tier.value,
            "target": self.target,
            "compared": self.compared,
            "by_level": self.by_level,
            "score": self.score,
            "gap": self.gap,
            "score_gap": self.score_gap,
            "percent": self.percent,
            "met": self.met,
            "missing": self.missing,
            "critical": self.critical,
            "advisory": self.advisory,
            "readiness": self.readiness,
            "rationale": self.rationale,
            "basis": list(self.basis),
        }


@dataclass(frozen=True)
class TargetComparison:
    """A scorecard against one profile."""

    profile: str
    title: str
    dimensions: tuple[TargetGap, ...]
    questions: tuple[TargetGap, ...]
    not_applicable: tuple[str, ...]  # targets whose dimension, group or question does not apply
    groups: tuple[TargetGap, ...] = ()

    @property
    def gaps(self) -> tuple[TargetGap, ...]:
        """Every applicable target: dimensions, then groups, then questions."""
        return self.dimensions + self.groups + self.questions

    @property
    def percent_to_target(self) -> float:
        """The mean percent of the applicable targets above the floor (a target at the
        floor is met by any answer and measures no distance); 1.0 when there is none."""
        gaps = [gap for gap in self.gaps if gap.target > gap.floor]
        if not gaps:
            return 1.0
        return sum(gap.percent for gap in gaps) / len(gaps)

    @property
    def blocking(self) -> tuple[TargetGap, ...]:
        """The targets that are missed and not advisory."""
        return tuple(gap for gap in self.gaps if gap.blocks)

    @property
    def meets_profile(self) -> bool:
        """True only when every target not marked advisory is met."""
        return not self.blocking

    def target(self, ref: str) -> TargetGap | None:
        """The gap of the target on `ref`, or None when the profile sets none that applies."""
        return next((gap for gap in self.gaps if gap.ref == ref), None)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form (the `benchmark` object of the CLI's JSON)."""
        return {
            "profile": self.profile,
            "title": self.title,
            "percent_to_target": self.percent_to_target,
            "meets_profile": self.meets_profile,
            "blocking": [gap.ref for gap in self.blocking],
            "dimensions": [gap.to_dict() for gap in self.dimensions],
            "groups": [gap.to_dict() for gap in self.groups],
            "questions": [gap.to_dict() for gap in self.questions],
            "not_applicable": list(self.not_applicable),
        }


def compare_with_profile(
    questionnaire: Questionnaire, scorecard: Scorecard, profile: TargetProfile
) -> TargetComparison:
    """Gaps of a scorecard against every target of a profile."""
    if profile.questionnaire_id != questionnaire.id or scorecard.questionnaire_id != questionnaire.id:
        raise ValueError(
            f"profile {profile.id} is for {profile.questionnaire_id!r}, "
            f"the scorecard for {scorecard.questionnaire_id!r}, not {questionnaire.id!r}"
        )
    floor = questionnaire.lowest_level.value
    readiness = {d.id for d in scorecard.readiness_dimensions}
    tiers: dict[TargetTier, list[TargetGap]] = {tier: [] for tier in TargetTier}
    not_applicable = []
    for target in profile.targets:
        gap = _gap(questionnaire, scorecard, target, floor, readiness)
        if gap is None:
            not_applicable.append(target.ref)
        else:
            tiers[target.tier].append(gap)
    return TargetComparison(
        profile.id,
        profile.title,
        dimensions=tuple(tiers[TargetTier.DIMENSION]),
        questions=tuple(tiers[TargetTier.QUESTION]),
        not_applicable=tuple(not_applicable),
        groups=tuple(tiers[TargetTier.GROUP]),
    )


def compare_group_with_profile(
    questionnaire: Questionnaire, group: GroupScorecard, profile: TargetProfile
) -> TargetComparison:
    """A workshop room against a profile: the room's answers scored as one respondent's.

    The room's answer to each question is its agreed answer, else its low median, with
    "don't know" and unanswered counted as the lowest value (see `room`), so a room is
    held to a profile exactly as an organisation answering alone would be.
    """
    if profile.questionnaire_id != questionnaire.id:
        raise ValueError(
            f"profile {profile.id} is for {profile.questionnaire_id!r}, not {questionnaire.id!r}"
        )
    return compare_with_profile(questionnaire, group.room, profile)


def _gap(
    questionnaire: Questionnaire,
    scorecard: Scorecard,
    target: Target,
    floor: float,
    readiness: set[str],
) -> TargetGap | None:
    """One target's gap; None when what it targets does not apply."""
    if target.tier is TargetTier.DIMENSION:
        dimension = scorecard.dimension(target.ref)
        if dimension is None or dimension.score is None or dimension.level is None:
            return None
        return _make(
            target,
            dimension.level,
            dimension.score,
            by_level=True,
            floor=floor,
            missing=bool(dimension.unanswered),
            critical=False,
            readiness=dimension.id in readiness,
        )
    if target.tier is TargetTier.GROUP:
        found = scorecard.group(target.ref)
        if found is None or found[1].score is None:
            return None
        dimension, node = found
        by_level = node.level is not None
        compared = node.level if by_level else node.score
        missing = any(q.status is AnswerStatus.MISSING and q.group in node.ids for q in dimension.questions)
        return _make(
            target,
            compared,
            node.score,
            by_level=by_level,
            floor=floor,
            missing=missing,
            critical=False,
            readiness=dimension.id in readiness,
        )
    question = scorecard.question(target.ref)
    if question is None or question.value is None:
        return None  # scoped out, or answered "n/a"
    return _make(
        target,
        question.value,
        question.value,
        by_level=False,
        floor=min(question.scale[0], floor),
        missing=question.status is AnswerStatus.MISSING,
        critical=question.critical,
        readiness=question.dimension in readiness,
    )


def _make(
    target: Target,
    compared: float,
    score: float,
    *,
    by_level: bool,
    floor: float,
    missing: bool,
    critical: bool,
    readiness: bool,
) -> TargetGap:
    """A TargetGap carrying the target's own attributes."""
    return TargetGap(
        ref=target.ref,
        tier=target.tier,
        target=target.target,
        compared=compared,
        score=score,
        by_level=by_level,
        floor=floor,
        missing=missing,
        critical=critical,
        advisory=target.advisory,
        readiness=readiness,
        rationale=target.rationale,
        basis=target.basis,
    )
