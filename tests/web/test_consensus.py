"""The consensus round on the live view: the picker finds any question the room may agree on
without a script, the agreed answer is recorded for any of them and refused with its reason
for anything else, only the workshop's own consultants may do it, the divergent cards keep
their order, and a bar's colours mean the same answer on every row."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import AgreedAnswer
from assessment.web.workshops.bars import OWNER_TONES, answer_parts, owner_parts, segments
from tests.support import ROOT
from tests.support.journeys import join, join_code, sign_up

#: Eleven questions the room splits on, and one it agrees on: outside the ten divergent cards.
SPLIT = [
    "own-accountable-owner",
    "own-decision-rights",
    "own-ai-strategy",
    "own-sponsorship",
    "own-delivery-team",
    "own-programme-leadership",
    "own-dependencies",
    "own-handover",
    "own-shared-enablement",
    "own-scaling",
    "own-skills",
]
CALM = "prio-value-tracking"  # "After launch, how is the value an AI system delivers measured?"
LIVE = "/workspaces/1/workshops/1/"


def split_room(app, flagship) -> None:
    """Two participants who disagree on SPLIT (first against last option) and agree on CALM."""
    code = join_code(app)
    for position, role in ((0, "Product"), (-1, "Engineering")):
        participant = join(app, code, role)
        given = [(q, flagship.question(q).options[position].id) for q in SPLIT]
        given.append((CALM, "result-measured"))
        for seq, (question, option) in enumerate(given, start=1):
            saved = participant.post(
                "/assessment/answers", json={"question": question, "value": option, "seq": seq}
            )
            assert saved.status_code == 200, saved.get_data(as_text=True)


def agreed_rows(app) -> list[tuple[str, str]]:
    """The agreed answers stored, as (question, option)."""
    with app.app_context():
        return sorted(database.session.execute(select(AgreedAnswer.question_id, AgreedAnswer.option_id)))


def picker_items(page: str) -> dict[str, bool]:
    """The picker's questions on a page: question id -> shown (not hidden)."""
    items = re.findall(r'<li( hidden)?><a href="[^"]*question=([a-z0-9-]+)', page)
    return {question: not hidden for hidden, question in items}


def test_the_picker_lists_the_matches_of_a_search_without_a_script(
    journey_app, consultant, live_page, catalog
):
    flagship = catalog.get("ai-execution")
    page = consultant.get(live_page).get_data(as_text=True)
    items = picker_items(page)
    assert len(items) == len(flagship.maturity_questions) and not any(items.values())  # nothing searched yet
    assert "Agree on any question" in page

    found = picker_items(consultant.get(live_page + "?q=value+LAUNCH").get_data(as_text=True))
    assert found[CALM] and not found["own-accountable-owner"]
    assert all(
        "value" in (q := flagship.question(qid)).text.lower() + qid and "launch" in q.text.lower() + qid
        for qid, shown in found.items()
        if shown
    )
    by_id = picker_items(consultant.get(live_page + "?q=prio-value").get_data(as_text=True))
    assert by_id[CALM]
    by_dimension = picker_items(consultant.get(live_page + "?q=prioritization").get_data(as_text=True))
    assert by_dimension[CALM] and not by_dimension["own-skills"]
    everything = picker_items(consultant.get(live_page + "?q=").get_data(as_text=True))
    assert all(everything.values())  # an empty search lists every question
    hostile = consultant.get(live_page + "?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)" in hostile


def test_a_question_outside_the_divergent_ten_is_opened_and_agreed(
    journey_app, consultant, live_page, catalog
):
    split_room(journey_app, catalog.get("ai-execution"))
    body = consultant.get(LIVE + "live.json").get_json()
    assert len(body["divergent"]) == 10 and CALM not in [d["id"] for d in body["divergent"]]

    page = consultant.get(LIVE + f"?q=launch&question={CALM}").get_data(as_text=True)
    card = page[page.index('data-cards="chosen"') :]
    assert f'id="consensus-{CALM}"' in card and f'id="agreed-{CALM}"' in card
    # The room's answers, with a legend: both participants gave the measured result.
    measured = next(
        o.label for o in catalog.get("ai-execution").question(CALM).options if o.id == "result-measured"
    )
    assert f'<span class="bar__count">2</span> {escape(measured)}</span>' in card

    recorded = consultant.post(LIVE + "agreed", data={"question": CALM, "option": "acted-on"})
    assert recorded.status_code == 302
    assert recorded.headers["Location"].endswith(f"{LIVE}?question={CALM}#consensus-{CALM}")
    assert agreed_rows(journey_app) == [(CALM, "acted-on")]
    after = consultant.get(recorded.headers["Location"]).get_data(as_text=True)
    chosen = after[after.index('data-cards="chosen"') :]
    assert '<option value="acted-on" selected>' in chosen
    polled = consultant.get(LIVE + f"live.json?question={CALM}").get_json()
    assert [a["question"] for a in polled["agreed"]] == [CALM] and f'id="consensus-{CALM}"' in polled["html"]
    assert "data-same></ul>" in polled["html"] and not picker_items(
        polled["html"]
    )  # the list stays on the page


def test_the_divergent_cards_keep_questionnaire_order(journey_app, consultant, live_page, catalog):
    flagship = catalog.get("ai-execution")
    split_room(journey_app, flagship)
    order = [q.id for q in flagship.maturity_questions]
    shown = [d["id"] for d in consultant.get(LIVE + "live.json").get_json()["divergent"]]
    assert shown == sorted(shown, key=order.index)
    page = consultant.get(LIVE).get_data(as_text=True)
    assert re.findall(r'<li class="card consensus-card" id="consensus-([a-z0-9-]+)"', page)[:10] == shown


def test_a_question_or_answer_the_questionnaire_lacks_is_refused_and_nothing_changes(
    journey_app, consultant, live_page, catalog
):
    split_room(journey_app, catalog.get("ai-execution"))
    consultant.post(LIVE + "agreed", data={"question": CALM, "option": "acted-on"})
    refusals = {
        ("fnd-owner", "named"): "No question “fnd-owner” of this workshop",
        ("own-map-use-case-approval", "product"): "No question “own-map-use-case-approval”",
        (CALM, "all-named"): "“all-named” is not one of the answers to “After launch, how is the value",
        ("<b>x</b>", "y"): "No question “&lt;b&gt;x&lt;/b&gt;”",
    }
    for (question, option), reason in refusals.items():
        response = consultant.post(LIVE + "agreed", data={"question": question, "option": option})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, (question, option)
        assert reason in page and "Nothing was changed." in page and "<b>x</b>" not in page
        assert agreed_rows(journey_app) == [(CALM, "acted-on")]
    wrong_option = consultant.post(LIVE + "agreed", data={"question": CALM, "option": "nope"}).get_data(
        as_text=True
    )
    assert f'href="#consensus-{CALM}"' in wrong_option and f'id="consensus-{CALM}"' in wrong_option
    assert consultant.post(LIVE + "agreed", data={"option": "acted-on"}).status_code == 400
    unknown = consultant.get(LIVE + "?question=nonsense").get_data(as_text=True)
    assert "No question “nonsense” of this questionnaire can be agreed on." in unknown


def test_only_the_workshops_consultants_see_the_picker_or_record(journey_app, consultant, live_page, catalog):
    split_room(journey_app, catalog.get("ai-execution"))
    other = journey_app.test_client()
    sign_up(other, "bo@example.com", "Bo Consulting")
    form = {"question": CALM, "option": "acted-on"}
    assert other.get(LIVE + f"?q=launch&question={CALM}").status_code == 404
    assert other.get(LIVE + f"live.json?question={CALM}").status_code == 404
    assert other.post(LIVE + "agreed", data=form).status_code == 404
    assert other.post("/workspaces/2/workshops/1/agreed", data=form).status_code == 404
    participant = join(journey_app, join_code(journey_app), "Security")
    for refused in (
        participant.post(LIVE + "agreed", data=form),
        journey_app.test_client().post(LIVE + "agreed", data=form),
    ):
        assert refused.status_code in (302, 403, 404)
        assert refused.status_code != 302 or "/account/login" in refused.headers["Location"]
    assert agreed_rows(journey_app) == []


def test_the_opened_card_and_search_are_part_of_the_etag(journey_app, consultant, live_page):
    plain = consultant.get(LIVE + "live.json").get_etag()[0]
    opened = consultant.get(LIVE + f"live.json?question={CALM}")
    assert opened.get_etag()[0] != plain
    assert (
        consultant.get(
            LIVE + f"live.json?question={CALM}", headers={"If-None-Match": f'"{opened.get_etag()[0]}"'}
        ).status_code
        == 304
    )
    assert consultant.get(LIVE + "live.json?q=", headers={"If-None-Match": f'"{plain}"'}).status_code == 200


def test_segment_colours_follow_the_level_or_owner_not_the_position_in_the_row(catalog):
    flagship = catalog.get("ai-execution")
    question = flagship.question(CALM)  # options at levels 1..5
    lowest, highest = question.options[0].id, question.options[-1].id
    alone = segments(answer_parts(flagship, question, {highest: 3}))
    beside = segments(answer_parts(flagship, question, {lowest: 1, "unknown": 2, highest: 3}))
    assert [s.tone for s in alone] == ["level-5"]
    assert [s.tone for s in beside] == ["level-1", "level-5", "unknown"]  # by level, "Don't know" last
    assert beside[1].x > 0 and beside[1].tone == alone[0].tone  # another place in the row, the same colour
    dimension_bar = segments(
        [(level.name, 1, f"level-{i}") for i, level in enumerate(flagship.levels, start=1)]
    )
    assert [s.tone for s in dimension_bar][-1] == alone[0].tone  # the top level, in any bar

    activity = flagship.question("own-map-use-case-approval")
    one_row = segments(owner_parts(flagship, activity, {"engineering": 1, "security": 2}))
    next_row = segments(owner_parts(flagship, activity, {"compliance": 1, "security": 1, "nobody": 1}))
    tones = {s.label: s.tone for s in one_row + next_row}
    owners = [o.id for o in flagship.owners]
    assert tones["Security"] == f"owner-{owners.index('security') + 1}"
    assert tones["Engineering"] == f"owner-{owners.index('engineering') + 1}"
    assert tones["Compliance"] == f"owner-{owners.index('compliance') + 1}" and tones["Nobody"] == "nobody"
    assert [s.label for s in next_row] == ["Security", "Compliance", "Nobody"]  # the owners' order
    shared = owner_parts(flagship, activity, {"product+security": 1})
    assert shared[0][2] == "shared"


def test_every_tone_has_a_colour_and_every_shipped_owner_a_tone_of_its_own(catalog):
    css = (ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")
    wanted = [f"level-{n}" for n in range(1, 6)] + ["unknown", "na", "nobody", "shared"]
    wanted += [f"owner-{n}" for n in range(1, OWNER_TONES + 1)]
    for tone in wanted:
        assert re.search(rf"\.bar__part--{tone} \{{ fill: #", css), tone
    shipped = [*catalog.questionnaires.values(), *catalog.archived.values()]
    assert len(catalog.get("ai-execution").owners) == 15  # the flagship's owners: no colour repeats
    for questionnaire in shipped:
        assert len(questionnaire.owners) <= OWNER_TONES, questionnaire.id
