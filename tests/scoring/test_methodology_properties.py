"""The rules of methodology 2 as properties over any questionnaire and any answers.

Skipping never scores better than answering; every target that is not advisory blocks
a profile; percent to target runs from the floor; progress is 0 with no change and 1 at
the target; a room of one is its respondent.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessment.questionnaire import load_profiles, load_questionnaire
from assessment.questionnaire.model import QuestionKind, Rollup
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.scoring import (
    Participant,
    build_roadmap,
    compare_group_with_profile,
    compare_with_profile,
    progress_between,
    progress_to_date,
    question_applies,
    score_answers,
    score_group,
)
from assessment.scoring.roadmap import FIRST_90_DAYS, HORIZONS
from tests.support.scoring import questionnaire_and_answers

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9


@st.composite
def profiles(draw, questionnaire) -> TargetProfile:
    """A random profile with targets on dimensions, groups and questions, some advisory."""
    levels = sorted(level.value for level in questionnaire.levels)

    def targets(refs, values):
        chosen = draw(st.lists(st.sampled_from(refs), unique=True, max_size=4)) if refs else []
        return tuple(
            Target(ref, draw(st.sampled_from(values)), "why", advisory=draw(st.booleans())) for ref in chosen
        )

    dimensions = [d.id for d in questionnaire.dimensions]
    groups = [g.id for d in questionnaire.dimensions for g in d.all_groups()]
    questions = [q.id for q in questionnaire.maturity_questions]
    return TargetProfile(
        "p",
        "Profile",
        "A generated profile.",
        questionnaire.id,
        dimensions=targets(dimensions, levels),
        groups=targets(groups, (1.0, 2.5, 3.0, 4.0)),
        questions=targets(questions, (1.0, 2.0, 3.0, 4.5, 5.0)),
    )


def figures(questionnaire, answers, profile, before_card=None) -> dict:
    """Every figure a reader sees: scores, levels, index, percent, meeting and progress."""
    card = score_answers(questionnaire, answers)
    rows = {("overall", "score"): card.score, ("overall", "level"): card.level}
    for dimension in card.dimensions:
        rows[(dimension.id, "score")] = dimension.score
        rows[(dimension.id, "level")] = dimension.level
        for top in dimension.groups:
            for group in top.walk():
                rows[(group.id, "score")] = group.score
                rows[(group.id, "level")] = group.level
    comparison = compare_with_profile(questionnaire, card, profile)
    rows[("profile", "percent")] = comparison.percent_to_target
    rows[("profile", "meets")] = float(comparison.meets_profile)
    for gap in comparison.gaps:
        rows[(gap.ref, "percent")] = gap.percent
    if before_card is not None:
        before = compare_with_profile(questionnaire, before_card, profile)
        progress = progress_to_date(before, comparison)
        rows[("progress", "overall")] = progress.overall
        for target in progress.targets:
            rows[(target.ref, "progress")] = target.progress
    return rows, card


def never_higher(before: dict, after: dict) -> None:
    """No figure present in both is higher after; a figure never appears from nothing."""
    for key, value in after.items():
        if value is None:
            continue
        old = before.get(key)
        if old is not None:
            assert value <= old + EPS, key


def readiness_marker(questionnaire, answers, qid) -> bool:
    """True when removing this (scoping) answer takes a dimension out of readiness only."""
    question = questionnaire.question(qid)
    if question.kind is not QuestionKind.SCOPING:
        return False
    return any(d.is_readiness_only(answers) for d in questionnaire.dimensions)


@SETTINGS
@given(questionnaire_and_answers(rollups=(Rollup.MEAN, Rollup.WEIGHTED_MEAN, Rollup.MINIMUM)), st.data())
def test_removing_an_answer_never_raises_any_figure_nor_meets_a_profile(case, data):
    questionnaire, answers = case
    assume(answers)
    qid = data.draw(st.sampled_from(sorted(answers)))
    profile = data.draw(profiles(questionnaire))
    removed = {k: v for k, v in answers.items() if k != qid}
    assume(not readiness_marker(questionnaire, answers, qid))
    previous = score_answers(questionnaire, data.draw(st.sampled_from([answers, removed])))
    before, _ = figures(questionnaire, answers, profile, previous)
    after, _ = figures(questionnaire, removed, profile, previous)
    never_higher(before, after)


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_without_a_scoping_answer_everything_applies_and_results_are_not_offered(case, data):
    questionnaire, answers = case
    assume("scope" in answers)
    removed = {k: v for k, v in answers.items() if k != "scope"}
    card = score_answers(questionnaire, removed)
    assert card.scoped_out_dimensions == ()
    assert not card.readiness_dimensions
    assert card.unanswered_scoping == ("scope",) and not card.offerable
    assert score_answers(questionnaire, answers).offerable


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_a_readiness_dimension_is_scored_in_full_but_outside_the_overall_figures(case, data):
    questionnaire, answers = case
    card = score_answers(questionnaire, answers)
    headline = card.headline_dimensions
    for dimension in card.readiness_dimensions:
        assert answers.get("scope") == "planned" and dimension.readiness_label
        assert dimension in card.dimensions and dimension.to_dict()["readiness_only"]
    levels = [d.level for d in headline if d.level is not None]
    if questionnaire.scoring.overall.level.value == "weakest" and levels:
        assert card.level == min(levels)
    if not headline:
        assert card.score is None


@SETTINGS
@given(questionnaire_and_answers(missing=False), st.data())
def test_every_missed_target_that_is_not_advisory_stops_the_profile_being_met(case, data):
    questionnaire, answers = case
    profile = data.draw(profiles(questionnaire))
    comparison = compare_with_profile(questionnaire, score_answers(questionnaire, answers), profile)
    missed = [gap for gap in comparison.gaps if gap.gap > 0 and not gap.advisory]
    assert comparison.meets_profile == (not missed)
    for gap in comparison.gaps:
        assert 0 <= gap.percent <= 1
        assert (gap.percent == 1) == (gap.gap == 0) or gap.target <= gap.floor


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_percent_to_target_is_zero_at_the_floor_and_one_at_the_target(case, data):
    questionnaire, _ = case
    profile = data.draw(profiles(questionnaire))
    scope = {"scope": "yes"}
    lowest = {
        q.id: min(q.options, key=lambda o: o.value).id
        for q in questionnaire.maturity_questions
        if all(c.holds(scope) for c in q.applies_when)
    }
    floor = compare_with_profile(questionnaire, score_answers(questionnaire, {**scope, **lowest}), profile)
    for gap in floor.gaps:
        if gap.target > gap.floor and gap.compared == gap.floor:
            assert gap.percent == 0
    highest = {
        q.id: max(q.options, key=lambda o: o.value).id
        for q in questionnaire.maturity_questions
        if all(c.holds(scope) for c in q.applies_when)
    }
    top = compare_with_profile(questionnaire, score_answers(questionnaire, {**scope, **highest}), profile)
    for gap in top.gaps:
        if gap.met:
            assert gap.percent == 1
    distant = [g for g in floor.gaps if g.target > g.floor]
    if distant and all(g.compared == g.floor for g in distant):
        assert floor.percent_to_target == 0


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_progress_is_zero_without_change_and_one_at_the_target(case, data):
    questionnaire, answers = case
    profile = data.draw(profiles(questionnaire))
    comparison = compare_with_profile(questionnaire, score_answers(questionnaire, answers), profile)
    unchanged = progress_to_date(comparison, comparison)
    for target in unchanged.targets:
        assert target.progress is None or target.progress == 0
    if unchanged.overall is not None:
        assert unchanged.overall == 0
    for gap in comparison.gaps:
        if gap.gap > 0:
            assert progress_between(gap.compared, gap.target, gap.target) == 1
            assert progress_between(gap.compared, gap.target + 1, gap.target) == 1  # capped
            assert progress_between(gap.compared, gap.compared, gap.target) == 0


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_a_room_of_one_scores_as_its_respondent(case, data):
    questionnaire, answers = case
    profile = data.draw(profiles(questionnaire))
    card = score_answers(questionnaire, answers)
    group = score_group(questionnaire, [Participant("role", answers)])
    assert (group.room.score, group.room.level) == (card.score, card.level)
    assert [(d.id, d.score, d.level) for d in group.room.dimensions] == [
        (d.id, d.score, d.level) for d in card.dimensions
    ]
    alone = compare_with_profile(questionnaire, card, profile)
    room = compare_group_with_profile(questionnaire, group, profile)
    assert room.to_dict() == alone.to_dict()
    for spread in group.questions:
        question = card.question(spread.question)
        if question is not None and question.value is not None:
            assert spread.median == question.value


ROOT = Path(__file__).parents[2]
SHIPPED = {
    path.stem: load_questionnaire(path)
    for path in [*(ROOT / "questionnaires").glob("*.yaml"), ROOT / "tests" / "data" / "samm-shaped.yaml"]
    if not path.name.endswith((".profiles.yaml", ".crosswalk.yaml", ".rules.yaml"))
}
SHIPPED_PROFILES = {
    name: load_profiles(ROOT / "questionnaires" / f"{name}.profiles.yaml", SHIPPED[name])
    for name in ("ai-execution", "quick-check")
}


@st.composite
def shipped_answers(draw, questionnaire):
    """Valid answers to a shipped questionnaire, any question possibly left blank."""
    answers: dict[str, str] = {}
    for question in questionnaire.questions:
        if not question_applies(questionnaire, question, answers):
            continue
        if question.kind is QuestionKind.OWNERSHIP:
            codes = [o.id for o in questionnaire.owners] + ["nobody", "unknown"]
        else:
            codes = list(question.option_ids)
            codes += ["n/a"] if question.not_applicable and question.kind is not QuestionKind.SCOPING else []
            codes += ["unknown"] if question.unknown and question.kind is not QuestionKind.SCOPING else []
        code = draw(st.sampled_from([*codes, None]))
        if code is not None:
            answers[question.id] = code
    return answers


@SETTINGS
@given(st.sampled_from(sorted(SHIPPED)), st.data())
def test_on_every_shipped_questionnaire_removing_an_answer_never_raises_a_figure(name, data):
    questionnaire = SHIPPED[name]
    answers = data.draw(shipped_answers(questionnaire))
    assume(answers)
    qid = data.draw(st.sampled_from(sorted(answers)))
    assume(not readiness_marker(questionnaire, answers, qid))
    removed = {k: v for k, v in answers.items() if k != qid}
    for profile in SHIPPED_PROFILES.get(name, ()) or (data.draw(profiles(questionnaire)),):
        before, _ = figures(questionnaire, answers, profile)
        after, _ = figures(questionnaire, removed, profile)
        never_higher(before, after)


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_the_roadmap_is_a_plan_with_at_most_seven_actions_first_and_readiness_apart(case, data):
    questionnaire, answers = case
    card = score_answers(questionnaire, answers)
    profile = data.draw(st.sampled_from([None, data.draw(profiles(questionnaire))]))
    roadmap = build_roadmap(questionnaire, card, profile)
    horizons = [item.horizon for item in roadmap.items]
    assert horizons.count(HORIZONS[0]) <= FIRST_90_DAYS
    assert horizons == sorted(horizons, key=HORIZONS.index)  # listed horizon by horizon
    readiness = {d.id for d in card.readiness_dimensions}
    for item in roadmap.items:
        assert (item.horizon == "Readiness") == (item.dimension in readiness)
    when = {item.question: HORIZONS.index(item.horizon) for item in roadmap.items}
    for item in roadmap.items:
        for dependency in item.depends_on:
            assert when[dependency] <= when[item.question]
    for item in roadmap.items:
        if not item.answer:  # unanswered: only a critical question makes an action, "find out"
            assert item.critical and item.find_out and item.action.startswith("Find out")
    if profile is None:  # one level up: every unanswered critical question below the top
        for dimension in card.dimensions:
            for question in dimension.questions:
                top = max(o.value for o in questionnaire.question(question.id).options)
                if question.status.value == "missing" and question.critical and question.value < top:
                    assert any(i.question == question.id for i in roadmap.items)
