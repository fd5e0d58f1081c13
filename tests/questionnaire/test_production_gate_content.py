"""Content checks for the production gate (issue 17) and its rules file.

The loader already refuses a malformed gate; these tests hold the authored content to
what a methodologist would check: the gate is a production gate that is never listed,
every item has three ordered answers with evidence and a recommendation, the agent
controls are asked only for agent initiatives, and some items block while others are
conditions. The rules file has no loader yet, so it is read as plain YAML and checked
against both questionnaires: every item it names is a gate item, every organisation
question it relies on exists with the value it needs, and autonomy tiers only grow.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from assessment.questionnaire import QuestionKind, load_questionnaire
from assessment.questionnaire.model import PRODUCTION_GATE
from assessment.scoring import question_applies

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"
GATE = load_questionnaire(QUESTIONNAIRES / "production-gate.yaml")
FLAGSHIP = load_questionnaire(QUESTIONNAIRES / "ai-execution.yaml")
RULES = yaml.safe_load((QUESTIONNAIRES / "production-gate.rules.yaml").read_text(encoding="utf-8"))
FLAGSHIP_QUESTIONS = {q.id: q for q in FLAGSHIP.questions}
ITEMS = GATE.questions_of_kind(QuestionKind.MATURITY)
AGENT_DIMENSION = "gate-agent-controls"


def test_the_gate_is_a_production_gate_that_is_never_offered_as_an_assessment():
    assert GATE.purpose == PRODUCTION_GATE
    assert not GATE.is_assessment
    assert not GATE.listed


def test_the_gate_names_its_own_methodology_and_the_file_exists():
    assert GATE.methodology == "production-gate.methodology.md"
    assert (QUESTIONNAIRES / GATE.methodology).is_file()


def test_three_levels_from_not_in_place_to_in_place():
    assert [(level.value, level.name) for level in GATE.levels] == [
        (1, "Not in place"),
        (2, "Partly in place"),
        (3, "In place"),
    ]
    assert all(level.description for level in GATE.levels)


def test_item_ids_are_prefixed_and_there_are_about_a_dozen():
    assert all(q.id.startswith("gate-") for q in GATE.questions)
    assert all(d.id.startswith("gate-") for d in GATE.dimensions)
    assert 12 <= len(ITEMS) <= 15


@pytest.mark.parametrize("item", ITEMS, ids=lambda q: q.id)
def test_every_item_has_three_ordered_answers_with_evidence_and_a_recommendation(item):
    assert [option.value for option in item.options] == [1, 2, 3]
    for option in item.options:
        assert option.evidence.strip(), f"{item.id}/{option.id} names no evidence"
        assert option.recommendation.strip(), f"{item.id}/{option.id} gives no recommendation"


@pytest.mark.parametrize("item", ITEMS, ids=lambda q: q.id)
def test_every_item_covers_a_concern_and_cites_a_framework(item):
    assert item.covers
    assert item.references


def test_the_only_scoping_question_is_gate_agents_answered_yes_or_no():
    (scoping,) = GATE.questions_of_kind(QuestionKind.SCOPING)
    assert scoping.id == RULES["agents_question"] == "gate-agents"
    assert scoping.option_ids == ("yes", "no")
    assert not scoping.unknown  # the register answers it: "don't know" is never offered
    assert GATE.questions[0] is scoping  # asked first, so conditions may look back to it


def test_agent_controls_apply_only_when_the_initiative_uses_agents():
    agent_items = [q for q in ITEMS if q.dimension == AGENT_DIMENSION]
    assert len(agent_items) >= 4
    for item in agent_items:
        assert question_applies(GATE, item, {"gate-agents": "yes"})
        assert not question_applies(GATE, item, {"gate-agents": "no"})
    for item in ITEMS:
        if item.dimension != AGENT_DIMENSION:
            assert question_applies(GATE, item, {"gate-agents": "no"}), item.id


def test_most_items_block_production_but_not_all():
    critical = [q.id for q in ITEMS if q.critical]
    conditions = [q.id for q in ITEMS if not q.critical]
    assert conditions, "every item blocks: nothing would ever be a condition"
    assert len(critical) > len(conditions)
    # the agent controls are among the blockers: an agent without them must not go live
    assert all(q.critical for q in ITEMS if q.dimension == AGENT_DIMENSION)


# ---------------------------------------------------------------- the rules file


def test_the_rules_name_the_gate_the_flagship_and_sensible_thresholds():
    assert RULES["kind"] == "gate-rules"
    assert RULES["gate"] == GATE.id
    assert RULES["questionnaire"] == FLAGSHIP.id
    assert 0 < RULES["ready_at"] <= 100
    assert isinstance(RULES["wip_limit"], int) and RULES["wip_limit"] >= 1


def test_every_gate_item_relies_on_at_least_one_organisation_question():
    assert set(RULES["needs"]) == {q.id for q in ITEMS}
    assert all(RULES["needs"][item] for item in RULES["needs"])


def _flagship_needs():
    """Every (where, flagship question, needed value) the rules name, items and tiers alike."""
    for item, needs in RULES["needs"].items():
        for question, value in needs.items():
            yield f"needs.{item}", question, value
    for tier in RULES["autonomy"]:
        for question, value in tier["needs"].items():
            yield f"autonomy.{tier['id']}", question, value


@pytest.mark.parametrize(("where", "question", "value"), list(_flagship_needs()))
def test_each_named_organisation_question_has_an_answer_at_the_needed_value(where, question, value):
    found = FLAGSHIP_QUESTIONS.get(question)
    assert found is not None, f"{where}: {question} is not a question of {FLAGSHIP.id}"
    assert found.kind == QuestionKind.MATURITY, f"{where}: {question} is not a maturity question"
    assert value in [option.value for option in found.options], f"{where}: {question} has no answer {value}"
    assert value > FLAGSHIP.lowest_level.value, f"{where}: needing the lowest level needs nothing"


def test_autonomy_tiers_start_from_nothing_and_each_needs_at_least_the_one_before():
    tiers = RULES["autonomy"]
    assert [tier["id"] for tier in tiers] == ["suggest", "approve", "report", "autonomous"]
    assert tiers[0]["needs"] == {}
    for before, after in pairwise(tiers):
        for question, value in before["needs"].items():
            assert after["needs"].get(question, 0) >= value, f"{after['id']} needs less of {question}"
        assert after["needs"] != before["needs"], f"{after['id']} needs nothing more than {before['id']}"
    assert all(tier["label"] and tier["description"] for tier in tiers)


def test_autonomy_tiers_rely_only_on_agentic_readiness():
    agentic = {q.id for q in FLAGSHIP.maturity_questions if q.dimension == "agentic"}
    for tier in RULES["autonomy"]:
        assert set(tier["needs"]) <= agentic, tier["id"]
