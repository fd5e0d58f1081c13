"""TEMPORARY: screenshots of the results page with a review (not committed)."""

from __future__ import annotations

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Respondent, answers_of
from assessment.scoring.evidence import ReviewStatus
from assessment.services.evidence import review_answer
from assessment.web.assess.context import questionnaire_for
from tests.browser.test_results_rules import choose, shoot, start


def test_shots(page, live_server, make_app, tmp_path):
    start(page, live_server)
    choose(page, "scope-eu-high-risk", "none")
    choose(page, "scope-agents", "none")
    choose(page, "scope-build-buy", "both")
    page.goto(live_server + "/assessment/section/own-roles")
    choose(page, "own-accountable-owner", "owners-report")
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}"})
    with app.app_context():
        db = database.session
        respondent = db.scalars(select(Respondent)).first()
        questionnaire = questionnaire_for(respondent.assessment.questionnaire_version)
        review_answer(
            db, respondent, questionnaire, answers_of(db, respondent.id), "own-accountable-owner",
            ReviewStatus.VALIDATED, reviewer="Grace Hopper",
        )
        db.commit()
    page.goto(live_server + "/assessment/results?basis=evidenced")
    shoot(page, "results-evidenced")
