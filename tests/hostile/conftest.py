"""An app with CSRF protection on (the shared fixtures are in tests/conftest.py)."""

import pytest

from assessment.extensions import database
from assessment.persistence import upgrade


@pytest.fixture
def csrf_app(make_app, database_url):
    """A migrated app with CSRF protection on, as in production."""
    app = make_app({"DATABASE_URL": database_url})
    assert app.config.get("WTF_CSRF_ENABLED", True)
    with app.app_context():
        upgrade(database.engine)
    return app
