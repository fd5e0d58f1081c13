"""Fixtures: an app per test on a fresh database, on SQLite and on PostgreSQL.

PostgreSQL tests need TEST_DATABASE_URL (a server URL whose user may create
databases); each test gets a database of its own. Without it they skip with a
one-line reason, except under CI=true, where a missing part fails the run.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from assessment import create_app
from assessment.extensions import database
from assessment.persistence import upgrade
from assessment.questionnaire import load_directory
from tests.support import ROOT, journeys
from tests.support.machine import IN_CI, require
from tests.support.smtp import smtp_server  # noqa: F401 - the loopback SMTP server fixture

EXAMPLE = ROOT / "questionnaires" / "example.yaml"


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The PostgreSQL server the suite may create databases on."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        require("no PostgreSQL server: set TEST_DATABASE_URL=postgresql+psycopg://...")
    return url


@pytest.fixture
def postgres_url(postgres_server_url: str):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path: Path) -> str:
    """A fresh, empty database URL, once for each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assessment.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def instance_path(tmp_path: Path, monkeypatch) -> Path:
    """An instance folder of the test's own."""
    path = tmp_path / "instance"
    monkeypatch.setenv("ASSESSMENT_INSTANCE_PATH", str(path))
    return path


@pytest.fixture
def make_app(instance_path: Path):
    """A factory for apps that are disposed of after the test."""
    apps = []

    def make(config: dict | None = None):
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", **(config or {})})
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["database"].engine.dispose()


@pytest.fixture
def app(make_app, database_url: str):
    """An app on an empty database (not yet migrated)."""
    return make_app({"DATABASE_URL": database_url})


@pytest.fixture
def ready_app(app):
    """An app whose database is migrated, as after `assessment init`."""
    with app.app_context():
        upgrade(database.engine)
    return app


@pytest.fixture
def client(ready_app):
    """A test client of a ready app."""
    return ready_app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app."""
    return app.test_cli_runner()


_ran_on_postgresql = 0


def pytest_runtest_logreport(report) -> None:
    """Count PostgreSQL tests that really ran."""
    global _ran_on_postgresql
    if report.when == "call" and report.passed and "postgresql" in report.keywords:
        _ran_on_postgresql += 1


def pytest_sessionfinish(session, exitstatus) -> None:
    """Under CI=true, a run in which no PostgreSQL test ran is a failed run."""
    if IN_CI and _ran_on_postgresql == 0 and session.testscollected and exitstatus == 0:
        session.config.get_terminal_writer().line("error: no test ran on PostgreSQL under CI=true", red=True)
        session.exitstatus = 1


@pytest.fixture
def journey_app(make_app, database_url):
    """A migrated app with CSRF off, so tests can post forms directly (CSRF has its own tests)."""
    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    return app


@pytest.fixture(scope="session")
def catalog():
    """The shipped questionnaires and profiles."""
    return load_directory(ROOT / "questionnaires")


@pytest.fixture(scope="session")
def flagship(catalog):
    """The AI execution questionnaire."""
    return catalog.get("ai-execution")


@pytest.fixture
def consultant(journey_app):
    """A consultant's browser, signed up with a workspace of their own (workspace 1)."""
    client = journey_app.test_client()
    journeys.sign_up(client)
    return client


@pytest.fixture
def live_page(journey_app, consultant) -> str:
    """The live page's path of a workshop "Kick-off" for a new client of the consultant's workspace."""
    return journeys.make_workshop(journey_app, consultant)
