"""Helpers for driving the self-assessment through the test client."""

from __future__ import annotations

import pytest


@pytest.fixture
def journey_app(make_app, database_url):
    """A migrated app with CSRF off, so tests can post forms directly (CSRF has its own tests)."""
    from assessment.extensions import database
    from assessment.persistence import upgrade

    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    return app
