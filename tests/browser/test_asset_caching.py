"""A real browser loads fingerprinted CSS and scripts, and never asks again for a cached asset."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.browser import choose, start

pytestmark = pytest.mark.browser


@pytest.fixture
def counted_server(make_app, tmp_path: Path):
    """The app over real HTTP, recording the path of every request that reaches it."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}"})
    with app.app_context():
        upgrade(database.engine)
    seen: list[str] = []
    inner = app.wsgi_app

    def counting(environ, start_response):
        """Note the path, then serve as usual."""
        seen.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app = counting
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def test_a_second_page_uses_the_cached_stylesheet_without_asking_the_server(page, counted_server):
    base, seen = counted_server
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")
    assert any(path.startswith("/static/css/app.") for path in seen)
    # The stylesheet applied (the CSP allowed it): the header's brand mark has its colour.
    assert page.evaluate("getComputedStyle(document.querySelector('.brand__mark')).display") != "inline"

    seen.clear()
    page.get_by_role("link", name="Methodology").first.click()
    page.wait_for_load_state("networkidle")
    assert "/methodology" in seen
    assert [path for path in seen if path.startswith("/static/")] == []


def test_the_answer_script_loads_under_the_content_security_policy_and_saves_an_answer(page, counted_server):
    base, seen = counted_server
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(request.url))
    start(page, base)
    assert any(path.startswith("/static/js/answer.") and path != "/static/js/answer.js" for path in seen)
    choose(page, "scope-build-buy", "both")  # only the script saves on a click
    assert errors == []
