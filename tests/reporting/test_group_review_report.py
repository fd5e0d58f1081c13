"""The group report with the consultants' review: the room's claimed beside its evidenced
levels, and a review page counting every participant's answers."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.questionnaire import QuestionKind
from assessment.reporting import Decision, ReviewInputs, render_group_report
from assessment.scoring import Participant
from assessment.scoring.evidence import Review, ReviewStatus
from tests.support.machine import page_image
from tests.support.reports import full_answers

TODAY = date(2026, 3, 7)
LOOK = Path("/tmp/look-group")


def _review(flagship, answers, validated: int) -> ReviewInputs:
    """The first `validated` maturity answers validated by Grace Hopper, the next one challenged."""
    given = [q.id for q in flagship.questions_of_kind(QuestionKind.MATURITY) if q.id in answers]
    reviews = {qid: Review(ReviewStatus.VALIDATED, answers[qid]) for qid in given[:validated]}
    reviews[given[validated]] = Review(ReviewStatus.CHALLENGED, answers[given[validated]])
    decisions = {qid: Decision("Grace Hopper", date(2026, 3, 1)) for qid in reviews}
    return ReviewInputs(TODAY, reviews, {}, decisions)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def room(flagship):
    return [Participant(("Engineering", "Product")[i % 2], full_answers(flagship, seed=i)) for i in range(6)]


@pytest.fixture(scope="module")
def rendered(flagship, room):
    question = flagship.maturity_questions[0]
    review = [_review(flagship, r.answers, 12 + 3 * i) for i, r in enumerate(room)]
    pdf = render_group_report(
        flagship,
        room,
        {"name": "Acme"},
        agreed={question.id: room[0].answers[question.id]},
        generated_on=TODAY,
        review=review,
    )
    LOOK.mkdir(exist_ok=True)
    (LOOK / "group.pdf").write_bytes(pdf)
    return pdf


def test_the_group_report_has_a_review_page_and_the_rooms_claimed_beside_evidenced(rendered):
    pages = _pages(rendered)
    text = " ".join(pages)
    review = next(p for p in pages if "Review and evidence" in p and "Contents" not in p)
    assert re.search(r"\d+ of \d+ answers validated \(\d+%\), 6 challenged", review)
    assert "Reviewed by Grace Hopper." in review and "appendix" not in review
    assert "count as unanswered" in review or "counts as unanswered" in review
    assert "an answer the room agreed counts only when a participant gave that very answer" in review
    assert "claimed" in review.lower() and "evidenced" in review.lower()
    claimed, evidenced = map(
        float, re.search(r"Claimed: level ([\d.]+); evidenced: level ([\d.]+)", text).groups()
    )
    assert evidenced <= claimed


def test_the_review_counts_every_participants_answers(flagship, room, tmp_path):
    """Six participants' answers are counted together: 12 + 15 + ... + 27 validated."""
    review = [_review(flagship, r.answers, 12 + 3 * i) for i, r in enumerate(room)]
    pdf = render_group_report(flagship, room, {"name": "Acme"}, generated_on=TODAY, review=review)
    answered = sum(
        1
        for r in room
        for q in flagship.questions
        if q.kind in (QuestionKind.MATURITY, QuestionKind.OWNERSHIP) and q.id in r.answers
    )
    text = " ".join(_pages(pdf))
    assert f"{sum(12 + 3 * i for i in range(6))} of {answered} answers validated" in text


def test_a_room_nobody_reviewed_says_so(flagship, room):
    pdf = render_group_report(
        flagship, room, {"name": "Acme"}, generated_on=TODAY, review=[ReviewInputs(TODAY) for _ in room]
    )
    text = " ".join(_pages(pdf))
    assert "No answer has been reviewed yet: the evidenced level counts every answer as unanswered" in text
    assert "No reviewer has signed off an answer." in text


def test_without_reviews_the_group_report_has_no_review_page(flagship, room):
    text = " ".join(_pages(render_group_report(flagship, room, {"name": "Acme"}, generated_on=TODAY)))
    assert "Review and evidence" not in text and "evidenced" not in text


def test_pages_for_a_look(rendered):
    """Page images of the summary and the review page (kept in /tmp/look-group)."""
    pages = _pages(rendered)
    wanted = {"summary": "Executive summary", "review": "Review and evidence"}
    for name, title in wanted.items():
        number = 1 + next(i for i, page in enumerate(pages) if title in page and "Contents" not in page)
        page_image(LOOK / "group.pdf", number, LOOK / name)
