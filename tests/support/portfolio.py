"""A questionnaire folder with a production gate, for the portfolio's web and browser tests.

The small test gate (`tests/data/portfolio/small-gate*.yaml`) draws on the example
questionnaire; both are copied with the vocabularies they use into a folder of the test's
own, which an app takes as its QUESTIONNAIRES_DIR.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import ROOT

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
