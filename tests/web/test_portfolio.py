"""The AI initiative portfolio's pages: the register, the gate, the matrix, the what-if."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Initiative, upgrade
from assessment.questionnaire import load_directory
from assessment.scoring import build_roadmap, score_answers
from assessment.scoring.portfolio import review_portfolio
from assessment.scoring.register import MAX_BYTES, InitiativeRecord
from assessment.web.portfolio_matrix import matrix
from tests.support import journeys
from tests.support.csrf import closed
from tests.support.portfolio import ORGANISATION_READY, gate_folder


@pytest.fixture(scope="module")
def gate_catalog(tmp_path_factory):
    return load_directory(gate_folder(tmp_path_factory.mktemp("gate")))


def test_each_initiative_lands_in_the_quadrant_its_value_and_readiness_say(gate_catalog):
    questionnaire = gate_catalog.get("example")
    gate = gate_catalog.gate_for(questionnaire)
    scorecard = score_answers(questionnaire, ORGANISATION_READY)
    done = {"tested": "yes", "can-roll-back": "yes"}
    records = [
        InitiativeRecord("1", "Claims triage", value_band="very-high", gate_answers=done),
        InitiativeRecord("2", "Fraud scoring", value_band="high", gate_answers={"tested": "no"}),
        InitiativeRecord("3", "Meeting notes", value_band="low", gate_answers=done),
        InitiativeRecord("4", "Chat widget", value_band="medium"),
        InitiativeRecord("5", "Also ready", value_band="very-high", gate_answers=done),
    ]
    review = review_portfolio(
        gate, questionnaire, scorecard, build_roadmap(questionnaire, scorecard), records
    )
    chart = matrix(review)
    placed = {point.name: chart.quadrant_at(point.x, point.y) for point in chart.points}
    assert placed == {
        "Claims triage": "scale-now",
        "Also ready": "scale-now",
        "Fraud scoring": "fix-then-scale",
        "Meeting notes": "rethink",
        "Chat widget": "stop",
    }
    assert all(point.quadrant == placed[point.name] for point in chart.points)
    # Ready ones sit right of the ready line, the others left of it; numbered in ranked order.
    for point in chart.points:
        assert (point.x >= chart.ready_x) == (point.quadrant in ("scale-now", "rethink"))
    assert [p.number for p in chart.points] == [1, 2, 3, 4, 5]
    # Two initiatives at the same readiness and band do not hide one another.
    same = [(p.x, p.y) for p in chart.points if p.name in ("Claims triage", "Also ready")]
    assert same[0] != same[1]


# --- The pages, through a self-assessment on the example questionnaire and the small gate ---


@pytest.fixture
def portfolio_app(make_app, database_url, tmp_path):
    """A migrated app (CSRF off) whose catalog is the example questionnaire with the small gate."""
    app = make_app(
        {
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRES_DIR": str(gate_folder(tmp_path / "questionnaires")),
        }
    )
    with app.app_context():
        upgrade(database.engine)
    return app


def self_assessor(app, answers=ORGANISATION_READY, name="Acme Insurance"):
    """A self-assessor's browser on the example questionnaire, with these organisation answers."""
    client = app.test_client()
    journeys.start(client, questionnaire="example", name=name)
    for seq, (question, value) in enumerate(answers.items(), start=1):
        assert journeys.autosave(client, question, value, seq).status_code == 200
    return client


def add(client, name, **fields):
    """Register an initiative through the add form; returns the response."""
    return client.post(f"{PORTFOLIO}/initiatives", data={"name": name, **fields})


def stored(app) -> list[tuple]:
    """Every stored initiative with its gate answers, by id."""
    with app.app_context():
        rows = database.session.scalars(select(Initiative).order_by(Initiative.id)).all()
        return [
            (
                i.id,
                i.name,
                i.stage,
                i.value_band,
                i.delivery_team,
                {a.question_id: a.code for a in i.gate_answers},
            )
            for i in rows
        ]


def initiative_id(app, name: str) -> int:
    return next(row[0] for row in stored(app) if row[1] == name)


def field_errors(html: str, field: str) -> str:
    """The errors shown next to a form field."""
    found = re.search(rf'<ul class="field-errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


PORTFOLIO = "/assessment/portfolio"
DONE = {"tested": "yes", "can-roll-back": "yes"}


def test_the_register_adds_edits_and_deletes_initiatives_with_messages_by_field(portfolio_app):
    client = self_assessor(portfolio_app)
    response = add(client, "Claims triage", stage="pilot", value_band="high", delivery_team="Data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/portfolio/register")
    page = client.get(f"{PORTFOLIO}/register").get_data(as_text=True)
    assert "Claims triage" in page and "Pilot" in page and "Fix, then scale" in page
    assert "(2 gate items unanswered)" in page

    before = stored(portfolio_app)
    refused = add(client, "", stage="bogus", annual_cost="abc", started="2026-13-01", autonomy="approve")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "every initiative needs a name" in field_errors(html, "name")
    assert "is not one of idea" in field_errors(html, "stage")
    assert "is not a number" in field_errors(html, "annual_cost")
    assert "YYYY-MM-DD" in field_errors(html, "started")
    assert "uses_agents is no" in field_errors(html, "autonomy")
    assert 'aria-describedby="stage-errors"' in html and 'aria-invalid="true"' in html
    duplicate = add(client, "claims triage")
    assert duplicate.status_code == 422 and "already the name" in field_errors(
        duplicate.get_data(as_text=True), "name"
    )
    assert stored(portfolio_app) == before

    key = initiative_id(portfolio_app, "Claims triage")
    form = client.get(f"{PORTFOLIO}/initiatives/{key}").get_data(as_text=True)
    assert 'value="Claims triage"' in form and 'value="Data"' in form
    edited = client.post(
        f"{PORTFOLIO}/initiatives/{key}",
        data={
            "name": "Claims triage",
            "stage": "production",
            "value_band": "very-high",
            "delivery_team": "Ops",
        },
    )
    assert edited.status_code == 302
    assert stored(portfolio_app) == [(key, "Claims triage", "production", "very-high", "Ops", {})]
    bad_edit = client.post(
        f"{PORTFOLIO}/initiatives/{key}", data={"name": "Claims triage", "team_size": "-3"}
    )
    assert bad_edit.status_code == 422 and field_errors(bad_edit.get_data(as_text=True), "team_size")
    assert stored(portfolio_app)[0][2] == "production"

    assert client.post(f"{PORTFOLIO}/initiatives/{key}/delete").status_code == 302
    assert stored(portfolio_app) == []


def test_a_bad_register_file_lists_every_problem_by_row_and_stores_nothing(portfolio_app):
    client = self_assessor(portfolio_app)
    add(client, "Kept as it was", stage="idea")
    before = stored(portfolio_app)
    bad = b"name,stage,value_band,tested\nGood one,pilot,high,yes\nBad one,bogus,nope,maybe\n,idea,low,\n"
    response = client.post(f"{PORTFOLIO}/import", data={"register": (io.BytesIO(bad), "register.csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in html
    problems = re.search(r'id="import-problems">(.*?)</div>', html, re.S).group(1)
    for where in ("Row 3, stage", "Row 3, value_band", "Row 3, tested", "Row 4, name"):
        assert where in problems, where
    assert stored(portfolio_app) == before

    good = (
        b"name,stage,value_band,delivery_team,tested\n"
        b"Claims triage,pilot,high,Data,yes\nKept as it was,pilot,,,\n"
    )
    response = client.post(f"{PORTFOLIO}/import", data={"register": (io.BytesIO(good), "register.csv")})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 new, 1 updated and 0 unchanged" in page
    names = {row[1]: row for row in stored(portfolio_app)}
    assert names["Claims triage"][2:] == ("pilot", "high", "Data", {"tested": "yes"})
    assert names["Kept as it was"][2] == "pilot"

    empty = client.post(f"{PORTFOLIO}/import", data={})
    assert empty.status_code == 422 and "Choose the CSV file" in empty.get_data(as_text=True)


def test_the_register_downloads_as_a_formula_safe_csv_attachment(portfolio_app):
    client = self_assessor(portfolio_app)
    add(client, '=HYPERLINK("http://evil.example")', stage="pilot", value_band="high")
    response = client.get(f"{PORTFOLIO}/register.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Acme_Insurance_register.csv"'
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["name", "owner", "stage"] and rows[0][-3:] == [
        "tested",
        "can-roll-back",
        "agent-bounded",
    ]
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_the_gate_asks_its_questions_saves_the_answers_and_refuses_bad_codes(portfolio_app):
    client = self_assessor(portfolio_app)
    add(client, "Claims triage", stage="pilot", value_band="high")
    add(client, "Agent desk", stage="pilot", value_band="high", uses_agents="yes", autonomy="approve")
    key, agent = initiative_id(portfolio_app, "Claims triage"), initiative_id(portfolio_app, "Agent desk")
    page = client.get(f"{PORTFOLIO}/initiatives/{key}/gate").get_data(as_text=True)
    assert 'name="tested"' in page and 'name="can-roll-back"' in page
    assert 'name="uses-agents"' not in page  # the register answers it
    assert 'name="agent-bounded"' not in page  # not an agent initiative
    assert page.count('value="unknown"') == 2  # "Don't know" for each
    assert page.count('value="n/a"') == 1  # "Not applicable" only where the question allows it
    assert "Not answered yet" in page
    assert 'name="agent-bounded"' in client.get(f"{PORTFOLIO}/initiatives/{agent}/gate").get_data(
        as_text=True
    )

    saved = client.post(f"{PORTFOLIO}/initiatives/{key}/gate", data={"tested": "yes", "can-roll-back": "n/a"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#initiative-{key}")
    assert stored(portfolio_app)[0][5] == {"tested": "yes", "can-roll-back": "n/a"}
    page = client.get(f"{PORTFOLIO}/initiatives/{key}/gate").get_data(as_text=True)
    assert "pinned to version 1.0 of Small production gate" in page
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', page)

    before = stored(portfolio_app)
    for bad in ({"tested": "maybe"}, {"can-roll-back": "unknown", "tested": "n/a"}):
        refused = client.post(f"{PORTFOLIO}/initiatives/{key}/gate", data=bad)
        assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    assert stored(portfolio_app) == before


def points_and_areas(html: str) -> tuple[dict, dict]:
    """The matrix's points (key -> quadrant class, x, y) and quadrant rectangles, from the page's SVG."""
    points = {
        key: (quadrant, float(x), float(y))
        for quadrant, key, x, y in re.findall(
            r'class="matrix__point matrix__point--([a-z-]+)" data-key="(\d+)" '
            r'data-x="([\d.]+)" data-y="([\d.]+)"',
            html,
        )
    }
    areas = {
        quadrant: tuple(float(v) for v in box)
        for *box, quadrant in re.findall(
            r'<rect class="matrix__area[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" '
            r'data-quadrant="([a-z-]+)"',
            html,
        )
    }
    return points, areas


def test_the_matrix_places_each_initiative_in_the_quadrant_of_its_value_and_readiness(portfolio_app):
    client = self_assessor(portfolio_app)
    expected = {
        "Claims triage": ("very-high", DONE, "scale-now"),
        "Fraud scoring": ("high", {"tested": "no"}, "fix-then-scale"),
        "Meeting notes": ("low", DONE, "rethink"),
        "Chat widget": ("medium", {}, "stop"),
    }
    for name, (band, answers, _) in expected.items():
        add(client, name, stage="pilot", value_band=band)
        client.post(f"{PORTFOLIO}/initiatives/{initiative_id(portfolio_app, name)}/gate", data=answers)
    html = client.get(PORTFOLIO).get_data(as_text=True)
    points, areas = points_and_areas(html)
    assert set(areas) == {"scale-now", "fix-then-scale", "rethink", "stop"}
    for name, (_, _, quadrant) in expected.items():
        kind, x, y = points[str(initiative_id(portfolio_app, name))]
        left, top, width, height = areas[quadrant]
        assert kind == quadrant and left <= x <= left + width and top <= y <= top + height, name
    assert 'role="img"' in html and '<title id="matrix-title">' in html
    assert re.search(r'<table class="data" id="matrix-table">.*Meeting notes.*Rethink', html, re.S)
    # The blocked initiative says what blocks it; the ranked list begins with the one to scale now.
    fraud = html[html.index('id="initiative-' + str(initiative_id(portfolio_app, "Fraud scoring"))) :]
    assert (
        "1 blocker: 1 in the initiative's own gate answers" in fraud and "Gate answer: Not tested." in fraud
    )
    assert (
        html.index("Claims triage</h3>") < html.index("Fraud scoring</h3>") < html.index("Meeting notes</h3>")
    )


def test_blockers_name_the_roadmap_action_that_removes_them_and_the_what_if_clears_them(portfolio_app):
    client = self_assessor(portfolio_app, {**ORGANISATION_READY, "eval-changes": "manual-set"})
    add(client, "Claims triage", stage="pilot", value_band="high")
    add(client, "Untested", stage="pilot", value_band="low")
    client.post(f"{PORTFOLIO}/initiatives/{initiative_id(portfolio_app, 'Claims triage')}/gate", data=DONE)
    html = client.get(PORTFOLIO).get_data(as_text=True)
    assert "Check the fixed set for every change and record the results." in html
    assert "roadmap: the next 90 days" in html and "is at level 2 and needs level 3" in html
    unblock = html[html.index('id="unblock"') :]
    assert "Check the fixed set for every change" in unblock and "Claims triage" in unblock

    offer = client.get(f"{PORTFOLIO}/what-if").get_data(as_text=True)
    assert offer.index('value="eval-changes"') < offer.index('value="rollback"')  # blockers' actions first
    assert "Clears a blocker" in offer and "what-if-outcome" not in offer
    outcome = client.get(f"{PORTFOLIO}/what-if?done=eval-changes").get_data(as_text=True)
    section = outcome[outcome.index('id="what-if-outcome"') :]
    assert "would become ready for production: <strong>Claims triage</strong>" in section
    assert re.search(
        r"Claims triage</th><td>79.0% \(Blocked\)</td><td>100.0% \(Ready for production\)", section
    )
    assert "Untested" not in section.split("Readiness before and after")[0]
    assert re.search(r'value="eval-changes"[^>]*checked', outcome)
    unknown = client.get(f"{PORTFOLIO}/what-if?done=not-an-action").get_data(as_text=True)
    assert "what-if-outcome" not in unknown


def test_work_in_progress_over_the_limit_is_flagged_per_team(portfolio_app):
    client = self_assessor(portfolio_app)
    for name, team, stage in (
        ("One", "Data", "pilot"),
        ("Two", "Data", "experiment"),
        ("Three", "Data", "production"),
        ("Four", "Web", "pilot"),
    ):
        add(client, name, stage=stage, delivery_team=team)
    html = client.get(PORTFOLIO).get_data(as_text=True)
    assert "The limit is 2 in flight per team" in html and "Over the limit" not in html  # the gate's default
    refused = client.post(f"{PORTFOLIO}/wip-limit", data={"limit": "0"})
    assert refused.status_code == 422 and "Give a limit from 1 to 100" in refused.get_data(as_text=True)
    assert client.post(f"{PORTFOLIO}/wip-limit", data={"limit": "1"}).status_code == 302
    html = client.get(PORTFOLIO).get_data(as_text=True)
    wip = html[html.index('id="wip"') : html.index('id="unblock"')]
    assert re.search(r'<tr class="over"><th scope="row">Data</th><td>2</td><td>One, Two</td>', wip)
    assert "Over the limit of 1" in wip and re.search(
        r"<th scope=\"row\">Web</th><td>1</td>.*Within the limit", wip
    )
    assert 'value="1"' in client.get(f"{PORTFOLIO}/register").get_data(as_text=True)


def test_another_organisations_initiative_is_not_found(portfolio_app):
    owner = self_assessor(portfolio_app)
    add(owner, "Secret plan", stage="pilot")
    key = initiative_id(portfolio_app, "Secret plan")
    other = self_assessor(portfolio_app, name="Other Org")
    before = stored(portfolio_app)
    for method, path, data in (
        ("get", f"/initiatives/{key}", None),
        ("post", f"/initiatives/{key}", {"name": "Taken"}),
        ("get", f"/initiatives/{key}/gate", None),
        ("post", f"/initiatives/{key}/gate", {"tested": "yes"}),
        ("post", f"/initiatives/{key}/delete", None),
    ):
        response = getattr(other, method)(PORTFOLIO + path, data=data)
        assert response.status_code == 404, path
        assert "Secret plan" not in response.get_data(as_text=True)
    assert "Secret plan" not in other.get(f"{PORTFOLIO}/register").get_data(as_text=True)
    assert "Secret plan" not in other.get(f"{PORTFOLIO}/register.csv").get_data(as_text=True)
    assert stored(portfolio_app) == before


def test_initiative_text_is_escaped_everywhere_it_is_shown(portfolio_app):
    client = self_assessor(portfolio_app)
    name = "<script>alert(1)</script>"
    add(client, name, stage="pilot", value_band="high", delivery_team="<b>Team</b>", owner="<i>Ada</i>")
    key = initiative_id(portfolio_app, name)
    client.post(f"{PORTFOLIO}/wip-limit", data={"limit": "1"})
    add(client, "Second", stage="pilot", delivery_team="<b>Team</b>")
    for path in (
        "",
        "/register",
        f"/initiatives/{key}",
        f"/initiatives/{key}/gate",
        "/what-if?done=eval-changes",
    ):
        html = client.get(PORTFOLIO + path).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>Team" not in html and "<i>Ada" not in html, path
        if "what-if" not in path:  # the what-if names only initiatives whose readiness moves
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


# --- The real catalog: the flagship's production gate, a workshop, and a questionnaire without a gate ---


def test_a_questionnaire_without_a_gate_says_so_plainly(journey_app):
    client = journey_app.test_client()
    journeys.start(client, questionnaire="quick-check")
    for path in ("", "/register", "/what-if"):
        page = client.get(PORTFOLIO + path)
        assert page.status_code == 200
        assert "There is no production gate for AI execution quick check 2.0" in page.get_data(
            as_text=True
        ).replace("\n", " ")
    assert client.post(f"{PORTFOLIO}/initiatives", data={"name": "X"}).status_code == 200
    with journey_app.app_context():
        assert database.session.scalars(select(Initiative)).all() == []
    assert client.get(f"{PORTFOLIO}/register.csv").status_code == 404


def test_the_results_and_plan_pages_link_the_portfolio(journey_app):
    client = journey_app.test_client()
    journeys.start(client)
    journeys.answer_scope(client)
    assert 'href="/assessment/portfolio"' in client.get("/assessment/results").get_data(as_text=True)
    assert 'href="/assessment/portfolio"' in client.get("/assessment/plan").get_data(as_text=True)
    page = client.get(PORTFOLIO).get_data(as_text=True)
    assert "AI production gate 1.0" in page and "The register is empty" in page


def test_a_workshop_keeps_its_clients_portfolio_against_the_flagship_gate(journey_app, consultant, live_page):
    live = consultant.get(live_page).get_data(as_text=True)
    base = live_page.rstrip("/") + "/portfolio"
    assert f'href="{base}"' in live
    response = consultant.post(
        f"{base}/initiatives",
        data={"name": "Agent desk", "stage": "pilot", "value_band": "high", "uses_agents": "yes"},
    )
    assert response.status_code == 302 and response.headers["Location"] == f"{base}/register"
    key = initiative_id(journey_app, "Agent desk")
    gate = consultant.get(f"{base}/initiatives/{key}/gate").get_data(as_text=True)
    assert (
        'name="gate-owner"' in gate
        and 'name="gate-agent-limits"' in gate
        and 'name="gate-agents"' not in gate
    )
    assert (
        consultant.post(f"{base}/initiatives/{key}/gate", data={"gate-owner": "unknown"}).status_code == 302
    )
    page = consultant.get(base).get_data(as_text=True)
    assert "Agent desk" in page and "Autonomy asked for" in page  # no autonomy stated: the most is assumed
    assert 'href="' + live_page.rstrip("/") + '/plan"' in page
    # A self-assessor's initiative id is not found through the workshop.
    assessor = journey_app.test_client()
    journeys.start(assessor)
    assessor.post(f"{PORTFOLIO}/initiatives", data={"name": "Their own"})
    theirs = initiative_id(journey_app, "Their own")
    assert consultant.get(f"{base}/initiatives/{theirs}/gate").status_code == 404
    assert assessor.get(f"{PORTFOLIO}/initiatives/{key}").status_code == 404


def test_a_register_file_over_the_limit_gets_the_forms_message_not_a_413(portfolio_app):
    client = self_assessor(portfolio_app)
    big = b"name\n" + b"x" * MAX_BYTES
    response = closed(
        client.post(f"{PORTFOLIO}/import", data={"register": (io.BytesIO(big), "register.csv")})
    )
    assert response.status_code == 422
    assert "The file is too large: the limit is 1024 KB." in response.get_data(as_text=True)
    assert stored(portfolio_app) == []
    latin = client.post(f"{PORTFOLIO}/import", data={"register": (io.BytesIO(b"name\nCaf\xe9\n"), "r.csv")})
    assert latin.status_code == 422 and "not UTF-8" in latin.get_data(as_text=True)


def test_the_report_and_workbook_carry_the_portfolio_and_a_new_initiative_renews_the_report(
    portfolio_app, tmp_path
):
    from openpyxl import load_workbook

    from tests.support.reports import pdf_text

    client = self_assessor(portfolio_app)
    before = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "AI initiative portfolio" not in before  # no initiatives, no chapter
    add(client, "Claims triage", stage="pilot", value_band="very-high")
    key = initiative_id(portfolio_app, "Claims triage")
    client.post(f"{PORTFOLIO}/initiatives/{key}/gate", data={"tested": "yes", "can-roll-back": "yes"})
    after = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "AI initiative portfolio" in after and "Claims triage" in after  # not the cached report
    add(client, "Fraud scoring", stage="pilot", value_band="high")
    again = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "Fraud scoring" in again
    book = load_workbook(io.BytesIO(client.get("/assessment/report.xlsx").data))
    names = [row[1].value for row in book["Portfolio"].iter_rows(min_row=2)]
    assert {"Claims triage", "Fraud scoring"} <= set(names)


def test_the_group_report_carries_the_clients_portfolio(journey_app, consultant, live_page, tmp_path):
    from tests.support.reports import pdf_text

    journeys.answer(journeys.join(journey_app, journeys.join_code(journey_app)), "all-named")
    base = live_page.rstrip("/") + "/portfolio"
    consultant.post(f"{base}/initiatives", data={"name": "Underwriting copilot", "stage": "pilot"})
    report = live_page.rstrip("/") + "/report.pdf"
    text = pdf_text(consultant.get(report).data, tmp_path)
    assert "AI initiative portfolio" in text and "Underwriting copilot" in text
