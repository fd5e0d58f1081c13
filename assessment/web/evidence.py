"""What the evidence and review pages share: where each answer stands, and file downloads.

A respondent's own evidence page, a named reviewer's page and a workshop's review page all
show the same thing per answer (the answer in words, its evidence, the review standing),
so it is built here, outside any one blueprint (blueprints do not import each other).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import Response, send_file
from sqlalchemy.orm import Session

from ..extensions import current_evidence_store, database
from ..persistence import AnswerReview, Evidence, EvidenceFile, Respondent, ReviewEvent
from ..questionnaire import NOBODY, Question, QuestionKind, Questionnaire
from ..scoring.evidence import (
    REVIEWED_KINDS,
    ReviewStatus,
    ReviewSummary,
    is_expired,
    standing,
    summarise_review,
)
from ..services.evidence import (
    EvidenceRefused,
    ReviewRecords,
    evidence_by_answer,
    review_answer,
    review_records,
)
from .forms import ReviewForm

#: Types a browser may be told a file is; anything else is served as opaque bytes.
DOWNLOAD_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def today() -> date:
    """The day evidence expiry is judged against (UTC)."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class AnswerEvidence:
    """One answer with its evidence and where its review leaves it today."""

    question: Question
    value: str | None
    words: str
    items: list[Evidence]
    review: AnswerReview | None
    status: ReviewStatus
    lapsed: bool  # validated, but its evidence has expired
    changed: bool  # reviewed, but the answer has changed since
    believed_words: str = ""
    respondent: Respondent | None = field(default=None, compare=False)
    #: Every decision made on it, oldest first, with the believed answer in words.
    history: list[tuple[ReviewEvent, str]] = field(default_factory=list)

    @property
    def files(self) -> int:
        """How many files the items hold."""
        return sum(len(item.files) for item in self.items)


def reviewed_questions(questionnaire: Questionnaire) -> list[Question]:
    """The maturity and ownership questions, in questionnaire order."""
    return [question for question in questionnaire.questions if question.kind in REVIEWED_KINDS]


def believed_choices(questionnaire: Questionnaire, question: Question) -> list[tuple[str, str]]:
    """What a reviewer may believe instead: the question's options, or the owners and Nobody."""
    if question.kind is QuestionKind.OWNERSHIP:
        codes = [owner.id for owner in questionnaire.owners] + [NOBODY]
    else:
        codes = list(question.option_ids)
    return [(code, questionnaire.answer_words(question, code)) for code in codes]


def answers_with_evidence(
    db: Session,
    questionnaire: Questionnaire,
    given: Sequence[tuple[Respondent, dict[str, str]]],
    questions: Sequence[Question] | None = None,
    records: ReviewRecords | None = None,
) -> dict[int, list[AnswerEvidence]]:
    """Per respondent, each reviewed question's answer, evidence and standing (from `records`
    when the caller has read them already)."""
    records = records or review_records(db, [respondent.id for respondent, _ in given])
    items, rows, log, reviews = records.items, records.rows, records.log, records.scoring
    day = today()
    shown = reviewed_questions(questionnaire) if questions is None else questions
    result: dict[int, list[AnswerEvidence]] = {}
    for respondent, answers in given:
        result[respondent.id] = []
        for question in shown:
            value = answers.get(question.id)
            review = reviews.get(respondent.id, {}).get(question.id)
            row = rows.get((respondent.id, question.id))
            result[respondent.id].append(
                AnswerEvidence(
                    question=question,
                    value=value,
                    words=questionnaire.answer_words(question, value),
                    items=items.get((respondent.id, question.id), []),
                    review=row,
                    status=standing(review, value, day),
                    lapsed=is_expired(review, value, day),
                    changed=review is not None and value is not None and review.value != value,
                    believed_words=questionnaire.answer_words(question, row.believed)
                    if row is not None and row.believed
                    else "",
                    respondent=respondent,
                    history=[
                        (
                            event,
                            questionnaire.answer_words(question, event.believed) if event.believed else "",
                        )
                        for event in log.get((respondent.id, question.id), [])
                    ],
                )
            )
    return result


def _words(questionnaire: Questionnaire, question: Question, code: str | None) -> str:
    """An answer code in words, "" for none."""
    return questionnaire.answer_words(question, code) if code else ""


def review_summary(
    db: Session,
    questionnaire: Questionnaire,
    given: Sequence[tuple[Respondent, dict[str, str]]],
    records: ReviewRecords | None = None,
) -> ReviewSummary:
    """How many of these respondents' answers stand validated, challenged, claimed or lapsed."""
    records = records or review_records(db, [respondent.id for respondent, _ in given])
    reviews = records.scoring
    return summarise_review(
        questionnaire,
        [answers for _, answers in given],
        [reviews[respondent.id] for respondent, _ in given],
        [records.evidenced(respondent.id) for respondent, _ in given],
        today(),
    )


def evidence_counts(db: Session, respondent_id: int) -> dict[str, int]:
    """How many evidence items stand behind each of a respondent's answers."""
    return {
        question_id: len(found) for (_, question_id), found in evidence_by_answer(db, [respondent_id]).items()
    }


def decide(
    respondent: Respondent,
    questionnaire: Questionnaire,
    answers: dict[str, str],
    question_id: str,
    form: ReviewForm,
    reviewer: str,
) -> bool:
    """Record a validated review form's decision on one answer in the reviewer's name and
    commit; False, with the reason on the form's comment and nothing changed, when refused."""
    database.start_writing()
    try:
        review_answer(
            database.session,
            respondent,
            questionnaire,
            answers,
            question_id,
            ReviewStatus(form.decision.data),
            reviewer=reviewer,
            comment=form.comment.data or "",
            believed=form.believed.data or None,
        )
    except EvidenceRefused as refused:
        database.session.rollback()
        form.comment.errors.append(refused.reason)
        return False
    database.session.commit()
    return True


def file_download(row: EvidenceFile) -> Response:
    """An evidence file as an attachment only: never rendered inline, never sniffed, sandboxed."""
    data = current_evidence_store().read(row)
    mimetype = row.content_type if row.content_type in DOWNLOAD_TYPES else "application/octet-stream"
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=row.filename or "evidence",
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
