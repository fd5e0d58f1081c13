"""One respondent's scorecard: question values rolled up into groups, dimensions and an index.

Scoring rules come from the questionnaire (see ScoringRules); this module only applies
them. `score_answers` refuses answers with any problem, so nothing is ever half-scored.

Why one module: the scorecard's dataclasses and the one roll-up that fills them (question,
group, dimension, index) are a single rule applied at four tiers; split, a reader would
have to follow one calculation across files. Levels, explanations and comparisons live
in modules of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from assessment.questionnaire.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Dimension,
    Question,
    QuestionKind,
    Questionnaire,
)

from .answers import (
    AnswerError,
    Answers,
    dimension_applies,
    question_applies,
    unanswered_scoping,
    validate_answers,
)
from .explain import Explanation, explain_by_search, explain_staircase
from .levels import Evidence
from .ownership import OwnershipClarity, ownership_clarity
from .tree import DimensionTree, GroupScore, overall_node, score_dimension_tree

if TYPE_CHECKING:
    from .benchmark import TargetComparison

#: The version of the scoring rules (questionnaires/methodology.md). Stored figures carry
#: the version they were computed with, so figures from older rules can be recomputed.
METHOD = 2


class AnswerStatus(StrEnum):
    """What became of an applicable maturity question."""

    SCORED = "scored"
    UNKNOWN = "unknown"  # scored at the unknown value (the lowest) in every figure
    NOT_APPLICABLE = "not_applicable"  # out of numerator and denominator
    MISSING = "missing"  # unanswered: scored exactly as "don't know", lowers completeness


@dataclass(frozen=True)
class QuestionScore:
    """One applicable maturity question as scored."""

    id: str
    dimension: str
    group: str | None
    status: AnswerStatus
    answer: str | None
    value: float | None  # None only for n/a; "don't know" and unanswered take the lowest value
    weight: float
    critical: bool
    scale: tuple[float, float]  # lowest and highest option value, for comparisons over time

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.id,
            "dimension": self.dimension,
            "group": self.group,
            "status": self.status.value,
            "answer": self.answer,
            "value": self.value,
            "weight": self.weight,
            "critical": self.critical,
        }


@dataclass(frozen=True)
class AnswerCounts:
    """How the applicable maturity questions of a dimension (or all) were answered."""

    applicable: int = 0
    scored: int = 0
    unknown: int = 0
    not_applicable: int = 0
    missing: int = 0

    @property
    def answered(self) -> int:
        """Answered in any way, including "unknown" and "n/a"."""
        return self.scored + self.unknown + self.not_applicable

    @property
    def completeness(self) -> float:
        """Answered / applicable; 1.0 when nothing applies (nothing is left to answer)."""
        return self.answered / self.applicable if self.applicable else 1.0

    def __add__(self, other: AnswerCounts) -> AnswerCounts:
        """Counts of two sets of questions together."""
        return AnswerCounts(
            self.applicable + other.applicable,
            self.scored + other.scored,
            self.unknown + other.unknown,
            self.not_applicable + other.not_applicable,
            self.missing + other.missing,
        )

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "applicable": self.applicable,
            "answered": self.answered,
            "scored": self.scored,
            "unknown": self.unknown,
            "not_applicable": self.not_applicable,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class DimensionScore:
    """An applicable dimension's score, level, groups, questions and explanation."""

    id: str
    title: str
    weight: float
    score: float | None  # None when no question of it was scored
    level: float | None
    level_name: str | None
    groups: tuple[GroupScore, ...]
    questions: tuple[QuestionScore, ...]
    counts: AnswerCounts
    explanation: Explanation | None
    #: Scored and shown in full, but outside the overall level and index: the scoping
    #: answers say this is readiness for something planned (`readiness_label` says what).
    readiness_only: bool = False
    readiness_label: str = ""

    @property
    def completeness(self) -> float:
        """Answered / applicable maturity questions of this dimension."""
        return self.counts.completeness

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Applicable questions left unanswered, each counted at the lowest value."""
        return tuple(q.id for q in self.questions if q.status is AnswerStatus.MISSING)

    @property
    def unanswered_critical(self) -> tuple[str, ...]:
        """Critical questions left unanswered: each holds the level at the lowest."""
        return tuple(q.id for q in self.questions if q.critical and q.status is AnswerStatus.MISSING)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.id,
            "title": self.title,
            "weight": self.weight,
            "score": self.score,
            "level": self.level,
            "level_name": self.level_name,
            "completeness": self.completeness,
            "counts": self.counts.to_dict(),
            "incomplete": bool(self.unanswered),
            "readiness_only": self.readiness_only,
            "readiness_label": self.readiness_label or None,
            "groups": [group.to_dict() for group in self.groups],
            "questions": [question.to_dict() for question in self.questions],
            "explanation": self.explanation.to_dict() if self.explanation else None,
        }


@dataclass(frozen=True)
class Scorecard:
    """Everything one respondent's answers mean, ready for reports and JSON."""

    questionnaire_id: str
    version: str
    content_hash: str
    score: float | None  # the overall index
    level: float | None
    level_name: str | None
    dimensions: tuple[DimensionScore, ...]  # applicable dimensions only, in questionnaire order
    counts: AnswerCounts
    ownership: OwnershipClarity
    scoped_out_dimensions: tuple[str, ...]
    scoped_out_questions: tuple[str, ...]
    #: Scoping questions without an answer: what they govern applies in full meanwhile,
    #: and results are offered only once every one of them is answered.
    unanswered_scoping: tuple[str, ...] = ()
    lowest: float = 1.0  # the value an unanswered question counts as
    #: The outcome facts that apply, with their answers (None when not given). Context for
    #: the scores, never part of them.
    facts: tuple[tuple[str, str | None], ...] = ()

    @property
    def headline_dimensions(self) -> tuple[DimensionScore, ...]:
        """The dimensions in the overall level and index (all but readiness-only ones)."""
        return tuple(d for d in self.dimensions if not d.readiness_only)

    @property
    def weakest(self) -> DimensionScore | None:
        """The headline dimension with the lowest level (then score): what sets the overall
        level when the overall tier takes the weakest dimension."""
        ranked = [d for d in self.headline_dimensions if d.level is not None]
        return min(ranked, key=lambda d: (d.level, d.score or 0.0)) if ranked else None

    @property
    def readiness_dimensions(self) -> tuple[DimensionScore, ...]:
        """The dimensions scored as readiness only, outside the overall figures."""
        return tuple(d for d in self.dimensions if d.readiness_only)

    @property
    def incomplete(self) -> bool:
        """True when some applicable question is unanswered (and so counts as the lowest)."""
        return self.counts.missing > 0

    @property
    def offerable(self) -> bool:
        """Results and reports are offered only once every scoping question is answered."""
        return not self.unanswered_scoping

    def incomplete_note(self, lowest_name: str | None = None) -> str:
        """'incomplete: 4 unanswered questions count as level 1', or "" when complete."""
        missing = self.counts.missing
        if not missing:
            return ""
        noun = "question counts" if missing == 1 else "questions count"
        level = f"level {self.lowest:g}" + (f" {lowest_name}" if lowest_name else "")
        return f"incomplete: {missing} unanswered {noun} as {level}"

    @property
    def completeness(self) -> float:
        """Answered / applicable maturity questions over the whole questionnaire."""
        return self.counts.completeness

    @property
    def unknown_share(self) -> float:
        """The share of answered questions answered "don't know"."""
        return self.counts.unknown / self.counts.answered if self.counts.answered else 0.0

    @property
    def confidence(self) -> str:
        """ "high" (>= 90% complete, <= 10% don't know), "medium" (>= 60%, <= 30%), else "low"."""
        if self.completeness >= 0.9 and self.unknown_share <= 0.1:
            return "high"
        if self.completeness >= 0.6 and self.unknown_share <= 0.3:
            return "medium"
        return "low"

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        """The score of an applicable dimension; None when it is scoped out."""
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def group(self, group_id: str) -> tuple[DimensionScore, GroupScore] | None:
        """A group's score with its dimension; None when its dimension is scoped out."""
        for dimension in self.dimensions:
            for top in dimension.groups:
                for group in top.walk():
                    if group.id == group_id:
                        return dimension, group
        return None

    def question(self, question_id: str) -> QuestionScore | None:
        """The score of an applicable maturity question; None when scoped out or not maturity."""
        for dimension in self.dimensions:
            for question in dimension.questions:
                if question.id == question_id:
                    return question
        return None

    def to_dict(self, benchmark: TargetComparison | None = None) -> dict:
        """The CLI's JSON contract (DESIGN section 6), with a benchmark when one is given."""
        result = {
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.version,
                "content_hash": self.content_hash,
            },
            "overall": {"score": self.score, "level": self.level, "level_name": self.level_name},
            "dimensions": [dimension.to_dict() for dimension in self.dimensions],
            "completeness": self.completeness,
            "confidence": self.confidence,
            "unknown_share": self.unknown_share,
            "counts": self.counts.to_dict(),
            "incomplete": self.incomplete,
            "incomplete_note": self.incomplete_note() or None,
            "unanswered_scoping": list(self.unanswered_scoping),
            "results_offered": self.offerable,
            "readiness_only": [d.id for d in self.readiness_dimensions],
            "ownership": self.ownership.to_dict(),
            "facts": {question: answer for question, answer in self.facts},
            "scoped_out": {
                "dimensions": list(self.scoped_out_dimensions),
                "questions": list(self.scoped_out_questions),
            },
        }
        if benchmark is not None:
            result["benchmark"] = benchmark.to_dict()
        return result


def lowest_values(questionnaire: Questionnaire) -> tuple[float, float]:
    """The values "don't know" and no answer count as: the declared unknown value (by
    default the lowest level), and for no answer never more than the floor of the scale,
    so leaving a question blank can never score better than answering it."""
    unknown_value = questionnaire.scoring.unknown_value
    if unknown_value is None:
        unknown_value = questionnaire.lowest_level.value
    return unknown_value, min(unknown_value, questionnaire.lowest_level.value)


def score_answers(questionnaire: Questionnaire, answers: Answers) -> Scorecard:
    """Score one respondent; AnswerError lists every problem when the answers are invalid."""
    problems = validate_answers(questionnaire, answers)
    if problems:
        raise AnswerError(problems)
    unknown_value, missing_value = lowest_values(questionnaire)
    dimensions = []
    scoped_out_dimensions = []
    for dimension in questionnaire.dimensions:
        if dimension_applies(dimension, answers):
            dimensions.append(
                _score_dimension(questionnaire, dimension, answers, unknown_value, missing_value)
            )
        else:
            scoped_out_dimensions.append(dimension.id)
    headline = [d for d in dimensions if not d.readiness_only]
    evidence = [
        Evidence(q.id, q.value, q.weight, q.critical)
        for d in headline
        for q in d.questions
        if q.value is not None
    ]
    tree_level = overall_node(questionnaire, [(d.score, d.weight, d.level) for d in headline], evidence)
    counts = sum((d.counts for d in dimensions), AnswerCounts())
    scoped_out = tuple(
        q.id
        for q in questionnaire.questions
        if q.kind is not QuestionKind.SCOPING and not question_applies(questionnaire, q, answers)
    )
    return Scorecard(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        score=tree_level.score,
        level=tree_level.level,
        level_name=_level_name(questionnaire, tree_level.level),
        dimensions=tuple(dimensions),
        counts=counts,
        ownership=ownership_clarity(questionnaire, answers),
        scoped_out_dimensions=tuple(scoped_out_dimensions),
        scoped_out_questions=scoped_out,
        unanswered_scoping=unanswered_scoping(questionnaire, answers),
        lowest=missing_value,
        facts=tuple(
            (q.id, answers.get(q.id))
            for q in questionnaire.facts
            if question_applies(questionnaire, q, answers)
        ),
    )


def _score_dimension(
    questionnaire: Questionnaire,
    dimension: Dimension,
    answers: Answers,
    unknown_value: float,
    missing_value: float,
) -> DimensionScore:
    """Score one applicable dimension and explain its level."""
    questions = tuple(
        _question_score(question, answers.get(question.id), unknown_value, missing_value)
        for question in questionnaire.questions_in(dimension.id)
        if question.kind is QuestionKind.MATURITY and question_applies(questionnaire, question, answers)
    )
    values = {q.id: q.value for q in questions if q.value is not None}
    tree = DimensionTree(questionnaire, dimension, tuple(q.id for q in questions))
    node = score_dimension_tree(tree, values)
    return DimensionScore(
        id=dimension.id,
        title=dimension.title,
        weight=dimension.weight,
        score=node.score,
        level=node.level,
        level_name=_level_name(questionnaire, node.level),
        groups=node.groups,
        questions=questions,
        counts=AnswerCounts(
            applicable=len(questions),
            scored=sum(q.status is AnswerStatus.SCORED for q in questions),
            unknown=sum(q.status is AnswerStatus.UNKNOWN for q in questions),
            not_applicable=sum(q.status is AnswerStatus.NOT_APPLICABLE for q in questions),
            missing=sum(q.status is AnswerStatus.MISSING for q in questions),
        ),
        explanation=_explain(questionnaire, tree, node.level, values, answers),
        readiness_only=dimension.is_readiness_only(answers),
        readiness_label=dimension.readiness_label,
    )


def _explain(
    questionnaire: Questionnaire,
    tree: DimensionTree,
    level: float | None,
    values: Mapping[str, float],
    answers: Answers,
) -> Explanation | None:
    """The explanation of a dimension's level; None when it has no level."""
    if level is None:
        return None
    evidence = tree.evidence(values)
    if tree.uses_staircase:
        return explain_staircase(questionnaire, evidence, level, tree.majority, answers)
    return explain_by_search(
        questionnaire, evidence, level, lambda v: score_dimension_tree(tree, v).level, answers
    )


def _question_score(
    question: Question, answer: str | None, unknown_value: float, missing_value: float
) -> QuestionScore:
    """The status and headline value of one applicable maturity question."""
    option_values = [o.value for o in question.options if o.value is not None]
    scale = (min(option_values), max(option_values)) if option_values else (0.0, 0.0)
    if answer is None:
        status, value = AnswerStatus.MISSING, missing_value
    elif answer == NOT_APPLICABLE:
        status, value = AnswerStatus.NOT_APPLICABLE, None
    elif answer == UNKNOWN:
        status, value = AnswerStatus.UNKNOWN, unknown_value
    else:
        status, value = AnswerStatus.SCORED, question.option(answer).value
    return QuestionScore(
        id=question.id,
        dimension=question.dimension or "",
        group=question.group,
        status=status,
        answer=answer,
        value=value,
        weight=question.weight,
        critical=question.critical,
        scale=scale,
    )


def _level_name(questionnaire: Questionnaire, level: float | None) -> str | None:
    """The declared name of a level value."""
    return None if level is None else questionnaire.level_at(level).name
