"""The room's answers: one answer set standing for a workshop, from which its roadmap is drawn.

Per question: the answer the room agreed after discussion, where it recorded one;
otherwise the answer in the middle of the room. For a maturity question that is the
answer at the low median of the room, counted over the respondents the question applies
to, by the individual rules: "don't know" and no answer count as the lowest value, and
"not applicable" leaves the count. The middle is an option someone chose at that value,
else "don't know" if someone said so, else no answer; "not applicable" stands for the
room only when everyone said so. For scoping and ownership questions it is the most
common answer, ties going to the earlier option or owner. A question that the room's own
scoping answers put out of scope is left out.

Scored like one respondent's answers, the room's answers give the room its levels and
its distance to a profile (`score_room`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median_low

from assessment.questionnaire.model import (
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Question,
    QuestionKind,
    Questionnaire,
)

from .answers import Answers, answers_given, question_applies
from .scorecard import Scorecard, lowest_values, score_answers


@dataclass(frozen=True)
class Participant:
    """One participant: the role they picked and their answers."""

    role: str
    answers: Answers
    id: str = ""  # only used to name the respondent in error messages


def score_room(
    questionnaire: Questionnaire, respondents: Sequence[Participant], agreed: Mapping[str, str] | None = None
) -> Scorecard:
    """The room's answers scored as one respondent's: the room's levels, index and gaps."""
    return score_answers(questionnaire, room_answers(questionnaire, respondents, agreed))


def room_answers(
    questionnaire: Questionnaire, respondents: Sequence[Participant], agreed: Mapping[str, str] | None = None
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
        given, unanswered = answers_given(questionnaire, question, (r.answers for r in respondents))
        if question.id in agreed:
            code = agreed[question.id]
        elif question.kind is QuestionKind.MATURITY:
            code = _middle(questionnaire, question, given, unanswered=unanswered)
        else:
            code = _most_common(question, given, [o.id for o in questionnaire.owners])
        if code is not None:
            room[question.id] = code
    return {
        qid: code
        for qid, code in room.items()
        if question_applies(questionnaire, questionnaire.question(qid), room)
    }


def _middle(
    questionnaire: Questionnaire, question: Question, given: Sequence[str], unanswered: int
) -> str | None:
    """The room's answer at its low median (see the module's docstring); None for no answer."""
    unknown_value, missing_value = lowest_values(questionnaire)
    counted = [code for code in given if code != NOT_APPLICABLE]
    if not counted and not unanswered:
        return NOT_APPLICABLE if given else None
    values = [unknown_value if code == UNKNOWN else question.option(code).value for code in counted]
    middle = median_low(values + [missing_value] * unanswered)
    chosen = [code for code in counted if code != UNKNOWN and question.option(code).value == middle]
    if chosen:
        return min(chosen, key=question.option_ids.index)
    if UNKNOWN in counted and unknown_value == middle:
        return UNKNOWN
    return None


def _most_common(question: Question, given: Sequence[str], owners: Sequence[str] = ()) -> str | None:
    """The most common answer; ties go to the earlier option (or owner), then nobody, "don't know"."""
    if not given:
        return None
    order = [*question.option_ids, *owners, NOBODY, UNKNOWN, NOT_APPLICABLE]
    rank = {code: index for index, code in enumerate(order)}
    counts = Counter(given)
    return min(counts, key=lambda code: (-counts[code], rank.get(code, len(order)), code))
