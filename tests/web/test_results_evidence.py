"""The results page with reviews: claimed beside evidenced, the basis of the profile
comparison, and what changed and why after a retake whose plan had done actions."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from assessment.extensions import current_catalog, database
from assessment.persistence import Assessment, Respondent, answers_of
from assessment.scoring import build_roadmap, default_profile, score_answers
from assessment.scoring.evidence import ReviewStatus
from assessment.services.evidence import review_answer
from assessment.services.plan import seed_plan, update_action
from assessment.web.assess.context import questionnaire_for
from tests.support.journeys import answer_scope, autosave, start
from tests.support.reports import pdf_text


def _page(client, **query) -> str:
    response = client.get("/assessment/results", query_string=query)
    assert response.status_code == 200
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def _answered(journey_app, value="owners-report"):
    """A self-assessment with its scope and one maturity answer given."""
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", value, 1)
    return client


def _validate(journey_app, question="own-accountable-owner"):
    """A reviewer validates the latest respondent's answer to `question`."""
    with journey_app.app_context():
        db = database.session
        respondent = db.scalars(select(Respondent).order_by(Respondent.id.desc())).first()
        questionnaire = questionnaire_for(respondent.assessment.questionnaire_version)
        answers = answers_of(db, respondent.id)
        review_answer(
            db, respondent, questionnaire, answers, question, ReviewStatus.VALIDATED, reviewer="Grace Hopper"
        )
        db.commit()


def _dimension_cells(page: str, title: str) -> tuple[str, str]:
    """The claimed and evidenced cells of a row of the claimed-and-evidenced table."""
    table = page[page.index("<caption>Claimed and evidenced levels</caption>") :]
    row = re.search(rf"<th scope=\"row\">{re.escape(title)}</th> ?<td>(.*?)</td> ?<td>(.*?)</td>", table)
    assert row, table[:1500]
    return row.group(1), row.group(2)


def test_nothing_reviewed_says_so_and_shows_the_floor(journey_app):
    page = _page(_answered(journey_app))
    assert "Claimed and evidenced" in page
    assert "No answer has been reviewed yet: the evidenced level counts every answer as unanswered" in page


def test_a_validation_shows_in_the_review_line_and_the_evidenced_figures(journey_app):
    client = _answered(journey_app)
    before = _page(client)
    _validate(journey_app)
    after = _page(client)
    assert "No answer has been reviewed yet" not in after
    assert re.search(r"1 of \d+ answers validated \(\d+%\), 0 challenged", after)
    assert "Reviewed by Grace Hopper" in after
    # The validated answer now counts in the evidenced figures of its dimension; claimed stays put.
    claimed_before, evidenced_before = _dimension_cells(before, "Ownership and operating model")
    claimed_after, evidenced_after = _dimension_cells(after, "Ownership and operating model")
    assert claimed_before == claimed_after
    assert evidenced_before != evidenced_after


def test_the_profile_is_compared_on_the_chosen_basis(journey_app):
    client = _answered(journey_app)
    claimed = _page(client)
    evidenced = _page(client, basis="evidenced")
    assert "On claimed figures:" in claimed and "Scores by dimension, claimed figures" in claimed
    assert "On evidenced figures:" in evidenced and "Scores by dimension, evidenced figures" in evidenced
    assert '<option value="evidenced" selected>' in evidenced
    bogus = _page(client, basis="<script>")
    assert "On claimed figures:" in bogus and "<script>" not in bogus.split("<main")[-1].split("</main>")[0]


def test_a_retake_shows_the_done_actions_predicted_against_actual_lift(journey_app):
    client = _answered(journey_app, value="some-named")
    with journey_app.app_context():
        db = database.session
        assessment = db.scalars(select(Assessment)).one()
        questionnaire = questionnaire_for(assessment.questionnaire_version)
        answers = answers_of(db, assessment.respondents[0].id)
        profile = default_profile(current_catalog().profiles_for(questionnaire))
        roadmap = build_roadmap(questionnaire, score_answers(questionnaire, answers), profile)
        actions = seed_plan(db, assessment, questionnaire, roadmap)
        owner = next(a for a in actions if a.key == "own-accountable-owner")
        update_action(db, owner, owner="Ada", due_on=None, status="done", notes="", changed_by="Ada")
        db.commit()
    assert client.post("/assessment/retake", data={"start_from": "previous"}).status_code == 302
    autosave(client, "own-accountable-owner", "owners-report", 2)
    page = _page(client)
    assert "What changed and why" in page
    assert "Done actions: predicted against actual lift" in page
    row = re.search(
        r"<tr><th scope=\"row\">1\. ([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", page
    )
    assert row, page[page.index("What changed and why") :][:2000]
    predicted, actual = row.group(2), row.group(3)
    assert predicted.startswith("+") and actual.startswith("+")
    assert "Changes that line up with done actions" in page


def test_the_cached_pdf_changes_when_a_review_does(journey_app, tmp_path):
    client = _answered(journey_app)
    first = pdf_text(client.get("/assessment/report.pdf").data, tmp_path)
    assert "Review and evidence" in first and "Validated by Grace Hopper" not in first
    _validate(journey_app)
    second = " ".join(pdf_text(client.get("/assessment/report.pdf").data, tmp_path).split())
    assert "Validated by Grace Hopper" in second
