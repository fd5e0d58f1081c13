"""Content checks for the flagship questionnaire, the quick check and their profiles.

The loader already refuses malformed files; these tests hold the authored content to
the rules of the methodology: coverage of every concern, five ordered options per
maturity question with evidence and a recommendation, the number of questions per
dimension, the ownership map, scoping that only looks backwards, and profiles that set
a target for every dimension and every critical question.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessment.questionnaire import (
    QuestionKind,
    Questionnaire,
    load_profiles,
    load_questionnaire,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "questionnaires"
FLAGSHIP = QUESTIONNAIRES / "ai-execution.yaml"
FLAGSHIP_PROFILES = QUESTIONNAIRES / "ai-execution.profiles.yaml"
QUICK_CHECK = QUESTIONNAIRES / "quick-check.yaml"
QUICK_CHECK_PROFILES = QUESTIONNAIRES / "quick-check.profiles.yaml"
VOCABULARY = QUESTIONNAIRES / "vocabularies" / "concerns.yaml"
SHARED_VOCABULARY = Path(__file__).resolve().parents[2] / "shared" / "concerns.yaml"

PAIRS = {"ai-execution": (FLAGSHIP, FLAGSHIP_PROFILES), "quick-check": (QUICK_CHECK, QUICK_CHECK_PROFILES)}
LEVELS = (1, 2, 3, 4, 5)
LEVEL_NAMES = ("Initial", "Developing", "Defined", "Managed", "Optimizing")
FLAGSHIP_DIMENSIONS = {
    "ownership": "own-",
    "prioritization": "prio-",
    "governance": "gov-",
    "production": "prod-",
    "agentic": "agent-",
}
OWNERS = {
    "Product",
    "Engineering",
    "Data science",
    "Platform",
    "Security",
    "Compliance",
    "Operations",
    "Business unit",
}


@pytest.fixture(scope="module")
def flagship() -> Questionnaire:
    return load_questionnaire(FLAGSHIP)


@pytest.fixture(scope="module")
def quick_check() -> Questionnaire:
    return load_questionnaire(QUICK_CHECK)


@pytest.fixture(scope="module", params=sorted(PAIRS))
def questionnaire(request) -> Questionnaire:
    """Each questionnaire of this module in turn."""
    return load_questionnaire(PAIRS[request.param][0])


def maturity(questionnaire: Questionnaire):
    return questionnaire.questions_of_kind(QuestionKind.MATURITY)


def concern_ids(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {concern for theme in data.values() for concern in theme}


# ------------------------------------------------------------------ vocabulary


def test_every_concern_is_covered_by_the_flagship(flagship):
    covered = {concern for question in flagship.questions for concern in question.covers}
    missing = concern_ids(VOCABULARY) - covered
    assert not missing, f"concerns no question covers: {sorted(missing)}"


def test_the_flagship_uses_the_projects_own_vocabulary(flagship):
    assert flagship.concerns == frozenset(concern_ids(VOCABULARY))


def test_the_vocabulary_copy_equals_the_shared_one():
    if not SHARED_VOCABULARY.exists():
        pytest.skip(f"no shared vocabulary at {SHARED_VOCABULARY}")
    assert yaml.safe_load(VOCABULARY.read_text(encoding="utf-8")) == yaml.safe_load(
        SHARED_VOCABULARY.read_text(encoding="utf-8")
    )


# ------------------------------------------------------------ maturity questions


def test_levels_are_the_five_named_levels(questionnaire):
    assert tuple(level.value for level in questionnaire.levels) == LEVELS
    assert tuple(level.name for level in questionnaire.levels) == LEVEL_NAMES
    assert all(level.description for level in questionnaire.levels)


def test_every_maturity_question_has_five_options_one_per_level(questionnaire):
    for question in maturity(questionnaire):
        values = tuple(option.value for option in question.options)
        assert values == LEVELS, f"{question.id}: option values {values}"


def test_every_option_has_label_evidence_and_recommendation(questionnaire):
    for question in maturity(questionnaire):
        labels = [option.label for option in question.options]
        assert len(set(labels)) == len(labels), f"{question.id}: repeated option labels"
        for option in question.options:
            where = f"{question.id}/{option.id}"
            assert option.label.strip(), f"{where}: no label"
            assert option.evidence.strip(), f"{where}: no evidence"
            assert option.recommendation.strip(), f"{where}: no recommendation"


def test_every_maturity_question_has_help_covers_and_a_reference(questionnaire):
    for question in maturity(questionnaire):
        assert question.help.strip(), f"{question.id}: no help text"
        assert question.covers, f"{question.id}: covers no concern"
        assert question.references or question.no_direct_equivalent, f"{question.id}: no framework reference"
        assert not (question.references and question.no_direct_equivalent), f"{question.id}: both"


def test_dont_know_is_always_available_on_maturity_questions(questionnaire):
    for question in maturity(questionnaire):
        assert question.unknown, f"{question.id}: 'don't know' must be available"


def test_not_applicable_is_the_exception(questionnaire):
    allowed = [q.id for q in maturity(questionnaire) if q.not_applicable]
    assert len(allowed) <= 2, f"'not applicable' is allowed too widely: {allowed}"


def test_critical_questions_are_used_sparingly(questionnaire):
    for dimension in questionnaire.dimensions:
        critical = [q.id for q in questionnaire.questions_in(dimension.id) if q.critical]
        assert 1 <= len(critical) <= 3, f"{dimension.id}: critical questions {critical}"


def test_dependencies_point_to_earlier_maturity_questions(questionnaire):
    position = {question.id: index for index, question in enumerate(questionnaire.questions)}
    for question in maturity(questionnaire):
        for dependency in question.depends_on:
            assert questionnaire.question(dependency).kind is QuestionKind.MATURITY
            assert position[dependency] < position[question.id], f"{question.id} -> {dependency}"


# --------------------------------------------------------- flagship structure


def test_flagship_identity(flagship):
    assert (flagship.id, flagship.version) == ("ai-execution", "1.1")
    assert [d.id for d in flagship.dimensions] == list(FLAGSHIP_DIMENSIONS)
    assert all(d.weight == 1 for d in flagship.dimensions)


def test_flagship_has_seven_to_ten_maturity_questions_per_dimension(flagship):
    for dimension in flagship.dimensions:
        count = sum(q.kind is QuestionKind.MATURITY for q in flagship.questions_in(dimension.id))
        assert 7 <= count <= 10, f"{dimension.id}: {count} maturity questions"


def test_flagship_has_forty_to_fifty_five_maturity_questions(flagship):
    assert 40 <= len(maturity(flagship)) <= 55


def test_flagship_question_ids_carry_their_dimension_prefix(flagship):
    for question in flagship.questions:
        if question.kind is QuestionKind.SCOPING:
            assert question.id.startswith("scope-"), question.id
        else:
            assert question.id.startswith(FLAGSHIP_DIMENSIONS[question.dimension]), question.id


def test_scoping_questions_come_first(questionnaire):
    kinds = [question.kind for question in questionnaire.questions]
    scoping = kinds.count(QuestionKind.SCOPING)
    assert scoping >= 1
    assert all(kind is QuestionKind.SCOPING for kind in kinds[:scoping])


def test_every_condition_names_an_earlier_question_and_its_options(questionnaire):
    position = {question.id: index for index, question in enumerate(questionnaire.questions)}
    first_of = {}
    for index, question in enumerate(questionnaire.questions):
        first_of.setdefault(question.dimension, index)
    owners = [(q.id, position[q.id], q.applies_when) for q in questionnaire.questions]
    owners += [(d.id, first_of[d.id], d.applies_when) for d in questionnaire.dimensions]
    for name, where, conditions in owners:
        for condition in conditions:
            assert condition.question in position, f"{name}: unknown question {condition.question}"
            assert position[condition.question] < where, f"{name}: {condition.question} is not earlier"
            options = questionnaire.question(condition.question).option_ids
            assert condition.any_of, f"{name}: empty condition"
            assert set(condition.any_of) <= set(options), f"{name}: {condition.any_of} not in {options}"


def test_agents_and_eu_high_risk_scope_the_right_parts(flagship):
    agentic = flagship.dimension("agentic")
    assert [c.question for c in agentic.applies_when] == ["scope-agents"]
    assert "none" not in agentic.applies_when[0].any_of
    regulation = [
        q for q in flagship.questions if any(c.question == "scope-eu-high-risk" for c in q.applies_when)
    ]
    assert len(regulation) >= 2
    for question in regulation:
        assert "none" not in question.applies_when[0].any_of


# -------------------------------------------------------------- ownership map


def test_ownership_map_has_eight_to_ten_activities(flagship):
    ownership = flagship.questions_of_kind(QuestionKind.OWNERSHIP)
    assert 8 <= len(ownership) <= 10
    for question in ownership:
        assert question.dimension == "ownership", question.id
        assert not question.options, f"{question.id}: ownership questions have no options"
        assert not question.critical


def test_ownership_questions_follow_the_dimensions_maturity_questions(flagship):
    kinds = [q.kind for q in flagship.questions_in("ownership")]
    first_ownership = kinds.index(QuestionKind.OWNERSHIP)
    assert all(kind is QuestionKind.MATURITY for kind in kinds[:first_ownership])
    assert all(kind is QuestionKind.OWNERSHIP for kind in kinds[first_ownership:])


def test_owners_are_the_eight_functions(flagship):
    assert {owner.label for owner in flagship.owners} == OWNERS


def test_agent_permissions_ownership_is_scoped_like_the_agentic_dimension(flagship):
    question = flagship.question("own-map-agent-permissions")
    assert question.kind is QuestionKind.OWNERSHIP
    assert question.applies_when == flagship.dimension("agentic").applies_when


# ------------------------------------------------------------------ profiles


@pytest.mark.parametrize("questionnaire_id", sorted(PAIRS))
def test_profiles_target_every_dimension_and_every_critical_question(questionnaire_id):
    questionnaire_path, profiles_path = PAIRS[questionnaire_id]
    questionnaire = load_questionnaire(questionnaire_path)
    profiles = load_profiles(profiles_path, questionnaire)
    assert profiles
    dimensions = {d.id for d in questionnaire.dimensions}
    critical = {q.id for q in maturity(questionnaire) if q.critical}
    questions = {q.id for q in maturity(questionnaire)}
    for profile in profiles:
        assert profile.questionnaire == questionnaire.id
        targeted_dimensions = {t.ref for t in profile.dimensions}
        targeted_questions = {t.ref for t in profile.questions}
        assert targeted_dimensions <= dimensions, profile.id
        assert targeted_questions <= questions, profile.id
        assert targeted_dimensions == dimensions, f"{profile.id}: dimensions without a target"
        assert critical <= targeted_questions, f"{profile.id}: critical questions without a target"
        for target in profile.dimensions + profile.questions:
            assert target.target in LEVELS, f"{profile.id}/{target.ref}: {target.target}"
            assert target.rationale.strip(), f"{profile.id}/{target.ref}: no rationale"


def test_flagship_has_the_four_reference_profiles(flagship):
    titles = {p.title for p in load_profiles(FLAGSHIP_PROFILES, flagship)}
    assert {"Safe to pilot", "Production baseline", "Regulated / high-risk", "Ready for agents"} <= titles


def test_profiles_say_they_are_targets_not_averages():
    for _, profiles_path in PAIRS.values():
        description = yaml.safe_load(profiles_path.read_text(encoding="utf-8"))["description"]
        assert "not industry averages" in description, profiles_path.name


# --------------------------------------------------------------- quick check


def test_quick_check_has_exactly_ten_maturity_questions(quick_check):
    # Scoping questions are not counted: they decide what applies and are not scored.
    assert quick_check.id == "quick-check"
    assert len(maturity(quick_check)) == 10
    assert not quick_check.questions_of_kind(QuestionKind.OWNERSHIP)


def test_quick_check_reuses_the_flagship_vocabulary_and_scale(flagship, quick_check):
    assert quick_check.concerns == flagship.concerns
    assert quick_check.scoring == flagship.scoring
    assert not {q.id for q in maturity(quick_check)} & {q.id for q in maturity(flagship)}
