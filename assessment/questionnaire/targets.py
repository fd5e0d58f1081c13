"""Target profiles: authored goals for dimensions, groups and questions, never averages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class TargetTier(StrEnum):
    """Where in the questionnaire's tree a target sits."""

    DIMENSION = "dimension"
    GROUP = "group"
    QUESTION = "question"


@dataclass(frozen=True)
class Target:
    """A target for one dimension, group or question, with the reason for it.

    Every target must be met for a profile to be met, unless it is `advisory`.
    """

    ref: str  # a dimension, group or question id
    target: float
    rationale: str
    advisory: bool = False
    tier: TargetTier = TargetTier.QUESTION
    basis: tuple[str, ...] = ()  # the clauses, articles or guidance the target rests on


@dataclass(frozen=True)
class TargetProfile:
    """An authored target profile ("Production baseline"): a goal, never an average."""

    id: str
    title: str
    description: str
    questionnaire_id: str
    dimensions: tuple[Target, ...] = ()
    questions: tuple[Target, ...] = ()
    groups: tuple[Target, ...] = ()

    def __post_init__(self) -> None:
        # The list a target is in decides its tier, however the target was made.
        for tier in TargetTier:
            name = f"{tier.value}s"
            targets = tuple(replace(t, tier=tier) for t in getattr(self, name))
            object.__setattr__(self, name, targets)

    @property
    def targets(self) -> tuple[Target, ...]:
        """Every target, dimensions first, then groups, then questions."""
        return self.dimensions + self.groups + self.questions

    def group_target(self, group_id: str) -> Target | None:
        """The target for a group, or None when the profile sets none."""
        return next((t for t in self.groups if t.ref == group_id), None)

    def dimension_target(self, dimension_id: str) -> Target | None:
        """The target for a dimension, or None when the profile sets none."""
        return next((t for t in self.dimensions if t.ref == dimension_id), None)

    def question_target(self, question_id: str) -> Target | None:
        """The target for a question, or None when the profile sets none."""
        return next((t for t in self.questions if t.ref == question_id), None)
