"""Every `assessment` command, through the app's CLI runner."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import func, select

from assessment.config import PROJECT_ROOT
from assessment.extensions import database
from assessment.persistence import QuestionnaireVersion

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"


def test_validate_passes_on_the_shipped_questionnaires(runner):
    result = runner.invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    assert "files valid" in result.output


def test_validate_reports_each_problem_as_file_line_message_and_exits_1(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'kind: questionnaire\nid: bad\nversion: "1.0"\ntitle: Bad\n'
        "levels: []\ndimensions: []\nquestions: []\n"
    )
    result = runner.invoke(args=["questionnaires", "validate", str(bad)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(bad))]
    assert f"{bad}:5: levels: needs at least 2 items" in lines
    assert f"{bad}:6: dimensions: needs at least 1 item" in lines
    assert f"{bad}:7: questions: needs at least 1 item" in lines


def test_validate_refuses_a_reference_the_framework_registry_does_not_list(runner, tmp_path):
    shutil.copytree(QUESTIONNAIRES / "vocabularies", tmp_path / "vocabularies")
    text = (QUESTIONNAIRES / "example.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "example.yaml"
    bad.write_text(text.replace("[MS-2.1, MS-2.13]", "[MS-2.1, MS-2.13, GV-9.9]"), encoding="utf-8")
    result = runner.invoke(args=["questionnaires", "validate", str(bad)])
    assert result.exit_code == 1
    line = text.splitlines().index("      nist-ai-rmf: [MS-2.1, MS-2.13]") + 1
    assert (
        f"{bad}:{line}: questions[eval-changes].references.nist-ai-rmf[3]: 'GV-9.9' is not a citable id"
        " of NIST AI RMF 1.0 in the framework registry"
    ) in result.output


def test_validate_checks_profiles_against_their_questionnaire(runner, tmp_path):
    profiles = tmp_path / "example.profiles.yaml"
    profiles.write_text(
        "kind: benchmark-profiles\nquestionnaire: example\nprofiles:\n"
        "  - id: baseline\n    title: Baseline\n    description: A target.\n"
        "    dimensions:\n      - {dimension: delivery, target: 3, rationale: Because.}\n"
        "      - {dimension: nowhere, target: 3, rationale: Because.}\n"
        "    questions:\n      - {question: eval-changes, target: 9, rationale: Because.}\n"
    )
    result = runner.invoke(args=["questionnaires", "validate", str(profiles)])
    assert result.exit_code == 1
    assert f"{profiles}:9: unknown dimension 'nowhere'" in result.output
    assert f"{profiles}:11: target 9 is outside the levels (1 to 5)" in result.output


def test_list_shows_id_version_and_counts(runner):
    result = runner.invoke(args=["questionnaires", "list"])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if line.startswith("example "))
    assert "1.0" in line and "4 questions" in line and "2 dimensions" in line


def test_show_json_follows_the_contract(runner):
    result = runner.invoke(args=["questionnaires", "show", "example", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["id"] == "example" and data["version"] == "1.0"
    assert data["levels"][2]["value"] == 3 and data["levels"][2]["name"] == "Defined"
    assert [d["id"] for d in data["dimensions"]] == ["delivery", "agents"]
    rollback = next(q for q in data["questions"] if q["id"] == "rollback")
    assert rollback["dimension"] == "delivery" and rollback["covers"] == ["reliability-controls"]
    assert [o["value"] for o in rollback["options"]] == [1, 2, 3, 4, 5]


def test_show_prints_an_outline_without_json(runner):
    result = runner.invoke(args=["questionnaires", "show", "example"])
    assert result.exit_code == 0
    assert "eval-changes (critical): How are changes to prompts and models evaluated" in result.output


def test_show_with_an_unknown_id_lists_the_known_ids_and_exits_2(runner):
    result = runner.invoke(args=["questionnaires", "show", "nope"])
    assert result.exit_code == 2
    assert "unknown questionnaire 'nope' (known: " in result.output and "example" in result.output


def test_init_creates_the_database_registers_questionnaires_and_is_repeatable(app, runner):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert (
        "Database created" in first.output and "example 1.0" in first.output and "registered" in first.output
    )
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0
    assert "Database up to date" in second.output and "already registered" in second.output
    with app.app_context():
        count = database.session.scalar(select(func.count()).select_from(QuestionnaireVersion))
        stored = database.session.scalar(
            select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == "example")
        )
    assert count == len(app.extensions["catalog"].questionnaires)
    assert stored.text == (QUESTIONNAIRES / "example.yaml").read_text()


def test_init_keeps_each_edited_text_as_a_new_version_and_warns_without_a_version_bump(
    make_app, database_url, tmp_path
):
    folder = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES / "vocabularies", folder / "vocabularies")
    example = folder / "example.yaml"
    example.write_text((QUESTIONNAIRES / "example.yaml").read_text())
    app = make_app({"DATABASE_URL": database_url, "QUESTIONNAIRES_DIR": str(folder)})
    assert app.test_cli_runner().invoke(args=["init"]).exit_code == 0
    example.write_text(example.read_text().replace("Nobody looks for them.", "Nobody looks."))
    edited = make_app({"DATABASE_URL": database_url, "QUESTIONNAIRES_DIR": str(folder)})
    result = edited.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0
    assert "changed without a new version number" in result.output
    with edited.app_context():
        hashes = database.session.scalars(select(QuestionnaireVersion.content_hash)).all()
    assert len(set(hashes)) == 2


def test_init_with_an_unreachable_database_prints_one_line(make_app):
    app = make_app({"DATABASE_URL": "postgresql+psycopg://someone:hunter2@127.0.0.1:1/none"})
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(
        "Error: cannot use the database at postgresql+psycopg://someone:***@127.0.0.1:1/none:"
    )
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_validate_accepts_a_folder(runner):
    result = runner.invoke(args=["questionnaires", "validate", str(QUESTIONNAIRES)])
    assert result.exit_code == 0, result.output
    files = len(list(QUESTIONNAIRES.glob("*.yaml"))) + len(list(QUESTIONNAIRES.glob("archive/*.yaml")))
    assert f"{files} of {files} files valid" in result.output


def test_validate_refuses_a_missing_file_with_one_line(runner, tmp_path):
    missing = tmp_path / "missing.yaml"
    result = runner.invoke(args=["questionnaires", "validate", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}:1: cannot read the file: No such file or directory" in result.output


@pytest.mark.slow  # runs the real console command and waits for its server
def test_the_console_command_initialises_and_serves_the_app(tmp_path):
    """`assessment init` then `assessment run`, as the README's run command does."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    command = Path(sys.executable).parent / "assessment"
    env = {**os.environ, "ASSESSMENT_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("DATABASE_URL", None)
    init = subprocess.run([command, "init"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert init.returncode == 0, init.stderr
    assert "Database created at sqlite:///" in init.stdout and "ai-execution 2.1" in init.stdout
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [command, "run", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert json.load(response) == {"status": "ok"}
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "AI execution maturity assessment" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
