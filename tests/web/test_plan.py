"""The action plan: seeded from the roadmap, kept by the organisation's people, exported."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Assessment, PlanAction
from assessment.scoring import applicable_answers, build_roadmap, default_profile, score_answers
from assessment.services.plan_exports import GITHUB_COLUMNS, JIRA_COLUMNS, PLAN_COLUMNS
from tests.support import journeys
from tests.support.plans import action_form, answer_all, lowest_answers, plan_actions, stored_plan


def self_assessed(app):
    """A respondent's browser whose assessment has every answer the roadmap needs."""
    client = app.test_client()
    journeys.start(client)
    answer_all(client, lowest_answers(app))
    return client


def test_the_plan_is_seeded_from_the_roadmap_in_its_order_with_owners_and_lifts(journey_app):
    client = self_assessed(journey_app)
    page = client.get("/assessment/plan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with journey_app.app_context():
        catalog = journey_app.extensions["catalog"]
        questionnaire = catalog.get("ai-execution")
        answers = applicable_answers(questionnaire, lowest_answers(journey_app))
        roadmap = build_roadmap(
            questionnaire,
            score_answers(questionnaire, answers),
            default_profile(catalog.profiles_for(questionnaire)),
        )
    actions = plan_actions(journey_app)
    assert [a.key for a in actions] == [item.question for item in roadmap.items]
    assert [a.title for a in actions] == [item.action for item in roadmap.items]
    first = actions[0]
    assert first.owner == "Engineering" and first.status == "planned"
    assert (first.planned_from, first.planned_to) == (roadmap.items[0].value, roadmap.items[0].target)
    assert f"0 of {len(actions)} actions done (0%), 0 overdue" in html
    assert "from level 1 Initial to level 3 Defined" in html
    assert '<datalist id="owner-functions">' in html and '<option value="Engineering">' in html


def test_there_is_no_plan_until_the_scoping_questions_are_answered(journey_app):
    client = journey_app.test_client()
    journeys.start(client)
    page = client.get("/assessment/plan").get_data(as_text=True)
    assert "There is no plan yet" in page and "these scoping questions" in page
    assert plan_actions(journey_app) == []


def test_editing_an_action_records_its_history_and_shows_it(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    first = plan_actions(journey_app)[0]
    form = action_form(
        owner="Priya <Platform>", due_on="2030-01-31", status="in progress", notes="Kick-off held"
    )
    response = client.post(f"/assessment/plan/{first.id}", data=form | {"name": "Priya"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#action-{first.id}")
    changed = plan_actions(journey_app)[0]
    assert (changed.owner, changed.due_on, changed.status, changed.notes) == (
        "Priya <Platform>",
        date(2030, 1, 31),
        "in progress",
        "Kick-off held",
    )
    history = [row for row in stored_plan(journey_app) if len(row) == 5]
    assert [(field, before, after, who) for _, field, before, after, who in history] == [
        ("owner", "Engineering", "Priya <Platform>", "Priya"),
        ("due date", "", "2030-01-31", "Priya"),
        ("status", "planned", "in progress", "Priya"),
        ("notes", "", "Kick-off held", "Priya"),
    ]
    page = client.get("/assessment/plan").get_data(as_text=True)
    assert "Priya changed the status from “planned” to “in progress”" in page
    assert "Priya &lt;Platform&gt;" in page and "Priya <Platform>" not in page  # escaped
    assert "History (4 changes)" in page


def test_a_change_without_a_name_is_the_respondents(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    first = plan_actions(journey_app)[0]
    client.post(f"/assessment/plan/{first.id}", data=action_form(owner="Engineering", status="done"))
    assert [row[4] for row in stored_plan(journey_app) if len(row) == 5] == ["respondent"]


def test_refused_changes_show_their_reason_and_change_nothing(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    first = plan_actions(journey_app)[0]
    before = stored_plan(journey_app)
    refusals = {
        "is not a status": action_form(owner="Engineering", status="finished"),
        "the limit is 200": action_form(owner="x" * 201, status="done"),
        "Enter the due date as YYYY-MM-DD": action_form(
            owner="Engineering", due_on="31/01/2030", status="done"
        ),
    }
    for reason, form in refusals.items():
        response = client.post(f"/assessment/plan/{first.id}", data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and reason in page, reason
        assert 'aria-invalid="true"' in page and f'id="a{first.id}-' in page
        assert stored_plan(journey_app) == before


def test_overdue_and_blocked_actions_show_on_the_page(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    actions = plan_actions(journey_app)
    blocked = next(a for a in actions if a.dependency_keys)
    waited_for = next(a for a in actions if a.key == blocked.dependency_keys[0])
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    client.post(f"/assessment/plan/{waited_for.id}", data=action_form(due_on=yesterday))
    page = client.get("/assessment/plan").get_data(as_text=True)
    assert "Overdue</strong>" in page
    assert f"waits for: {waited_for.title}" in page
    assert ", 1 overdue," in page


def test_reopening_the_page_never_reseeds_or_duplicates(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    seeded = stored_plan(journey_app)
    first = plan_actions(journey_app)[0]
    client.post(f"/assessment/plan/{first.id}", data=action_form(status="dropped"))
    journeys.autosave(client, "own-accountable-owner", "owner-gaps-closed", 999)  # the roadmap moves on
    client.get("/assessment/plan")
    client.get("/assessment/plan.csv")
    actions = plan_actions(journey_app)
    assert [a.key for a in actions] == [row[2] for row in seeded]
    assert actions[0].status == "dropped"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_exports_have_their_columns_a_row_per_action_and_no_formulas(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    actions = plan_actions(journey_app)
    client.post(f"/assessment/plan/{actions[0].id}", data=action_form(status="done", notes="=HYPERLINK(1)"))
    client.post(f"/assessment/plan/{actions[1].id}", data=action_form(status="dropped"))
    plan = read_csv(client.get("/assessment/plan.csv"))
    assert tuple(plan[0]) == PLAN_COLUMNS and len(plan) == len(actions) + 1
    assert plan[1][PLAN_COLUMNS.index("Notes")] == "'=HYPERLINK(1)"
    assert plan[2][PLAN_COLUMNS.index("Status")] == "dropped"
    jira = read_csv(client.get("/assessment/plan-jira.csv"))
    assert tuple(jira[0]) == JIRA_COLUMNS and len(jira) == len(actions) + 1
    status, resolution = JIRA_COLUMNS.index("Status"), JIRA_COLUMNS.index("Resolution")
    assert [(row[status], row[resolution]) for row in jira[1:4]] == [
        ("Done", "Done"),
        ("Done", "Won't Do"),
        ("To Do", ""),
    ]
    assert {row[status] for row in jira[1:]} <= {"To Do", "In Progress", "Done"}
    github = read_csv(client.get("/assessment/plan-github.csv"))
    assert github[0] == ["title", "body", "labels", "assignees", "milestone", "state"]
    assert tuple(github[0]) == GITHUB_COLUMNS and len(github) == len(actions) + 1
    assert [row[5] for row in github[1:4]] == ["closed", "closed", "open"]
    assert not any(value.startswith("=") for rows in (plan, jira, github) for row in rows for value in row)


def test_the_plan_keeps_working_after_the_assessment_is_closed(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    with journey_app.app_context():
        assessment = database.session.scalars(select(Assessment)).one()
        assessment.status = "closed"
        database.session.commit()
    first = plan_actions(journey_app)[0]
    assert client.post(f"/assessment/plan/{first.id}", data=action_form(status="done")).status_code == 302
    assert plan_actions(journey_app)[0].status == "done"


def test_a_workshop_participant_cannot_keep_the_workshops_plan(journey_app, live_page):
    participant = journeys.join(journey_app, journeys.join_code(journey_app))
    response = participant.get("/assessment/plan")
    assert response.status_code == 403
    assert "kept by its facilitators" in response.get_data(as_text=True)


def workshop_with_answers(app, consultant) -> str:
    """A workshop whose one participant gave every answer; returns its plan page's path."""
    live = journeys.make_workshop(app, consultant)
    participant = journeys.join(app, journeys.join_code(app))
    answer_all(participant, lowest_answers(app))
    return live.rstrip("/") + "/plan"


def test_the_workshop_plan_is_kept_in_the_workspace_with_the_consultants_name(journey_app, consultant):
    path = workshop_with_answers(journey_app, consultant)
    page = consultant.get(path)
    assert page.status_code == 200 and "Action plan: Kick-off" in page.get_data(as_text=True)
    first = plan_actions(journey_app)[0]
    response = consultant.post(f"{path}/{first.id}", data=action_form(owner="Ops lead", status="in progress"))
    assert response.status_code == 302
    assert [row[4] for row in stored_plan(journey_app) if len(row) == 5] == ["Ada (ada@example.com)"] * 2
    live = consultant.get(path.removesuffix("plan")).get_data(as_text=True)
    assert f'href="{path}"' in live
    csv_rows = read_csv(consultant.get(f"{path}.csv"))
    assert csv_rows[1][PLAN_COLUMNS.index("Owner")] == "Ops lead"


def test_another_workspace_cannot_read_or_change_the_workshop_plan(journey_app, consultant):
    path = workshop_with_answers(journey_app, consultant)
    consultant.get(path)
    first = plan_actions(journey_app)[0]
    other = journey_app.test_client()
    journeys.sign_up(other, email="bea@example.com", workspace="Bea Consulting")
    other.post("/workspaces/2/clients", data={"name": "Bea's client"})
    created = other.post(
        "/workspaces/2/clients/2/workshops/new",
        data={
            "title": "Bea's",
            "questionnaire": "ai-execution",
            "participants": "anonymous",
            "roles": "Product",
        },
    )
    own = created.headers["Location"].rstrip("/")
    before = stored_plan(journey_app)
    for url in (path, f"{path}.csv", f"{path}-jira.csv", f"{path}-github.csv"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"{path}/{first.id}", data=action_form(status="done")).status_code == 404
    # Their own workshop, with an action id of the other workspace's plan.
    assert other.post(f"{own}/plan/{first.id}", data=action_form(status="done")).status_code == 404
    assert stored_plan(journey_app) == before


def test_the_next_workshop_compares_the_done_actions_lift_with_the_rooms_change(journey_app, consultant):
    live = journeys.make_workshop(journey_app, consultant, title="Kick-off")
    before = journeys.join(journey_app, journeys.join_code(journey_app, "Kick-off"))
    answer_all(before, {**lowest_answers(journey_app), "own-accountable-owner": "some-named"})
    plan_path = live.rstrip("/") + "/plan"
    assert consultant.get(plan_path).status_code == 200
    with journey_app.app_context():
        owner = database.session.scalar(select(PlanAction).where(PlanAction.key == "own-accountable-owner"))
        action_id, title, target = owner.id, owner.title, owner.planned_to
    done = consultant.post(f"{plan_path}/{action_id}", data=action_form(owner="Ops lead", status="done"))
    assert done.status_code == 302

    later = journeys.make_workshop(journey_app, consultant, title="Six months on", same_client=True)
    after = journeys.join(journey_app, journeys.join_code(journey_app, "Six months on"))
    answer_all(after, {**lowest_answers(journey_app), "own-accountable-owner": "all-named"})
    page = consultant.get(later.rstrip("/") + "/compare").get_data(as_text=True)
    assert "What changed and why" in page and target == 3.0
    row = page.split(title)[1].split("</tr>")[0]
    assert "+1.0" in row and "as planned" in row
    assert "Changes that line up with done actions" in page
    report = consultant.get(later.rstrip("/") + "/report.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.data)).pages).split())
    assert "What changed and why" in text and "as planned" in text


def test_the_page_lists_only_the_actions_asked_for_and_progress_still_counts_all(journey_app):
    client = self_assessed(journey_app)
    client.get("/assessment/plan")
    first, second = plan_actions(journey_app)[:2]
    client.post(f"/assessment/plan/{first.id}", data=action_form(status="done"))
    done = client.get("/assessment/plan?show=finished").get_data(as_text=True)
    assert first.title in done and second.title not in done
    assert "1 of " in done and '<option value="finished" selected>' in done
    still_open = client.get("/assessment/plan?show=open").get_data(as_text=True)
    assert first.title not in still_open and second.title in still_open
    overdue = client.get("/assessment/plan?show=overdue").get_data(as_text=True)
    assert "No action matches “Overdue”." in overdue
    anything = client.get("/assessment/plan?show=<script>").get_data(as_text=True)
    assert first.title in anything and second.title in anything and "<script>" not in anything
