"""The presenter screen on a 1920x1080 projector, in a real browser: no site header, the join
code, address and a large QR code beside every view, one view at a time paged with the keys a
clicker sends, projector-sized type, nothing that scrolls, axe clean on every view; and a new
answer arriving through the poll without moving the view on screen. Still usable at 1280 and
on a 375 px phone.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from assessment.questionnaire import QuestionKind
from assessment.questionnaire.model import owner_code
from tests.support.browser import axe_violations
from tests.support.journeys import answer_scope, autosave, join, join_code, make_workshop

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
POLLED = 15_000  # ms: the screen polls every 5 s
ROLES = ("Product", "Engineering", "Security", "Product")

#: What each view's heading says, by the start of its key.
HEADINGS = {
    "participation": r"^Taking part$",
    "dimensions": r"^Dimensions$",
    "question-": r"^Where the room differs question \d+ of \d+$",
    "divergent": r"^Where the room differs$",
    "ownership": r"^Who owns what( \d+ of \d+)?$",
    "agreed": r"^Agreed answers( \d+ of \d+)?$",
}

#: Text in the view on screen set smaller than `least` px, and how the page's boxes measure.
MEASURE = """(least) => {
  const view = document.querySelector('[data-view]:not([hidden])');
  const small = [];
  for (const element of view.querySelectorAll('*')) {
    const own = Array.from(element.childNodes).some(n => n.nodeType === 3 && n.data.trim());
    if (!own || element.closest('svg')) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < least) small.push(element.tagName + '.' + element.className + ' ' + size);
  }
  const main = document.querySelector('main');
  const root = document.documentElement;
  return {small: small, pageWidth: root.scrollWidth, pageHeight: root.scrollHeight,
          mainOverflow: main.scrollHeight - main.clientHeight,
          heading: parseFloat(getComputedStyle(view.querySelector('h2')).fontSize)};
}"""


@pytest.fixture
def served(make_app, tmp_path: Path):
    """The app and its base URL over real HTTP, so the test prepares the room with test clients
    (CSRF off for them: it has its own tests)."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'presenter.db'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def answer_all(app, participant, offset: int) -> None:
    """Every maturity and ownership question, each participant `offset` options along (the
    agentic ones are refused: the scope says no agents, as the phone tests' rooms do)."""
    with app.app_context():
        questionnaire = app.extensions["catalog"].get("ai-execution")
    answer_scope(participant)
    seq = 10
    for question in questionnaire.maturity_questions:
        if question.options and not question.applies_when:
            option = question.options[(seq * (offset + 1) + offset) % len(question.options)]
            assert autosave(participant, question.id, option.id, seq).status_code in (200, 422)
            seq += 1
    owners = [owner.id for owner in questionnaire.owners]
    for question in (
        q for q in questionnaire.questions if q.kind is QuestionKind.OWNERSHIP and not q.applies_when
    ):
        named = {owners[(seq + offset * 3) % len(owners)]}
        if offset % 2:  # some name two functions that share the activity
            named.add(owners[(seq + 1) % len(owners)])
        assert autosave(participant, question.id, owner_code(named), seq).status_code == 200
        seq += 1


def room(app) -> tuple[object, str, str]:
    """A workshop four participants answered in full, with two agreed answers; (consultant's
    client, live page path, code as shown)."""
    consultant = app.test_client()
    live = make_workshop(app, consultant)
    code = join_code(app)
    for offset, role in enumerate(ROLES):
        answer_all(app, join(app, code, role), offset)
    for question, option in (("own-accountable-owner", "some-named"), ("own-decision-rights", "written")):
        assert (
            consultant.post(live + "agreed", data={"question": question, "option": option}).status_code == 302
        )
    return consultant, live, f"{code[:3]}-{code[3:]}"


def presenter_page(browser, client, url: str, size=PROJECTOR):
    """A browser window carrying the consultant's session cookie, at the projector's size."""
    context = browser.new_context(viewport=size)
    context.add_cookies([{"name": "session", "value": client.get_cookie("session").value, "url": url}])
    return context.new_page()


def shoot(page, name: str) -> None:
    """The screen as the room sees it, when SCREENSHOTS names a folder."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.screenshot(path=f"{folder}/presenter-{name}-{size['width']}.png", full_page=size["width"] < 800)


def on_screen(page) -> str:
    """The key of the view on screen (the only one not hidden)."""
    views = page.locator("[data-view]:visible")
    expect(views).to_have_count(1)
    return views.get_attribute("data-view")


def check_view(page, code: str, position: int, total: int, axe_source: str) -> str:
    """What every view must be at 1920x1080; returns its key."""
    key = on_screen(page)
    shoot(page, f"{position:02d}-{key}")
    expect(page.locator("[data-position]")).to_have_text(f"{position} / {total}")
    assert page.url.endswith(f"?view={key}"), (page.url, key)
    expect(page.locator("header, footer, .site-header, nav[aria-label=Main]")).to_have_count(0)
    expect(page.locator(".presenter__code")).to_have_text(code)
    expect(page.locator(".presenter-join__address")).to_have_text(re.compile(r"^127\.0\.0\.1:\d+/join$"))
    qr = page.get_by_role("img", name=re.compile("^QR code of the join link"))
    expect(qr).to_be_in_viewport(ratio=1)
    assert qr.bounding_box()["width"] >= 360
    heading = next(pattern for start, pattern in HEADINGS.items() if key.startswith(start))
    expect(page.locator("[data-view]:visible h2")).to_have_text(re.compile(heading))
    measured = page.evaluate(MEASURE, 28)
    assert measured["small"] == [], (key, measured["small"])
    assert (
        measured["heading"] >= 56
        and page.locator(".presenter__code").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 80
    )
    assert measured["pageWidth"] <= PROJECTOR["width"] and measured["pageHeight"] <= PROJECTOR["height"], key
    assert measured["mainOverflow"] <= 0, (key, measured["mainOverflow"])  # the view fits: nothing scrolls
    assert axe_violations(page, axe_source) == [], key
    return key


def test_a_projector_pages_through_every_view_with_the_join_code_always_in_sight(browser, served, axe_source):
    app, url = served
    consultant, live, code = room(app)
    page = presenter_page(browser, consultant, url)
    page.goto(url + live + "present")
    total = page.locator("[data-view]").count()
    assert total >= 14  # participation, dimensions, ten questions, owners, agreed answers

    keys = []
    for position in range(1, total + 1):
        if position > 1:
            page.keyboard.press("ArrowRight")
        keys.append(check_view(page, code, position, total, axe_source))
    assert keys[:2] == ["participation", "dimensions"] and keys[-1] == "agreed"
    assert sum(key.startswith("question-") for key in keys) == 10
    expect(page.locator("[data-view]:visible")).to_contain_text("Some initiatives")  # an agreed answer

    page.keyboard.press("ArrowRight")  # past the end: stays
    assert on_screen(page) == "agreed"
    for position in range(total - 1, 0, -1):
        page.keyboard.press("ArrowLeft")
        assert on_screen(page) == keys[position - 1]
    page.keyboard.press("End")
    assert on_screen(page) == keys[-1]
    page.keyboard.press("Home")
    assert on_screen(page) == "participation"
    for key, expected in (("PageDown", keys[1]), ("Space", keys[2]), ("PageUp", keys[1])):
        page.keyboard.press(key)
        assert on_screen(page) == expected, key
    page.get_by_role("link", name="Next").click()  # the mouse's way
    assert on_screen(page) == keys[2]

    # A reload keeps the place; the same address works at 1280 and on a phone.
    page.reload()
    assert on_screen(page) == keys[2]
    for size in ({"width": 1280, "height": 720}, {"width": 375, "height": 800}):
        page.set_viewport_size(size)
        for key in ("participation", "dimensions", keys[2], "ownership", "agreed"):
            page.goto(f"{url}{live}present?view={key}")
            assert on_screen(page) == key
            expect(page.locator(".presenter__code")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], (size, key)
            shoot(page, key)
        assert axe_violations(page, axe_source) == [], size
    page.context.close()


def test_a_new_answer_arrives_without_moving_the_view_on_screen(browser, served):
    app, url = served
    consultant, live, _ = room(app)
    page = presenter_page(browser, consultant, url)
    page.goto(url + live + "present?view=dimensions")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    key = on_screen(page)
    assert key.startswith("question-")
    polls = []
    page.on("response", lambda response: "live.json" in response.url and polls.append(response.status))
    page.evaluate("window.sameDocument = true")
    joined = page.locator('[data-view="participation"] .stat', has_text="joined").locator(".stat__value")
    expect(joined).to_have_text("4")

    newcomer = join(app, join_code(app), "Security")
    answer_all(app, newcomer, 5)
    expect(joined).to_have_text("5", timeout=POLLED)  # in the view off screen, swapped in by the poll
    expect(page.locator("[data-presenter-summary]")).to_have_text(
        re.compile(r"^5 joined, 0 finished, median index")
    )
    assert on_screen(page) == key and page.url.endswith(f"?view={key}")
    # Its place is counted afresh (a question the new answers made less divisive than the ten
    # shown stays in the deck, after them).
    keys = page.locator("[data-view]").evaluate_all("views => views.map(v => v.dataset.view)")
    expect(page.locator("[data-position]")).to_have_text(f"{keys.index(key) + 1} / {len(keys)}")
    assert page.evaluate("window.sameDocument") is True  # not reloaded
    assert 200 in polls
    # Only the summary line is a live region: the deck is not announced as a whole.
    assert page.locator("[aria-live]").count() == 1

    # Closed: the next poll says so and the screen polls no more.
    consultant.post(live + "status", data={"action": "close"})
    expect(page.locator("[data-presenter]")).to_have_attribute("data-live-open", "no", timeout=POLLED)
    expect(page.locator("[data-presenter-summary]")).to_have_text(re.compile("workshop closed"))
    polls.clear()
    page.wait_for_timeout(11_000)
    assert polls == []
    page.context.close()


def test_an_empty_room_shows_how_to_join_on_every_view(browser, served, axe_source):
    app, url = served
    consultant = app.test_client()
    live = make_workshop(app, consultant)
    code = join_code(app)
    page = presenter_page(browser, consultant, url)
    page.goto(url + live + "present")
    total = page.locator("[data-view]").count()
    assert total == 5  # taking part, dimensions, divergent questions, owners, agreed answers
    expect(page.get_by_text("Nobody has joined yet.")).to_be_visible()
    for position in range(1, total + 1):
        if position > 1:
            page.keyboard.press("PageDown")
        key = check_view(page, f"{code[:3]}-{code[3:]}", position, total, axe_source)
        shoot(page, f"empty-{key}")
    page.context.close()
