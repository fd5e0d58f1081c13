"""Fixtures shared with the web and reporting suites, and an app with CSRF protection on."""

import pytest

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.reporting.conftest import catalog, flagship  # noqa: F401
from tests.web.conftest import journey_app  # noqa: F401


@pytest.fixture
def csrf_app(make_app, database_url):
    """A migrated app with CSRF protection on, as in production."""
    app = make_app({"DATABASE_URL": database_url})
    assert app.config.get("WTF_CSRF_ENABLED", True)
    with app.app_context():
        upgrade(database.engine)
    return app
