"""Stored figures follow the scoring rules: each respondent's own summary, the room's own
summary, and `assessment init` recomputing what older rules computed."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from assessment.extensions import database, questionnaire_for
from assessment.persistence import Assessment, AssessmentSummary, RespondentSummary, Workshop, answers_of
from assessment.scoring import METHOD, Participant, score_answers, score_room
from tests.support.journeys import autosave, make_workshop, start

SCOPE = {"scope-build-buy": "both", "scope-agents": "none", "scope-eu-high-risk": "none"}


def summary(app) -> AssessmentSummary:
    with app.app_context():
        return database.session.scalars(select(AssessmentSummary)).one()


def test_init_recomputes_a_summary_stored_under_the_old_rules(journey_app):
    client = journey_app.test_client()
    start(client, name="Before The Change")
    client.post("/assessment/section/scope", data=SCOPE)
    autosave(client, "own-accountable-owner", "all-named", 1)
    stored = summary(journey_app)
    assert stored.method == METHOD and stored.overall_level == 1  # 40 unanswered count as 1
    # As the old rules stored it: unanswered questions left out, so the one answer at 5 ruled.
    with journey_app.app_context():
        database.session.execute(
            update(AssessmentSummary).values(method=1, overall_score=5.0, overall_level=5.0)
        )
        database.session.commit()

    result = journey_app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert f"recomputed the stored figures of 1 assessments under scoring rules {METHOD}" in result.output
    refreshed = summary(journey_app)
    with journey_app.app_context():
        respondent = database.session.scalars(select(RespondentSummary)).one()
        questionnaire = questionnaire_for(refreshed_assessment_version(refreshed))
        answers = answers_of(database.session, respondent.respondent_id)
    expected = score_answers(questionnaire, answers)
    assert refreshed.method == METHOD and refreshed.overall_level == 1
    assert refreshed.overall_score == pytest.approx(expected.score) and refreshed.overall_score < 2
    assert respondent.unanswered == expected.counts.missing > 0
    again = journey_app.test_cli_runner().invoke(args=["init"])
    assert "recomputed" not in again.output  # nothing left under older rules


def refreshed_assessment_version(stored: AssessmentSummary):
    """The questionnaire version row of a summary's assessment (inside an app context)."""
    return database.session.get(Assessment, stored.assessment_id).questionnaire_version


def test_participants_keep_their_own_summaries_and_the_room_is_scored_when_it_closes(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, roles="Product\nEngineering")
    with journey_app.app_context():
        code = database.session.scalar(select(Workshop.join_code))
    people = []
    for role, option in (("Product", "all-named"), ("Engineering", "none-named")):
        participant = journey_app.test_client()
        assert participant.post(f"/join/{code}", data={"role": role}).status_code == 302
        for seq, (question, value) in enumerate({**SCOPE, "own-accountable-owner": option}.items(), 1):
            assert autosave(participant, question, value, seq).status_code == 200
        people.append(participant)
    with journey_app.app_context():
        own = database.session.scalars(
            select(RespondentSummary).order_by(RespondentSummary.respondent_id)
        ).all()
        room = database.session.scalars(select(AssessmentSummary)).all()
    assert len(own) == 2 and own[0].overall_score != own[1].overall_score  # each their own
    assert room == []  # no participant's autosave scores the room

    consultant.post("/workspaces/1/workshops/1/status", data={"action": "close"})
    closed = summary(journey_app)
    with journey_app.app_context():
        workshop = database.session.scalar(select(Workshop))
        questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
        answers = [
            Participant(r.role, answers_of(database.session, r.id)) for r in workshop.assessment.respondents
        ]
    expected = score_room(questionnaire, answers)
    assert not closed.stale and closed.method == METHOD
    assert (closed.overall_score, closed.overall_level) == (pytest.approx(expected.score), expected.level)
    assert closed.completed_at is not None

    consultant.post("/workspaces/1/workshops/1/status", data={"action": "reopen"})
    assert autosave(people[0], "own-delivery-team", "standard", 9).status_code == 200
    assert summary(journey_app).stale  # the room's figures wait for the next close or init
