"""Claimed and evidenced figures: what a review may and may not change, for any questionnaire."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.questionnaire.model import NOT_APPLICABLE
from assessment.reporting.review import ReviewInputs, build_review_view
from assessment.scoring import score_answers
from assessment.scoring.evidence import (
    REVIEWED_KINDS,
    Review,
    ReviewStatus,
    evidenced_answers,
    standing,
    summarise_review,
    validity_end,
)
from tests.support.scoring import questionnaire_and_answers

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 3, 7)
EPS = 1e-9


def _reviewed_ids(questionnaire, answers):
    return [q.id for kind in REVIEWED_KINDS for q in questionnaire.questions_of_kind(kind) if q.id in answers]


@st.composite
def reviewed(draw):
    """A questionnaire, answers, and reviews of some answers: validated, challenged, expired,
    or made on another value."""
    questionnaire, answers = draw(questionnaire_and_answers())
    reviews = {}
    for qid in _reviewed_ids(questionnaire, answers):
        kind = draw(st.sampled_from(("none", "valid", "challenged", "expired", "other", "future")))
        value = answers[qid]
        if kind == "valid":
            reviews[qid] = Review(ReviewStatus.VALIDATED, value)
        elif kind == "challenged":
            reviews[qid] = Review(ReviewStatus.CHALLENGED, value, believed="o1")
        elif kind == "expired":
            reviews[qid] = Review(ReviewStatus.VALIDATED, value, TODAY - timedelta(days=1))
        elif kind == "other":
            reviews[qid] = Review(ReviewStatus.VALIDATED, value + "-before")
        elif kind == "future":
            reviews[qid] = Review(ReviewStatus.VALIDATED, value, TODAY)
    return questionnaire, answers, reviews


def _figures(card):
    return [card.score, card.level] + [x for d in card.dimensions for x in (d.score, d.level)]


def _at_most(evidenced, claimed):
    """Evidenced is at most claimed, and has a figure only where claimed has one."""
    if claimed is None:
        return evidenced is None
    return evidenced is not None and evidenced <= claimed + EPS


@SETTINGS
@given(reviewed())
def test_evidenced_figures_never_exceed_claimed(case):
    questionnaire, answers, reviews = case
    claimed = score_answers(questionnaire, answers)
    evidenced = score_answers(questionnaire, evidenced_answers(questionnaire, answers, reviews, TODAY))
    assert _at_most(evidenced.score, claimed.score)
    assert _at_most(evidenced.level, claimed.level)
    for dimension in claimed.dimensions:
        other = evidenced.dimension(dimension.id)
        assert other is not None, "both figures score the same dimensions"
        assert _at_most(other.score, dimension.score), dimension.id
        assert _at_most(other.level, dimension.level), dimension.id


@SETTINGS
@given(reviewed())
def test_reviews_never_change_the_claimed_figures(case):
    """The figures a report labels "claimed" are the answers' own, whatever the reviews."""
    questionnaire, answers, reviews = case
    claimed = score_answers(questionnaire, answers)
    unreviewed = build_review_view(questionnaire, answers, claimed, ReviewInputs(TODAY))
    view = build_review_view(questionnaire, answers, claimed, ReviewInputs(TODAY, reviews))
    shown = [(p.claimed_score, p.claimed_level) for p in (view.overall, *view.dimensions)]
    assert shown == [(p.claimed_score, p.claimed_level) for p in (unreviewed.overall, *unreviewed.dimensions)]
    assert shown == [(claimed.score, claimed.level)] + [(d.score, d.level) for d in claimed.dimensions]


@SETTINGS
@given(questionnaire_and_answers())
def test_validating_every_answer_makes_evidenced_equal_claimed(case):
    questionnaire, answers = case
    reviews = {
        qid: Review(ReviewStatus.VALIDATED, answers[qid]) for qid in _reviewed_ids(questionnaire, answers)
    }
    evidenced = evidenced_answers(questionnaire, answers, reviews, TODAY)
    assert evidenced == answers


@SETTINGS
@given(reviewed())
def test_only_standing_validations_are_scored(case):
    """A reviewed answer counts only while its validation stands; "n/a" states scope and is kept."""
    questionnaire, answers, reviews = case
    kept = evidenced_answers(questionnaire, answers, reviews, TODAY)
    for qid in _reviewed_ids(questionnaire, answers):
        review = reviews.get(qid)
        standing_valid = (
            review is not None
            and review.status is ReviewStatus.VALIDATED
            and review.value == answers[qid]
            and (review.expires is None or review.expires >= TODAY)
        )
        assert (qid in kept) == (standing_valid or answers[qid] == NOT_APPLICABLE), qid


@SETTINGS
@given(reviewed())
def test_the_summary_adds_up(case):
    questionnaire, answers, reviews = case
    summary = summarise_review(questionnaire, [answers], [reviews], [()], TODAY)
    assert summary.answered == len(_reviewed_ids(questionnaire, answers))
    assert summary.validated + summary.challenged + summary.claimed == summary.answered
    assert summary.expired + summary.changed <= summary.claimed
    assert 0.0 <= summary.validated_share <= 1.0


def test_an_expired_validation_counts_as_claimed():
    review = Review(ReviewStatus.VALIDATED, "o3", date(2026, 3, 6))
    assert standing(review, "o3", TODAY) is ReviewStatus.CLAIMED
    assert standing(review, "o3", date(2026, 3, 6)) is ReviewStatus.VALIDATED  # the last day still holds


def test_a_validation_of_another_answer_counts_as_claimed():
    assert standing(Review(ReviewStatus.VALIDATED, "o3"), "o4", TODAY) is ReviewStatus.CLAIMED
    assert standing(Review(ReviewStatus.CHALLENGED, "o3", believed="o2"), "o4", TODAY) is ReviewStatus.CLAIMED


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=6))
def test_validity_ends_with_the_last_current_evidence(expiries):
    end = validity_end(expiries)
    if not expiries or None in expiries:
        assert end is None  # no evidence, or one item that never expires: no end
    else:
        assert end == max(expiries)
