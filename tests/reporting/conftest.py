"""Fixtures for report tests: the shipped questionnaires and the flagship.

Their inputs (hostile text, full answers, peer files) and the PDF readers are in
tests/support/reports.py.
"""

from __future__ import annotations

import pytest

from assessment.questionnaire import Questionnaire, load_directory
from tests.support.reports import QUESTIONNAIRES


@pytest.fixture(scope="session")
def catalog():
    """The shipped questionnaires and profiles."""
    return load_directory(QUESTIONNAIRES)


@pytest.fixture(scope="session")
def flagship(catalog) -> Questionnaire:
    """The AI execution questionnaire."""
    return catalog.get("ai-execution")
