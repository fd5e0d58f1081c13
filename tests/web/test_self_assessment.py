"""An organisation assesses itself online: start, answer, resume anywhere, see results, retake."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from markupsafe import escape
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Answer, Assessment, Respondent, answers_of
from assessment.web.attempts import RESUME_PER_ADDRESS
from assessment.web.sections import PAGE_LENGTH, sections_that_apply
from tests.support.journeys import answer_scope, autosave, complete_quick_check, resume_url, start
from tests.support.reports import pdf_text


def count(app, model) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(model))


def stored_answers(app) -> dict[str, str]:
    with app.app_context():
        respondent = database.session.scalars(select(Respondent)).one()
        return answers_of(database.session, respondent.id)


def test_the_profile_must_be_complete_and_a_refused_profile_creates_nothing(journey_app):
    client = journey_app.test_client()
    response = client.post("/assessment/start/ai-execution", data={"name": "  ", "industry": "mining"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the organisation&#39;s name." in page and "Not a valid choice" in page
    assert count(journey_app, Assessment) == 0


def test_an_unknown_questionnaire_cannot_be_started(journey_app):
    assert journey_app.test_client().get("/assessment/start/nope").status_code == 404


def test_a_production_gate_is_not_an_assessment_anyone_can_start(journey_app):
    client = journey_app.test_client()
    assert client.get("/assessment/start/production-gate").status_code == 404
    landing = client.get("/").get_data(as_text=True)
    assert "AI production gate" not in landing and "/assessment/start/production-gate" not in landing


def test_starting_creates_a_self_assessment_with_one_respondent_and_a_private_link(journey_app):
    client = journey_app.test_client()
    start(client)
    response = client.get("/assessment/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "About your AI work" in page and "Your private link" in page
    with journey_app.app_context():
        assessment = database.session.scalars(select(Assessment)).one()
        assert assessment.kind == "self" and len(assessment.respondents) == 1
        assert assessment.benchmark_consent is True
        token = urlparse(resume_url(client)).path.rsplit("/", 1)[1]
        assert len(token) >= 32  # 192 bits in URL-safe base64
        assert assessment.respondents[0].token_hash != token


def test_form_posts_save_answers_and_move_to_the_next_page(journey_app):
    client = journey_app.test_client()
    start(client)
    response = answer_scope(client, next="1")
    assert response.headers["Location"].endswith("/assessment/section/leadership")  # ownership's first page
    assert stored_answers(journey_app) == {
        "scope-build-buy": "both",
        "scope-agents": "none",
        "scope-eu-high-risk": "none",
    }


def test_an_invalid_form_answer_is_refused_and_changes_nothing(journey_app):
    client = journey_app.test_client()
    start(client)
    response = client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "both", "scope-agents": "sometimes", "scope-eu-high-risk": "none"},
    )
    assert response.status_code == 422
    assert "Some answers were not saved" in response.get_data(as_text=True)
    assert stored_answers(journey_app) == {}


def test_scoping_out_agents_removes_the_agentic_page(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    assert client.get("/assessment/section/agentic").status_code == 404
    refused = autosave(client, "agent-autonomy", "none", 1)
    assert refused.status_code == 422 and refused.get_json()["error"] == "scoped-out"
    client.post(
        "/assessment/section/scope",
        data={"scope-build-buy": "both", "scope-agents": "planned", "scope-eu-high-risk": "none"},
    )
    assert client.get("/assessment/section/agentic").status_code == 200


def test_autosave_keeps_the_answer_given_last_whatever_arrives_when(journey_app):
    client = journey_app.test_client()
    start(client)
    assert autosave(client, "own-accountable-owner", "some-named", 10).get_json()["saved"] is True
    assert autosave(client, "own-accountable-owner", "all-named", 30).get_json()["saved"] is True
    late = autosave(client, "own-accountable-owner", "none-named", 20)  # sent before, arrived after
    assert late.status_code == 200 and late.get_json()["saved"] is False
    assert late.get_json()["kept"] == "all-named"  # the page can show the answer that stands
    assert (
        autosave(client, "own-accountable-owner", "all-named", 30).get_json()["saved"] is True
    )  # double submit
    assert stored_answers(journey_app) == {"own-accountable-owner": "all-named"}
    assert count(journey_app, Answer) == 1


def test_bad_autosaves_get_a_precise_error_and_change_nothing(journey_app):
    client = journey_app.test_client()
    start(client)
    autosave(client, "own-accountable-owner", "all-named", 5)
    cases = [
        ({"question": "own-accountable-owner", "value": "bogus", "seq": 6}, 422, "'bogus' is not an option"),
        (
            {"question": "no-such-question", "value": "x", "seq": 6},
            422,
            "There is no question 'no-such-question'",
        ),
        (
            {"question": "own-accountable-owner", "value": "x" * 65, "seq": 6},
            400,
            "longer than 64 characters",
        ),
        ({"question": "own-accountable-owner", "value": "all\x00named", "seq": 6}, 422, "is not an option"),
        (
            {"question": "own-accountable-owner", "value": "none-named", "seq": "6"},
            400,
            "'seq' must be a whole number",
        ),
        ({"question": "own-accountable-owner", "value": "n/a", "seq": 6}, 422, "'n/a' is not allowed"),
        ({"question": "own-map-use-case-approval", "value": "astrology", "seq": 6}, 422, "is not an owner"),
        (["not", "an", "object"], 400, "Send a JSON object"),
    ]
    for payload, status, message in cases:
        response = client.post("/assessment/answers", json=payload)
        assert response.status_code == status, payload
        assert message in response.get_json()["message"], response.get_json()
    assert stored_answers(journey_app) == {"own-accountable-owner": "all-named"}


def test_the_resume_link_continues_where_the_respondent_left_off_on_another_device(journey_app):
    first_device = journey_app.test_client()
    start(first_device)
    answer_scope(first_device)
    autosave(first_device, "own-accountable-owner", "all-named", 1)
    link = urlparse(resume_url(first_device)).path
    other_device = journey_app.test_client()
    assert other_device.get("/assessment/").status_code == 403
    response = other_device.get(link)
    assert response.headers["Location"].endswith("/assessment/")
    page = other_device.get("/assessment/", follow_redirects=True).get_data(as_text=True)
    assert "Ownership and operating model" in page
    assert re.search(r'<input checked[^>]*name="own-accountable-owner"[^>]*value="all-named"', page)


def test_one_respondent_cannot_touch_another_respondents_answers(journey_app):
    alice, bob = journey_app.test_client(), journey_app.test_client()
    start(alice, name="Alice Ltd")
    start(bob, name="Bob plc")
    autosave(alice, "own-accountable-owner", "all-named", 1)
    autosave(bob, "own-accountable-owner", "none-named", 2)
    with journey_app.app_context():
        by_name = {
            r.assessment.organisation.name: answers_of(database.session, r.id)
            for r in database.session.scalars(select(Respondent))
        }
    assert by_name == {
        "Alice Ltd": {"own-accountable-owner": "all-named"},
        "Bob plc": {"own-accountable-owner": "none-named"},
    }


def test_wrong_resume_tokens_are_refused_and_then_rate_limited(journey_app):
    client = journey_app.test_client()
    for attempt in range(RESUME_PER_ADDRESS):
        assert client.get(f"/assessment/resume/wrong-token-{attempt}").status_code == 404
    assert client.get("/assessment/resume/wrong-token-again").status_code == 429


def test_results_lead_with_a_verdict_then_level_index_completeness_profile_and_the_first_90_days(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", "all-named", 1)
    autosave(client, "own-decision-rights", "unclear", 2)
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "Your results" in page and "Overall level" in page and "Maturity index" in page
    assert "Completeness" in page and "Confidence: low" in page
    assert "Production baseline" in page and "not averages of other organisations" in page
    with journey_app.app_context():
        flagship = journey_app.extensions["catalog"].get("ai-execution")
    # The page leads with the answer: a verdict, then the first thing to do, before any figure.
    verdict = page.index('class="verdict"')
    assert verdict < page.index('class="verdict__first"') < page.index("Overall level")
    assert "Do first:" in page[verdict:]
    # Then the first 90 days: no more than seven actions, each with a suggested owner and an effort.
    plan = page[page.index("Your first 90 days") :]
    plan = plan[: plan.index("</ol>")]
    assert 1 <= plan.count('<p class="action__text">') <= 7
    efforts = re.findall(r"\b(?:small|medium|large) effort\b", plan, flags=re.IGNORECASE)
    assert len(efforts) == plan.count('<p class="action__text">')
    unclear = flagship.question("own-decision-rights").option("unclear")
    assert str(escape(unclear.recommendation)) in plan  # a critical gap is in the first 90 days
    assert "No peer figures yet: only 0 comparable organisations; peer figures need at least 10" in page
    chosen = client.get("/assessment/results?profile=safe-to-pilot").get_data(as_text=True)
    assert '<option value="safe-to-pilot" selected>' in chosen


def test_organisation_names_are_escaped_everywhere(journey_app):
    client = journey_app.test_client()
    start(client, name='<script>alert("x")</script>')
    answer_scope(client)
    for path in ("/assessment/section/scope", "/assessment/review", "/assessment/results"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, path


def test_retake_prefilled_links_to_the_previous_assessment_and_shows_the_trend(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", "some-named", 1)
    response = client.post("/assessment/retake", data={"start_from": "previous"})
    assert response.status_code == 302
    autosave(client, "own-accountable-owner", "owners-report", 2)
    with journey_app.app_context():
        first, second = database.session.scalars(select(Assessment).order_by(Assessment.id)).all()
        assert second.previous_id == first.id and second.organisation_id == first.organisation_id
        assert answers_of(database.session, second.respondents[0].id)["scope-agents"] == "none"
        assert answers_of(database.session, first.respondents[0].id)["own-accountable-owner"] == "some-named"
    page = client.get("/assessment/results").get_data(as_text=True)
    assert "Since your previous assessment" in page and "1 answer changed" in page


def test_blank_retake_starts_without_answers(journey_app):
    client = journey_app.test_client()
    start(client)
    autosave(client, "own-accountable-owner", "some-named", 1)
    client.post("/assessment/retake", data={"start_from": "blank"})
    with journey_app.app_context():
        latest = database.session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
        assert answers_of(database.session, latest.respondents[0].id) == {}


def test_a_closed_assessment_refuses_new_answers(journey_app):
    client = journey_app.test_client()
    start(client)
    with journey_app.app_context():
        assessment = database.session.scalars(select(Assessment)).one()
        assessment.status = "closed"
        database.session.commit()
    response = autosave(client, "own-accountable-owner", "all-named", 1)
    assert response.status_code == 409 and response.get_json()["error"] == "closed"
    assert stored_answers(journey_app) == {}


def test_pages_of_the_assessment_need_the_private_link(journey_app):
    client = journey_app.test_client()
    for path in ("/assessment/", "/assessment/section/scope", "/assessment/review", "/assessment/results"):
        assert client.get(path).status_code == 403
    assert autosave(client, "own-accountable-owner", "all-named", 1).status_code == 403


def test_peer_figures_appear_only_once_ten_consenting_organisations_have_answered(journey_app):
    for number in range(9):
        complete_quick_check(journey_app, f"Peer {number}", level_index=number % 5)
    complete_quick_check(journey_app, "Did not consent", level_index=4, consent=False)
    viewer = complete_quick_check(journey_app, "Viewer", level_index=2)
    page = viewer.get("/assessment/results").get_data(as_text=True)
    assert "No peer figures yet: only 9 comparable organisations" in page  # the viewer is not its own peer
    complete_quick_check(journey_app, "Peer 9", level_index=1)
    page = viewer.get("/assessment/results").get_data(as_text=True)
    assert "Compared with 10 organisations that agreed to anonymised comparison (indicative" in page
    assert "Peer median" in page and "Your percentile" not in page


def test_a_closed_assessment_shows_its_answers_read_only(journey_app):
    client = journey_app.test_client()
    start(client)
    autosave(client, "own-accountable-owner", "all-named", 1)
    with journey_app.app_context():
        assessment = database.session.scalars(select(Assessment)).one()
        assessment.status = "closed"
        database.session.commit()
    page = client.get("/assessment/section/leadership").get_data(as_text=True)
    assert "This assessment is closed: your answers are shown, but they can no longer change." in page
    assert '<fieldset class="plain" disabled>' in page and "Save and continue" not in page
    assert re.search(r'<input checked[^>]*value="all-named"', page)


def test_results_and_the_report_wait_until_every_scoping_question_is_answered(journey_app):
    client = journey_app.test_client()
    start(client, name="Undecided Ltd")
    autosave(client, "scope-eu-high-risk", "none", 1)
    for path in ("/assessment/results", "/assessment/report.pdf"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/assessment/review"), (
            path
        )
    review = " ".join(client.get("/assessment/review").get_data(as_text=True).split())
    assert "Answer these questions to see your results" in review and "See your results" not in review
    autosave(client, "scope-agents", "none", 2)
    assert client.get("/assessment/results").status_code == 302  # one scoping question is still open
    autosave(client, "scope-build-buy", "buy", 3)
    assert client.get("/assessment/results").status_code == 200


def test_respondents_see_the_options_in_order_without_the_level_each_scores(journey_app):
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    page = client.get("/assessment/section/leadership").get_data(as_text=True)
    with journey_app.app_context():
        question = journey_app.extensions["catalog"].get("ai-execution").question("own-accountable-owner")
    labels = [page.index(str(escape(option.label))) for option in question.options]
    assert labels == sorted(labels)  # least to most mature, as written
    assert "Level 1" not in page and "Level 5" not in page


def test_no_page_holds_more_than_about_ten_questions(journey_app):
    client = journey_app.test_client()
    start(client)
    scope = {
        "scope-build-buy": "both",
        "scope-agents": "in-production",
        "scope-eu-high-risk": "likely",
        "scope-eu-role": "both",
    }
    client.post("/assessment/section/scope", data=scope)
    with journey_app.app_context():
        flagship = journey_app.extensions["catalog"].get("ai-execution")
        pages = sections_that_apply(flagship, scope)
    assert all(len(page.questions) <= PAGE_LENGTH for page in pages)
    owners = client.get("/assessment/section/map-build-owners").get_data(as_text=True)
    assert "Who owns building and releasing</h1>" in owners
    maturity = client.get("/assessment/section/leadership").get_data(as_text=True)
    assert "Who approves a new AI use case to go ahead?" not in maturity


def test_the_results_page_and_the_pdf_say_the_same_after_a_retake(journey_app, tmp_path):
    """One view model: where the organisation stands (target, trend, progress to date) and
    what to do first read the same on the page and in the PDF."""
    client = journey_app.test_client()
    start(client)
    answer_scope(client)
    autosave(client, "own-accountable-owner", "some-named", 1)
    client.post("/assessment/retake", data={"start_from": "previous"})
    autosave(client, "own-accountable-owner", "owners-report", 2)

    page = client.get("/assessment/results").get_data(as_text=True)
    standing = re.search(r'<ul class="standing">(.*?)</ul>', page, re.S).group(1)
    lines = [" ".join(html.unescape(li).split()) for li in re.findall(r"<li>(.*?)</li>", standing, re.S)]
    first = " ".join(
        html.unescape(re.search(r'<p class="verdict__first">(.*?)</p>', page, re.S).group(1)).split()
    )
    printed = " ".join(
        pdf_text(client.get("/assessment/report.pdf").data, tmp_path).replace("\u00ad", "").split()
    )
    assert any(line.startswith("Since the previous assessment") for line in lines), lines
    for line in [*lines, first]:
        assert line in printed, line
