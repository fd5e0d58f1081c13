"""Ownership questions: who owns each lifecycle activity, for one respondent or a room.

Ownership answers are not in the maturity index. An individual's clarity is the share of
applicable ownership questions answered with a named owner (not nobody, not don't know);
a room's confusion per activity is the share naming the most common owner, the nobody
rate and the don't-know rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessment.questionnaire.model import (
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    QuestionKind,
    Questionnaire,
)

from .answers import Answers, answers_given, question_applies

if TYPE_CHECKING:
    from .group import Participant


@dataclass(frozen=True)
class OwnershipClarity:
    """How clearly one respondent names owners: the share of activities with a named owner."""

    answers: tuple[tuple[str, str | None], ...]  # (ownership question id, answer or None)
    named: int
    considered: int  # applicable ownership questions, minus those answered "n/a"

    @property
    def clarity(self) -> float | None:
        """named / considered; None when no ownership question applies."""
        return self.named / self.considered if self.considered else None

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "clarity": self.clarity,
            "named": self.named,
            "considered": self.considered,
            "answers": {question: answer for question, answer in self.answers},
        }


def ownership_clarity(questionnaire: Questionnaire, answers: Answers) -> OwnershipClarity:
    """Share of applicable ownership questions answered with a named owner."""
    applicable = [
        q
        for q in questionnaire.questions_of_kind(QuestionKind.OWNERSHIP)
        if question_applies(questionnaire, q, answers)
    ]
    pairs = tuple((q.id, answers.get(q.id)) for q in applicable)
    considered = [answer for _, answer in pairs if answer != NOT_APPLICABLE]
    named = sum(answer not in (None, NOBODY, UNKNOWN) for answer in considered)
    return OwnershipClarity(pairs, named, len(considered))


@dataclass(frozen=True)
class OwnerSpread:
    """Who the room thinks owns one activity."""

    question: str
    responses: int  # applicable answers other than "n/a"
    counts: Mapping[str, int]  # owner id, "nobody" or "unknown" -> respondents
    most_common: str | None  # the most named owner; ties go to the first owner id
    most_common_share: float | None
    nobody_rate: float | None
    unknown_rate: float | None

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "responses": self.responses,
            "counts": dict(self.counts),
            "most_common": self.most_common,
            "most_common_share": self.most_common_share,
            "nobody_rate": self.nobody_rate,
            "unknown_rate": self.unknown_rate,
        }


def owner_spread(
    questionnaire: Questionnaire, question_id: str, respondents: Sequence[Participant]
) -> OwnerSpread:
    """Who the respondents name as owner of one activity."""
    question = questionnaire.question(question_id)
    given, _ = answers_given(questionnaire, question, (r.answers for r in respondents))
    codes = [code for code in given if code != NOT_APPLICABLE]
    counts = Counter(codes)
    named = sorted((-n, owner) for owner, n in counts.items() if owner not in (NOBODY, UNKNOWN))
    total = len(codes)
    return OwnerSpread(
        question=question_id,
        responses=total,
        counts=dict(sorted(counts.items())),
        most_common=named[0][1] if named else None,
        most_common_share=(-named[0][0] / total if named else 0.0) if total else None,
        nobody_rate=counts[NOBODY] / total if total else None,
        unknown_rate=counts[UNKNOWN] / total if total else None,
    )
