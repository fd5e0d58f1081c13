"""A self-assessment's autosave leaves its stored figures stale; whoever reads them gets them
recomputed: the peer figures of a results page count the latest answers, and a
recomputation racing an autosave on PostgreSQL never clears the flag without its answer."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.extensions import current_catalog, database, questionnaire_for
from assessment.persistence import (
    Assessment,
    AssessmentSummary,
    RespondentSummary,
    answers_of,
    cohort_statistics,
)
from assessment.scoring import applicable_answers, score_answers
from assessment.scoring.cohort import MIN_SHOWN
from assessment.services import answering, scorekeeping, self_assessment
from assessment.services.self_assessment import OrganisationProfile
from tests.support.journeys import answer_scope, autosave, start

QUESTION, BEST = "own-accountable-owner", "all-named"


def stored(app, model, **where):
    """The one stored row of `model` matching `where` (read in a session of its own)."""
    with app.app_context():
        statement = select(model).filter_by(**where)
        return database.session.scalars(statement).one()


def expected_score(app, assessment_id: int) -> float | None:
    """The overall score of an assessment's current answers under the current rules."""
    with app.app_context():
        assessment = database.session.get(Assessment, assessment_id)
        questionnaire = questionnaire_for(assessment.questionnaire_version)
        answers = answers_of(database.session, assessment.respondents[0].id)
        return score_answers(questionnaire, applicable_answers(questionnaire, answers)).score


def test_an_autosave_marks_the_figures_stale_and_another_results_page_recomputes_them(journey_app):
    first = journey_app.test_client()
    start(first, name="First Co")
    answer_scope(first)
    before = stored(journey_app, AssessmentSummary, assessment_id=1)
    assert not before.stale

    assert autosave(first, QUESTION, BEST, 1).get_json()["saved"] is True
    waiting = stored(journey_app, AssessmentSummary, assessment_id=1)
    assert waiting.stale and waiting.overall_score == before.overall_score  # nothing scored yet

    second = journey_app.test_client()
    start(second, name="Second Co")
    answer_scope(second)
    assert second.get("/assessment/results").status_code == 200  # its peer figures read the summaries

    refreshed = stored(journey_app, AssessmentSummary, assessment_id=1)
    own = stored(journey_app, RespondentSummary, assessment_id=1)
    assert not refreshed.stale
    assert refreshed.overall_score == pytest.approx(expected_score(journey_app, 1))
    assert refreshed.overall_score > before.overall_score  # the autosaved answer counts
    assert own.overall_score == pytest.approx(refreshed.overall_score)


def test_a_late_autosave_still_changes_nothing(journey_app):
    client = start_scoped(journey_app)
    assert autosave(client, QUESTION, BEST, 5).get_json()["saved"] is True
    late = autosave(client, QUESTION, "none-named", 3).get_json()
    assert late["saved"] is False
    assert autosave(client, QUESTION, BEST, 5).get_json()["saved"] is True  # a double submit
    with journey_app.app_context():
        assert answers_of(database.session, 1)[QUESTION] == BEST


def start_scoped(app):
    """A respondent's browser with the scoping page answered."""
    client = app.test_client()
    start(client)
    answer_scope(client)
    return client


def complete_assessments(app, count: int) -> list[int]:
    """`count` consenting self-assessments of the flagship, every question answered by
    autosave (so their stored figures are left stale); their assessment ids."""
    ids = []
    with app.app_context():
        db = database.session
        questionnaire = current_catalog().get("ai-execution")
        for number in range(count):
            profile = OrganisationProfile(
                f"Peer {number}", "insurance", "1000-4999", "europe", "first-production"
            )
            respondent, _ = self_assessment.start(db, questionnaire, profile, peer_consent=True)
            answers = {}
            for seq, question in enumerate(questionnaire.questions, 1):
                value = question.options[-1].id if question.options else None
                if value is None:
                    continue
                answers = dict(
                    answering.save_answer(db, respondent, questionnaire, answers, question.id, value, seq)[1]
                )
            db.commit()
            ids.append(respondent.assessment_id)
        return ids


def test_peer_figures_count_assessments_completed_by_autosave(journey_app):
    ids = complete_assessments(journey_app, MIN_SHOWN)
    with journey_app.app_context():
        db = database.session
        family = current_catalog().get("ai-execution").family
        assert scorekeeping.stale_in_family(db, family)
        assert cohort_statistics(db, family).cohort_size == 0  # the stored figures still say "just started"
        assert scorekeeping.refresh_stale(db, family) == len(ids)
        db.commit()
        peers = cohort_statistics(db, family)
        assert peers.cohort_size == MIN_SHOWN and peers.shown
        assert not scorekeeping.stale_in_family(db, family)


@pytest.mark.postgresql
def test_a_recomputation_waits_for_an_autosave_in_flight(make_app, postgres_url):
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    client = start_scoped(app)
    assert autosave(client, "own-delivery-team", "standard", 1).status_code == 200  # stale now
    with app.app_context():
        engine = database.engine
        questionnaire = current_catalog().get("ai-execution")
        family = questionnaire.family
        with Session(engine, expire_on_commit=False) as autosaving:
            respondent = autosaving.get(Assessment, 1).respondents[0]
            answers = answers_of(autosaving, respondent.id)
            answering.save_answer(autosaving, respondent, questionnaire, answers, QUESTION, BEST, 2)
            refreshed: list[int] = []

            def recompute():
                """Another request reading peer figures meanwhile."""
                with app.app_context(), Session(engine) as reading:
                    refreshed.append(scorekeeping.refresh_stale(reading, family))
                    reading.commit()

            reader = threading.Thread(target=recompute)
            reader.start()
            reader.join(timeout=1)
            assert reader.is_alive()  # waiting for the autosave's lock on the summary
            autosaving.commit()
            reader.join(timeout=30)
    assert refreshed == [1]
    summary = stored(app, AssessmentSummary, assessment_id=1)
    assert not summary.stale
    assert summary.overall_score == pytest.approx(expected_score(app, 1))  # with the answer in flight
