"""Content checks for the flagship questionnaire, the quick check and their profiles.

The loader already refuses malformed files; these tests hold the authored content to
the rules of the methodology: coverage of every concern, five ordered options per
maturity question with evidence and a recommendation, the number of questions per
dimension, the ownership map, scoping that only looks backwards, and profiles that set
a target for every dimension and every critical question.
"""

from __future__ import annotations

import re
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


def test_the_vocabulary_keeps_every_shared_concern_and_adds_the_essays_missing_ones():
    if not SHARED_VOCABULARY.exists():
        pytest.skip(f"no shared vocabulary at {SHARED_VOCABULARY}")
    ours = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    shared = yaml.safe_load(SHARED_VOCABULARY.read_text(encoding="utf-8"))
    for theme, concerns in shared.items():
        assert ours[theme] == concerns, theme
    added = concern_ids(VOCABULARY) - concern_ids(SHARED_VOCABULARY)
    essay = {"execution-leadership", "executive-sponsorship", "adoption", "scaling-failures"}
    assert essay | {"path-to-production", "data-readiness", "bought-ai", "staff-ai-use"} <= added


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


def test_not_applicable_is_the_exception_and_its_help_says_when_it_is_honest(questionnaire):
    allowed = [q for q in maturity(questionnaire) if q.not_applicable]
    assert len(allowed) <= len(maturity(questionnaire)) // 10, [q.id for q in allowed]
    for question in allowed:
        assert "not applicable" in question.help.lower(), (
            f"{question.id}: help does not say when N/A is right"
        )


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
    assert (flagship.id, flagship.version) == ("ai-execution", "2.1")
    assert [d.id for d in flagship.dimensions] == list(FLAGSHIP_DIMENSIONS)
    assert all(d.weight == 1 for d in flagship.dimensions)


def test_flagship_dimensions_longer_than_a_page_are_split_into_groups_of_at_most_ten(flagship):
    for dimension in flagship.dimensions:
        questions = [q for q in flagship.questions_in(dimension.id) if q.kind is QuestionKind.MATURITY]
        assert 7 <= len(questions) <= 20, f"{dimension.id}: {len(questions)} maturity questions"
        if len(questions) > 10:
            for group in dimension.groups:
                size = sum(q.group == group.id for q in questions)
                assert size <= 10, f"{dimension.id}/{group.id}: {size} questions"


def test_flagship_has_fifty_five_to_seventy_maturity_questions(flagship):
    assert 55 <= len(maturity(flagship)) <= 70


def test_group_weights_keep_the_dimension_a_weighted_mean_of_its_questions(flagship):
    """A group weighs the sum of its questions' weights, so grouping questions into pages
    never changes a dimension's score when all of them apply."""
    for dimension in flagship.dimensions:
        for group in dimension.groups:
            questions = [q for q in maturity(flagship) if q.group == group.id]
            if questions:
                assert group.weight == sum(q.weight for q in questions), group.id


def test_outcome_facts_come_last_each_with_a_unit_and_a_range(flagship):
    facts = flagship.facts
    assert len(facts) >= 6
    assert flagship.questions[-len(facts) :] == facts
    for fact in facts:
        assert fact.fact.unit and fact.fact.minimum is not None and fact.fact.maximum is not None, fact.id
        assert fact.unknown and not fact.dimension, fact.id
    asked = {f.id for f in facts}
    assert {"out-pilots-started", "out-pilots-to-production", "out-weeks-to-production"} <= asked
    assert {"out-initiatives-per-team", "out-ai-incidents", "out-value-measured"} <= asked


def test_upper_levels_say_they_include_the_level_below(questionnaire):
    for question in maturity(questionnaire):
        for option in question.options:
            if option.value > 3:
                assert option.label.startswith("As above, and "), f"{question.id}/{option.id}"
            assert not re.search(r"\blevel \d", option.label, re.I), (
                f"{question.id}/{option.id}: names a level"
            )


def test_stems_are_neutral_questions_not_yes_no_ones(questionnaire):
    leading = ("Is ", "Are ", "Do ", "Does ", "Has ", "Have ", "Can ")
    for question in maturity(questionnaire):
        assert not question.text.startswith(leading), f"{question.id}: {question.text}"


def test_flagship_question_ids_carry_their_dimension_prefix(flagship):
    for question in flagship.questions:
        if question.kind is QuestionKind.SCOPING:
            assert question.id.startswith("scope-"), question.id
        elif question.kind is QuestionKind.FACT:
            assert question.id.startswith("out-"), question.id
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
        high_risk = next(c for c in question.applies_when if c.question == "scope-eu-high-risk")
        assert "none" not in high_risk.any_of


@pytest.mark.parametrize(
    ("role", "asked"),
    [
        ("provider", {"gov-eu-provider-obligations", "prod-eu-provider-incidents"}),
        ("deployer", {"gov-eu-deployer-obligations", "prod-eu-deployer-incidents"}),
        (
            "both",
            {
                "gov-eu-provider-obligations",
                "prod-eu-provider-incidents",
                "gov-eu-deployer-obligations",
                "prod-eu-deployer-incidents",
            },
        ),
        (
            "not-sure",
            {
                "gov-eu-provider-obligations",
                "prod-eu-provider-incidents",
                "gov-eu-deployer-obligations",
                "prod-eu-deployer-incidents",
            },
        ),
    ],
)
def test_the_eu_obligations_asked_follow_the_organisations_role(flagship, role, asked):
    from assessment.scoring import question_applies

    split = {
        "gov-eu-provider-obligations",
        "prod-eu-provider-incidents",
        "gov-eu-deployer-obligations",
        "prod-eu-deployer-incidents",
    }
    answers = {"scope-eu-high-risk": "likely", "scope-eu-role": role}
    assert {q for q in split if question_applies(flagship, flagship.question(q), answers)} == asked
    nothing = {"scope-eu-high-risk": "none"}
    assert not question_applies(flagship, flagship.question("scope-eu-role"), nothing)
    assert not any(question_applies(flagship, flagship.question(q), nothing) for q in split)


def test_an_organisation_that_only_buys_ai_is_not_asked_about_building_it(flagship):
    from assessment.scoring import question_applies

    buy = {"scope-build-buy": "buy"}
    build = {"scope-build-buy": "build"}
    for question in ("prod-evaluation", "prod-prompt-management", "prod-observability", "prod-release"):
        assert not question_applies(flagship, flagship.question(question), buy), question
        assert question_applies(flagship, flagship.question(question), build), question
    assert question_applies(flagship, flagship.question("gov-vendor-assurance"), buy)
    assert not question_applies(flagship, flagship.question("gov-vendor-assurance"), build)
    for question in ("prod-readiness-gate", "prod-data-readiness", "gov-system-data", "prod-incidents"):
        assert question_applies(flagship, flagship.question(question), buy), question


@pytest.mark.parametrize(
    ("area", "question", "concern"),
    [
        ("execution and programme leadership", "own-programme-leadership", "execution-leadership"),
        ("sponsorship after launch", "own-sponsorship", "executive-sponsorship"),
        ("scaling from one team to many", "own-scaling", "scaling-failures"),
        ("adoption and change management", "prio-adoption", "adoption"),
        ("a production-readiness gate", "prod-readiness-gate", "production-readiness"),
        ("the step from experiment to production engineering", "prod-engineering-path", "path-to-production"),
        ("data readiness", "prod-data-readiness", "data-readiness"),
        ("employees' use of generative AI tools", "gov-staff-ai-use", "staff-ai-use"),
        ("bought AI", "gov-vendor-assurance", "bought-ai"),
        ("contestability", "gov-contestability", "contestability"),
        ("transparency to people dealing with AI", "gov-ai-transparency", "ai-transparency"),
    ],
)
def test_each_area_the_essay_centres_on_has_its_own_question(flagship, area, question, concern):
    asked = flagship.question(question)
    assert asked.kind is QuestionKind.MATURITY, area
    assert concern in asked.covers, f"{area}: {question} does not cover {concern}"


def test_human_oversight_is_asked_for_systems_that_are_not_agents(flagship):
    question = flagship.question("gov-decision-oversight")
    assert question.dimension == "governance"
    assert not any(c.question == "scope-agents" for c in question.applies_when)


# -------------------------------------------------------------- ownership map


def test_ownership_map_has_ten_to_fifteen_activities_including_risk_money_and_coordination(flagship):
    ownership = flagship.questions_of_kind(QuestionKind.OWNERSHIP)
    assert 10 <= len(ownership) <= 15
    ids = {q.id for q in ownership}
    assert {"own-map-risk-acceptance", "own-map-funding", "own-map-governance-coordination"} <= ids
    for question in ownership:
        assert question.dimension == "ownership", question.id
        assert not question.options, f"{question.id}: ownership questions have no options"
        assert not question.critical


def test_ownership_questions_follow_the_dimensions_maturity_questions(flagship):
    kinds = [q.kind for q in flagship.questions_in("ownership")]
    first_ownership = kinds.index(QuestionKind.OWNERSHIP)
    assert all(kind is QuestionKind.MATURITY for kind in kinds[:first_ownership])
    assert all(kind is QuestionKind.OWNERSHIP for kind in kinds[first_ownership:])


def test_owners_include_the_functions_the_review_found_missing(flagship):
    ids = {owner.id for owner in flagship.owners}
    # The eight functions concerns.yaml names (not a workshop's participant roles).
    functions = {"product", "engineering", "data-science", "platform", "security", "compliance", "operations"}
    assert functions | {"business-unit"} <= ids
    assert {"legal", "privacy", "risk", "procurement", "finance", "ai-office", "programme-office"} <= ids


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
        assert profile.questionnaire_id == questionnaire.id
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


# ------------------------------------------------------------- targets' basis


def registry_citations() -> set[str]:
    """Every citation a basis may make, as `edition id` strings."""
    data = yaml.safe_load((QUESTIONNAIRES / "vocabularies" / "frameworks.yaml").read_text(encoding="utf-8"))
    return {f"{framework['edition']} {ident}" for framework in data.values() for ident in framework["ids"]}


@pytest.mark.parametrize("questionnaire_id", sorted(PAIRS))
def test_every_target_names_its_basis_or_says_it_is_a_judgement(questionnaire_id):
    questionnaire_path, profiles_path = PAIRS[questionnaire_id]
    profiles = load_profiles(profiles_path, load_questionnaire(questionnaire_path))
    known = registry_citations()
    editions = {citation.rsplit(" ", 1)[0] for citation in known}
    for profile in profiles:
        for target in profile.targets:
            where = f"{profile.id}/{target.ref}"
            assert target.basis, f"{where}: no basis"
            if target.basis[0].startswith("Authored judgement: "):
                assert len(target.basis) == 1 and len(target.basis[0]) > 40, where
                continue
            for citation in target.basis:
                edition = next((e for e in editions if citation.startswith(e + " ")), None)
                if edition is not None:  # a registry framework: the id must be in the registry
                    assert citation in known, f"{where}: {citation!r} is not in the framework registry"
                else:
                    assert citation.startswith(("GDPR", "Regulation (EU) 2016/679")), f"{where}: {citation!r}"


def test_regulated_blocks_on_the_eu_questions_and_ready_for_agents_on_the_agent_controls(flagship):
    profiles = {p.id: p for p in load_profiles(FLAGSHIP_PROFILES, flagship)}
    regulated = {t.ref: t for t in profiles["regulated-high-risk"].questions}
    for ref in ("gov-eu-provider-obligations", "gov-eu-deployer-obligations", "prod-eu-provider-incidents"):
        assert not regulated[ref].advisory, ref
    agents = {t.ref: t for t in profiles["ready-for-agents"].questions}
    agent_controls = [q.id for q in maturity(flagship) if q.dimension == "agentic"]
    targeted = [ref for ref in agent_controls if ref in agents]
    assert len(targeted) >= 6
    assert not any(agents[ref].advisory for ref in targeted)


def test_the_quick_checks_safe_to_pilot_agrees_with_the_flagships(flagship, quick_check):
    quick = {p.id: p for p in load_profiles(QUICK_CHECK_PROFILES, quick_check)}["safe-to-pilot"]
    full = {p.id: p for p in load_profiles(FLAGSHIP_PROFILES, flagship)}["safe-to-pilot"]
    same = {
        "fnd-owner": "own-accountable-owner",
        "fnd-pilot-exit": "prio-pilot-exit",
        "safe-risk": "gov-risk-assessment",
        "ops-agent-limits": "agent-autonomy",
    }
    for short, long in same.items():
        quick_target, full_target = quick.question_target(short), full.question_target(long)
        assert quick_target is not None and full_target is not None, short
        assert (quick_target.target, quick_target.advisory) == (full_target.target, full_target.advisory), (
            short
        )
    assert quick_check.question("safe-risk").critical


def test_the_quick_check_asks_about_pilot_exit_and_governance_as_a_final_gate(quick_check):
    assert "pilot" in quick_check.question("fnd-pilot-exit").text.lower()
    reviews = quick_check.question("safe-reviews")
    labels = [o.label.lower() for o in reviews.options]
    assert "before launch" in labels[1] and "design stage" in labels[2]  # a final gate scores below built in
