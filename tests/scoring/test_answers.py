"""Bad answers are refused whole, with every problem named by question and option."""

from __future__ import annotations

import pytest

from assessment.scoring import AnswerError, question_applies, score_answers, validate_answers

VALID = {"scope-agents": "none", "eval-changes": "recorded", "rollback": "scripted"}


def codes(problems) -> list[tuple[str, str]]:
    """(question, code) of each problem."""
    return [(p.question, p.code) for p in problems]


def test_valid_answers_have_no_problems(example):
    assert validate_answers(example, VALID) == []


def test_an_unknown_question_id_is_named(example):
    problems = validate_answers(example, {**VALID, "eval-chnages": "recorded"})
    assert codes(problems) == [("eval-chnages", "unknown-question")]
    assert "'eval-chnages'" in problems[0].message


def test_an_option_that_the_question_does_not_have_is_named_with_the_valid_ones(example):
    (problem,) = validate_answers(example, {**VALID, "rollback": "instant"})
    assert (problem.question, problem.code) == ("rollback", "unknown-option")
    assert "'instant'" in problem.message and "one-click" in problem.message


def test_not_applicable_is_refused_where_the_question_does_not_allow_it(example):
    problems = validate_answers(example, {**VALID, "eval-changes": "n/a"})
    assert codes(problems) == [("eval-changes", "not-applicable-not-allowed")]


def test_not_applicable_is_accepted_where_the_question_allows_it(example):
    assert validate_answers(example, {**VALID, "edge-cases": "n/a"}) == []


def test_unknown_is_refused_where_the_question_does_not_allow_it():
    from assessment.questionnaire.model import Dimension
    from tests.support.scoring import build, maturity

    questionnaire = build((Dimension("d", "D"),), (maturity("q", "d", unknown=False),))
    assert codes(validate_answers(questionnaire, {"q": "unknown"})) == [("q", "unknown-not-allowed")]


def test_a_scoping_question_takes_only_its_options(example):
    problems = validate_answers(example, {"scope-agents": "unknown"})
    assert codes(problems) == [("scope-agents", "unknown-not-allowed")]


def test_answering_a_question_that_is_scoped_out_is_a_problem(example):
    problems = validate_answers(example, {**VALID, "agent-limits": "enforced"})
    assert codes(problems) == [("agent-limits", "scoped-out")]


def test_without_the_scoping_answer_the_questions_it_governs_apply_and_can_be_answered(example):
    assert validate_answers(example, {"agent-limits": "enforced"}) == []
    assert question_applies(example, example.question("agent-limits"), {})


def test_empty_and_non_string_answers_are_named(example):
    problems = validate_answers(example, {**VALID, "rollback": " ", "eval-changes": 3})
    assert set(codes(problems)) == {("rollback", "empty-answer"), ("eval-changes", "not-a-string")}


def test_an_owner_that_the_questionnaire_does_not_declare_is_named(example):
    (problem,) = validate_answers(example, {**VALID, "release-owner": "marketing"})
    assert (problem.question, problem.code) == ("release-owner", "unknown-owner")
    assert "nobody" in problem.message and "security" in problem.message


def test_ownership_accepts_nobody_and_unknown(example):
    assert validate_answers(example, {**VALID, "release-owner": "nobody"}) == []
    assert validate_answers(example, {**VALID, "release-owner": "unknown"}) == []


def test_scoring_refuses_bad_answers_and_lists_all_problems_at_once(example):
    bad = {
        "scope-agents": "none",
        "eval-changes": "n/a",
        "rollback": "instant",
        "agent-limits": "enforced",
        "nonsense": "x",
    }
    with pytest.raises(AnswerError) as caught:
        score_answers(example, bad)
    assert codes(caught.value.problems) == [
        ("eval-changes", "not-applicable-not-allowed"),
        ("rollback", "unknown-option"),
        ("agent-limits", "scoped-out"),
        ("nonsense", "unknown-question"),
    ]
    for name in ("eval-changes", "rollback", "agent-limits", "nonsense"):
        assert name in str(caught.value)


def test_problems_are_json_friendly(example):
    (problem,) = validate_answers(example, {"rollback": "instant"})
    assert problem.to_dict() == {
        "question": "rollback",
        "code": "unknown-option",
        "message": problem.message,
    }
