"""The app factory, its configuration layers, pages, headers and health check."""

from __future__ import annotations

import logging
import stat

import pytest

from assessment import create_app
from assessment.config import PROJECT_ROOT


def test_configuration_layers_apply_in_order(instance_path, monkeypatch, tmp_path):
    instance_path.mkdir(parents=True)
    (instance_path / "config.py").write_text(
        "MAX_CONTENT_LENGTH = 111\nQUESTIONNAIRES_DIR = 'from-instance'\nWTF_CSRF_TIME_LIMIT = 5\n"
    )
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRES_DIR", str(PROJECT_ROOT / "questionnaires"))
    monkeypatch.setenv("ASSESSMENT_WTF_CSRF_TIME_LIMIT", "60")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    app = create_app({"SECRET_KEY": "x", "WTF_CSRF_TIME_LIMIT": 99})
    try:
        assert app.config["MAX_CONTENT_LENGTH"] == 111  # instance folder over defaults
        assert app.config["QUESTIONNAIRES_DIR"] == str(PROJECT_ROOT / "questionnaires")  # env over instance
        assert app.config["DATABASE_URL"].endswith("env.db")
        assert app.config["WTF_CSRF_TIME_LIMIT"] == 99  # the test mapping wins
    finally:
        app.extensions["database"].engine.dispose()


def test_prefixed_database_url_wins_over_the_plain_one(instance_path, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'plain.db'}")
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'prefixed.db'}")
    app = create_app({"SECRET_KEY": "x"})
    app.extensions["database"].engine.dispose()
    assert app.config["DATABASE_URL"].endswith("prefixed.db")


def test_default_database_is_a_sqlite_file_in_the_instance_folder(make_app, instance_path):
    app = make_app({"SECRET_KEY": "x"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance_path / 'assessment.db'}"


def test_secret_key_is_generated_once_into_the_instance_folder_and_never_logged(
    instance_path, monkeypatch, tmp_path, caplog
):
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    second = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    for app in (first, second):
        app.extensions["database"].engine.dispose()
    key_file = instance_path / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["instance"]  # nothing written to the cwd
    assert first.config["SECRET_KEY"] not in caplog.text


def test_flask_serves_the_top_level_templates_and_static_folders(app):
    assert app.template_folder == str(PROJECT_ROOT / "templates")
    assert app.static_folder == str(PROJECT_ROOT / "static")
    response = app.test_client().get("/static/css/app.css")
    assert response.status_code == 200 and b"--accent" in response.data
    response.close()


def test_landing_page_lists_questionnaires_with_their_dimensions(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "AI execution maturity assessment" in page and "AI execution quick check" in page
    # 59 questions in all; "no agents" leaves out 11 and "no EU high-risk system" 2.
    assert "Version 2.1 · 62 to 87 questions, depending on your answers · 5 dimensions" in page
    assert "Version 2.0 · 10 to 11 questions, depending on your answers · 3 dimensions" in page
    assert "Ownership and operating model" in page and "Agentic readiness" in page
    assert 'href="/assessment/start/ai-execution"' in page


def test_unlisted_questionnaires_are_served_by_id_but_not_offered(client):
    page = client.get("/").get_data(as_text=True)
    assert "Example AI delivery check" not in page
    assert client.get("/assessment/start/example").status_code == 200


def test_landing_page_says_so_when_no_questionnaire_is_available(make_app, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app({"QUESTIONNAIRES_DIR": str(empty), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    page = app.test_client().get("/").get_data(as_text=True)
    assert "No questionnaire is available yet" in page


def test_invalid_files_are_refused_and_logged_while_valid_ones_are_served(make_app, tmp_path, caplog):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "vocabularies").mkdir()
    source = PROJECT_ROOT / "questionnaires"
    (folder / "vocabularies" / "concerns.yaml").write_text(
        (source / "vocabularies" / "concerns.yaml").read_text()
    )
    (folder / "example.yaml").write_text((source / "example.yaml").read_text())
    (folder / "broken.yaml").write_text("kind: questionnaire\nid: broken\n")
    caplog.set_level(logging.WARNING)
    app = make_app({"QUESTIONNAIRES_DIR": str(folder), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert list(app.extensions["catalog"].questionnaires) == ["example"]
    assert "refused questionnaire file" in caplog.text and "broken.yaml" in caplog.text
    assert "missing required field 'version'" in caplog.text


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_unknown_page_gets_a_helpful_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Error 404" in page and "There is no page at this address" in page


def test_wrong_method_gets_a_405_page(client):
    response = client.get("/assessment/answers")  # autosaves are POST only
    assert response.status_code == 405
    page = response.get_data(as_text=True)
    assert "Error 405" in page and "This page cannot be used that way." in page


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_when_the_schema_is_not_migrated(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "reason": "the database schema is not up to date: run 'assessment init'",
    }


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "sqlite:////nonexistent/dir/x.db"]
)
def test_healthz_is_503_with_the_reason_when_the_database_is_unreachable(make_app, url):
    response = make_app({"DATABASE_URL": url}).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "the database does not answer"}


def test_methodology_page_explains_levels_and_scoring(client):
    response = client.get("/methodology")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>How the AI execution maturity assessment is scored</h1>" in page
    assert "Optimizing" in page and "staircase" in page.lower()
    assert "skipping never scores better than answering" in page.lower()


def test_each_questionnaire_has_its_own_methodology_page(client):
    quick = client.get("/methodology?questionnaire=quick-check").get_data(as_text=True)
    assert "<h1>How the AI execution quick check is scored</h1>" in quick
    assert "Regulated / high-risk" not in quick and "Prioritization and portfolio" not in quick
    assert client.get("/methodology?questionnaire=no-such-thing").status_code == 404


def test_methodology_markdown_cannot_inject_html(make_app, tmp_path):
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "methodology.md").write_text("# Title\n\n<script>alert(1)</script>\n")
    app = make_app({"QUESTIONNAIRES_DIR": str(folder), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    page = app.test_client().get("/methodology").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
