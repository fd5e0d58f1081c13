"""Level rules: from values and scores to a rung of the questionnaire's scale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assessment.questionnaire.model import Questionnaire

#: Scores are sums of floats; a score of 2.9999999999 must still reach level 3.
EPSILON = 1e-9


@dataclass(frozen=True)
class Evidence:
    """What the staircase looks at for one applicable, answered question."""

    question: str
    value: float  # "unknown" already replaced by its headline value
    weight: float
    critical: bool


def scale(questionnaire: Questionnaire) -> tuple[float, ...]:
    """The declared level values, lowest first."""
    return tuple(sorted(level.value for level in questionnaire.levels))


def next_level(levels: Sequence[float], level: float) -> float | None:
    """The next declared level above `level`, or None at the top."""
    return next((value for value in levels if value > level), None)


def staircase_holds(
    evidence: Sequence[Evidence], level: float, majority: float, lowest: float
) -> bool:
    """True when more than `majority` of the weight and every critical question reach `level`."""
    if level <= lowest:
        return True  # the lowest level always holds
    total = sum(item.weight for item in evidence)
    reached = sum(item.weight for item in evidence if item.value >= level)
    critical_ok = all(item.value >= level for item in evidence if item.critical)
    return critical_ok and reached > majority * total


def staircase_level(
    levels: Sequence[float], evidence: Sequence[Evidence], majority: float
) -> float | None:
    """The highest level the staircase allows; None when nothing was answered.

    Holding a level is downward closed (less weight and fewer critical questions reach a
    higher level), so the highest level that holds is the answer.
    """
    if not evidence:
        return None
    held = [value for value in levels if staircase_holds(evidence, value, majority, levels[0])]
    return max(held)


def floor_level(levels: Sequence[float], score: float | None) -> float | None:
    """The highest declared level at or below the score; the lowest level below the scale."""
    if score is None:
        return None
    reached = [value for value in levels if value <= score + EPSILON]
    return max(reached) if reached else levels[0]


def weakest_level(child_levels: Iterable[float | None]) -> float | None:
    """The lowest level among the children that have one; None when none has."""
    present = [level for level in child_levels if level is not None]
    return min(present) if present else None
