"""A consultant runs a workshop: participants join by code, answer, and the room sees the results."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Assessment, Respondent, Workshop
from assessment.scoring.answers_file import read_answers
from assessment.web.attempts import JOIN_PER_ADDRESS
from tests.support.journeys import QUESTION, answer, join, join_code, make_workshop
from tests.support.reports import pdf_text


def test_a_workshop_is_an_assessment_of_kind_workshop_with_a_readable_code(
    journey_app, consultant, live_page
):
    page = consultant.get(live_page).get_data(as_text=True)
    code = join_code(journey_app)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    assert f"{code[:3]}-{code[3:]}" in page
    with journey_app.app_context():
        workshop = database.session.scalars(select(Workshop)).one()
        assert workshop.assessment.kind == "workshop" and workshop.roles == [
            "Product",
            "Engineering",
            "Security",
        ]


def test_participants_join_by_typed_code_pick_a_role_and_answer_on_the_assessment_pages(
    journey_app, consultant, live_page
):
    code = join_code(journey_app)
    participant = journey_app.test_client()
    typed = participant.post("/join", data={"code": f" {code[:3].lower()}-{code[3:]} "})
    assert typed.headers["Location"].endswith(f"/join/{code}")
    assert "Your role" in participant.get(f"/join/{code}").get_data(as_text=True)
    participant.post(f"/join/{code}", data={"role": "Security"})
    assert participant.get("/assessment/section/leadership").status_code == 200
    answer(participant, "all-named")
    with journey_app.app_context():
        respondent = database.session.scalars(select(Respondent)).one()
        assert respondent.role == "Security" and respondent.name is None
        assert respondent.assessment.kind == "workshop"


def test_a_named_workshop_asks_for_a_name_and_an_unknown_role_is_refused(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, participants="named")
    code = join_code(journey_app)
    participant = journey_app.test_client()
    assert participant.post(f"/join/{code}", data={"role": "Product"}).status_code == 422
    assert participant.post(f"/join/{code}", data={"role": "Astronaut", "name": "Bo"}).status_code == 422
    join(journey_app, code, role="Product", name="Grace")
    assert "Grace" in consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)


def test_wrong_codes_are_refused_and_rate_limited(journey_app):
    participant = journey_app.test_client()
    for _ in range(JOIN_PER_ADDRESS):
        assert participant.post("/join", data={"code": "ZZZZZZ"}).status_code == 422
    assert participant.post("/join", data={"code": "ZZZZZZ"}).status_code == 429
    assert participant.get("/join/ZZZZZZ").status_code == 429


def test_the_live_json_shows_completion_medians_divergence_role_gaps_and_ownership(
    journey_app, consultant, live_page
):
    code = join_code(journey_app)
    answer(join(journey_app, code, "Product"), "all-named")
    answer(join(journey_app, code, "Engineering"), "none-named")
    body = consultant.get("/workspaces/1/workshops/1/live.json").get_json()
    assert body["respondents"] == 2 and body["completed"] == 0
    ownership = next(d for d in body["dimensions"] if d["id"] == "ownership")
    assert ownership["median"] is not None and ownership["agreement"] < 1
    assert body["divergent"][0]["id"] == QUESTION
    assert {g["high_role"] for g in body["role_gaps"]} == {"Product"}
    assert "Most divergent questions" in body["html"] and "Participant 1" in body["html"]
    presenter = consultant.get("/workspaces/1/workshops/1/live.json?view=presenter").get_json()
    assert "Participant 1" not in presenter["html"] and "<form" not in presenter["html"]


def test_the_facilitator_records_an_agreed_answer_shown_beside_the_first_round(
    journey_app, consultant, live_page
):
    code = join_code(journey_app)
    answer(join(journey_app, code, "Product"), "all-named")
    answer(join(journey_app, code, "Engineering"), "none-named")
    url = "/workspaces/1/workshops/1/agreed"
    assert consultant.post(url, data={"question": QUESTION, "option": "nonsense"}).status_code == 422
    assert consultant.post(url, data={"question": QUESTION, "option": "all-named"}).status_code == 302
    body = consultant.get("/workspaces/1/workshops/1/live.json").get_json()
    assert body["agreed"][0]["option"] == "all-named"
    assert body["agreed"][0]["first_round"]["distribution"] == {"none-named": 1, "all-named": 1}
    assert "Agreed answers beside the first round" in body["html"]


def test_closing_stops_answers_and_joining_and_reopening_allows_them_again(
    journey_app, consultant, live_page
):
    code = join_code(journey_app)
    participant = join(journey_app, code)
    consultant.post("/workspaces/1/workshops/1/status", data={"action": "close"})
    late = participant.post(
        "/assessment/answers", json={"question": QUESTION, "value": "none-named", "seq": 2}
    )
    assert late.status_code == 409
    assert journey_app.test_client().post(f"/join/{code}", data={"role": "Product"}).status_code == 409
    consultant.post("/workspaces/1/workshops/1/status", data={"action": "reopen"})
    answer(participant, "none-named")


def test_a_workshop_past_its_close_date_closes_itself(journey_app, consultant, live_page):
    participant = join(journey_app, join_code(journey_app))
    with journey_app.app_context():
        from datetime import UTC, datetime

        workshop = database.session.scalars(select(Workshop)).one()
        workshop.closes_at = datetime(2020, 1, 1, tzinfo=UTC)
        database.session.commit()
    late = participant.post(
        "/assessment/answers", json={"question": QUESTION, "value": "none-named", "seq": 2}
    )
    assert late.status_code == 409
    with journey_app.app_context():
        assert database.session.scalars(select(Assessment)).one().status == "closed"


def test_participants_see_the_room_results_only_once_revealed(journey_app, consultant, live_page):
    participant = join(journey_app, join_code(journey_app))
    answer(participant, "all-named")
    assert "has not shared" in participant.get("/workshop/results").get_data(as_text=True)
    consultant.post("/workspaces/1/workshops/1/visibility", data={"visible": "yes"})
    page = participant.get("/workshop/results").get_data(as_text=True)
    assert "Dimensions" in page and "Participant 1" not in page
    assert journey_app.test_client().get("/workshop/results").status_code == 403


def test_the_presenter_page_shows_the_code_and_a_qr_code_of_the_join_link(journey_app, consultant, live_page):
    code = join_code(journey_app)
    page = consultant.get("/workspaces/1/workshops/1/present").get_data(as_text=True)
    assert f"{code[:3]}-{code[3:]}" in page and "qr.svg" in page
    svg = consultant.get("/workspaces/1/workshops/1/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).startswith("<svg")


def test_answers_export_as_csv_and_json_without_spreadsheet_formulas(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, participants="named")
    answer(join(journey_app, join_code(journey_app), "Product", name="=HYPERLINK(1)"), "all-named")
    csv_text = consultant.get("/workspaces/1/workshops/1/answers.csv").get_data(as_text=True)
    header, row = csv_text.splitlines()
    assert header.startswith("participant,role,question_id,question,answer_id,answer,level,")
    assert row.startswith(f"'=HYPERLINK(1),Product,{QUESTION},")
    body = json.loads(consultant.get("/workspaces/1/workshops/1/answers.json").get_data(as_text=True))
    assert body["questionnaire"] == "ai-execution"
    assert body["respondents"] == [
        {"participant": "=HYPERLINK(1)", "role": "Product", "answers": {QUESTION: "all-named"}}
    ]


def test_the_exported_answers_json_is_an_answers_file_the_commands_read(journey_app, tmp_path):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    answer(join(journey_app, join_code(journey_app), "Product"), "all-named")
    answer(join(journey_app, join_code(journey_app)), "none-named")
    exported = consultant.get("/workspaces/1/workshops/1/answers.json").get_data(as_text=True)
    parsed = read_answers(json.loads(exported))
    assert parsed.group and parsed.questionnaire == "ai-execution"
    assert [(r.role, dict(r.answers)) for r in parsed.respondents] == [
        ("Product", {QUESTION: "all-named"}),
        ("Product", {QUESTION: "none-named"}),
    ]
    path = tmp_path / "workshop.json"
    path.write_text(exported, encoding="utf-8")
    result = journey_app.test_cli_runner().invoke(args=["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["respondents"] == 2


def test_a_second_workshop_compares_its_medians_with_the_previous_one(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, title="Spring")
    answer(join(journey_app, join_code(journey_app, "Spring")), "none-named")
    make_workshop(journey_app, consultant, title="Autumn", same_client=True)
    answer(join(journey_app, join_code(journey_app, "Autumn")), "all-named")
    page = consultant.get("/workspaces/1/workshops/2/compare").get_data(as_text=True)
    assert "Spring" in page and "Ownership" in page and re.search(r"\+\d\.\d", page)
    first = consultant.get("/workspaces/1/workshops/1/compare").get_data(as_text=True)
    assert "no earlier workshop" in first


def test_the_demo_command_gives_a_newcomer_a_full_live_view_labelled_as_generated(journey_app):
    result = journey_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    email = re.search(r"as (\S+@example\.com)", result.output).group(1)
    password = re.search(r"password \(shown once\): (\S+)", result.output).group(1)
    live = re.search(r"live view: (\S+)", result.output).group(1)
    consultant = journey_app.test_client()
    consultant.post("/account/login", data={"email": email, "password": password})
    body = consultant.get(live + "live.json").get_json()
    assert body["respondents"] == 24 and 0 < body["completed"] < 24
    assert len(body["divergent"]) == 10 and body["role_gaps"] and body["ownership"]
    assert "Generated demo data" in body["html"] and "(demo)" in body["html"]
    with journey_app.app_context():
        assert database.session.scalars(select(Assessment)).one().is_demo is True
    review = consultant.get(live + "review").get_data(as_text=True)
    assert "Generated demo evidence" in review and "Validated by Demo reviewer (generated)" in review
    assert "Challenged by Demo reviewer (generated)" in review
    plan = consultant.get(live + "plan").get_data(as_text=True)
    assert re.search(r"1 of \d+ actions done", plan) and "(generated)" in plan
    portfolio = consultant.get(live + "portfolio").get_data(as_text=True)
    assert "Underwriting copilot" in portfolio and "Claims AI" in portfolio  # the example register


def test_the_facilitator_downloads_the_group_report_as_pdf(journey_app, consultant, live_page):
    answer(join(journey_app, join_code(journey_app)), "all-named")
    response = consultant.get("/workspaces/1/workshops/1/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_the_facilitator_downloads_the_rooms_figures_as_an_excel_workbook(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, target_profile="production-baseline")
    for value in ("all-named", "none-named"):
        answer(join(journey_app, join_code(journey_app)), value)
    response = consultant.get("/workspaces/1/workshops/1/workbook.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(response.data))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Participants"] == 2 and summary["Target profile"] == "Production baseline"
    assert journey_app.test_client().get("/workspaces/1/workshops/1/workbook.xlsx").status_code in (302, 401)


def test_the_facilitator_downloads_the_room_as_a_powerpoint_deck_in_the_workspaces_branding(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, target_profile="production-baseline")
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "#7a1f5c").save(logo, format="PNG")
    branded = consultant.post(
        "/workspaces/1/branding",
        data={"accent": "#7a1f5c", "logo": (io.BytesIO(logo.getvalue()), "logo.png")},
    )
    assert branded.status_code == 302
    for value in ("all-named", "none-named"):
        answer(join(journey_app, join_code(journey_app)), value)
    live = consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)
    assert "/workspaces/1/workshops/1/deck.pptx" in live
    response = consultant.get("/workspaces/1/workshops/1/deck.pptx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response.headers["Content-Disposition"] == 'attachment; filename="workshop-1-slides.pptx"'
    deck = Presentation(io.BytesIO(response.data))
    slides = {slide.shapes.title.text: slide for slide in deck.slides}
    assert deck.slides[0].shapes.title.text == "Acme Insurance"
    assert [s for s in deck.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]  # the logo
    glance = " ".join(s.text_frame.text for s in slides["The room at a glance"].shapes if s.has_text_frame)
    assert "2 Respondents" in glance and "The room is at level" in glance and "Ada Consulting" in glance
    (table,) = [s.table for s in slides["Participation by role"].shapes if s.has_table]
    assert str(table.cell(0, 0).fill.fore_color.rgb) == "7A1F5C"
    assert [[c.text for c in row.cells][:2] for row in list(table.rows)[1:]] == [["Product", "2"]]
    assert journey_app.test_client().get("/workspaces/1/workshops/1/deck.pptx").status_code in (302, 401)


def test_the_group_report_sets_the_room_against_the_workshops_profile(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, target_profile="production-baseline")
    for value in ("all-named", "none-named", "some-named"):
        answer(join(journey_app, join_code(journey_app)), value)
    text = " ".join(pdf_text(consultant.get("/workspaces/1/workshops/1/report.pdf").data, tmp_path).split())
    assert "Against the targets" in text and "Production baseline" in text
    assert "Drawn from the room's answers" in text


def test_a_room_nobody_has_answered_gets_a_reason_instead_of_a_group_report(consultant, live_page):
    response = consultant.get(live_page.rstrip("/") + "/report.pdf")
    assert response.status_code == 409
    assert "Nobody in the room has answered yet" in response.get_data(as_text=True)
