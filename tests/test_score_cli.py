"""`assessment score`: single and group answer files, benchmarks, tables and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FULL_EXAMPLE = {
    "scope-agents": "planned",
    "eval-changes": "recorded",
    "edge-cases": "n/a",
    "rollback": "unknown",
    "release-owner": "nobody",
    "agent-limits": "enforced",
}


@pytest.fixture
def score_runner(make_app, tmp_path: Path):
    """A CLI runner on a throwaway SQLite app: scoring needs no database."""
    return make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'score.db'}"}).test_cli_runner()


def write(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    """Write an answers file (a dict as JSON, a str as is) and return its path."""
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def score(runner, *args: object):
    """Invoke `score` with the arguments as strings."""
    return runner.invoke(args=["score", *map(str, args)])


def test_a_single_response_prints_the_json_contract(score_runner, tmp_path):
    path = write(
        tmp_path, {"questionnaire": "example", "organisation": {"name": "Acme"}, "answers": FULL_EXAMPLE}
    )
    result = score(score_runner, path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["overall"]) >= {"score", "level"}
    assert [d["id"] for d in data["dimensions"]] == ["delivery", "agents"]
    assert all({"id", "score", "level"} <= set(d) for d in data["dimensions"])
    assert data["completeness"] == 1.0
    assert "benchmark" not in data


def test_the_old_benchmark_flag_still_names_a_target_profile(score_runner, tmp_path):
    path = write(tmp_path, {"questionnaire": "quick-check", "answers": {"fnd-owner": "none"}})
    result = score(score_runner, path, "--benchmark", "production-baseline", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["benchmark"]["profile"] == "production-baseline"
    assert "--benchmark" not in score(score_runner, path, "--help").output


def test_a_target_profile_adds_the_gaps(score_runner, tmp_path):
    answers = {"fnd-owner": "none", "safe-risk": "checked", "scope-agents": "none"}
    path = write(tmp_path, {"questionnaire": "quick-check", "answers": answers})
    result = score(score_runner, path, "--target", "production-baseline", "--json")
    assert result.exit_code == 0, result.output
    benchmark = json.loads(result.output)["benchmark"]
    assert benchmark["profile"] == "production-baseline"
    gaps = {g["id"]: g for g in benchmark["dimensions"]}
    assert gaps["foundations"]["gap"] > 0
    # A dimension target is a level: the gap is the level gap, the score gap beside it.
    assert all(
        g["by_level"] and g["gap"] == max(g["target"] - g["compared"], 0) for g in benchmark["dimensions"]
    )
    assert all(g["score_gap"] == max(g["target"] - g["score"], 0) for g in benchmark["dimensions"])


def test_an_incomplete_response_shows_its_completeness(score_runner, tmp_path):
    answers = {"scope-agents": "none", "eval-changes": "recorded"}
    path = write(tmp_path, {"questionnaire": "example", "answers": answers})
    as_json = score(score_runner, path, "--json")
    assert json.loads(as_json.output)["completeness"] == pytest.approx(1 / 3)  # agents scoped out
    table = score(score_runner, path)
    assert table.exit_code == 0, table.output
    assert "completeness 33% (1 of 3 answered)" in table.output
    assert "incomplete: 2 unanswered questions count as level 1" in table.output


def test_without_a_scoping_answer_everything_applies_and_results_wait(score_runner, tmp_path):
    path = write(tmp_path, {"questionnaire": "example", "answers": {"eval-changes": "recorded"}})
    data = json.loads(score(score_runner, path, "--json").output)
    assert data["completeness"] == pytest.approx(1 / 4)  # the agent question applies too
    assert data["unanswered_scoping"] == ["scope-agents"] and data["results_offered"] is False
    table = score(score_runner, path).output
    assert "results not offered yet: answer the scoping questions scope-agents" in table


def test_the_table_lists_dimensions_overall_and_benchmark(score_runner, tmp_path):
    answers = {"fnd-owner": "all", "scope-agents": "none"}
    path = write(tmp_path, {"questionnaire": "quick-check", "answers": answers})
    result = score(score_runner, path, "--target", "safe-to-pilot")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "quick-check 2.0"
    assert "target" in lines[2] and "gap" in lines[2]
    assert any(line.startswith("foundations ") for line in lines)
    assert any(line.startswith("overall ") for line in lines)
    assert "benchmark safe-to-pilot:" in result.output


def test_a_group_file_is_scored_with_medians_and_room_levels(score_runner, tmp_path):
    respondents = [
        {"role": "engineering", "answers": {"fnd-owner": "all", "fnd-value": "measured"}},
        {"role": "product", "answers": {"fnd-owner": "some", "fnd-value": "usage"}},
        {"role": "security", "answers": {"fnd-owner": "reporting", "safe-risk": "checked"}},
    ]
    path = write(tmp_path, {"questionnaire": "quick-check", "respondents": respondents})
    result = score(score_runner, path, "--json", "--target", "safe-to-pilot")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["respondents"] == 3
    assert data["group"]["respondents"] == 3
    scores = {d["id"]: d["score"] for d in data["dimensions"]}
    assert scores == data["group"]["dimensions"]
    # Nobody answered about operations: as for one respondent, that counts as level 1.
    assert scores["operations"] == 1.0
    assert data["overall"]["score"] == data["group"]["score"]
    assert data["overall"]["level"] == data["group"]["room"]["level"]
    assert 0 < data["completeness"] < 1
    assert data["benchmark"]["profile"] == "safe-to-pilot"
    table = score(score_runner, path)
    assert "quick-check 2.0, 3 respondents" in table.output


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"no-such-question": "x"}, "'no-such-question' is not a question of example"),
        ({"eval-changes": "brilliant"}, "eval-changes: 'brilliant' is not an option"),
        (
            {"scope-agents": "none", "agent-limits": "listed"},
            "agent-limits: answered although it does not apply",
        ),
    ],
)
def test_bad_answers_name_the_file_and_question_and_exit_1(score_runner, tmp_path, answers, expected):
    path = write(tmp_path, {"questionnaire": "example", "answers": answers})
    result = score(score_runner, path, "--json")
    assert result.exit_code == 1
    assert result.stdout == ""  # nothing half-scored
    assert f"{path}: " in result.stderr and expected in result.stderr


def test_a_bad_answer_of_one_group_member_names_the_respondent(score_runner, tmp_path):
    respondents = [
        {"role": "eng", "answers": {"fnd-owner": "all"}},
        {"role": "ops", "answers": {"fnd-owner": "?"}},
    ]
    path = write(tmp_path, {"questionnaire": "quick-check", "respondents": respondents})
    result = score(score_runner, path)
    assert result.exit_code == 1
    assert "respondent 2: fnd-owner: '?' is not an option" in result.stderr


def test_an_unknown_questionnaire_lists_the_known_ids_and_exits_2(score_runner, tmp_path):
    path = write(tmp_path, {"questionnaire": "nope", "answers": {}})
    result = score(score_runner, path)
    assert result.exit_code == 2
    assert (
        "unknown questionnaire 'nope' (known: ai-execution, example, production-gate, quick-check)"
        in result.output
    )


def test_an_unknown_profile_lists_the_known_ones_and_exits_2(score_runner, tmp_path):
    path = write(tmp_path, {"questionnaire": "quick-check", "answers": {}})
    result = score(score_runner, path, "--target", "gold")
    assert result.exit_code == 2
    assert "unknown target profile 'gold' (known: safe-to-pilot, production-baseline)" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        ('{"questionnaire": "example",\n  "answers": {,}}', "line 2 column 15: malformed JSON"),
        ("[1, 2]", "expected a JSON object at the top level"),
        ({"answers": {}}, "missing key 'questionnaire'"),
        ({"questionnaire": 3, "answers": {}}, "'questionnaire' must be a string"),
        ({"questionnaire": "example"}, "expected exactly one of 'answers'"),
        ({"questionnaire": "example", "answers": {}, "respondents": []}, "expected exactly one of 'answers'"),
        ({"questionnaire": "example", "answers": []}, "'answers' must be an object"),
        (
            {"questionnaire": "example", "answers": {"eval-changes": 3}},
            "answers.eval-changes: the answer must be",
        ),
        (
            {"questionnaire": "example", "organisation": "Acme", "answers": {}},
            "'organisation' must be an object",
        ),
        ({"questionnaire": "example", "respondents": []}, "'respondents' must be a non-empty list"),
        ({"questionnaire": "example", "respondents": [3]}, "respondents[1] must be an object"),
        (
            {"questionnaire": "example", "respondents": [{"answers": {}}]},
            "respondents[1]: missing key 'role'",
        ),
        (
            {"questionnaire": "example", "respondents": [{"role": "eng"}]},
            "respondents[1]: missing key 'answers'",
        ),
    ],
)
def test_malformed_files_give_a_precise_error_and_exit_1(score_runner, tmp_path, content, expected):
    path = write(tmp_path, content)
    result = score(score_runner, path, "--json")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}: ") and expected in result.stderr


def test_a_missing_file_is_a_usage_error(score_runner, tmp_path):
    result = score(score_runner, tmp_path / "absent.json")
    assert result.exit_code == 2
    assert "absent.json" in result.output


def test_previous_answers_add_the_trend_and_progress_to_date(score_runner, tmp_path):
    before = {"scope-agents": "none", "fnd-owner": "none", "safe-risk": "none"}
    now = {"scope-agents": "none", "fnd-owner": "all", "safe-risk": "checked"}
    old = write(tmp_path, {"questionnaire": "quick-check", "answers": before}, "before.json")
    new = write(tmp_path, {"questionnaire": "quick-check", "answers": now}, "now.json")
    result = score(score_runner, new, "--previous", old, "--target", "production-baseline", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["trend"]["overall"]["direction"] == "up"
    progress = data["progress"]
    owner = next(t for t in progress["targets"] if t["id"] == "fnd-owner")
    # fnd-owner went from level 1 to its top option against a target of 3: reached
    assert owner["before"] == 1 and owner["progress"] == 1 and owner["status"] == "reached"
    assert 0 < progress["overall"] < 1
    table = score(score_runner, new, "--previous", old, "--target", "production-baseline").output
    assert f"progress to date: {progress['overall']:.0%} of the distance left" in table


def test_previous_answers_must_answer_the_same_questionnaire(score_runner, tmp_path):
    old = write(tmp_path, {"questionnaire": "example", "answers": {}}, "before.json")
    new = write(tmp_path, {"questionnaire": "quick-check", "answers": {}}, "now.json")
    result = score(score_runner, new, "--previous", old)
    assert result.exit_code == 2 and "answers 'example', not 'quick-check'" in result.output
