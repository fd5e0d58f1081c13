"""`assessment portfolio`: the ranked portfolio, its blockers and the what-if, in text and
JSON, over the small test gate and the shipped production gate; and every bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment.questionnaire import load_directory
from tests.support import ROOT
from tests.support.portfolio import GATE_FILES
from tests.support.reports import full_answers

ORGANISATION = {
    "scope-agents": "in-production",
    "eval-changes": "manual-set",  # below what "tested" needs: blocks every initiative
    "edge-cases": "reviewed",
    "rollback": "documented",
    "release-owner": "engineering",
    "agent-limits": "enforced",
}
REGISTER = """name,stage,value_band,delivery_team,uses_agents,autonomy,tested,can-roll-back,agent-bounded
Invoice matching,pilot,very-high,Finance AI,no,,yes,yes,
Customer support agent,pilot,high,Finance AI,yes,autonomous,yes,yes,yes
Fraud scoring,pilot,high,Finance AI,no,,no,,
Old chatbot,retired,low,,no,,,,
"""


@pytest.fixture
def runner(make_app, tmp_path: Path):
    """A CLI runner whose catalog is the example questionnaire with the small gate."""
    folder = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires" / "vocabularies", folder / "vocabularies")
    for path in GATE_FILES:
        shutil.copy(path, folder / path.name)
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}", "QUESTIONNAIRES_DIR": str(folder)})
    return app.test_cli_runner()


@pytest.fixture
def shipped(make_app, tmp_path: Path):
    """A CLI runner on the shipped questionnaires (the flagship and its production gate)."""
    return make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}).test_cli_runner()


def files(tmp_path: Path, register: str = REGISTER, answers: dict | None = None, questionnaire="example"):
    csv_path, answers_path = tmp_path / "portfolio.csv", tmp_path / "answers.json"
    csv_path.write_text(register, encoding="utf-8")
    body = {
        "questionnaire": questionnaire,
        "organisation": {"name": "Acme"},
        "answers": answers or ORGANISATION,
    }
    answers_path.write_text(json.dumps(body), encoding="utf-8")
    return csv_path, answers_path


def portfolio(runner, csv_path, answers_path, *args):
    return runner.invoke(args=["portfolio", str(csv_path), "--assessment", str(answers_path), *args])


def test_the_text_ranks_the_portfolio_with_blockers_and_the_actions_that_remove_them(runner, tmp_path):
    result = portfolio(runner, *files(tmp_path))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "small-gate 1.0 over example 1.0: 0 of 3 initiatives ready for production (ready from 80%)" in out
    ranked = [line.split()[1] for line in out.splitlines() if line[:3].strip() in {"1", "2", "3"}][:3]
    assert ranked == ["Invoice", "Customer", "Fraud"]  # very high first, then readier
    assert "Fix, then scale" in out and "Blocked" in out
    assert "Autonomy asked for: Acts alone: The organisation's agentic readiness supports at most" in out
    assert "Is the initiative tested against a written set of cases before release? Not tested." in out
    assert "[eval-changes, next 90 days]" in out  # the id --assume-done takes
    assert "actions that unblock the most:" in out
    assert "retired, left out: Old chatbot" in out
    assert "over the work-in-progress limit: Finance AI has 3 in flight (limit 2)" in out


def test_the_json_holds_every_initiative_with_its_blockers(runner, tmp_path):
    result = portfolio(runner, *files(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["gate"] == {"id": "small-gate", "version": "1.0"} and "what_if" not in data
    review = data["portfolio"]
    assert [i["name"] for i in review["initiatives"]] == [
        "Invoice matching",
        "Customer support agent",
        "Fraud scoring",
    ]
    invoice = review["initiatives"][0]
    assert invoice["status"] == "blocked" and invoice["quadrant"] == "fix-then-scale"
    assert invoice["readiness"] < review["ready_at"]
    (blocker,) = invoice["blockers"]
    assert blocker["item"] == "tested" and blocker["passed_gate"]
    assert blocker["shortfalls"][0]["question"] == "eval-changes"
    assert review["teams"][0] == {
        "team": "Finance AI",
        "in_flight": ["Customer support agent", "Fraud scoring", "Invoice matching"],
        "limit": 2,
        "over": True,
    }
    assert (
        review["actions"][0]["question"] == "eval-changes" and len(review["actions"][0]["initiatives"]) == 3
    )


def test_the_what_if_names_the_newly_ready_and_how_readiness_moves(runner, tmp_path):
    paths = files(tmp_path)
    result = portfolio(runner, *paths, "--assume-done", "eval-changes", "--format", "json")
    assert result.exit_code == 0, result.output
    what = json.loads(result.output)["what_if"]
    assert what["assumed_done"] == ["eval-changes"]
    assert what["newly_ready"] == ["Invoice matching"]
    moves = {m["name"]: m for m in what["moves"]}
    assert moves["Invoice matching"]["before"]["status"] == "blocked"
    assert moves["Invoice matching"]["after"] == {"readiness": 91.7, "status": "ready"}
    assert all(m["after"]["readiness"] >= m["before"]["readiness"] for m in what["moves"])
    assert "Customer support agent" not in what["newly_ready"]  # its autonomy still blocks it
    text = portfolio(runner, *paths, "--assume-done", "eval-changes", "--wip-limit", "5").output
    assert "what if done: eval-changes" in text
    assert "newly ready for production: Invoice matching" in text
    assert "Invoice matching: 79% blocked -> 92% ready for production" in text
    assert "over the work-in-progress limit" not in text  # a limit of 5 is not exceeded


def test_an_unknown_action_is_refused_naming_the_roadmaps_actions(runner, tmp_path):
    result = portfolio(
        runner, *files(tmp_path), "--assume-done", "eval-changes", "--assume-done", "hire-more"
    )
    assert result.exit_code == 2
    assert "'hire-more' is not an action of the roadmap" in result.output
    assert "eval-changes (" in result.output and "rollback (Script the steps.)" in result.output


def test_every_bad_field_is_reported_by_row_and_nothing_is_printed(runner, tmp_path):
    register = (
        "name,stage,value_band,uses_agents,autonomy,tested\n"
        "Invoice matching,pilot,enormous,no,,yes\n"
        "Support agent,pilot,high,yes,,maybe\n"
        "Invoice matching,launched,high,no,,yes\n"
        "Planning agent,pilot,high,yes,fully-alone,yes\n"
    )
    result = portfolio(runner, *files(tmp_path, register))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any("Row 2, value_band:" in line and "enormous" in line for line in lines)
    assert any("Row 3, tested:" in line and "maybe" in line for line in lines)
    assert any("Row 5, autonomy: 'fully-alone' is not a tier of small-gate" in line for line in lines)
    assert any("Row 4, stage:" in line for line in lines)
    assert any("Row 4, name:" in line and "row 2" in line for line in lines)
    rows = [int(line.split("Row ")[1].split(",")[0]) for line in lines if "Row " in line]
    assert rows == sorted(rows)
    assert "initiatives ready for production" not in result.output


def test_an_unknown_column_is_refused(runner, tmp_path):
    result = portfolio(runner, *files(tmp_path, "name,colour\nInvoice matching,blue\n"))
    assert result.exit_code == 2
    assert "Row 1, colour: unknown column" in result.output


def test_a_questionnaire_without_a_gate_says_so(shipped, tmp_path):
    result = portfolio(shipped, *files(tmp_path))
    assert result.exit_code == 2
    assert "no production gate draws on 'example'" in result.output
    assert "ai-execution" in result.output  # the questionnaire that has one


def test_answers_that_do_not_fit_the_questionnaire_exit_1(runner, tmp_path):
    result = portfolio(runner, *files(tmp_path, answers={"eval-changes": "superb"}))
    assert result.exit_code == 1
    assert "eval-changes" in result.output


def test_the_shipped_production_gate_judges_flagship_answers(shipped, tmp_path):
    catalog = load_directory(ROOT / "questionnaires")
    flagship = catalog.get("ai-execution")
    gate = catalog.gate_for(flagship)
    asked = [q for q in gate.asked if q.options]
    top = {q.id: max(q.options, key=lambda o: o.value).id for q in asked}
    header = "name,stage,value_band,uses_agents," + ",".join(top)
    register = "\n".join(
        [
            header,
            "All in place,pilot,high,no," + ",".join(top.values()),
            "Nothing in place,pilot,low,no," + ",".join("" for _ in top),
        ]
    )
    result = portfolio(
        shipped, *files(tmp_path, register, full_answers(flagship, 5), "ai-execution"), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["gate"]["id"] == gate.questionnaire.id and data["profile"]
    nothing = next(i for i in data["portfolio"]["initiatives"] if i["name"] == "Nothing in place")
    assert nothing["status"] == "blocked" and nothing["quadrant"] == "stop"
    assert nothing["blockers"] and not any(b["passed_gate"] for b in nothing["blockers"])
