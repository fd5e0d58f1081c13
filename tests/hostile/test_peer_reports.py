"""F3: the self-assessment PDF once peers exist but few of them scored one of your dimensions."""

from __future__ import annotations

import csv
import io
import json

from tests.support.journeys import autosave, start
from tests.support.reports import full_answers
from tests.support.reports import pdf_page_text as pdf_text


def complete_flagship(app, name: str, agents: str, level_index: int = 2):
    """One organisation answers every question that applies to it, agents scoped as given."""
    client = app.test_client()
    start(client, name=name)
    with app.app_context():
        flagship = app.extensions["catalog"].get("ai-execution")
    answers = {"scope-build-buy": "both", "scope-agents": agents, "scope-eu-high-risk": "none"}
    for seq, question in enumerate(flagship.questions, start=1):
        value = answers.get(question.id)
        if value is None and question.options:
            value = question.options[min(level_index, len(question.options) - 1)].id
        elif value is None:
            value = flagship.owners[0].id
        autosave(client, question.id, value, seq)
    return client


def test_the_report_downloads_when_no_peer_has_scored_the_agentic_dimension(journey_app, tmp_path):
    """Ten consenting peers without agents, then an organisation with agents in production."""
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    for number in range(10):
        complete_flagship(journey_app, f"Peer {number}", agents="none")
    viewer = complete_flagship(journey_app, "Agents Ltd", agents="in-production")
    assert viewer.get("/assessment/results").status_code == 200
    response = viewer.get("/assessment/report.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = " ".join(pdf_text(response.data).split())
    assert "Agents Ltd" in text and "Peer median" in text


def peers_without_dimensions(questionnaire, count: int) -> str:
    """A cohort file holding only the required columns: no dimension or question scores."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["organisation", "family", "completed_at", "consented", "completeness", "industry", "size", "region"]
        + ["overall"]
    )
    for n in range(count):
        writer.writerow(
            [f"client-{n}", questionnaire.family, "2025-06-30", "yes", "1", "banking", "large", "eu"]
            + [1 + n % 4]
        )
    return out.getvalue()


def test_report_with_a_cohort_lacking_dimension_columns_renders(make_app, flagship, tmp_path):
    cli = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}).test_cli_runner()
    cohort = tmp_path / "overall-only.csv"
    cohort.write_text(peers_without_dimensions(flagship, 12), encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers_given = full_answers(flagship, 1)
    data = {"questionnaire": flagship.id, "organisation": {"name": "Client Ltd"}, "answers": answers_given}
    answers.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / "report.pdf"
    result = cli.invoke(args=["report", str(answers), "--cohort", str(cohort), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    text = " ".join(pdf_text(output.read_bytes()).split())
    assert "Peers are 12 organisations in the imported peer data" in text
