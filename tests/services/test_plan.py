"""The plan's services: seeding from a roadmap, changes with their history, progress, exports."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from assessment.extensions import database
from assessment.persistence import Assessment, plan_of
from assessment.scoring import applicable_answers, build_roadmap, score_answers
from assessment.services import self_assessment
from assessment.services.plan import PlanRefused, progress, seed_plan, update_action
from assessment.services.plan_exports import JIRA_COLUMNS, jira_rows
from assessment.services.self_assessment import OrganisationProfile
from tests.support.plans import lowest_answers


@pytest.fixture
def seeded(ready_app):
    """An assessment with a plan seeded from every lowest answer; yields (questionnaire, actions)."""
    with ready_app.app_context():
        questionnaire = ready_app.extensions["catalog"].get("ai-execution")
        profile = OrganisationProfile("Acme", "insurance", "1000-4999", "europe", "first-production")
        respondent, _ = self_assessment.start(database.session, questionnaire, profile, peer_consent=False)
        answers = applicable_answers(questionnaire, lowest_answers(ready_app))
        roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers))
        actions = seed_plan(database.session, respondent.assessment, questionnaire, roadmap)
        database.session.commit()
        yield questionnaire, roadmap, actions


def test_owners_are_seeded_in_the_questionnaires_words(seeded):
    _, roadmap, actions = seeded
    assert [a.key for a in actions] == [i.question for i in roadmap.items]
    assert {a.owner for a in actions} == {"Engineering"}


def test_seeding_again_returns_the_plan_people_made(seeded):
    questionnaire, roadmap, actions = seeded
    update_action(
        database.session, actions[0], owner="Kim", due_on=None, status="done", notes="", changed_by="Kim"
    )
    assessment = database.session.get(Assessment, actions[0].assessment_id)
    again = seed_plan(database.session, assessment, questionnaire, roadmap)
    assert [a.id for a in again] == [a.id for a in actions] and again[0].owner == "Kim"
    assert len(plan_of(database.session, assessment.id)) == len(roadmap.items)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"status": "finished"}, "status"), ({"owner": "x" * 201}, "owner"), ({"notes": "x" * 5001}, "notes")],
)
def test_a_refusal_names_its_field_and_changes_nothing(seeded, change, field):
    _, _, actions = seeded
    wanted = {"owner": "", "due_on": None, "status": "done", "notes": ""} | change
    with pytest.raises(PlanRefused) as refused:
        update_action(database.session, actions[0], **wanted, changed_by="Kim")
    assert refused.value.field == field
    assert (actions[0].owner, actions[0].status, actions[0].changes) == ("Engineering", "planned", [])


def test_progress_counts_dropped_actions_out_and_finished_ones_never_overdue(seeded):
    _, _, actions = seeded
    yesterday = date.today() - timedelta(days=1)
    for action, status in zip(actions[:3], ("done", "dropped", "planned"), strict=True):
        update_action(
            database.session, action, owner="", due_on=yesterday, status=status, notes="", changed_by="K"
        )
    state = progress(actions, date.today())
    assert state.open_total == len(actions) - 1
    assert state.done_share == 1 / (len(actions) - 1)
    assert [s.action for s in state.overdue] == [actions[2]]


def test_jira_rows_give_a_dropped_action_done_resolved_wont_do_with_a_label_per_column(seeded):
    questionnaire, _, actions = seeded
    update_action(
        database.session, actions[0], owner="", due_on=None, status="dropped", notes="", changed_by="K"
    )
    row = dict(zip(JIRA_COLUMNS, jira_rows(actions, questionnaire)[0], strict=False))
    assert (row["Status"], row["Resolution"]) == ("Done", "Won't Do")
    labels = jira_rows(actions, questionnaire)[0][JIRA_COLUMNS.index("Labels") :]
    assert labels[0] == "ai-execution" and all(" " not in label for label in labels)


def test_two_first_visits_at_once_seed_one_plan(ready_app):
    """The second visit waits for the first's lock and finds its plan (on SQLite the second
    writer queues for the database lock the same way)."""
    with ready_app.app_context():
        questionnaire = ready_app.extensions["catalog"].get("ai-execution")
        profile = OrganisationProfile("Acme", "insurance", "1000-4999", "europe", "first-production")
        respondent, _ = self_assessment.start(database.session, questionnaire, profile, peer_consent=False)
        database.session.commit()
        assessment_id = respondent.assessment_id
        answers = applicable_answers(questionnaire, lowest_answers(ready_app))
        roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers))
        sessions = ready_app.extensions["database"].sessions
        first, second = sessions(), sessions()
        seed_plan(first, first.get(Assessment, assessment_id), questionnaire, roadmap)  # holds the lock
        seeded_second: list = []
        waiting = threading.Thread(
            target=lambda: seeded_second.extend(
                seed_plan(second, second.get(Assessment, assessment_id), questionnaire, roadmap)
            )
        )
        waiting.start()
        waiting.join(timeout=0.5)
        first.commit()
        waiting.join(timeout=20)
        second.commit()
        first.close(), second.close()
        assert len(seeded_second) == len(roadmap.items)
        assert len(plan_of(database.session, assessment_id)) == len(roadmap.items)
