"""Gate-rules files: a methodologist's mistakes are refused with the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessment.questionnaire.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
GATE = ROOT / "tests/data/portfolio/small-gate.yaml"
RULES = ROOT / "tests/data/portfolio/small-gate.rules.yaml"
EXAMPLE = ROOT / "questionnaires/example.yaml"


def catalog_with(tmp_path, change=None, gate_text=None):
    """The example, the small gate and its rules, with the rules changed by `change`."""
    rules = yaml.safe_load(RULES.read_text())
    if change:
        change(rules)
    (tmp_path / "gate.rules.yaml").write_text(yaml.safe_dump(rules, sort_keys=False))
    (tmp_path / "gate.yaml").write_text(gate_text if gate_text is not None else GATE.read_text())
    return load_catalog([EXAMPLE, tmp_path / "gate.yaml", tmp_path / "gate.rules.yaml"])


def refusal(catalog) -> str:
    (problems,) = [p for name, p in catalog.refused.items() if name.endswith("gate.rules.yaml")]
    return "\n".join(str(p) for p in problems)


def test_sound_rules_join_the_gate_to_its_assessment(tmp_path):
    catalog = catalog_with(tmp_path)
    assert catalog.refused == {}
    gate = catalog.gate_for("example")
    assert gate.rules.needs["tested"] == {"eval-changes": 3.0, "edge-cases": 3.0}
    assert [t.id for t in gate.rules.autonomy] == ["suggest", "approve", "autonomous"]
    assert [q.id for q in catalog.assessments] == ["example"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(gate="nothing"), "no questionnaire 'nothing' is loaded"),
        (lambda r: r.update(gate="example"), "'example' is not a production gate"),
        (lambda r: r.update(agents_question="tested"), "'tested' must be a yes/no scoping question"),
        (
            lambda r: r["needs"].update({"uses-agents": {"rollback": 3}}),
            "'uses-agents' is not a maturity question",
        ),
        (
            lambda r: r["needs"].update(tested={"release-owner": 3}),
            "'release-owner' is not a maturity question",
        ),
        (lambda r: r["needs"].update(tested={"rollback": 3.5}), "no option of rollback has the value 3.5"),
        (lambda r: r["autonomy"][0].update(needs={"rollback": 2}), "the first tier must need nothing"),
        (
            lambda r: r["autonomy"][2].update(needs={"rollback": 4}),
            "tier 'autonomous' needs less of agent-limits than the tier before it (3)",
        ),
        (lambda r: r.update(ready_at=0), "ready_at"),
        (lambda r: r.update(colour="red"), "colour"),
    ],
)
def test_mistakes_are_refused_with_their_reason(tmp_path, change, message):
    catalog = catalog_with(tmp_path, change)
    assert message in refusal(catalog)
    assert catalog.gate_for("example") is None


def test_a_gate_is_never_offered_as_an_assessment(tmp_path):
    catalog = catalog_with(tmp_path)
    gate = catalog.get("small-gate")
    assert gate.purpose == "production-gate" and not gate.is_assessment and not gate.listed
    assert gate not in catalog.assessments
