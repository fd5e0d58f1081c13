"""Evidence behind answers and reviewers' sign-off: adding, removing, storing and reading.

Why one module: evidence, the reviews made on it and the reviewer links that make them
are one workflow with one set of refusals (EvidenceRefused), read together by every page.

Files are checked by `evidence_files` before anything is stored: a refused file refuses the
whole item and nothing is written. A kept file goes into the evidence folder under its
SHA-256 (never a name the uploader chose), or into the database when the app is set to
keep files there (the default on PostgreSQL, so every server sees them).

A review is one row per answer. Validating or challenging records the answer it was made
on; `scoring.evidence` decides where the answer stands today. Clearing a review returns the
answer to claimed. The caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..persistence import (
    AnswerReview,
    Assessment,
    AssessmentKind,
    Evidence,
    EvidenceFile,
    Respondent,
    ReviewerLink,
    ReviewEvent,
)
from ..persistence.assessments import new_token, token_hash
from ..persistence.evidence_store import EvidenceStore
from ..persistence.models import utcnow
from ..questionnaire import Questionnaire
from ..scoring.answers import accepted_problem
from ..scoring.evidence import REVIEWED_KINDS, Review, ReviewStatus, validity_end
from .evidence_files import (
    MAX_FILES_PER_ANSWER,
    MAX_STORED_PER_RESPONDENT,
    MAX_SUBMISSION_BYTES,
    MEGABYTE,
    CheckedFile,
    EvidenceFileRefused,
    check_evidence_file,
)

MAX_NOTE = 5_000
MAX_LINKS = 10
MAX_LINK = 500
MAX_COMMENT = 2_000
MAX_NAME = 200
#: The furthest ahead an expiry date may be set (ten years): a later date is a typo.
MAX_EXPIRY_YEARS = 10


class EvidenceRefused(ValueError):
    """Evidence or a review that cannot be stored, with the reason to show and, when one
    part of the item is at fault, which ("note", "links", "expires_on", "files")."""

    def __init__(self, reason: str, part: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.part = part


def reviewed_question(questionnaire: Questionnaire, question_id: str) -> bool:
    """Whether evidence and review apply to the question (maturity and ownership questions)."""
    try:
        return questionnaire.question(question_id).kind in REVIEWED_KINDS
    except KeyError:
        return False


def add_evidence(
    db: Session,
    store: EvidenceStore,
    respondent: Respondent,
    question_id: str,
    *,
    note: str,
    links: str,
    expires_on: date | None,
    files: Sequence[tuple[str, bytes]],
    added_by: str,
    today: date,
) -> Evidence:
    """Store one evidence item (note, links, files) behind a respondent's answer.

    Raises EvidenceRefused with the reason, having stored nothing, when the item is empty,
    a link is not a web address, the expiry date is in the past or too far ahead, or a file
    is refused."""
    note = note.strip()
    link_list = _checked_links(links)
    if expires_on is not None:
        if expires_on < today:
            raise EvidenceRefused(
                "The expiry date is in the past: evidence that has expired proves nothing.", "expires_on"
            )
        if expires_on.year > today.year + MAX_EXPIRY_YEARS:
            raise EvidenceRefused(
                f"The expiry date is more than {MAX_EXPIRY_YEARS} years ahead.", "expires_on"
            )
    if len(note) > MAX_NOTE:
        raise EvidenceRefused(
            f"The note is {len(note):,} characters long; the limit is {MAX_NOTE:,}.", "note"
        )
    files = [(name, data) for name, data in files if name or data]
    if not (note or link_list or files):
        raise EvidenceRefused("Add a note, a link or a file: the evidence is empty.", "note")
    sent = sum(len(data) for _, data in files)
    if sent > MAX_SUBMISSION_BYTES:
        raise EvidenceRefused(
            f"The files come to {sent / MEGABYTE:.1f} MB together; attach at most "
            f"{MAX_SUBMISSION_BYTES // MEGABYTE} MB at a time.",
            "files",
        )
    kept = db.scalar(
        select(func.coalesce(func.sum(EvidenceFile.size), 0))
        .join(Evidence)
        .where(Evidence.respondent_id == respondent.id)
    )
    if kept + sent > MAX_STORED_PER_RESPONDENT:
        raise EvidenceRefused(
            f"This assessment already keeps {kept / MEGABYTE:.0f} MB of evidence files; the most it "
            f"keeps is {MAX_STORED_PER_RESPONDENT // MEGABYTE} MB. Link to large documents instead.",
            "files",
        )
    already = _files_behind(db, respondent.id, question_id)
    checked: list[CheckedFile] = []
    try:
        for name, data in files:
            checked.append(check_evidence_file(name, data, files_already=already + len(checked)))
    except EvidenceFileRefused as refused:
        raise EvidenceRefused(refused.reason, "files") from refused
    if already + len(checked) > MAX_FILES_PER_ANSWER:
        raise EvidenceRefused(f"An answer can have at most {MAX_FILES_PER_ANSWER} files.", "files")
    evidence = Evidence(
        respondent_id=respondent.id,
        question_id=question_id,
        note=note,
        links="\n".join(link_list),
        expires_on=expires_on,
        added_by=added_by.strip()[:MAX_NAME],
    )
    evidence.files = [
        store.keep(file.filename, file.content_type, file.data, file.sha256) for file in checked
    ]
    db.add(evidence)
    db.flush()
    return evidence


def _checked_links(text: str) -> list[str]:
    links = [line.strip() for line in text.splitlines() if line.strip()]
    if len(links) > MAX_LINKS:
        raise EvidenceRefused(f"{len(links)} links given; the limit is {MAX_LINKS}.", "links")
    for link in links:
        if len(link) > MAX_LINK:
            raise EvidenceRefused(
                f"A link is {len(link):,} characters long; the limit is {MAX_LINK}.", "links"
            )
        try:
            parts = urlsplit(link)
        except ValueError:  # such as "http://[" (an unclosed IPv6 address)
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
            raise EvidenceRefused(
                f"“{link[:80]}” is not a web address: links must start with https:// or http://.", "links"
            )
    return links


def _files_behind(db: Session, respondent_id: int, question_id: str) -> int:
    rows = db.scalars(
        select(EvidenceFile.id)
        .join(Evidence)
        .where(Evidence.respondent_id == respondent_id, Evidence.question_id == question_id)
    )
    return len(list(rows))


def remove_evidence(db: Session, evidence: Evidence) -> list[str]:
    """Delete an evidence item; returns the stored names of its files, for `discard_files` once
    the deletion is committed (a failed commit must not leave a row without its file)."""
    names = [file.stored_as for file in evidence.files if file.stored_as]
    db.delete(evidence)
    db.flush()
    return names


def discard_files(db: Session, store: EvidenceStore, names: Iterable[str]) -> None:
    """Remove from the evidence folder the files no item holds any more (call after commit)."""
    if store.folder is None:
        return
    for name in names:
        still_held = db.scalar(select(EvidenceFile.id).where(EvidenceFile.stored_as == name).limit(1))
        if still_held is None:
            (store.folder / name).unlink(missing_ok=True)


def evidence_item(db: Session, respondent_ids: Iterable[int], evidence_id: int) -> Evidence | None:
    """An evidence item, only when it belongs to one of these respondents."""
    evidence = db.get(Evidence, evidence_id)
    return evidence if evidence is not None and evidence.respondent_id in set(respondent_ids) else None


def evidence_file(db: Session, respondent_ids: Iterable[int], file_id: int) -> EvidenceFile | None:
    """An evidence file, only when its item belongs to one of these respondents."""
    row = db.get(EvidenceFile, file_id)
    if row is None or row.evidence.respondent_id not in set(respondent_ids):
        return None
    return row


def _by_answer(db: Session, model, respondent_ids: Sequence[int]) -> dict[tuple[int, str], list]:
    """Rows of a per-answer table (evidence, review events) grouped by (respondent id, question
    id), oldest first."""
    grouped: dict[tuple[int, str], list] = {}
    if not respondent_ids:
        return grouped
    rows = db.scalars(select(model).where(model.respondent_id.in_(respondent_ids)).order_by(model.id))
    for row in rows:
        grouped.setdefault((row.respondent_id, row.question_id), []).append(row)
    return grouped


def evidence_by_answer(db: Session, respondent_ids: Sequence[int]) -> dict[tuple[int, str], list[Evidence]]:
    """Evidence items grouped by (respondent id, question id), oldest first."""
    return _by_answer(db, Evidence, respondent_ids)


def review_answer(
    db: Session,
    respondent: Respondent,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    question_id: str,
    status: ReviewStatus,
    *,
    reviewer: str,
    comment: str = "",
    believed: str | None = None,
) -> AnswerReview | None:
    """Validate, challenge or clear (status CLAIMED) the respondent's current answer.

    A challenge needs a comment and the option the reviewer believes; a review needs a
    reviewer's name and an answer to review. Returns the review (None once cleared)."""
    if not reviewed_question(questionnaire, question_id):
        raise EvidenceRefused("That question is not one a reviewer signs off.")
    value = answers.get(question_id)
    if value is None:
        raise EvidenceRefused("There is no answer to review yet.")
    reviewer = reviewer.strip()
    comment = comment.strip()
    if not reviewer:
        raise EvidenceRefused("A review needs the reviewer's name.")
    if len(reviewer) > MAX_NAME or len(comment) > MAX_COMMENT:
        raise EvidenceRefused(
            f"Keep the name under {MAX_NAME} and the comment under {MAX_COMMENT:,} characters."
        )
    row = db.scalar(
        select(AnswerReview).where(
            AnswerReview.respondent_id == respondent.id, AnswerReview.question_id == question_id
        )
    )
    if status is ReviewStatus.CLAIMED:
        if row is not None:
            _log(db, respondent, question_id, status, value, None, comment, reviewer)
            db.delete(row)
            db.flush()
        return None
    if status is ReviewStatus.CHALLENGED:
        if not comment:
            raise EvidenceRefused("Say why you challenge the answer: a challenge needs a comment.")
        question = questionnaire.question(question_id)
        if not believed or believed == value or accepted_problem(questionnaire, question, believed):
            raise EvidenceRefused("Choose the level you believe is right.")
    else:
        believed = None
    if row is None:
        row = AnswerReview(respondent_id=respondent.id, question_id=question_id)
        db.add(row)
    row.status = status.value
    row.value = value
    row.believed = believed
    row.comment = comment
    row.reviewer = reviewer
    row.reviewed_at = utcnow()
    _log(db, respondent, question_id, status, value, believed, comment, reviewer)
    db.flush()
    return row


def _log(db: Session, respondent: Respondent, question_id: str, status: ReviewStatus, *decided) -> None:
    """Keep the decision in the review log (value, believed, comment, reviewer)."""
    value, believed, comment, reviewer = decided
    db.add(
        ReviewEvent(
            respondent_id=respondent.id,
            question_id=question_id,
            status=status.value,
            value=value,
            believed=believed,
            comment=comment,
            reviewer=reviewer,
        )
    )


def review_log(db: Session, respondent_ids: Sequence[int]) -> dict[tuple[int, str], list[ReviewEvent]]:
    """Every decision made on these respondents' answers, oldest first, by (respondent, question)."""
    return _by_answer(db, ReviewEvent, respondent_ids)


def reviews_for_scoring(db: Session, respondent_ids: Sequence[int]) -> dict[int, dict[str, Review]]:
    """Each respondent's reviews as the scoring engine takes them, each with the last day the
    evidence behind its answer keeps it standing."""
    return review_records(db, respondent_ids).scoring


@dataclass(frozen=True)
class ReviewRecords:
    """What is stored of some respondents' evidence and reviews, read once, by (respondent id,
    question id): the evidence items, the latest decision and every decision."""

    respondent_ids: tuple[int, ...]
    items: Mapping[tuple[int, str], list[Evidence]]
    rows: Mapping[tuple[int, str], AnswerReview]
    log: Mapping[tuple[int, str], list[ReviewEvent]]

    @property
    def scoring(self) -> dict[int, dict[str, Review]]:
        """Each respondent's reviews as the scoring engine takes them (see `Review.expires`)."""
        reviews: dict[int, dict[str, Review]] = {rid: {} for rid in self.respondent_ids}
        for (rid, question_id), row in self.rows.items():
            reviews[rid][question_id] = Review(
                ReviewStatus(row.status),
                row.value,
                validity_end(item.expires_on for item in self.items.get((rid, question_id), [])),
                row.believed,
            )
        return reviews

    def evidenced(self, respondent_id: int) -> set[str]:
        """The questions a respondent has put evidence behind."""
        return {qid for rid, qid in self.items if rid == respondent_id}


def review_records(db: Session, respondent_ids: Sequence[int]) -> ReviewRecords:
    """The evidence, decisions and review log of these respondents, in three queries."""
    ids = tuple(respondent_ids)
    return ReviewRecords(ids, evidence_by_answer(db, ids), review_rows(db, ids), review_log(db, ids))


def review_rows(db: Session, respondent_ids: Sequence[int]) -> dict[tuple[int, str], AnswerReview]:
    """The review rows by (respondent id, question id), for showing who decided what."""
    if not respondent_ids:
        return {}
    rows = db.scalars(select(AnswerReview).where(AnswerReview.respondent_id.in_(respondent_ids)))
    return {(row.respondent_id, row.question_id): row for row in rows}


def invite_reviewer(db: Session, assessment: Assessment, name: str) -> str:
    """A named reviewer's private link token for a self-assessment, shown once."""
    if assessment.kind is not AssessmentKind.SELF:
        raise EvidenceRefused(
            "Only a self-assessment has named reviewers; a workshop's consultants review it."
        )
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise EvidenceRefused(f"Give the reviewer's name (at most {MAX_NAME} characters).")
    token = new_token()
    db.add(ReviewerLink(assessment_id=assessment.id, name=name, token_hash=token_hash(token)))
    db.flush()
    return token


def reviewer_by_token(db: Session, token: str) -> ReviewerLink | None:
    """The reviewer link a token opens, unless withdrawn."""
    if not token or len(token) > 200:
        return None
    link = db.scalar(select(ReviewerLink).where(ReviewerLink.token_hash == token_hash(token)))
    return link if link is not None and link.revoked_at is None else None


def reviewer_links(db: Session, assessment_id: int) -> list[ReviewerLink]:
    """The reviewer links of an assessment, newest first."""
    return list(
        db.scalars(
            select(ReviewerLink)
            .where(ReviewerLink.assessment_id == assessment_id)
            .order_by(ReviewerLink.id.desc())
        )
    )


def withdraw_reviewer(link: ReviewerLink) -> None:
    """Stop a reviewer link from working."""
    if link.revoked_at is None:
        link.revoked_at = utcnow()
