"""Checking one autosaved answer before it is stored: precise errors, nothing half-saved."""

from __future__ import annotations

from typing import Any

from flask import Request

from ...questionnaire import UNKNOWN, QuestionKind, Questionnaire
from ...scoring import validate_answers
from .context import Visit

MAX_SEQ = 2**62


class AnswerRefused(ValueError):
    """An autosave that changes nothing, with the reason and the HTTP status to answer with."""

    def __init__(self, code: str, message: str, status: int = 422):
        super().__init__(message)
        self.code = code
        self.status = status


def read_payload(request: Request) -> Any:
    """The autosave body as JSON (None when it is not JSON); AnswerRefused when it nests too deep."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise AnswerRefused("malformed", "The JSON body is nested too deeply.", 400) from None


def check_answer(visit: Visit, payload: Any) -> tuple[str, str, int]:
    """(question id, answer, sequence number) from an autosave body, or AnswerRefused."""
    if not isinstance(payload, dict):
        raise AnswerRefused("malformed", "Send a JSON object with question, value and seq.", 400)
    question_id, value, seq = payload.get("question"), payload.get("value"), payload.get("seq")
    for name, field in (("question", question_id), ("value", value)):
        if not isinstance(field, str) or not field:
            raise AnswerRefused("malformed", f"'{name}' must be a non-empty string.", 400)
        if len(field) > 64:
            raise AnswerRefused("too-long", f"'{name}' is longer than 64 characters.", 400)
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < MAX_SEQ:
        raise AnswerRefused("malformed", "'seq' must be a whole number from 0 to 2^62.", 400)
    questionnaire = visit.questionnaire
    known = {q.id: q for q in questionnaire.questions}
    if question_id not in known:
        raise AnswerRefused("unknown-question", f"There is no question '{question_id}' in this assessment.")
    fact = known[question_id].fact
    if fact is not None and value != UNKNOWN:
        try:
            value = fact.normalise(value)  # "1,200" is stored as "1200"
        except ValueError as error:
            raise AnswerRefused("invalid-fact", str(error)) from None
    # Validate against the scoping answers given so far, with this answer in place.
    problems = validate_answers(questionnaire, _with_scope(questionnaire, visit.answers, question_id, value))
    mine = [p for p in problems if p.question == question_id]
    if mine:
        raise AnswerRefused(mine[0].code, mine[0].message)
    return question_id, value, seq


def _with_scope(
    questionnaire: Questionnaire, answers: dict[str, str], question_id: str, value: str
) -> dict[str, str]:
    """The stored answers of scoping questions plus the new answer."""
    scoping = {q.id for q in questionnaire.questions if q.kind is QuestionKind.SCOPING}
    kept = {k: v for k, v in answers.items() if k in scoping}
    kept[question_id] = value
    return kept
