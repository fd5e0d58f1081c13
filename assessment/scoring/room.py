"""The room's answers: one answer set standing for a workshop, from which its roadmap is drawn.

Per question: the answer the room agreed after discussion, where it recorded one;
otherwise the answer in the middle of the room. For a maturity question that is the
option at the low median of the options given (so always a real option, never a point
between two), counted over the respondents the question applies to; "don't know" or
"not applicable" stand for the room only when nobody chose an option, "don't know" first.
For scoping and ownership questions it is the most common answer, ties going to the
earlier option or owner. A question nobody answered stays unanswered, and a question
that the room's own scoping answers put out of scope is left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from statistics import median_low

from assessment.questionnaire.model import (
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Question,
    QuestionKind,
    Questionnaire,
)

from .answers import question_applies
from .group import Respondent


def room_answers(
    questionnaire: Questionnaire, respondents: Sequence[Respondent], agreed: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The room's answer to every question someone answered (see the module's docstring)."""
    agreed = agreed or {}
    room: dict[str, str] = {}
    for question in questionnaire.questions_of_kind(QuestionKind.SCOPING):
        given = [r.answers[question.id] for r in respondents if question.id in r.answers]
        if code := _most_common(question, given):
            room[question.id] = code
    for question in questionnaire.questions:
        if question.kind is QuestionKind.SCOPING:
            continue
        given = [
            r.answers[question.id]
            for r in respondents
            if question.id in r.answers and question_applies(questionnaire, question, r.answers)
        ]
        if question.id in agreed:
            code = agreed[question.id]
        elif question.kind is QuestionKind.MATURITY:
            code = _middle(question, given)
        else:
            code = _most_common(question, given, [o.id for o in questionnaire.owners])
        if code is not None:
            room[question.id] = code
    return {
        qid: code
        for qid, code in room.items()
        if question_applies(questionnaire, questionnaire.question(qid), room)
    }


def _middle(question: Question, given: Sequence[str]) -> str | None:
    """The option at the low median of the options given, else "don't know", else "n/a"."""
    values = [question.option(code).value for code in given if code in question.option_ids]
    if values:
        middle = median_low(values)
        return next(o.id for o in question.options if o.value == middle)
    for code in (UNKNOWN, NOT_APPLICABLE):
        if code in given:
            return code
    return None


def _most_common(question: Question, given: Sequence[str], owners: Sequence[str] = ()) -> str | None:
    """The most common answer; ties go to the earlier option (or owner), then nobody, "don't know"."""
    if not given:
        return None
    order = [*question.option_ids, *owners, NOBODY, UNKNOWN, NOT_APPLICABLE]
    rank = {code: index for index, code in enumerate(order)}
    counts = Counter(given)
    return min(counts, key=lambda code: (-counts[code], rank.get(code, len(order)), code))
