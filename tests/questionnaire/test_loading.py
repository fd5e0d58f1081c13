"""The example questionnaire loads into immutable objects that say what the file says."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from assessment.questionnaire import (
    QuestionKind,
    Rollup,
    load_directory,
    load_questionnaire,
    questionnaire_as_dict,
)
from assessment.questionnaire.model import LevelRule
from assessment.questionnaire.translation import translatable_texts, translated

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "questionnaires" / "example.yaml"
SCHEMA = ROOT / "questionnaires" / "schema" / "questionnaire.schema.json"


@pytest.fixture(scope="module")
def example():
    return load_questionnaire(EXAMPLE)


def test_example_loads_with_its_levels_dimensions_and_questions(example):
    assert (example.id, example.version) == ("example", "1.0")
    assert [level.name for level in example.levels] == [
        "Initial",
        "Developing",
        "Defined",
        "Managed",
        "Optimizing",
    ]
    assert [d.id for d in example.dimensions] == ["delivery", "agents"]
    assert [g.id for g in example.dimension("delivery").groups] == ["testing", "release"]
    assert [q.id for q in example.questions_in("delivery")] == [
        "eval-changes",
        "edge-cases",
        "rollback",
        "release-owner",
    ]


def test_question_details_survive_loading(example):
    question = example.question("eval-changes")
    assert question.kind is QuestionKind.MATURITY
    assert question.critical and question.weight == 2 and question.group == "testing"
    assert question.covers == ("evaluation-systems", "testing-approaches")
    assert {(r.framework, r.id) for r in question.references} == {
        ("nist-ai-rmf", "MS-2.1"),
        ("nist-ai-rmf", "MS-2.13"),
        ("iso-42001", "A.6.2.4"),
    }
    assert [o.value for o in question.options] == [1, 2, 3, 4, 5]
    assert question.option("recorded").recommendation.startswith("Automate the checks")
    assert question.accepts("unknown") and not question.accepts("n/a")
    assert example.question("edge-cases").accepts("n/a")


def test_scoping_and_ownership_questions_are_told_apart(example):
    scoping = example.question("scope-agents")
    assert scoping.kind is QuestionKind.SCOPING and all(o.value is None for o in scoping.options)
    assert scoping.option("none").label == "No"  # YAML 1.1 would have made this False
    ownership = example.question("release-owner")
    assert ownership.kind is QuestionKind.OWNERSHIP and ownership.options == ()
    assert [o.id for o in example.owners] == ["product", "engineering", "security"]
    agents = example.dimension("agents")
    assert agents.applies_when[0].question == "scope-agents"
    assert agents.applies_when[0].holds({"scope-agents": "planned"})
    assert not agents.applies_when[0].holds({"scope-agents": "none"})


def test_declared_rollups_are_loaded(example):
    rules = example.scoring
    assert rules.dimension.rollup is Rollup.WEIGHTED_MEAN and rules.dimension.level is LevelRule.STAIRCASE
    assert rules.overall.level is LevelRule.WEAKEST
    assert rules.unknown_value is None


def test_loaded_objects_cannot_be_changed(example):
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.questions[1].weight = 10  # type: ignore[misc]
    assert isinstance(example.questions, tuple)
    with pytest.raises(TypeError):
        example.translations["fr"]["title"] = "x"  # type: ignore[index]


def test_translation_replaces_texts_but_not_ids_or_values(example):
    french = translated(example, "fr")
    assert french.title == "Exemple de contrôle de la livraison IA"
    assert french.question("rollback").text.startswith("En combien de temps")
    assert french.question("eval-changes").text == example.question("eval-changes").text  # untranslated
    assert [q.id for q in french.questions] == [q.id for q in example.questions]
    assert french.content_hash == example.content_hash
    assert translated(example, "de") is example


def test_every_translatable_text_has_a_key(example):
    texts = translatable_texts(example)
    assert texts["questions.rollback.text"] == example.question("rollback").text
    assert texts["dimensions.delivery.groups.testing.title"] == "Testing"


def test_content_hash_ignores_comments_but_not_content(tmp_path, example):
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "vocabularies" / "concerns.yaml").write_bytes(
        (EXAMPLE.parent / "vocabularies" / "concerns.yaml").read_bytes()
    )
    text = EXAMPLE.read_text()
    commented = tmp_path / "commented.yaml"
    commented.write_text("# a new comment\n" + text.replace("levels:\n", "levels:   # the scale\n"))
    assert load_questionnaire(commented).content_hash == example.content_hash
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("Nobody looks for them.", "Nobody looks for them at all."))
    assert load_questionnaire(edited).content_hash != example.content_hash


def test_committed_schema_is_valid_and_accepts_every_shipped_questionnaire():
    schema = json.loads(SCHEMA.read_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if data.get("kind") == "questionnaire":
            assert list(validator.iter_errors(data)) == [], path


def test_shipped_folder_loads_without_refusals():
    catalog = load_directory(ROOT / "questionnaires")
    assert catalog.refused == {}
    assert "example" in catalog.questionnaires


def test_json_export_follows_the_cli_contract(example):
    data = questionnaire_as_dict(example)
    assert {"id", "version", "levels", "dimensions", "questions"} <= set(data)
    assert data["levels"][0] == {
        "value": 1,
        "name": "Initial",
        "description": data["levels"][0]["description"],
    }
    assert {"id", "title"} <= set(data["dimensions"][0])
    question = next(q for q in data["questions"] if q["id"] == "eval-changes")
    assert {"id", "dimension", "text", "covers", "options"} <= set(question)
    first = question["options"][0]
    assert (first["id"], first["value"]) == ("none", 1) and first["label"]
    json.dumps(data)  # plain data all the way down
