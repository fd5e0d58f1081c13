"""Portfolios for the tests: a small portfolio judged through the small test gate, and a
questionnaire folder holding that gate for an app.

The small test gate (`tests/data/portfolio/small-gate*.yaml`) draws on the example
questionnaire. In `small_portfolio` the organisation's answers leave rollback at level 2
and agent limits at level 3, so: "Invoice matching" is ready (scale now), the support agent
asks for more autonomy than the organisation supports (blocked, with roadmap actions),
"Fraud scoring" fails its own critical gate item, and a low-value initiative with a
hostile, very long name is blocked. `gate_folder` copies the example questionnaire and the
gate, with the vocabularies they use, into a folder an app takes as its QUESTIONNAIRES_DIR.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assessment.questionnaire.catalog import Catalog, load_catalog
from assessment.scoring import build_roadmap, score_answers
from assessment.scoring.portfolio import PortfolioReview, review_portfolio
from assessment.scoring.register import InitiativeRecord
from tests.support import ROOT

GATE_FILES = [
    ROOT / "questionnaires" / "example.yaml",
    ROOT / "tests" / "data" / "portfolio" / "small-gate.yaml",
    ROOT / "tests" / "data" / "portfolio" / "small-gate.rules.yaml",
]
ORGANISATION = {
    "scope-agents": "in-production",
    "eval-changes": "recorded",
    "edge-cases": "reviewed",
    "rollback": "documented",
    "release-owner": "engineering",
    "agent-limits": "enforced",
}
HOSTILE_NAME = (
    'Contract <script>alert("x")</script> review for every supplier agreement signed in the '
    "northern region since the merger " + "Vertragsprüfungsautomatisierungssystem" * 3
)
RECORDS = (
    InitiativeRecord(
        "1",
        "Invoice matching",
        stage="pilot",
        value_band="very-high",
        delivery_team="Finance AI",
        gate_answers={"tested": "yes", "can-roll-back": "yes"},
    ),
    InitiativeRecord(
        "2",
        "Customer support agent",
        stage="pilot",
        value_band="high",
        delivery_team="Finance AI",
        uses_agents=True,
        autonomy="autonomous",
        gate_answers={"tested": "yes", "can-roll-back": "yes", "agent-bounded": "yes"},
    ),
    InitiativeRecord(
        "3",
        "Fraud scoring",
        stage="pilot",
        value_band="high",
        delivery_team="Risk",
        gate_answers={"tested": "no"},
    ),
    InitiativeRecord(
        "4",
        HOSTILE_NAME,
        stage="experiment",
        value_band="low",
        delivery_team="Finance AI",
        gate_answers={"tested": "partly"},
    ),
    InitiativeRecord("5", "Old chatbot", stage="retired", value_band="low"),
)


def gate_catalog() -> Catalog:
    """The example questionnaire with the small gate and its rules."""
    return load_catalog([Path(p) for p in GATE_FILES])


def small_portfolio(catalog: Catalog | None = None, answers=None, records=RECORDS) -> PortfolioReview:
    """The records judged against the organisation's answers, as a report's caller would."""
    catalog = catalog or gate_catalog()
    questionnaire = catalog.get("example")
    card = score_answers(questionnaire, answers or ORGANISATION)
    roadmap = build_roadmap(questionnaire, card)
    return review_portfolio(catalog.gate_for(questionnaire), questionnaire, card, roadmap, records)


GATE_DATA = ROOT / "tests" / "data" / "portfolio"
#: Example answers at level 3 where the small gate relies on them, and no agents.
ORGANISATION_READY = {
    "scope-agents": "none",
    "eval-changes": "recorded",
    "edge-cases": "reviewed",
    "rollback": "scripted",
}


def gate_folder(folder: Path) -> Path:
    """A questionnaire folder holding the example questionnaire and the small gate."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "questionnaires" / "example.yaml", folder)
    shutil.copytree(ROOT / "questionnaires" / "vocabularies", folder / "vocabularies", dirs_exist_ok=True)
    for path in GATE_DATA.glob("small-gate*.yaml"):
        shutil.copy(path, folder)
    return folder
