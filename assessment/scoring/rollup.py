"""Combining the scores of a node's children into the node's score."""

from __future__ import annotations

from collections.abc import Iterable

from assessment.questionnaire.model import Rollup


def combine(rollup: Rollup, parts: Iterable[tuple[float, float]]) -> float | None:
    """The node score from (score, weight) pairs of its scorable children; None when none.

    `mean` and `min` ignore weights; `weighted_mean` divides by the total weight;
    `sum` adds weight x score, which is the plain sum when weights are 1 (as in OWASP SAMM
    streams and the ML Test Score, where a half-point test is a weight of 0.5).
    """
    pairs = list(parts)
    if not pairs:
        return None
    if rollup is Rollup.MEAN:
        return sum(score for score, _ in pairs) / len(pairs)
    if rollup is Rollup.WEIGHTED_MEAN:
        total = sum(weight for _, weight in pairs)
        return sum(score * weight for score, weight in pairs) / total
    if rollup is Rollup.SUM:
        return sum(score * weight for score, weight in pairs)
    if rollup is Rollup.MINIMUM:
        return min(score for score, _ in pairs)
    raise ValueError(f"unknown rollup {rollup!r}")
