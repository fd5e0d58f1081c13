"""Static files under fingerprinted names, cached for a year, and text responses compressed.

The database engine plays no part here, so the app runs on one SQLite file.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path

import brotli
import pytest
from flask import Flask, Response, url_for
from flask_wtf.csrf import generate_csrf

from assessment.extensions import database
from assessment.persistence import upgrade
from assessment.web import assets
from tests.support import ROOT
from tests.support.http import Server, migrate
from tests.support.journeys import answer, join, join_code, make_workshop

STATIC = ROOT / "static"
TEMPLATES = ROOT / "templates"
ASSET_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@pytest.fixture
def site(make_app, tmp_path):
    """A test client of the whole app on a migrated SQLite file."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'static.db'}"})
    with app.app_context():
        upgrade(database.engine)
    return app.test_client()


def small_app(static_folder: Path) -> Flask:
    """A bare Flask app with its own static folder, served as the product serves its own."""
    app = Flask(__name__, static_folder=str(static_folder))
    assets.init_app(app)
    return app


def static_url(app: Flask, name: str) -> str:
    """What `url_for('static', filename=name)` gives in a template of this app."""
    with app.test_request_context():
        return url_for("static", filename=name)


def test_every_asset_a_template_names_is_fingerprinted_cached_for_a_year_and_the_files_bytes(site):
    named = set()
    for template in TEMPLATES.rglob("*.html"):
        named |= set(re.findall(r"url_for\('static', filename='([^']+)'\)", template.read_text()))
    assert {"css/app.css", "favicon.svg", "js/answer.js", "js/live.js"} <= named
    for name in named:
        url = static_url(site.application, name)
        stem, suffix = name.rsplit(".", 1)
        assert re.fullmatch(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{suffix}", url), url
        response = site.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.data == (STATIC / name).read_bytes()


def test_a_page_links_its_stylesheet_and_icon_by_fingerprint_and_a_second_view_needs_no_asset_request(site):
    page = site.get("/methodology").get_data(as_text=True)
    urls = ASSET_URL.findall(page)
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", url) for url in urls} == {
        "/static/css/app.css",
        "/static/favicon.svg",
    }
    for url in urls:
        first = site.get(url)
        # A browser keeps it a year without asking; if it asks anyway, nothing is sent again.
        assert "immutable" in first.headers["Cache-Control"]
        again = site.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    assert ASSET_URL.findall(site.get("/methodology").get_data(as_text=True)) == urls


def test_the_plain_name_still_answers_with_a_short_cache(site):
    response = site.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.data == (STATIC / "css/app.css").read_bytes()


def test_a_changed_file_gets_a_new_url_and_the_old_url_keeps_its_own_bytes(tmp_path):
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    (folder / "css/site.css").write_text("body { color: black; }\n")
    before = small_app(folder)
    old_url = static_url(before, "css/site.css")
    (folder / "css/site.css").write_text("body { color: navy; }\n")
    after = small_app(folder)
    new_url = static_url(after, "css/site.css")

    assert old_url != new_url
    assert after.test_client().get(new_url).data == b"body { color: navy; }\n"
    # The app that named the old content keeps serving exactly that content under its URL.
    assert before.test_client().get(old_url).data == b"body { color: black; }\n"
    assert after.test_client().get(old_url).status_code == 404


def test_a_browser_that_accepts_gzip_or_brotli_gets_it_and_others_get_the_file_as_it_is(site):
    url = static_url(site.application, "css/app.css")
    original = (STATIC / "css/app.css").read_bytes()

    zipped = site.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == original
    assert len(zipped.data) < len(original) / 2

    brotlied = site.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert brotlied.headers["Content-Encoding"] == "br"
    assert brotli.decompress(brotlied.data) == original

    for headers in ({}, {"Accept-Encoding": "gzip;q=0, br;q=0"}, {"Accept-Encoding": "deflate"}):
        plain = site.get(url, headers=headers)
        assert "Content-Encoding" not in plain.headers
        assert plain.data == original
        assert "Accept-Encoding" in plain.headers["Vary"]


def test_an_asset_response_never_touches_the_session(site):
    site.get("/assessment/start/ai-execution")  # the form puts a CSRF secret in the session
    assert site.get_cookie("session") is not None
    response = site.get(static_url(site.application, "js/answer.js"), headers={"Accept-Encoding": "gzip"})
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../setup.cfg",
        "/static/%2e%2e/setup.cfg",
        "/static/css/../../setup.cfg",
        "/static/css/..%2f..%2fsetup.cfg",
        "/static/..%5csetup.cfg",
        "/static/css/app.000000000000.css",
    ],
)
def test_a_path_outside_the_static_folder_or_an_unknown_fingerprint_is_not_found(site, path):
    response = site.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 404
    assert b"[metadata]" not in response.data


def test_a_page_without_a_form_is_compressed_and_reads_the_same(site):
    plain = site.get("/methodology")
    zipped = site.get("/methodology", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 2


def test_a_response_carrying_a_csrf_token_is_never_compressed(site):
    form = site.get("/assessment/start/ai-execution", headers={"Accept-Encoding": "gzip, br"})
    assert 'name="csrf_token"' in form.get_data(as_text=True)
    assert len(form.data) > assets.MIN_SIZE
    assert "Content-Encoding" not in form.headers


def test_a_poll_whose_body_carries_the_csrf_token_is_not_compressed_and_without_it_it_is(tmp_path):
    app = small_app(tmp_path)
    app.secret_key = "test-secret"
    rows = [{"participant": f"Participant {n}", "answer": n % 5} for n in range(100)]
    app.add_url_rule("/live.json", "live", lambda: {"rows": rows, "html": f"<input value={generate_csrf()}>"})
    # A form made but not shown (the presenter's panel hides it) puts no token in the body.
    app.add_url_rule("/present.json", "present", lambda: {"rows": rows, "made": bool(generate_csrf())})
    client = app.test_client()
    with_token = client.get("/live.json", headers={"Accept-Encoding": "gzip, br"})
    assert with_token.status_code == 200 and "Content-Encoding" not in with_token.headers
    without_token = client.get("/present.json", headers={"Accept-Encoding": "gzip, br"})
    assert without_token.headers["Content-Encoding"] == "br"


def test_json_is_compressed_and_pdfs_downloads_and_small_responses_are_not(tmp_path):
    app = small_app(tmp_path)
    figures = {"rows": [{"question": f"q{n}", "mean": n / 7} for n in range(200)]}
    app.add_url_rule("/figures.json", "figures", lambda: figures)
    pdf = b"%PDF-1.7\n" + b"0 0 0 rg\n" * 2000
    app.add_url_rule("/report.pdf", "report", lambda: Response(pdf, mimetype="application/pdf"))
    app.add_url_rule("/ok.json", "ok", lambda: {"ok": True})
    csv = "question,answer\n" + "own-accountable-owner,all-named\n" * 100
    export = Response(csv, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=a.csv"})
    app.add_url_rule("/answers.csv", "answers", lambda: export)
    client = app.test_client()

    figures_response = client.get("/figures.json", headers={"Accept-Encoding": "gzip"})
    assert figures_response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(figures_response.data) == client.get("/figures.json").data

    report = client.get("/report.pdf", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in report.headers and report.data == pdf
    small = client.get("/ok.json", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in small.headers and small.get_json() == {"ok": True}
    download = client.get("/answers.csv", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in download.headers and download.get_data(as_text=True) == csv


@pytest.mark.slow
def test_gunicorn_serves_fingerprinted_compressed_assets(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'served.db'}"
    migrate(database_url)
    server = Server(database_url, tmp_path / "instance", workers=1).start()
    try:

        def get(path: str, **headers) -> tuple[int, dict, bytes]:
            request = urllib.request.Request(server.url + path, headers=headers)
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()

        _, page_headers, page = get("/methodology", **{"Accept-Encoding": "gzip"})
        assert page_headers["Content-Encoding"] == "gzip"
        urls = ASSET_URL.findall(gzip.decompress(page).decode())
        stylesheet = next(url for url in urls if url.endswith(".css"))
        status, headers, body = get(stylesheet, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert gzip.decompress(body) == (STATIC / "css/app.css").read_bytes()
    finally:
        server.stop()


def test_the_presenters_live_poll_is_compressed_and_reads_the_same(journey_app):
    consultant = journey_app.test_client()
    live = make_workshop(journey_app, consultant)
    code = join_code(journey_app)
    for role, value in (("Product", "none-named"), ("Security", "all-named")):
        answer(join(journey_app, code, role=role), value)
    plain = consultant.get(live + "live.json?view=presenter")
    sent = consultant.get(live + "live.json?view=presenter", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert sent.headers["Content-Encoding"] == "br" and "Accept-Encoding" in sent.headers["Vary"]
    assert brotli.decompress(sent.data) == plain.data
    assert plain.get_json()["respondents"] == 2
    assert len(sent.data) < len(plain.data) / 3


def test_the_facilitators_live_poll_carries_no_csrf_token_so_it_is_compressed_too(journey_app):
    consultant = journey_app.test_client()
    live = make_workshop(journey_app, consultant)
    code = join_code(journey_app)
    for role, value in (("Product", "none-named"), ("Security", "all-named")):
        answer(join(journey_app, code, role=role), value)
    page = consultant.get(live).get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    sent = consultant.get(live + "live.json", headers={"Accept-Encoding": "br"})
    assert sent.headers["Content-Encoding"] == "br"
    panel = json.loads(brotli.decompress(sent.data))["html"]
    assert 'class="agreed-form"' in panel and "data-csrf-token" in panel
    assert token.split(".")[0] not in panel  # the signed token's first part is the session's secret
