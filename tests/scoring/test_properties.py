"""Properties that hold for any questionnaire the model can express and any valid answers."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessment.questionnaire.model import NOT_APPLICABLE, UNKNOWN, LevelRule, QuestionKind, Rollup
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.scoring import (
    Participant,
    PeerRecord,
    build_cohort,
    build_roadmap,
    compare_group_with_peers,
    compare_group_with_profile,
    compare_with_peers,
    compare_with_profile,
    lowest_values,
    question_applies,
    room_answers,
    score_answers,
    score_group,
    validate_answers,
)
from assessment.scoring.levels import Evidence, next_level, scale, staircase_holds
from tests.support.scoring import answers_for, questionnaire_and_answers

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9


def all_scores(card):
    """Every (name, score, level) of a scorecard, groups included."""
    rows = [("overall", card.score, card.level)]

    def walk(group):
        rows.append((group.id, group.score, group.level))
        for child in group.groups:
            walk(child)

    for dimension in card.dimensions:
        rows.append((dimension.id, dimension.score, dimension.level))
        for group in dimension.groups:
            walk(group)
    return rows


@SETTINGS
@given(questionnaire_and_answers())
def test_scores_stay_within_the_answer_scale(case):
    questionnaire, answers = case
    card = score_answers(questionnaire, answers)
    low, high = min(scale(questionnaire)), max(scale(questionnaire))
    for name, score, level in all_scores(card):
        if score is not None:
            assert low - EPS <= score <= high + EPS, name
        if level is not None:
            assert level in scale(questionnaire), name
    assert 0 <= card.completeness <= 1


@SETTINGS
@given(questionnaire_and_answers(rollups=(*tuple(Rollup),)), st.data())
def test_raising_any_one_answer_never_lowers_any_score_or_level(case, data):
    questionnaire, answers = case
    raisable = [
        qid
        for qid, code in answers.items()
        if questionnaire.question(qid).kind is QuestionKind.MATURITY and code != NOT_APPLICABLE
    ]
    assume(raisable)
    qid = data.draw(st.sampled_from(sorted(raisable)))
    question = questionnaire.question(qid)
    current = 1.0 if answers[qid] == UNKNOWN else question.option(answers[qid]).value
    higher = [o.id for o in question.options if o.value >= current]
    raised = {**answers, qid: data.draw(st.sampled_from(higher))}
    before = all_scores(score_answers(questionnaire, answers))
    after = all_scores(score_answers(questionnaire, raised))
    for (name, score, level), (_, new_score, new_level) in zip(before, after, strict=True):
        if score is not None:
            assert new_score is not None and new_score >= score - EPS, name
        if level is not None:
            assert new_level is not None and new_level >= level, name


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_not_applicable_leaves_every_score_as_if_the_question_were_not_there(case, data):
    questionnaire, answers = case
    allowing = [
        q.id
        for q in questionnaire.questions_of_kind(QuestionKind.MATURITY)
        if q.not_applicable and q.id in answers
    ]
    assume(allowing)
    qid = data.draw(st.sampled_from(allowing))
    with_na = score_answers(questionnaire, {**answers, qid: NOT_APPLICABLE})
    # "Not there": a questionnaire without the question at all (unanswered would count it).
    shorter = replace(questionnaire, questions=tuple(q for q in questionnaire.questions if q.id != qid))
    without = score_answers(shorter, {k: v for k, v in answers.items() if k != qid})
    assert all_scores(with_na) == all_scores(without)
    others = [q for d in with_na.dimensions for q in d.questions if q.id != qid]
    assert others == [q for d in without.dimensions for q in d.questions]


@SETTINGS
@given(questionnaire_and_answers())
def test_no_dimension_level_is_above_what_the_staircase_allows(case):
    questionnaire, answers = case
    assume(questionnaire.scoring.dimension.level is LevelRule.STAIRCASE)
    card = score_answers(questionnaire, answers)
    majority = questionnaire.scoring.dimension.majority
    levels = scale(questionnaire)
    for dimension in card.dimensions:
        evidence = [
            Evidence(q.id, q.value, q.weight, q.critical) for q in dimension.questions if q.value is not None
        ]
        if dimension.level is None:
            assert not evidence
            continue
        weight = sum(e.weight for e in evidence)
        at_level = sum(e.weight for e in evidence if e.value >= dimension.level)
        if dimension.level > levels[0]:
            assert at_level > majority * weight
            assert all(e.value >= dimension.level for e in evidence if e.critical)
        above = next_level(levels, dimension.level)
        if above is not None:
            assert not staircase_holds(evidence, above, majority, levels[0])


@SETTINGS
@given(questionnaire_and_answers(missing=False))
def test_the_lift_of_a_staircase_explanation_reaches_the_next_level(case):
    questionnaire, answers = case
    assume(questionnaire.scoring.dimension.level is LevelRule.STAIRCASE)
    card = score_answers(questionnaire, answers)
    for dimension in card.dimensions:
        explanation = dimension.explanation
        if explanation is None or not explanation.liftable:
            continue
        lifted = {**answers, **{c.question: c.to for c in explanation.lift}}
        assert score_answers(questionnaire, lifted).dimension(dimension.id).level >= (explanation.next_level)
        # Minimal: dropping any non-critical change no longer reaches the next level.
        for change in explanation.lift:
            if change.critical:
                continue
            fewer = {
                **answers,
                **{c.question: c.to for c in explanation.lift if c is not change},
            }
            level = score_answers(questionnaire, fewer).dimension(dimension.id).level
            assert level < explanation.next_level


@SETTINGS
@given(
    st.data(),
    questionnaire_and_answers().flatmap(lambda case: st.just(case[0])),
    st.randoms(use_true_random=False),
)
def test_group_results_do_not_depend_on_the_order_of_respondents(data, questionnaire, rnd):
    from tests.support.scoring import answers_for

    respondents = [
        Participant(data.draw(st.sampled_from(("product", "security", "data"))), answers)
        for answers in data.draw(st.lists(answers_for(questionnaire), min_size=1, max_size=6))
    ]
    shuffled = list(respondents)
    random.Random(rnd.random()).shuffle(shuffled)
    first = score_group(questionnaire, respondents).to_dict()
    second = score_group(questionnaire, shuffled).to_dict()
    assert first == second


@SETTINGS
@given(questionnaire_and_answers(), st.lists(st.floats(1, 5), min_size=10, max_size=40), st.random_module())
def test_a_room_of_one_stands_among_peers_exactly_where_its_own_scorecard_does(case, peer_scores, _):
    """A room is compared by its medians; with one respondent who gave no "don't know", the
    medians are that respondent's own figures, so both comparisons agree to the last digit."""
    questionnaire, answers = case
    answers = {qid: code for qid, code in answers.items() if code != UNKNOWN}
    card = score_answers(questionnaire, answers)
    question_ids = [q.id for q in questionnaire.questions]
    records = [
        PeerRecord(
            organisation=f"peer-{n}",
            family=questionnaire.family,
            completed_at=datetime(2025, 1, 1),
            consented=True,
            completeness=1.0,
            industry="any",
            size="any",
            region="any",
            score=score,
            dimensions={d.id: score for d in questionnaire.dimensions},
            questions={qid: round(score) for qid in random.sample(question_ids, len(question_ids) // 2)},
        )
        for n, score in enumerate(peer_scores)
    ]
    cohort = build_cohort(records, questionnaire.family)
    room = score_group(questionnaire, [Participant("Product", answers)])
    assert compare_group_with_peers(questionnaire, room, cohort) == compare_with_peers(card, cohort)


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_a_room_of_one_is_as_far_from_a_target_profile_as_its_own_scorecard(case, data):
    """The room's medians of one respondent (no "don't know") are that respondent's figures,
    so the room's gaps to any profile are the respondent's own, target by target."""
    questionnaire, answers = case
    answers = {qid: code for qid, code in answers.items() if code != UNKNOWN}
    refs = [d.id for d in questionnaire.dimensions] + [q.id for q in questionnaire.questions if q.dimension]
    chosen = data.draw(st.lists(st.sampled_from(refs), unique=True, min_size=1))
    dimension_ids = {d.id for d in questionnaire.dimensions}
    profile = TargetProfile(
        id="target",
        questionnaire_id=questionnaire.id,
        title="Target",
        description="",
        dimensions=tuple(Target(r, 3.0, "") for r in chosen if r in dimension_ids),
        questions=tuple(Target(r, 4.0, "") for r in chosen if r not in dimension_ids),
    )
    room = score_group(questionnaire, [Participant("Product", answers)])
    own = compare_with_profile(questionnaire, score_answers(questionnaire, answers), profile)
    assert compare_group_with_profile(questionnaire, room, profile) == own


@SETTINGS
@given(questionnaire_and_answers())
def test_the_answers_of_a_room_of_one_are_that_respondents_own(case):
    questionnaire, answers = case
    own = {
        qid: code
        for qid, code in answers.items()
        if question_applies(questionnaire, questionnaire.question(qid), answers)
    }
    assert room_answers(questionnaire, [Participant("Product", answers)]) == own


@SETTINGS
@given(questionnaire_and_answers(missing=False), st.integers(1, 6), st.data())
def test_the_rooms_answers_are_valid_and_rise_when_a_respondent_raises_an_answer(case, others, data):
    """Whatever the room answered, its answers are a valid answer set; and raising one
    respondent's answer to a question never lowers the room's answer to it."""
    questionnaire, first = case
    room = [Participant("Product", first)]
    room += [Participant("Security", data.draw(answers_for(questionnaire))) for _ in range(others)]
    answers = room_answers(questionnaire, room)
    assert validate_answers(questionnaire, answers) == []
    raisable = [
        q
        for q in questionnaire.questions_of_kind(QuestionKind.MATURITY)
        if first.get(q.id) in q.option_ids and first[q.id] != q.option_ids[-1]
    ]
    assume(raisable)
    question = data.draw(st.sampled_from(raisable))
    higher = question.option_ids[question.option_ids.index(first[question.id]) + 1]
    raised = room_answers(questionnaire, [Participant("Product", {**first, question.id: higher}), *room[1:]])

    unknown_value, missing_value = lowest_values(questionnaire)

    def value(answers):
        """The room's answer valued as scoring values it ("don't know" and none lowest)."""
        code = answers.get(question.id)
        if code in question.option_ids:
            return question.option(code).value
        return {UNKNOWN: unknown_value, NOT_APPLICABLE: None}.get(code, missing_value)

    if value(answers) is not None and value(raised) is not None:
        assert value(raised) >= value(answers)


@SETTINGS
@given(questionnaire_and_answers(missing=False), st.data())
def test_an_agreed_answer_is_the_rooms_answer_where_the_question_applies(case, data):
    questionnaire, answers = case
    maturity = [
        q
        for q in questionnaire.questions_of_kind(QuestionKind.MATURITY)
        if question_applies(questionnaire, q, answers)
    ]
    assume(maturity)
    question = data.draw(st.sampled_from(maturity))
    option = data.draw(st.sampled_from(question.option_ids))
    room = room_answers(questionnaire, [Participant("Product", answers)], {question.id: option})
    assert room[question.id] == option


def rescaled(questionnaire, stretch: float, shift: float):
    """The same questionnaire on another scale: every level and option value v becomes
    stretch * v + shift (stretch > 0), so the order of all values is kept."""

    def move(value):
        return None if value is None else stretch * value + shift

    questions = tuple(
        replace(q, options=tuple(replace(o, value=move(o.value)) for o in q.options))
        for q in questionnaire.questions
    )
    levels = tuple(replace(level, value=move(level.value)) for level in questionnaire.levels)
    return replace(questionnaire, levels=levels, questions=questions)


@SETTINGS
@given(
    questionnaire_and_answers(),  # averages and minimums; a sum is not free of the unit
    st.sampled_from((0.5, 2.0, 3.0)),
    st.sampled_from((-1.0, 0.0, 4.0)),
)
def test_the_scale_is_only_a_unit_scores_move_with_it_and_levels_and_the_roadmap_do_not(case, stretch, shift):
    """A questionnaire declared on 0-3 instead of 1-5 measures the same thing: when every
    level and option value is moved by one increasing straight line, every score moves by
    that line, every level lands on the moved level, and the roadmap names the same actions
    in the same order with gaps stretched by the same factor."""
    questionnaire, answers = case
    moved = rescaled(questionnaire, stretch, shift)
    before, after = score_answers(questionnaire, answers), score_answers(moved, answers)
    for (name, score, level), (_, moved_score, moved_level) in zip(
        all_scores(before), all_scores(after), strict=True
    ):
        if score is None:
            assert moved_score is None, name
        else:
            assert math.isclose(moved_score, stretch * score + shift, abs_tol=1e-6), name
        assert moved_level == (None if level is None else stretch * level + shift), name
    plan, moved_plan = build_roadmap(questionnaire, before), build_roadmap(moved, after)
    order = [(i.question, i.horizon) for i in plan.items]
    assert order == [(i.question, i.horizon) for i in moved_plan.items]
    for item, moved_item in zip(plan.items, moved_plan.items, strict=True):
        assert math.isclose(moved_item.gap, stretch * item.gap, abs_tol=1e-6)
