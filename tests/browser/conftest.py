"""A real Chromium (Debian's package) driven by Playwright against a live server.

Without Chromium or axe-core the browser tests skip with a one-line reason; under
CI=true they fail instead.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support import ROOT
from tests.support.machine import require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# An expectation waits up to 10 s (Playwright's default is 5 s): on a loaded 2-core CI
# machine a page that polls, settles an answer or renders a PDF can take longer than 5 s.
expect.set_options(timeout=10_000)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    executable = chromium_path()
    if executable is None:
        require("no Chromium: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script (installed from the npm registry by `make test`)."""
    if not AXE.exists():
        require("no axe-core: run `make node_modules/axe-core/axe.min.js`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def live_server(make_app, tmp_path: Path):
    """The app served over real HTTP on a free loopback port; yields its base URL."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}"})
    with app.app_context():
        upgrade(database.engine)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
