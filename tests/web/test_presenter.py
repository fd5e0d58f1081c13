"""The presenter screen without JavaScript: a room display with no site chrome, the join code,
address and QR code beside every view, one view at a time reached through plain links whose
address names the view, and only for members of the workshop's workspace."""

from __future__ import annotations

import re

from tests.support.journeys import answer, autosave, join, join_code, sign_up

SECTION = re.compile(r'<section class="presenter-view[^"]*" data-view="([^"]+)"[^>]*?( hidden)?>')
NEXT = re.compile(r'data-step="next" rel="next"(?: href="([^"]+)")?')
PREVIOUS = re.compile(r'data-step="previous" rel="prev"(?: href="([^"]+)")?')
POSITION = re.compile(r"data-position>(\d+) / (\d+)<")


def shown(page: str) -> list[str]:
    """The keys of the views the page shows (the others are hidden)."""
    return [key for key, hidden in SECTION.findall(page) if not hidden]


def link(pattern: re.Pattern, page: str) -> str | None:
    """The href of the Previous or Next link, None when it has none (first or last view)."""
    found = pattern.search(page).group(1)
    return found.replace("&amp;", "&") if found else None


def room_with_answers(journey_app) -> None:
    """Three participants who disagree on who owns AI initiatives."""
    code = join_code(journey_app)
    for role, value in (("Product", "all-named"), ("Engineering", "none-named"), ("Security", "some-named")):
        answer(join(journey_app, code, role=role, name=f"Named {role}"), value)


def test_the_presenter_screen_has_no_site_chrome_and_the_join_band(journey_app, consultant, live_page):
    code = join_code(journey_app)
    page = consultant.get(live_page + "present").get_data(as_text=True)
    assert "site-header" not in page and "site-footer" not in page and 'aria-label="Main"' not in page
    assert f'<p class="presenter__code">{code[:3]}-{code[3:]}</p>' in page
    assert '<p class="presenter-join__address">localhost/join</p>' in page
    assert f'alt="QR code of the join link http://localhost/join/{code}"' in page
    assert 'src="/workspaces/1/workshops/1/qr.svg"' in page
    assert shown(page) == ["participation"]
    assert "Nobody has joined yet." in page


def test_every_view_is_reached_through_plain_links_and_named_in_the_address(
    journey_app, consultant, live_page
):
    room_with_answers(journey_app)
    page = consultant.get(live_page + "present").get_data(as_text=True)
    keys = [key for key, _ in SECTION.findall(page)]
    assert keys[:3] == ["participation", "dimensions", "question-own-accountable-owner"]
    assert keys[-1] == "agreed" and "ownership" in keys
    assert link(PREVIOUS, page) is None and POSITION.search(page).groups() == ("1", str(len(keys)))

    visited, address = [], link(NEXT, page)
    while address:
        page = consultant.get(address).get_data(as_text=True)
        assert len(shown(page)) == 1, address
        visited.append(shown(page)[0])
        assert POSITION.search(page).groups() == (str(len(visited) + 1), str(len(keys)))
        assert address.endswith(f"?view={visited[-1]}")
        address = link(NEXT, page)
    assert visited == keys[1:]

    back = consultant.get(link(PREVIOUS, page)).get_data(as_text=True)
    assert shown(back) == [keys[-2]]
    # A reload of a question's address shows that question, whatever the room answered since.
    question = consultant.get(live_page + "present?view=question-own-accountable-owner").get_data(
        as_text=True
    )
    assert shown(question) == ["question-own-accountable-owner"]
    assert "How is accountability for the outcome of each AI initiative assigned?" in question
    assert "Named Product" not in page + question and "<form" not in page + question


def test_a_question_on_screen_stays_when_it_is_no_longer_among_the_least_agreed(
    journey_app, consultant, live_page, flagship
):
    code = join_code(journey_app)
    # Twelve questions everyone answers alike: the last two are not among the ten least agreed.
    alike = [q for q in flagship.maturity_questions if q.id != "own-accountable-owner" and not q.applies_when]
    for role, value in (("Product", "all-named"), ("Engineering", "none-named")):
        participant = join(journey_app, code, role=role)
        answer(participant, value)
        for seq, question in enumerate(alike[:12], start=2):
            assert autosave(participant, question.id, question.options[0].id, seq).status_code == 200
    late = alike[11]
    page = consultant.get(live_page + f"present?view=question-{late.id}").get_data(as_text=True)
    keys = [key for key, _ in SECTION.findall(page)]
    assert shown(page) == [f"question-{late.id}"] and keys.index(f"question-{late.id}") == 12
    assert sum(key.startswith("question-") for key in keys) == 11
    assert "no longer among the 10 least agreed" in page and late.text in page
    # The poll that names it keeps it too, and only the polls that name it are told apart.
    poll = live_page + "live.json?view=presenter"
    kept = consultant.get(f"{poll}&keep=question-{late.id}")
    assert f'data-view="question-{late.id}"' in kept.get_json()["html"]
    assert f'data-view="question-{late.id}"' not in consultant.get(poll).get_json()["html"]
    etag = re.search(r'data-live-etag="([^"]+)"', page).group(1)
    assert kept.get_etag()[0] == etag
    assert (
        consultant.get(f"{poll}&keep=dimensions", headers={"If-None-Match": f'"{etag}"'}).status_code == 200
    )
    plain = consultant.get(poll).get_etag()[0]
    assert (
        consultant.get(f"{poll}&keep=dimensions", headers={"If-None-Match": f'"{plain}"'}).status_code == 304
    )


def test_a_view_the_deck_does_not_have_shows_the_first_and_says_so(journey_app, consultant, live_page):
    page = consultant.get(live_page + "present?view=<b>question-gone</b>").get_data(as_text=True)
    assert shown(page) == ["participation"]
    assert (
        "There is no view “&lt;b&gt;question-gone&lt;/b&gt;” in this workshop now: showing the first." in page
    )


def test_the_presenter_poll_keeps_its_304_until_an_answer_and_carries_a_summary_line(
    journey_app, consultant, live_page
):
    room_with_answers(journey_app)
    page = consultant.get(live_page + "present").get_data(as_text=True)
    etag = re.search(r'data-live-etag="([^"]+)"', page).group(1)
    poll = live_page + "live.json?view=presenter"
    assert consultant.get(poll, headers={"If-None-Match": f'"{etag}"'}).status_code == 304
    answer(join(journey_app, join_code(journey_app), role="Product"), "none-named")
    fresh = consultant.get(poll, headers={"If-None-Match": f'"{etag}"'})
    body = fresh.get_json()
    assert fresh.status_code == 200 and fresh.get_etag()[0] != etag
    assert body["line"].startswith("4 joined, 0 finished, median index ")
    assert SECTION.findall(body["html"])[0] == ("participation", " hidden")  # the script picks the view
    assert all(hidden for _, hidden in SECTION.findall(body["html"]))
    assert "Named Product" not in body["html"] and "<form" not in body["html"]


def test_only_members_of_the_workspace_see_the_presenter_screen(journey_app, consultant, live_page):
    room_with_answers(journey_app)
    stranger = journey_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    for path in ("present", "present?view=dimensions", "live.json?view=presenter"):
        assert stranger.get(live_page + path).status_code == 404, path
        assert stranger.get(live_page.replace("/workspaces/1/", "/workspaces/2/") + path).status_code == 404
        anonymous = journey_app.test_client().get(live_page + path)
        assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    assert consultant.get(live_page + "present?view=dimensions").status_code == 200
