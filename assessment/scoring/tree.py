"""Scoring the tree of a dimension: questions -> (nested) groups -> dimension -> overall.

A dimension with groups has its groups as children; a group with sub-groups has its
sub-groups as children. Questions that name no group (or a group outside the
dimension) are direct children of their dimension, beside its groups, so no applicable
question is ever silently left out. A node with no scorable child has score None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessment.questionnaire.model import Dimension, Group, LevelRule, Questionnaire, TierRule

from .levels import Evidence, floor_level, scale, staircase_level, weakest_level
from .rollup import combine


@dataclass(frozen=True)
class GroupScore:
    """A (sub-)group's score and level, with its children."""

    id: str
    title: str
    weight: float
    score: float | None
    level: float | None
    groups: tuple[GroupScore, ...]
    questions: tuple[str, ...]  # applicable maturity questions directly in this group

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.id,
            "title": self.title,
            "weight": self.weight,
            "score": self.score,
            "level": self.level,
            "groups": [group.to_dict() for group in self.groups],
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class NodeScore:
    """A dimension's (or the overall) score and level, with its group scores."""

    score: float | None
    level: float | None
    groups: tuple[GroupScore, ...] = ()


class DimensionTree:
    """The applicable maturity questions of one dimension, arranged by group."""

    def __init__(
        self, questionnaire: Questionnaire, dimension: Dimension, applicable: Sequence[str]
    ) -> None:
        """Index the applicable questions by group once, for repeated scoring."""
        self.questionnaire = questionnaire
        self.dimension = dimension
        self.levels = scale(questionnaire)
        self.questions = tuple(questionnaire.question(qid) for qid in applicable)
        known = {group.id for group in dimension.all_groups()}
        self.direct = tuple(q for q in self.questions if q.group not in known)

    @property
    def uses_staircase(self) -> bool:
        """True when the dimension tier declares the staircase level rule."""
        return self.questionnaire.scoring.dimension.level is LevelRule.STAIRCASE

    @property
    def majority(self) -> float:
        """The staircase majority of the dimension tier."""
        return self.questionnaire.scoring.dimension.majority

    def evidence(self, values: Mapping[str, float], group: Group | None = None) -> list[Evidence]:
        """The answered questions under `group` (or the whole dimension), in order."""
        ids = None if group is None else {g.id for g in group.walk()}
        return [
            Evidence(q.id, values[q.id], q.weight, q.critical)
            for q in self.questions
            if q.id in values and (ids is None or q.group in ids)
        ]


def score_dimension_tree(tree: DimensionTree, values: Mapping[str, float]) -> NodeScore:
    """Score a dimension from the headline values of its answered questions."""
    rules = tree.questionnaire.scoring
    groups = tuple(_score_group(tree, group, values) for group in tree.dimension.groups)
    direct = [q for q in tree.direct if q.id in values]
    parts = [(g.score, g.weight) for g in groups if g.score is not None]
    parts += [(values[q.id], q.weight) for q in direct]
    score = combine(tree.dimension.rollup or rules.dimension.rollup, parts)
    child_levels = [g.level for g in groups] + [
        floor_level(tree.levels, values[q.id]) for q in direct
    ]
    level = _level(tree, rules.dimension, score, tree.evidence(values), child_levels)
    return NodeScore(score, level, groups)


def overall_node(
    questionnaire: Questionnaire,
    dimensions: Sequence[tuple[float | None, float, float | None]],
    evidence: Sequence[Evidence],
) -> NodeScore:
    """The overall index and level from (score, weight, level) of the applicable dimensions."""
    rule = questionnaire.scoring.overall
    levels = scale(questionnaire)
    score = combine(rule.rollup, [(s, w) for s, w, _ in dimensions if s is not None])
    if rule.level is LevelRule.STAIRCASE:
        level = staircase_level(levels, evidence, rule.majority)
    elif rule.level is LevelRule.FLOOR:
        level = floor_level(levels, score)
    elif rule.level is LevelRule.WEAKEST:
        level = weakest_level(level for _, _, level in dimensions)
    else:
        level = None
    return NodeScore(score, level)


def _score_group(tree: DimensionTree, group: Group, values: Mapping[str, float]) -> GroupScore:
    """Score one group and its sub-groups."""
    rules = tree.questionnaire.scoring
    children = tuple(_score_group(tree, child, values) for child in group.groups)
    own = [q for q in tree.questions if q.group == group.id]
    parts = [(c.score, c.weight) for c in children if c.score is not None]
    parts += [(values[q.id], q.weight) for q in own if q.id in values]
    score = combine(group.rollup or rules.group.rollup, parts)
    child_levels = [c.level for c in children]
    child_levels += [floor_level(tree.levels, values[q.id]) for q in own if q.id in values]
    level = _level(tree, rules.group, score, tree.evidence(values, group), child_levels)
    return GroupScore(
        group.id, group.title, group.weight, score, level, children, tuple(q.id for q in own)
    )


def _level(
    tree: DimensionTree,
    rule: TierRule,
    score: float | None,
    evidence: Sequence[Evidence],
    child_levels: Sequence[float | None],
) -> float | None:
    """A node's level by its tier's rule."""
    if rule.level is LevelRule.STAIRCASE:
        return staircase_level(tree.levels, evidence, rule.majority)
    if rule.level is LevelRule.FLOOR:
        return floor_level(tree.levels, score)
    if rule.level is LevelRule.WEAKEST:
        return weakest_level(child_levels)
    return None
