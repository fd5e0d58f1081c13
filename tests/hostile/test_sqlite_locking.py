"""F11 (and F13): on SQLite, reading pages never wait for the write lock, and a write that cannot
get it in time gets a 503 to retry instead of a worker killed at gunicorn's timeout."""

from __future__ import annotations

import contextlib
import sqlite3
import time

import pytest
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Answer, upgrade
from tests.support.journeys import autosave, start


@pytest.fixture
def sqlite_app(make_app, tmp_path):
    """A migrated app on a SQLite file, CSRF off, with a short busy timeout."""
    app = make_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'assessment.db'}",
            "WTF_CSRF_ENABLED": False,
            "SQLITE_BUSY_TIMEOUT": 1,
        }
    )
    with app.app_context():
        upgrade(database.engine)
    app.config["DB_FILE"] = tmp_path / "assessment.db"
    return app


@contextlib.contextmanager
def write_lock_held(path):
    """Another process's transaction holding SQLite's write lock."""
    outside = sqlite3.connect(path, isolation_level=None)
    try:
        outside.execute("BEGIN IMMEDIATE")
        yield
        outside.execute("ROLLBACK")
    finally:
        outside.close()


def timed(call):
    began = time.perf_counter()
    response = call()
    return response, time.perf_counter() - began


def first_option(app, question: str) -> str:
    with app.app_context():
        return app.extensions["catalog"].get("quick-check").question(question).options[0].id


def test_pages_are_read_while_another_writer_holds_the_lock(sqlite_app):
    client = sqlite_app.test_client()
    start(client, questionnaire="quick-check")
    autosave(client, "scope-agents", "none", 1)  # results wait for the scoping answer
    autosave(client, "fnd-owner", first_option(sqlite_app, "fnd-owner"), 2)
    with write_lock_held(sqlite_app.config["DB_FILE"]):
        for path in ("/assessment/section/foundations", "/assessment/review", "/assessment/results"):
            response, seconds = timed(lambda path=path: client.get(path))
            assert response.status_code == 200, path
            assert seconds < 0.9, f"{path} waited {seconds:.1f} s for the write lock"


def test_a_write_that_cannot_get_the_lock_asks_to_retry_and_stores_nothing(sqlite_app):
    client = sqlite_app.test_client()
    start(client, questionnaire="quick-check")
    value = first_option(sqlite_app, "fnd-owner")
    with write_lock_held(sqlite_app.config["DB_FILE"]):
        response, seconds = timed(lambda: autosave(client, "fnd-owner", value, 1))
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.get_json()["error"] == "busy"
    assert seconds < 5
    with sqlite_app.app_context():
        assert database.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert autosave(client, "fnd-owner", value, 2).get_json()["saved"] is True  # after release it saves


def test_healthz_reports_a_nearly_full_disk(sqlite_app):
    client = sqlite_app.test_client()
    assert client.get("/healthz").status_code == 200
    sqlite_app.config["MIN_FREE_DISK_BYTES"] = 2**62  # more than any disk has
    response = client.get("/healthz")
    assert response.status_code == 503
    reason = response.get_json()["reason"]
    assert reason.startswith("the disk is nearly full:") and "DATABASE_URL" in reason
