"""What a respondent and a consultant see of content 2.0: outcome facts from the form to
the report, shared ownership, pages of at most ten questions, and a retake on 2.0 of an
assessment made on 1.1, with the trend computed through the crosswalk."""

from __future__ import annotations

from sqlalchemy import select

from assessment.extensions import current_catalog, database
from assessment.persistence import Assessment, Respondent, answers_of
from assessment.web.sections import PAGE_LENGTH, all_sections
from tests.support import factories
from tests.support.journeys import autosave, start
from tests.support.reports import pdf_text

#: A sequence number later than any form post's (those use the server's clock in microseconds).
LATE = 2**61
SCOPE = {
    "scope-build-buy": "both",
    "scope-agents": "none",
    "scope-eu-high-risk": "none",
}


def stored(app) -> dict[str, str]:
    with app.app_context():
        respondent = database.session.scalars(select(Respondent).order_by(Respondent.id.desc())).first()
        return answers_of(database.session, respondent.id)


def test_every_page_of_the_flagship_holds_at_most_ten_questions(journey_app):
    with journey_app.app_context():
        flagship = current_catalog().get("ai-execution")
        pages = all_sections(flagship)
    assert PAGE_LENGTH == 10
    assert max(len(page.questions) for page in pages) <= 10
    asked = [q.id for page in pages for q in page.questions]
    assert sorted(asked) == sorted(q.id for q in flagship.questions)  # every question on exactly one page
    titles = [page.title for page in pages]
    assert "Outcomes so far" in titles and titles[-1] == "Outcomes so far"


def test_facts_are_typed_checked_stored_in_one_form_and_shown_beside_the_scores(journey_app, tmp_path):
    client = journey_app.test_client()
    start(client)
    client.post("/assessment/section/scope", data=SCOPE)
    refused = client.post(
        "/assessment/section/outcomes",
        data={"out-pilots-started": "twelve", "out-pilots-to-production": "3"},
    )
    assert refused.status_code == 422
    assert "Enter a number (pilots), for example 12." in refused.get_data(as_text=True)
    assert "out-pilots-to-production" not in stored(journey_app)  # a refused page changes nothing

    both = client.post(
        "/assessment/section/outcomes", data={"out-pilots-started": "4", "out-pilots-started--unknown": "y"}
    )
    assert both.status_code == 422
    assert "Enter a figure or choose Don&#39;t know, not both." in both.get_data(as_text=True)

    saved = client.post(
        "/assessment/section/outcomes",
        data={
            "out-pilots-started": " 1,200 ",
            "out-pilots-to-production": "30",
            "out-weeks-to-production": "26.5",
            "out-value-measured": "40",
            "out-ai-incidents--unknown": "y",
        },
    )
    assert saved.status_code == 302
    answers = stored(journey_app)
    assert answers["out-pilots-started"] == "1200" and answers["out-weeks-to-production"] == "26.5"
    assert answers["out-ai-incidents"] == "unknown"

    # The page's script sends figures as typed; the server stores them in one form or says why not.
    assert autosave(client, "out-pilots-stopped", "2,000", LATE).get_json()["value"] == "2000"
    bad = autosave(client, "out-value-measured", "140", LATE + 1)
    assert bad.status_code == 422 and bad.get_json()["message"] == "Enter a number from 0 to 100 (percent)."
    assert stored(journey_app)["out-value-measured"] == "40"

    response = client.get("/assessment/results")
    assert response.status_code == 200
    results = response.get_data(as_text=True)
    assert results.count("Outcomes so far") == 1
    assert "1200 pilots" in results and "26.5 weeks" in results and "40 percent" in results

    report = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "Outcomes so far" in report and "1200 pilots" in report


def test_the_scores_are_the_same_with_and_without_outcome_facts(journey_app):
    from assessment.scoring import score_answers

    with journey_app.app_context():
        flagship = current_catalog().get("ai-execution")
    practice = {
        **SCOPE,
        "own-accountable-owner": "all-named",
        "gov-inventory": flagship.question("gov-inventory").option_ids[3],
    }
    facts = {"out-pilots-started": "10", "out-pilots-to-production": "1", "out-ai-incidents": "3"}
    without = score_answers(flagship, practice)
    with_them = score_answers(flagship, {**practice, **facts})
    assert [(d.id, d.score, d.level) for d in without.dimensions] == [
        (d.id, d.score, d.level) for d in with_them.dimensions
    ]
    assert (without.score, without.level, without.completeness) == (
        with_them.score,
        with_them.level,
        with_them.completeness,
    )
    assert dict(with_them.facts)["out-pilots-started"] == "10"


def test_several_functions_can_share_an_activity_and_results_say_it_is_shared(journey_app):
    client = journey_app.test_client()
    start(client)
    client.post("/assessment/section/scope", data=SCOPE)
    with journey_app.app_context():
        flagship = current_catalog().get("ai-execution")
        owners_page = next(p for p in all_sections(flagship) if p.id.endswith("-owners"))
    activity = owners_page.questions[0].id
    page = client.get(f"/assessment/section/{owners_page.id}").get_data(as_text=True)
    assert f'name="{activity}" type="checkbox" value="legal"' in page

    too_many = client.post(
        f"/assessment/section/{owners_page.id}", data={activity: ["product", "security", "legal", "risk"]}
    )
    assert too_many.status_code == 422
    assert "Choose at most 3 functions." in too_many.get_data(as_text=True)
    mixed = client.post(f"/assessment/section/{owners_page.id}", data={activity: ["nobody", "product"]})
    assert mixed.status_code == 422 and "not both" in mixed.get_data(as_text=True)
    assert activity not in stored(journey_app)

    assert (
        client.post(
            f"/assessment/section/{owners_page.id}", data={activity: ["security", "product"]}
        ).status_code
        == 302
    )
    assert stored(journey_app)[activity] == "product+security"
    reloaded = client.get(f"/assessment/section/{owners_page.id}").get_data(as_text=True)
    assert reloaded.count("checked") >= 2

    # The script sends the same code; an unsorted or repeated one is refused.
    assert autosave(client, activity, "legal+product", LATE).status_code == 200
    assert autosave(client, activity, "product+legal", LATE + 1).status_code == 422
    results = client.get("/assessment/results").get_data(as_text=True)
    assert "Legal and Product (shared)" in results


def make_earlier_assessment(app, answers: dict[str, str]) -> str:
    """An assessment answered on the archived 1.1 flagship, as one started before 2.0 shipped."""
    with app.app_context():
        earlier = current_catalog().archived["ai-execution@1"]
        _, token = factories.self_assessed(database.session, earlier, answers)
        database.session.commit()
        return token


EARLIER_ANSWERS = {
    "scope-agents": "none",
    "scope-eu-high-risk": "none",
    "own-accountable-owner": "some-named",  # carried: same practice, same state
    "gov-data-protection": "enforced",  # split in 2.0: carried to neither half
    "own-map-incidents": "operations",
}


def test_an_assessment_started_on_1_1_stays_on_1_1(journey_app):
    token = make_earlier_assessment(journey_app, {"scope-agents": "none"})
    client = journey_app.test_client()
    assert client.get(f"/assessment/resume/{token}").status_code in (200, 302)
    scope = client.get("/assessment/section/scope").get_data(as_text=True)
    assert "scope-eu-high-risk" in scope and "scope-build-buy" not in scope
    assert autosave(client, "gov-data-protection", "enforced", LATE).status_code == 200
    assert autosave(client, "gov-system-data", "none", LATE + 1).status_code == 422


def test_a_retake_on_2_1_of_a_1_1_assessment_carries_what_maps_and_shows_a_like_for_like_trend(
    journey_app, tmp_path
):
    token = make_earlier_assessment(journey_app, EARLIER_ANSWERS)
    client = journey_app.test_client()
    client.get(f"/assessment/resume/{token}")
    response = client.post("/assessment/retake", data={"start_from": "previous"})
    assert response.status_code == 302
    with journey_app.app_context():
        newest = database.session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
        assert newest.questionnaire_version.version == "2.1"
    carried = stored(journey_app)
    assert carried["own-accountable-owner"] == "some-named"
    assert carried["own-map-incidents"] == "operations"
    assert "gov-data-protection" not in carried
    assert not {"gov-system-data", "gov-staff-ai-data"} & set(carried)

    client.post("/assessment/section/scope", data=SCOPE)
    autosave(client, "own-accountable-owner", "all-named", LATE)
    results = client.get("/assessment/results").get_data(as_text=True)
    assert "Your previous assessment used version 1.1 of the questionnaire; this one uses 2.1." in results
    assert "like for like" in results
    assert "Split" in results or "split" in results  # gov-data-protection's reason, from the crosswalk
    assert "New in 2.1: no counterpart in 1.1." in results

    report = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "made on version 1.1 of the questionnaire and this one on 2.1" in report
    assert "Not compared, and why" in report
