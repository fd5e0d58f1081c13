"""The live view's polls cost what changed: an unchanged room answers 304 with no body, and a
room's scores computed by one app server are read, not computed again, by another."""

from __future__ import annotations

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Workshop
from assessment.persistence.room_scores import KEPT, stored_states
from assessment.questionnaire import QuestionKind
from assessment.web.workshops.room_scores import room_scores
from tests.support.journeys import PASSWORD, answer, join, join_code, sign_up


def poll(client, live: str, etag: str | None = None, view: str = ""):
    """One poll of the live figures, naming the panel already shown when `etag` is given."""
    headers = {"If-None-Match": f'"{etag}"'} if etag else {}
    return client.get(live + "live.json" + (f"?view={view}" if view else ""), headers=headers)


def computed(app) -> int:
    """How many times this app scored a room rather than finding its scores."""
    with app.app_context():
        return room_scores().computed


def maturity_question(flagship):
    """The first maturity question of the flagship and one of its options."""
    question = next(q for q in flagship.questions if q.kind is QuestionKind.MATURITY)
    return question.id, question.options[-1].id


def test_an_unchanged_room_answers_304_without_a_body_or_a_scoring(journey_app, consultant, live_page):
    code = join_code(journey_app)
    answer(join(journey_app, code, role="Product"), "none-named")
    first = poll(consultant, live_page)
    etag = first.get_etag()[0]
    assert first.status_code == 200 and first.get_json()["respondents"] == 1 and etag
    assert first.headers["Cache-Control"] == "private, no-cache"

    before = computed(journey_app)
    again = poll(consultant, live_page, etag)
    assert again.status_code == 304 and again.data == b""
    assert sum(len(name) + len(value) + 4 for name, value in again.headers.items()) < 1024  # headers only
    assert again.get_etag()[0] == etag
    assert computed(journey_app) == before  # nothing scored, nothing rendered
    assert len(first.data) > 10_000  # what each unchanged poll used to cost


def test_an_answer_saved_between_polls_brings_the_new_figures_under_a_new_etag(
    journey_app, consultant, live_page
):
    code = join_code(journey_app)
    participant = join(journey_app, code, role="Product")
    answer(participant, "none-named")
    first = poll(consultant, live_page)
    etag = first.get_etag()[0]

    second = join(journey_app, code, role="Security")
    answer(second, "all-named")
    changed = poll(consultant, live_page, etag)
    assert changed.status_code == 200 and changed.get_json()["respondents"] == 2
    assert changed.get_etag()[0] != etag

    # A participant changing an answer (a newer save of the same row) changes it again.
    later = changed.get_etag()[0]
    participant.post(
        "/assessment/answers", json={"question": "own-accountable-owner", "value": "all-named", "seq": 2}
    )
    moved = poll(consultant, live_page, later)
    assert moved.status_code == 200 and moved.get_etag()[0] != later
    assert moved.get_json()["dimensions"][0]["median"] > changed.get_json()["dimensions"][0]["median"]
    assert poll(consultant, live_page, moved.get_etag()[0]).status_code == 304


def test_an_agreed_answer_a_status_change_and_the_visibility_each_change_the_etag(
    journey_app, consultant, live_page, flagship
):
    answer(join(journey_app, join_code(journey_app)), "none-named")
    seen = [poll(consultant, live_page).get_etag()[0]]
    question, option = maturity_question(flagship)
    consultant.post(live_page + "agreed", data={"question": question, "option": option})
    consultant.post(live_page + "visibility", data={"visible": "yes"})
    consultant.post(live_page + "status", data={"action": "close"})
    for _ in range(3):
        response = poll(consultant, live_page, seen[-1])
        assert response.status_code in (200, 304)
        seen.append(response.get_etag()[0])
        if response.status_code == 304:
            break
    # Each change was made before the polls: the first poll after them is new, the second unchanged.
    assert seen[1] != seen[0] and seen[2] == seen[1]

    steps = []
    etag = seen[-1]
    for path, data in (
        ("agreed", {"question": question, "option": ""}),
        ("visibility", {"visible": "no"}),
        ("status", {"action": "reopen"}),
    ):
        consultant.post(live_page + path, data=data)
        response = poll(consultant, live_page, etag)
        assert response.status_code == 200, path
        steps.append(response.get_json())
        etag = response.get_etag()[0]
    assert steps[0]["agreed"] == [] and steps[1]["results_visible"] is False and steps[2]["status"] == "open"


def test_the_presenter_and_the_facilitator_views_have_different_etags(journey_app, consultant, live_page):
    answer(join(journey_app, join_code(journey_app)), "none-named")
    facilitator = poll(consultant, live_page)
    presenter = poll(consultant, live_page, view="presenter")
    assert facilitator.get_etag()[0] != presenter.get_etag()[0]
    assert poll(consultant, live_page, facilitator.get_etag()[0], view="presenter").status_code == 200
    assert poll(consultant, live_page, presenter.get_etag()[0], view="presenter").status_code == 304


def test_the_pages_carry_the_panels_etag_and_a_closed_workshop_tells_the_script_to_stop(
    journey_app, consultant, live_page
):
    etag = poll(consultant, live_page).get_etag()[0]
    page = consultant.get(live_page).get_data(as_text=True)
    assert f'data-live-etag="{etag}"' in page and 'data-live-open="yes"' in page
    presenter = poll(consultant, live_page, view="presenter").get_etag()[0]
    assert f'data-live-etag="{presenter}"' in consultant.get(live_page + "present").get_data(as_text=True)

    consultant.post(live_page + "status", data={"action": "close"})
    assert 'data-live-open="no"' in consultant.get(live_page).get_data(as_text=True)
    assert 'data-live-open="no"' in consultant.get(live_page + "present").get_data(as_text=True)


def test_another_workspaces_member_gets_404_even_with_the_right_etag(journey_app, consultant, live_page):
    etag = poll(consultant, live_page).get_etag()[0]
    stranger = journey_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    assert poll(stranger, live_page, etag).status_code == 404
    assert poll(stranger, live_page).status_code == 404
    assert poll(stranger, live_page.replace("/workspaces/1/", "/workspaces/2/"), etag).status_code == 404


def test_a_second_app_server_reads_the_stored_scores_instead_of_scoring_the_room(
    make_app, journey_app, consultant, live_page, database_url
):
    code = join_code(journey_app)
    for role, value in (("Product", "none-named"), ("Engineering", "all-named"), ("Security", "none-named")):
        answer(join(journey_app, code, role=role), value)
    first = poll(consultant, live_page)
    assert computed(journey_app) == 1

    other = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
    browser = other.test_client()
    signed_in = browser.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302
    elsewhere = poll(browser, live_page)
    assert computed(other) == 0  # read from the database, not scored again
    with other.app_context():
        assert room_scores().loaded == 1
    assert elsewhere.get_json() == first.get_json() | {"html": elsewhere.get_json()["html"]}
    assert elsewhere.get_etag() == first.get_etag()  # either server answers the other's 304
    assert poll(browser, live_page, first.get_etag()[0]).status_code == 304


def test_only_the_newest_states_of_a_room_are_kept(journey_app, consultant, live_page):
    code = join_code(journey_app)
    for number in range(KEPT + 2):
        answer(join(journey_app, code, role="Product"), "all-named" if number % 2 else "none-named")
        assert poll(consultant, live_page).status_code == 200  # a new state, scored and stored
    with journey_app.app_context():
        workshop_id = database.session.scalar(select(Workshop.id))
        assert stored_states(database.session, workshop_id) == KEPT
