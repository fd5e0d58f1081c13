"""The roadmap as a plan: the first 90 days, readiness apart, owners, effort, lifts, order.

Properties run over random answers to the flagship questionnaire (ai-execution 2.1, with
its `owned_by` ownership links and its shipped profiles) and over random questionnaires
from the factories, decorated with `owned_by` on dimensions, groups and questions and with
dependencies inside a dimension. Each property checks the plan against what the answers
say, not against the roadmap's own flags. Worked examples on the flagship follow.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.questionnaire import load_profiles, load_questionnaire
from assessment.questionnaire.model import (
    MAX_SHARED_OWNERS,
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Condition,
    Dimension,
    Group,
    QuestionKind,
    Questionnaire,
    owner_code,
    owner_ids,
)
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.reporting.plan import SPONSOR, roadmap_action
from assessment.scoring import build_roadmap, question_applies, score_answers
from assessment.scoring.roadmap import EFFORTS, FIRST_90_DAYS, HORIZONS, NAME_OWNERS, effort_band
from tests.support.scoring import answers_for, build, maturity, questionnaires, scoping

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = load_questionnaire(ROOT / "questionnaires" / "ai-execution.yaml")
FLAGSHIP_PROFILES = load_profiles(ROOT / "questionnaires" / "ai-execution.profiles.yaml", FLAGSHIP)
NAME_OWNERS_TEXT = "Name an owner for each activity that has actions in this plan but no clear owner today."
NO_CLEAR_OWNER = "No clear owner"
ACTIVITIES = tuple(q.id for q in FLAGSHIP.questions_of_kind(QuestionKind.OWNERSHIP))


# ------------------------------------------------------------------ strategies


@st.composite
def owner_answers(draw, questionnaire: Questionnaire, mode: str) -> str | None:
    """An ownership answer: a named owner or up to three sharing ("named"), nobody, don't
    know or no answer ("unclear"), or any of these ("mixed")."""
    if mode == "mixed":
        mode = draw(st.sampled_from(("named", "unclear")))
    if mode == "unclear":
        return draw(st.sampled_from((NOBODY, UNKNOWN, None)))
    ids = [o.id for o in questionnaire.owners]
    return owner_code(
        draw(st.lists(st.sampled_from(ids), min_size=1, max_size=MAX_SHARED_OWNERS, unique=True))
    )


@st.composite
def flagship_answers(draw, agents: str | None = None, ownership: str | None = None) -> dict[str, str]:
    """Valid answers to the flagship: every scoping question answered (scope-agents with
    `agents` when given), any practice answer or none, ownership answers by `ownership`
    ("named", "unclear" or "mixed"; drawn when not given)."""
    mode = ownership or draw(st.sampled_from(("named", "unclear", "mixed")))
    answers: dict[str, str] = {}
    for question in FLAGSHIP.questions:
        if not question_applies(FLAGSHIP, question, answers) or question.kind is QuestionKind.FACT:
            continue
        if question.kind is QuestionKind.SCOPING:
            fixed = agents if question.id == "scope-agents" else None
            code = fixed or draw(st.sampled_from(question.option_ids))
        elif question.kind is QuestionKind.OWNERSHIP:
            code = draw(owner_answers(FLAGSHIP, mode))
        else:
            codes = [*question.option_ids, None]
            codes += [NOT_APPLICABLE] if question.not_applicable else []
            codes += [UNKNOWN] if question.unknown else []
            code = draw(st.sampled_from(codes))
        if code is not None:
            answers[question.id] = code
    return answers


@st.composite
def owned_questionnaires(draw) -> Questionnaire:
    """A factory questionnaire whose dimensions, groups and questions may name an activity
    (`owned_by` an ownership question of any dimension), and whose questions may depend on
    earlier questions of their own dimension."""
    questionnaire = draw(questionnaires())
    activities = [q.id for q in questionnaire.questions if q.kind is QuestionKind.OWNERSHIP]
    pick = st.sampled_from([None, *activities])

    def owned(group: Group) -> Group:
        return replace(group, owned_by=draw(pick), groups=tuple(owned(g) for g in group.groups))

    dimensions = tuple(
        replace(d, owned_by=draw(pick), groups=tuple(owned(g) for g in d.groups))
        for d in questionnaire.dimensions
    )
    questions = []
    earlier: dict[str | None, list[str]] = {}
    for question in questionnaire.questions:
        if question.kind is QuestionKind.MATURITY:
            before = earlier.setdefault(question.dimension, [])
            depends = draw(st.lists(st.sampled_from(before), max_size=2, unique=True)) if before else []
            question = replace(question, owned_by=draw(pick), depends_on=tuple(depends))
            before.append(question.id)
        questions.append(question)
    return replace(questionnaire, dimensions=dimensions, questions=tuple(questions))


@st.composite
def factory_profiles(draw, questionnaire: Questionnaire) -> TargetProfile | None:
    """No profile (one level up), or targets on some dimensions and questions."""
    if draw(st.booleans()):
        return None
    levels = [level.value for level in questionnaire.levels]
    dimensions = draw(st.lists(st.sampled_from([d.id for d in questionnaire.dimensions]), unique=True))
    questions = draw(
        st.lists(st.sampled_from([q.id for q in questionnaire.maturity_questions]), unique=True, max_size=4)
    )
    return TargetProfile(
        "p",
        "Profile",
        "",
        questionnaire.id,
        dimensions=tuple(Target(d, draw(st.sampled_from(levels)), "why") for d in dimensions),
        questions=tuple(Target(q, draw(st.sampled_from(levels)), "why") for q in questions),
    )


@st.composite
def flagship_cases(draw, agents: str | None = None, ownership: str | None = None):
    """(questionnaire, answers, profile) on the flagship, profile None or a shipped one."""
    answers = draw(flagship_answers(agents, ownership))
    return FLAGSHIP, answers, draw(st.sampled_from((None, *FLAGSHIP_PROFILES)))


@st.composite
def factory_cases(draw):
    """(questionnaire, answers, profile) on a random owned questionnaire. Ownership answers
    are never "n/a": the loader refuses `not_applicable` on an ownership question."""
    questionnaire = draw(owned_questionnaires())
    answers = draw(answers_for(questionnaire))
    ownership = {q.id for q in questionnaire.questions if q.kind is QuestionKind.OWNERSHIP}
    answers = {k: v for k, v in answers.items() if not (k in ownership and v == NOT_APPLICABLE)}
    return questionnaire, answers, draw(factory_profiles(questionnaire))


CASES = st.one_of(flagship_cases(), factory_cases())


def plan(case):
    """The scorecard and roadmap of a case."""
    questionnaire, answers, profile = case
    card = score_answers(questionnaire, answers)
    return card, build_roadmap(questionnaire, card, profile)


def clear_owner(
    questionnaire: Questionnaire, answers: dict, question_id: str
) -> tuple[str | None, str | None]:
    """What the answers say of a question's activity: (the ownership question, when it is
    asked; the owner it names, or None when it names nobody, don't know or is unanswered)."""
    activity = questionnaire.activity_for(question_id)
    if activity is None or not question_applies(questionnaire, questionnaire.question(activity), answers):
        return None, None
    answer = answers.get(activity)
    return activity, None if answer in (None, NOBODY, UNKNOWN) else answer


# ------------------------------------------------------------------ properties


@SETTINGS
@given(CASES)
def test_the_first_90_days_hold_at_most_seven_actions_naming_owners_among_them(case):
    _, roadmap = plan(case)
    first = [i for i in roadmap.items if i.horizon == "90 days"]
    assert len(first) <= FIRST_90_DAYS == 7
    naming = [i for i in roadmap.items if i.names_owners]
    assert all(i in first for i in naming)
    # Every action of the 90 days is there for a reason: naming owners, a critical control,
    # a blocker of the weakest dimension, or something one of those depends on.
    urgent = {i.question for i in roadmap.items if (i.critical or i.blocker) and not i.readiness}
    by_id = {i.question: i for i in roadmap.items}
    needed, stack = set(urgent), list(urgent)
    while stack:
        for dependency in by_id[stack.pop()].depends_on:
            if dependency not in needed:
                needed.add(dependency)
                stack.append(dependency)
    assert all(i.names_owners or i.question in needed for i in first), [i.question for i in first]
    # When there is more urgent work than fits, the 90 days are full: a plan, not a backlog.
    if len(urgent) + len(naming) >= FIRST_90_DAYS:
        assert len(first) == FIRST_90_DAYS


@SETTINGS
@given(st.one_of(flagship_cases(agents="planned"), factory_cases()))
def test_an_action_only_for_planned_agents_is_never_in_the_first_90_days(case):
    card, roadmap = plan(case)
    readiness = {d.id for d in card.readiness_dimensions}
    for item in roadmap.items:
        if item.names_owners:
            continue
        assert item.readiness == (item.dimension in readiness), item.question
        if item.dimension in readiness:
            assert item.horizon == "Readiness", item.question
        else:
            assert item.horizon != "Readiness", item.question
    horizons = [HORIZONS.index(i.horizon) for i in roadmap.items]
    assert horizons == sorted(horizons)  # readiness comes after every planned action


@SETTINGS
@given(st.one_of(flagship_cases(), factory_cases()))
def test_naming_owners_comes_first_exactly_when_a_planned_action_has_no_clear_owner(case):
    questionnaire, answers, _ = case
    card, roadmap = plan(case)
    readiness = {d.id for d in card.readiness_dimensions}
    unowned = set()
    for item in roadmap.items:
        if item.names_owners or item.dimension in readiness:
            continue
        activity, owner = clear_owner(questionnaire, answers, item.question)
        if activity is not None and owner is None:
            unowned.add(activity)
    naming = [i for i in roadmap.items if i.question == NAME_OWNERS]
    if not unowned:
        assert naming == []
        return
    assert len(naming) == 1 and roadmap.items[0] is naming[0]
    (first,) = naming
    assert set(first.activities) == unowned and len(first.activities) == len(unowned)
    assert first.action == NAME_OWNERS_TEXT
    assert first.horizon == "90 days" and first.effort == "small"
    assert first.depends_on == () and first.owner is None


@SETTINGS
@given(CASES)
def test_effort_follows_the_levels_each_action_climbs(case):
    _, roadmap = plan(case)
    for item in roadmap.items:
        if item.names_owners:
            assert item.effort == "small"
            continue
        assert item.gap == pytest.approx(item.target - item.value) and item.gap > 0
        climbed = min(3, math.ceil(item.gap - 1e-9))  # 1 level, 2 levels, 3 or more
        expected = "small" if item.find_out else {1: "small", 2: "medium", 3: "large"}[climbed]
        assert item.effort == expected, (item.question, item.gap, item.find_out)


@pytest.mark.parametrize(
    ("gap", "find_out", "effort"),
    [
        (0.5, False, "small"),
        (1, False, "small"),
        (1.5, False, "medium"),
        (2, False, "medium"),
        (2.5, False, "large"),
        (3, False, "large"),
        (4, False, "large"),
        (3, True, "small"),  # finding out is small whatever the distance
        (1, True, "small"),
    ],
)
def test_effort_band_small_for_a_level_or_finding_out_medium_for_two_large_for_three(gap, find_out, effort):
    assert effort_band(gap, find_out) == effort
    assert EFFORTS == ("small", "medium", "large")


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 10), st.floats(0.01, 10))
def test_effort_never_shrinks_as_the_gap_grows(a, b):
    low, high = sorted((a, b))
    assert EFFORTS.index(effort_band(low, False)) <= EFFORTS.index(effort_band(high, False))


@SETTINGS
@given(CASES)
def test_each_action_suggests_the_answered_owner_or_says_no_clear_owner(case):
    questionnaire, answers, _ = case
    _, roadmap = plan(case)
    for item in roadmap.items:
        action = roadmap_action(questionnaire, item)
        if item.names_owners:
            assert action.owner == SPONSOR
            continue
        activity, owner = clear_owner(questionnaire, answers, item.question)
        assert (item.owner_activity, item.owner) == (activity, owner), item.question
        if owner is not None:
            assert action.owner == questionnaire.owner_words(owner)
            labels = {o.id: o.label for o in questionnaire.owners}
            assert all(labels[o] in action.owner for o in owner_ids(owner))
        elif activity is not None:
            assert action.owner == NO_CLEAR_OWNER
        else:
            assert action.owner == ""


@SETTINGS
@given(CASES)
def test_each_action_works_on_its_own_dimension_and_lifts_it_a_declared_level(case):
    questionnaire, _, _ = case
    card, roadmap = plan(case)
    dimensions = {d.id: d for d in card.dimensions}
    declared = {level.value for level in questionnaire.levels}
    for item in roadmap.items:
        if item.names_owners:
            assert item.lifts is None and item.dimension in {d.id for d in questionnaire.dimensions}
            continue
        assert item.dimension in dimensions
        assert questionnaire.question(item.question).dimension == item.dimension
        dimension = dimensions[item.dimension]
        changes = {c.question for c in dimension.explanation.lift} if dimension.explanation else set()
        if item.question in changes:
            assert item.lifts in declared and item.lift_changes == len(changes)
            assert dimension.level is None or item.lifts > dimension.level
        else:
            assert item.lifts is None and item.lift_changes == 0


@SETTINGS
@given(CASES)
def test_no_action_comes_after_an_action_that_depends_on_it(case):
    questionnaire, _, _ = case
    _, roadmap = plan(case)
    position = {item.question: n for n, item in enumerate(roadmap.items)}
    assert len(position) == len(roadmap.items)  # one action per question
    for item in roadmap.items:
        if item.names_owners:
            continue
        declared = questionnaire.question(item.question).depends_on
        assert item.depends_on == tuple(d for d in declared if d in position)
        for dependency in item.depends_on:
            assert position[dependency] < position[item.question], (dependency, item.question)
            dependant, needed = (
                HORIZONS.index(item.horizon),
                HORIZONS.index(roadmap.items[position[dependency]].horizon),
            )
            assert needed <= dependant


# ------------------------------------------------------------------ worked examples


def flagship_answers_at(
    option: int = 0, owner: str | None = "product", agents: str = "in-production", **overrides: str | None
) -> dict[str, str]:
    """Every flagship question in scope, every practice at the option of index `option`,
    every activity owned by `owner` (None: left blank); `overrides` by question id."""
    answers = {"scope-build-buy": "both", "scope-agents": agents, "scope-eu-high-risk": "likely"}
    answers["scope-eu-role"] = "both"
    for question in FLAGSHIP.questions:
        if question.id in answers or not question_applies(FLAGSHIP, question, answers):
            continue
        if question.kind is QuestionKind.MATURITY:
            answers[question.id] = question.options[option].id
        elif question.kind is QuestionKind.OWNERSHIP and owner is not None:
            answers[question.id] = owner
    for qid, code in overrides.items():
        qid = qid.replace("_", "-")
        if code is None:
            answers.pop(qid, None)
        else:
            answers[qid] = code
    return answers


def flagship_plan(answers, profile=None):
    card = score_answers(FLAGSHIP, answers)
    return card, build_roadmap(FLAGSHIP, card, profile)


def test_the_flagship_is_version_2_1_with_ownership_links():
    assert (FLAGSHIP.id, FLAGSHIP.version) == ("ai-execution", "2.1")
    assert all(FLAGSHIP.activity_for(q.id) in ACTIVITIES for q in FLAGSHIP.maturity_questions)


@pytest.mark.parametrize("unclear", [NOBODY, UNKNOWN, None], ids=["nobody", "dont-know", "blank"])
def test_with_no_owner_named_anywhere_the_first_action_is_to_name_owners(unclear):
    answers = flagship_answers_at(0, owner=unclear)
    _, roadmap = flagship_plan(answers)
    first = roadmap.items[0]
    assert first.question == "name-owners" and first.horizon == "90 days"
    assert first.action == NAME_OWNERS_TEXT
    # Every activity some action waits on; retiring systems has no action yet.
    assert set(first.activities) == set(ACTIVITIES) - {"own-map-decommissioning"}
    action = roadmap_action(FLAGSHIP, first)
    assert action.owner == "The AI programme's sponsor" and action.effort == "Small"
    assert FLAGSHIP.question("own-map-use-case-approval").text in action.activities
    assert action.because.startswith("The ownership map names nobody, or nobody knew who, for 12 activities")
    assert roadmap.to_dict()["items"][0]["question"] == "name-owners"
    # The others say so: no clear owner.
    assert {roadmap_action(FLAGSHIP, i).owner for i in roadmap.items[1:]} == {NO_CLEAR_OWNER}
    assert sum(i.horizon == "90 days" for i in roadmap.items) == 7


def test_when_every_activity_is_owned_there_is_nothing_to_name_and_owners_are_suggested():
    answers = flagship_answers_at(0, owner="product", own_map_incidents="operations+security")
    _, roadmap = flagship_plan(answers)
    assert not any(i.names_owners for i in roadmap.items)
    by_id = {i.question: roadmap_action(FLAGSHIP, i) for i in roadmap.items}
    assert roadmap.items[0].question == "own-accountable-owner"  # critical, in the weakest dimension
    assert by_id["own-accountable-owner"].owner == "Product"
    assert by_id["prod-incidents"].owner == "Operations and Security (shared)"
    assert roadmap.items[0].owner_activity == "own-map-use-case-approval"


def test_one_unowned_activity_is_the_only_one_to_name():
    answers = flagship_answers_at(0, owner="product", own_map_funding=NOBODY)
    _, roadmap = flagship_plan(answers)
    first = roadmap.items[0]
    assert first.names_owners and first.activities == ("own-map-funding",)
    by_id = {i.question: i for i in roadmap.items}
    # Funding owns the sponsorship question and, over its group's approval, capacity.
    for qid in ("own-sponsorship", "prio-capacity"):
        assert by_id[qid].unowned and roadmap_action(FLAGSHIP, by_id[qid]).owner == NO_CLEAR_OWNER
    assert roadmap_action(FLAGSHIP, by_id["prio-intake"]).owner == "Product"


def test_an_unowned_activity_without_actions_needs_no_naming():
    # Nobody retires systems, but no action of this plan is tied to retiring them.
    answers = flagship_answers_at(0, owner="product", own_map_decommissioning=NOBODY)
    _, roadmap = flagship_plan(answers)
    assert not any(i.names_owners for i in roadmap.items)


def test_naming_owners_keeps_the_90_days_at_seven_by_moving_the_last_on():
    owned = flagship_plan(flagship_answers_at(0, owner="product"))[1]
    unowned = flagship_plan(flagship_answers_at(0, owner=NOBODY))[1]
    before = [i.question for i in owned.items if i.horizon == "90 days"]
    after = [i.question for i in unowned.items if i.horizon == "90 days"]
    assert len(before) == len(after) == 7
    assert after == ["name-owners", *before[:6]]
    moved = {i.question: i.horizon for i in unowned.items}[before[6]]
    assert moved == "6 months"


def test_planned_agents_wait_under_readiness_and_their_unowned_activity_is_not_named_yet():
    answers = flagship_answers_at(0, owner="product", agents="planned", own_map_agent_permissions=NOBODY)
    card, roadmap = flagship_plan(answers)
    assert [d.id for d in card.readiness_dimensions] == ["agentic"]
    agentic = [i for i in roadmap.items if i.dimension == "agentic"]
    assert agentic and {i.horizon for i in agentic} == {"Readiness"}
    assert roadmap.items[-len(agentic) :] == tuple(agentic)
    assert any(i.critical for i in agentic)  # even critical agent controls wait
    assert not any(i.names_owners for i in roadmap.items)


def test_profile_targets_make_bigger_efforts():
    answers = flagship_answers_at(0, owner="product")
    profiles = {p.id: p for p in FLAGSHIP_PROFILES}
    _, baseline = flagship_plan(answers, profiles["production-baseline"])
    _, regulated = flagship_plan(answers, profiles["regulated-high-risk"])
    _, one_up = flagship_plan(answers)
    item = {i.question: i for i in baseline.items}["own-accountable-owner"]
    assert (item.value, item.target, item.effort) == (1.0, 3.0, "medium")
    item = {i.question: i for i in regulated.items}["own-accountable-owner"]
    assert (item.value, item.target, item.effort) == (1.0, 4.0, "large")
    assert {i.effort for i in one_up.items} == {"small"}
    # Not knowing is small to find out, however far the target.
    unknown = flagship_answers_at(0, owner="product", own_accountable_owner=UNKNOWN)
    _, found = flagship_plan(unknown, profiles["regulated-high-risk"])
    item = {i.question: i for i in found.items}["own-accountable-owner"]
    assert item.find_out and item.gap == 3.0 and item.effort == "small"


# ------------------------------------------------------------------ known defects


def _agents_questionnaire():
    """A core dimension whose critical question depends on a question of an agents
    dimension that is readiness only while agents are planned (the loader accepts this)."""
    scoped = (Condition("scope", ("yes", "planned")),)
    agents = Dimension(
        "agents",
        "Agents",
        applies_when=scoped,
        readiness_when=(Condition("scope", ("planned",)),),
        readiness_label="Readiness for agents you plan",
    )
    questions = (
        scoping("scope", ("yes", "planned", "no")),
        maturity("core-approval", "core", critical=True, depends_on=("agent-register",)),
        maturity("agent-register", "agents", applies_when=scoped),
    )
    return build((Dimension("core", "Core"), agents), questions)


def test_a_readiness_action_that_a_current_action_needs_moves_with_it_and_is_no_longer_readiness():
    """Agents are only planned, but approving today's work needs the agent register: the
    register matters now, so it is done first, in the same 90 days, and is not readiness."""
    questionnaire = _agents_questionnaire()
    answers = {"scope": "planned", "core-approval": "o1", "agent-register": "o1"}
    _, roadmap = plan((questionnaire, answers, None))
    by_id = {i.question: i for i in roadmap.items}
    order = [i.question for i in roadmap.items]
    assert by_id["agent-register"].horizon == by_id["core-approval"].horizon == "90 days"
    assert not by_id["agent-register"].readiness
    assert order.index("agent-register") < order.index("core-approval")


def test_planning_agents_does_not_empty_the_first_90_days():
    # Critical practices at their best, production below the rest, agents at the bottom.
    def answers(agents):
        chosen = flagship_answers_at(2, owner="product", agents=agents)
        for question in FLAGSHIP.maturity_questions:
            if question.id not in chosen:
                continue
            if question.critical:
                chosen[question.id] = question.options[-1].id
            elif question.dimension == "production":
                chosen[question.id] = question.options[1].id
            elif question.dimension == "agentic":
                chosen[question.id] = question.options[0].id
        return chosen

    card, roadmap = flagship_plan(answers("planned"))
    assert card.weakest.id == "production"  # what the results say sets the level
    assert roadmap.weakest_dimension == "production"
    assert any(i.horizon == "90 days" for i in roadmap.items)
