"""A respondent's reviews and evidence as the reports take them: plain values, read once.

Reports know nothing of the database; this turns the stored reviews, evidence items and
files (names and sizes only, never their bytes) into `reporting.ReviewInputs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from ..reporting import Decision, EvidenceItem, ReviewInputs
from .evidence import review_records


def review_inputs(db: Session, respondent_id: int, today: date) -> ReviewInputs:
    """One respondent's reviews, evidence and reviewers, judged on `today`."""
    return reviews_by_respondent(db, [respondent_id], today)[respondent_id]


def reviews_by_respondent(db: Session, respondent_ids: Sequence[int], today: date) -> dict[int, ReviewInputs]:
    """`review_inputs` of several respondents (a workshop's participants), read once."""
    records = review_records(db, respondent_ids)
    reviews, items, rows = records.scoring, records.items, records.rows
    evidence: dict[int, dict[str, tuple[EvidenceItem, ...]]] = {rid: {} for rid in respondent_ids}
    for (rid, question_id), found in items.items():
        evidence[rid][question_id] = tuple(
            EvidenceItem(
                note=item.note,
                links=tuple(item.link_list),
                files=tuple((file.filename, file.size) for file in item.files),
                expires=item.expires_on,
                added_by=item.added_by,
            )
            for item in found
        )
    decisions: dict[int, dict[str, Decision]] = {rid: {} for rid in respondent_ids}
    for (rid, question_id), row in rows.items():
        decisions[rid][question_id] = Decision(row.reviewer, row.reviewed_at.date(), row.comment)
    return {
        rid: ReviewInputs(today, reviews.get(rid, {}), evidence[rid], decisions[rid])
        for rid in respondent_ids
    }
