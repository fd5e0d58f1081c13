"""Fixtures shared with the web and reporting suites."""

from tests.reporting.conftest import catalog, flagship  # noqa: F401
from tests.web.conftest import journey_app  # noqa: F401
