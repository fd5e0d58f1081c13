"""Giving answers: one autosaved answer, or a page of them posted without JavaScript, and
the private link a respondent answers through.

Each answer is stored by (respondent, question) with the sequence number it was given
with, so a late or repeated save never replaces a newer answer; the respondent's stored
figures follow, or are marked stale to be recomputed when read (see `scorekeeping`).
The caller commits: an answer is acknowledged only once its transaction is.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from ..persistence import Respondent, answers_of, record_answer
from ..persistence.assessments import new_token, token_hash
from ..questionnaire import Questionnaire
from .scorekeeping import answer_changed, answer_saved


def save_answer(
    db: Session,
    respondent: Respondent,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    question_id: str,
    value: str,
    seq: int,
) -> tuple[bool, Mapping[str, str]]:
    """Store one checked answer given after the `answers` the respondent has; returns whether
    it is now the current answer (False: a newer one was already stored) and the answers."""
    if not record_answer(db, respondent.id, question_id, value, seq):
        return False, answers
    # The caller already holds the other answers: no need to read them back.
    answers = {**answers, question_id: value}
    answer_saved(db, respondent, questionnaire, answers)
    return True, answers


def save_page(
    db: Session, respondent: Respondent, questionnaire: Questionnaire, values: Mapping[str, str], seq: int
) -> None:
    """Store the checked answers of one page, all with the same sequence number."""
    for question_id, value in values.items():
        record_answer(db, respondent.id, question_id, value, seq)
    answer_changed(db, respondent, questionnaire, answers_of(db, respondent.id))


def replace_link(respondent: Respondent) -> str:
    """A new private link (resume token) for the respondent; the old one stops working on
    every device. Only the token's hash is stored; the token is returned to be shown once."""
    token = new_token()
    respondent.token_hash = token_hash(token)
    return token
