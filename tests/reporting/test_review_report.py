"""The report with reviews: claimed beside evidenced, the review page, each answer's evidence
and reviewer in the appendix, and what changed and why on a retake."""

from __future__ import annotations

from datetime import date

import pytest

from assessment.questionnaire import QuestionKind
from assessment.reporting import Decision, EvidenceItem, ReviewInputs, render_individual_report
from assessment.scoring.evidence import Review, ReviewStatus
from assessment.scoring.lift import PlannedAction
from tests.support.machine import page_image
from tests.support.reports import full_answers, pdf_text

TODAY = date(2026, 3, 7)
NOTE = 'Runbook <script>alert("x")</script> signed off by شركة التقنية المتقدمة'


def _reviewed(flagship, answers):
    """Reviews of the first maturity questions: two validated (one with evidence), one
    challenged, one whose evidence expired."""
    first = [q for q in flagship.questions_of_kind(QuestionKind.MATURITY) if q.id in answers][:4]
    believed = next(o.id for o in first[2].options if o.id != answers[first[2].id])
    reviews = {
        first[0].id: Review(ReviewStatus.VALIDATED, answers[first[0].id], date(2027, 1, 1)),
        first[1].id: Review(ReviewStatus.VALIDATED, answers[first[1].id]),
        first[2].id: Review(ReviewStatus.CHALLENGED, answers[first[2].id], believed=believed),
        first[3].id: Review(ReviewStatus.VALIDATED, answers[first[3].id], date(2026, 1, 1)),
    }
    evidence = {
        first[0].id: (
            EvidenceItem(
                note=NOTE,
                links=("https://example.com/runbook",),
                files=(("runbook.pdf", 14_336),),
                expires=date(2027, 1, 1),
                added_by="Ada",
            ),
        ),
        first[3].id: (EvidenceItem(note="Last year's audit", expires=date(2026, 1, 1)),),
    }
    decisions = {
        qid: Decision("Grace Hopper", date(2026, 3, 1), "Not what we saw" if qid == first[2].id else "")
        for qid in reviews
    }
    return ReviewInputs(TODAY, reviews, evidence, decisions), first


@pytest.fixture(scope="module")
def rendered(flagship, catalog, tmp_path_factory):
    """A retake with reviews and one done action, rendered once."""
    before = full_answers(flagship, seed=8)
    answers = full_answers(flagship, seed=7)
    review, _ = _reviewed(flagship, answers)
    moved = next(q for q in flagship.maturity_questions if q.id in before and before[q.id] != answers[q.id])
    done = (PlannedAction("1", "Write the runbook", {moved.id: (1.0, 3.0)}, moved.dimension),)
    pdf = render_individual_report(
        flagship,
        answers,
        {"name": "Acme"},
        profiles=catalog.profiles_for(flagship.id)[1:2],
        previous_answers=before,
        generated_on=TODAY,
        review=review,
        done_actions=done,
    )
    tmp = tmp_path_factory.mktemp("review")
    (tmp / "kept.pdf").write_bytes(pdf)
    return pdf, pdf_text(pdf, tmp), tmp / "kept.pdf"


def test_the_report_has_a_review_page_and_claimed_beside_evidenced(rendered):
    _, text, _ = rendered
    assert "Review and evidence" in text
    assert "claimed level" in text.lower() and "evidenced level" in text.lower()  # headers print in capitals
    assert "2 of " in text and "answers validated" in text
    assert "1 lapsed because its evidence expired" in text
    assert "count as unanswered" in text or "counts as unanswered" in text


def test_the_appendix_lists_the_evidence_and_who_decided(rendered):
    _, text, _ = rendered
    flat = " ".join(text.split())
    assert "Validated by Grace Hopper on 1 March 2026" in flat
    assert "Challenged by Grace Hopper" in flat and "Not what we saw" in flat
    assert "evidence expired on 1 January 2026" in flat
    assert "runbook.pdf (14 KB)" in flat
    assert "https://example.com/runbook" in flat
    assert '<script>alert("x")</script>' in flat  # printed as text
    assert "شركة" in flat


def test_a_retake_says_what_changed_and_why(rendered):
    _, text, _ = rendered
    flat = " ".join(text.split())
    assert "What changed and why" in flat
    assert "1. Write the runbook" in flat
    assert "+2.0" in flat  # predicted: target 3 minus 1
    assert "Changes with no done action behind them" in flat


def test_the_report_without_reviews_has_no_review_page(flagship, tmp_path):
    pdf = render_individual_report(flagship, full_answers(flagship, seed=3), {"name": "Acme"})
    text = pdf_text(pdf, tmp_path)
    assert "Review and evidence" not in text and "What changed and why" not in text


def test_nothing_reviewed_says_so(flagship, tmp_path):
    answers = full_answers(flagship, seed=3)
    pdf = render_individual_report(flagship, answers, {"name": "Acme"}, review=ReviewInputs(TODAY))
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "No answer has been reviewed yet: the evidenced level counts every answer as unanswered" in text
    assert (
        "Validated by" not in text and "Claimed: not reviewed yet" not in text
    )  # bare claims are not listed


def test_pages_for_a_look(rendered):
    """Page images of the review and what-changed pages (kept in /tmp/look-reports)."""
    _, text, path = rendered
    pages = text.split("\f")
    wanted = {
        "review": "Review and evidence",
        "changed": "What changed and why",
        "appendix": "Validated by Grace",
    }
    for name, title in wanted.items():
        number = 1 + next(i for i, page in enumerate(pages) if title in page and "Contents" not in page)
        page_image(path, number, f"/tmp/look-reports/{name}")
