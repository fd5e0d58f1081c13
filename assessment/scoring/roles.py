"""Scores by role in a workshop: medians per role and the widest gaps between roles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

from assessment.questionnaire.model import Questionnaire

from .scorecard import Scorecard

if TYPE_CHECKING:
    from .group import Participant


@dataclass(frozen=True)
class RoleScores:
    """The median scores of the respondents who picked one role."""

    role: str
    respondents: int
    score: float | None
    dimensions: Mapping[str, float]  # dimension id -> median score (dimensions with any score)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "role": self.role,
            "respondents": self.respondents,
            "score": self.score,
            "dimensions": dict(self.dimensions),
        }


@dataclass(frozen=True)
class RoleGap:
    """The widest disagreement between roles on one dimension."""

    dimension: str
    high_role: str
    high: float
    low_role: str
    low: float

    @property
    def gap(self) -> float:
        """high - low."""
        return self.high - self.low

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "dimension": self.dimension,
            "high_role": self.high_role,
            "high": self.high,
            "low_role": self.low_role,
            "low": self.low,
            "gap": self.gap,
        }


def role_scores(
    questionnaire: Questionnaire, cards: Sequence[tuple[Participant, Scorecard]]
) -> tuple[RoleScores, ...]:
    """Median overall and dimension scores per role, roles sorted by name."""
    by_role: dict[str, list[Scorecard]] = {}
    for respondent, card in cards:
        by_role.setdefault(respondent.role, []).append(card)
    return tuple(
        RoleScores(
            role,
            len(by_role[role]),
            median_of([c.score for c in by_role[role]]),
            dimension_medians(questionnaire, by_role[role]),
        )
        for role in sorted(by_role)
    )


def dimension_medians(questionnaire: Questionnaire, cards: Sequence[Scorecard]) -> dict[str, float]:
    """Dimension id -> median score over the scorecards that score it, in questionnaire order."""
    result = {}
    for dimension in questionnaire.dimensions:
        scores = [d.score for c in cards if (d := c.dimension(dimension.id)) is not None]
        middle = median_of(scores)
        if middle is not None:
            result[dimension.id] = middle
    return result


def role_gaps(questionnaire: Questionnaire, roles: Sequence[RoleScores]) -> tuple[RoleGap, ...]:
    """Per dimension where roles differ, the highest and lowest role medians; widest gap first.

    Roles whose medians are equal on a dimension have no gap to discuss, so it is left out.
    """
    gaps = []
    for dimension in questionnaire.dimensions:
        scored = [(r.dimensions[dimension.id], r.role) for r in roles if dimension.id in r.dimensions]
        if len(scored) < 2:
            continue
        # Ties pick the alphabetically first role, on both ends, for a stable answer.
        high = min(scored, key=lambda sr: (-sr[0], sr[1]))
        low = min(scored, key=lambda sr: (sr[0], sr[1]))
        if high[0] > low[0]:
            gaps.append(RoleGap(dimension.id, high[1], high[0], low[1], low[0]))
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    return tuple(sorted(gaps, key=lambda g: (-g.gap, order[g.dimension])))


def median_of(values: Sequence[float | None]) -> float | None:
    """The median of the values that are not None; None when there are none."""
    present = sorted(v for v in values if v is not None)
    return median(present) if present else None
