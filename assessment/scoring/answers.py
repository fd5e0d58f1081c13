"""Checking one respondent's answers and deciding which questions apply to them.

Answers are a plain mapping of question id to answer code. Scoring refuses answers
with any problem, and lists every problem at once so a respondent can fix them in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessment.questionnaire.model import (
    MAX_SHARED_OWNERS,
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Dimension,
    Question,
    QuestionKind,
    Questionnaire,
    owner_code,
    owner_ids,
)
from assessment.questionnaire.problems import ProblemsError

#: One respondent's answers: question id -> option id, owner id or a special code.
Answers = Mapping[str, str]


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with a set of answers, naming the question it is about."""

    question: str
    code: str  # a stable machine name, e.g. "unknown-option"
    message: str

    def __str__(self) -> str:
        """The human message."""
        return self.message

    def to_dict(self) -> dict[str, str]:
        """Plain JSON-friendly form."""
        return {"question": self.question, "code": self.code, "message": self.message}


class AnswerError(ProblemsError, ValueError):
    """Answers that cannot be scored; `problems` lists every problem found."""


def dimension_applies(dimension: Dimension, answers: Answers) -> bool:
    """True when every scoping condition of the dimension holds for these answers."""
    return all(condition.holds(answers) for condition in dimension.applies_when)


def question_applies(questionnaire: Questionnaire, question: Question, answers: Answers) -> bool:
    """True when the question's own conditions and its dimension's conditions hold."""
    if not all(condition.holds(answers) for condition in question.applies_when):
        return False
    if question.dimension is None:
        return True
    return dimension_applies(questionnaire.dimension(question.dimension), answers)


def answers_given(
    questionnaire: Questionnaire, question: Question, answer_sets: Iterable[Answers]
) -> tuple[list[str], int]:
    """The answers given to `question` by the respondents it applies to (each respondent's
    answers a mapping), and how many of those respondents have not answered it."""
    applies = [answers for answers in answer_sets if question_applies(questionnaire, question, answers)]
    given = [answers[question.id] for answers in applies if question.id in answers]
    return given, len(applies) - len(given)


def applicable_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, str]:
    """The answers to questions that apply given the scoping answers (a stored answer to a
    question that a later scoping answer put out of scope is kept, but not scored)."""
    return {
        question_id: code
        for question_id, code in answers.items()
        if question_applies(questionnaire, questionnaire.question(question_id), answers)
    }


def questions_asked(questionnaire: Questionnaire) -> tuple[int, int]:
    """The fewest and the most questions a respondent is asked, over every combination
    of scoping answers (scoping questions included): what "N questions" means to them."""
    scoping = questionnaire.questions_of_kind(QuestionKind.SCOPING)
    combinations = [{}]
    for question in scoping:
        combinations = [{**c, question.id: option} for c in combinations for option in question.option_ids]
        if len(combinations) > 4096:  # too many to try: report the whole questionnaire
            return len(questionnaire.questions), len(questionnaire.questions)
    counts = [
        sum(question_applies(questionnaire, q, answers) for q in questionnaire.questions)
        for answers in combinations
    ]
    return min(counts), max(counts)


def unanswered_scoping(questionnaire: Questionnaire, answers: Answers) -> tuple[str, ...]:
    """The scoping questions that apply and have no answer: results wait for them."""
    return tuple(
        q.id
        for q in questionnaire.questions_of_kind(QuestionKind.SCOPING)
        if q.id not in answers and question_applies(questionnaire, q, answers)
    )


def validate_answers(questionnaire: Questionnaire, answers: Answers) -> list[AnswerProblem]:
    """Every problem with these answers, in questionnaire order then unknown ids; [] when fine."""
    problems: list[AnswerProblem] = []
    known = {q.id for q in questionnaire.questions}
    for question in questionnaire.questions:
        if question.id in answers:
            problems.extend(_problems_with(questionnaire, question, answers))
    # Unknown ids last, sorted, so the list does not depend on the mapping's order.
    for question_id in sorted((k for k in answers if k not in known), key=str):
        problems.append(
            AnswerProblem(
                str(question_id),
                "unknown-question",
                f"{question_id!r} is not a question of {questionnaire.id} {questionnaire.version}",
            )
        )
    return problems


def _problems_with(questionnaire: Questionnaire, question: Question, answers: Answers) -> list[AnswerProblem]:
    """The problems with the answer to one question that was answered."""
    code = answers[question.id]
    qid = question.id
    if not isinstance(code, str):
        return [AnswerProblem(qid, "not-a-string", f"{qid}: answer must be a string, got {code!r}")]
    if not code.strip():
        return [AnswerProblem(qid, "empty-answer", f"{qid}: answer is empty")]
    problems = []
    if not question_applies(questionnaire, question, answers):
        problems.append(
            AnswerProblem(
                qid,
                "scoped-out",
                f"{qid}: answered although it does not apply given the scoping answers",
            )
        )
    accepted = accepted_problem(questionnaire, question, code)
    if accepted is not None:
        problems.append(accepted)
    return problems


def accepted_problem(questionnaire: Questionnaire, question: Question, code: str) -> AnswerProblem | None:
    """The problem with `code` as an answer to `question`, or None when it is acceptable."""
    qid = question.id
    if code == NOT_APPLICABLE:
        if question.kind is not QuestionKind.SCOPING and question.not_applicable:
            return None
        return AnswerProblem(qid, "not-applicable-not-allowed", f"{qid}: 'n/a' is not allowed")
    if code == UNKNOWN:
        if question.kind is not QuestionKind.SCOPING and question.unknown:
            return None
        return AnswerProblem(qid, "unknown-not-allowed", f"{qid}: 'unknown' is not allowed")
    if question.kind is QuestionKind.OWNERSHIP:
        return _owner_problem(questionnaire, qid, code)
    if question.fact is not None:
        try:
            stored = question.fact.normalise(code)
        except ValueError as error:
            return AnswerProblem(qid, "invalid-fact", f"{qid}: {error}")
        if stored != code:
            return AnswerProblem(qid, "invalid-fact", f"{qid}: {code!r} is not in stored form ({stored!r})")
        return None
    if code in question.option_ids:
        return None
    return AnswerProblem(
        qid,
        "unknown-option",
        f"{qid}: {code!r} is not an option (expected one of {', '.join(question.option_ids)})",
    )


def _owner_problem(questionnaire: Questionnaire, qid: str, code: str) -> AnswerProblem | None:
    """The problem with an ownership answer: one owner, nobody, or up to three owners who share it."""
    owners = {owner.id for owner in questionnaire.owners}
    if code == NOBODY:
        return None
    named = owner_ids(code)
    unknown = [owner for owner in named if owner not in owners]
    if unknown:
        return AnswerProblem(
            qid,
            "unknown-owner",
            f"{qid}: {unknown[0]!r} is not an owner (expected one of {', '.join(sorted(owners | {NOBODY}))})",
        )
    if len(named) > MAX_SHARED_OWNERS:
        return AnswerProblem(
            qid,
            "too-many-owners",
            f"{qid}: name at most {MAX_SHARED_OWNERS} functions; an activity more share has no real owner",
        )
    if owner_code(named) != code:
        return AnswerProblem(
            qid, "unknown-owner", f"{qid}: {code!r} repeats an owner or is not in sorted order"
        )
    return None
