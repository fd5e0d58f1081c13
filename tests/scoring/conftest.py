"""Shared fixtures: the example and SAMM-shaped questionnaires, loaded by the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.questionnaire.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    """questionnaires/example.yaml."""
    return load_questionnaire(ROOT / "questionnaires" / "example.yaml")


@pytest.fixture(scope="session")
def samm() -> Questionnaire:
    """tests/data/samm-shaped.yaml."""
    return load_questionnaire(ROOT / "tests" / "data" / "samm-shaped.yaml")
