"""A workshop's review in its group report and on its live page: a consultant validates a
participant's answer, and the report's figures and review page follow (the cached report too)."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Respondent, answers_of
from assessment.scoring.evidence import ReviewStatus
from assessment.services.evidence import review_answer
from assessment.web.assess.context import questionnaire_for
from tests.support.journeys import QUESTION, answer, join, join_code

REPORT = "/workspaces/1/workshops/1/report.pdf"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _validate_first(journey_app) -> None:
    """Grace Hopper validates the first participant's answer to the question."""
    with journey_app.app_context():
        db = database.session
        respondent = db.scalars(select(Respondent).order_by(Respondent.id)).first()
        questionnaire = questionnaire_for(respondent.assessment.questionnaire_version)
        answers = answers_of(db, respondent.id)
        review_answer(
            db, respondent, questionnaire, answers, QUESTION, ReviewStatus.VALIDATED, reviewer="Grace Hopper"
        )
        db.commit()


def test_the_group_report_and_live_page_follow_the_consultants_review(
    journey_app, consultant, live_page, tmp_path
):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    code = join_code(journey_app)
    answer(join(journey_app, code, "Product"), "all-named")
    answer(join(journey_app, code, "Engineering"), "none-named")
    assert consultant.post(
        "/workspaces/1/workshops/1/agreed", data={"question": QUESTION, "option": "all-named"}
    )

    before = _text(consultant.get(REPORT).data)
    assert "Review and evidence" in before
    assert "No answer has been reviewed yet: the evidenced level counts every answer as unanswered" in before
    live = " ".join(html.unescape(consultant.get(live_page).get_data(as_text=True)).split())
    assert "Review: 0 of 2 answers validated (0%), 0 challenged." in live
    assert "/workspaces/1/workshops/1/review" in live

    _validate_first(journey_app)
    after = _text(consultant.get(REPORT).data)  # not the cached report of before
    assert "No answer has been reviewed yet" not in after
    assert "1 of 2 answers validated (50%), 0 challenged" in after and "Reviewed by Grace Hopper." in after
    claimed, evidenced = map(
        float, re.search(r"Claimed: level ([\d.]+); evidenced: level ([\d.]+)", after).groups()
    )
    assert evidenced <= claimed
    live = " ".join(html.unescape(consultant.get(live_page).get_data(as_text=True)).split())
    assert "Review: 1 of 2 answers validated (50%), 0 challenged." in live
