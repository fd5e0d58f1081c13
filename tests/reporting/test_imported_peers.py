"""A consultant's anonymised prior results (CSV) as peers: `assessment score` and `report --cohort`."""

from __future__ import annotations

import json
import statistics

import pytest

from assessment.scoring import Participant, score_answers, score_group
from tests.support.reports import full_answers, pdf_text, peers_csv


@pytest.fixture
def cli(make_app, tmp_path):
    """A CLI runner on a throwaway SQLite app."""
    return make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}).test_cli_runner()


def write(path, text: str) -> str:
    """Write a file and return its path as a string."""
    path.write_text(text, encoding="utf-8")
    return str(path)


def answers_file(tmp_path, flagship, seed=1, **organisation) -> str:
    """An individual answers file for the flagship."""
    data = {
        "questionnaire": flagship.id,
        "organisation": {"name": "Client Ltd", **organisation},
        "answers": full_answers(flagship, seed),
    }
    return write(tmp_path / "answers.json", json.dumps(data))


def test_score_places_the_organisation_among_the_imported_peers(cli, flagship, tmp_path):
    cohort = write(tmp_path / "prior.csv", peers_csv(flagship, 40))
    result = cli.invoke(args=["score", answers_file(tmp_path, flagship), "--cohort", cohort, "--json"])
    assert result.exit_code == 0, result.output
    peers = json.loads(result.output)["peers"]
    yours = score_answers(flagship, full_answers(flagship, 1)).score
    scores = [1 + n % 4 for n in range(40)]
    assert peers["source"] == "prior.csv" and peers["cohort_size"] == 40 and not peers["indicative"]
    assert peers["overall"]["median"] == statistics.median(scores)
    below, ties = sum(s < yours for s in scores), sum(s == yours for s in scores)
    assert peers["overall"]["percentile"] == pytest.approx(100 * (below + ties / 2) / 40)


def test_same_industry_keeps_only_the_peers_of_the_organisations_industry(cli, flagship, tmp_path):
    cohort = write(tmp_path / "prior.csv", peers_csv(flagship, 40))
    answers = answers_file(tmp_path, flagship, industry="retail")
    result = cli.invoke(args=["score", answers, "--cohort", cohort, "--same", "industry", "--json"])
    assert result.exit_code == 0, result.output
    peers = json.loads(result.output)["peers"]
    assert peers["filter"] == {"industry": "retail"}
    assert peers["cohort_size"] == 20 and peers["indicative"] and peers["overall"]["percentile"] is None
    table = cli.invoke(args=["score", answers, "--cohort", cohort, "--same", "industry"])
    assert "peers (prior.csv): 20 organisations: indicative only" in table.output


def test_a_bad_cohort_file_names_every_bad_field_and_nothing_is_scored(cli, flagship, tmp_path):
    rows = peers_csv(flagship, 3).splitlines()
    rows[1] = rows[1].replace(",yes,1,", ",perhaps,1,")
    rows[3] = rows[3].replace(",yes,1,", ",yes,2,")
    cohort = write(tmp_path / "prior.csv", "\n".join(rows) + "\n")
    result = cli.invoke(args=["score", answers_file(tmp_path, flagship), "--cohort", cohort])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{cohort}: row 2, field consented: 'perhaps' is not true or false",
        f"{cohort}: row 4, field completeness: 2 is not between 0 and 1",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--same", "region"], "--same region needs the answers file to give organisation.region"),
        ([], "no results for ai-execution@2 (the file holds: quick-check@2)"),
    ],
)
def test_a_cohort_that_cannot_serve_the_answers_is_refused_with_its_reason(
    cli, flagship, catalog, tmp_path, args, message
):
    other = catalog.get("quick-check") if not args else flagship
    cohort = write(tmp_path / "prior.csv", peers_csv(other, 12))
    result = cli.invoke(args=["score", answers_file(tmp_path, flagship), "--cohort", cohort, *args])
    assert result.exit_code == 1
    assert result.output.strip() == f"{cohort}: {message}"


def test_same_without_a_cohort_is_a_usage_error(cli, flagship, tmp_path):
    result = cli.invoke(args=["score", answers_file(tmp_path, flagship), "--same", "industry"])
    assert result.exit_code == 2
    assert "--same chooses among the peers of --cohort, which is missing" in result.output


def test_the_report_names_the_imported_peers_and_the_practices_common_among_them(cli, flagship, tmp_path):
    """Every peer is at level 4 on every question, so each answer below 3 is a practice most
    peers have and this organisation lacks."""
    cohort = write(tmp_path / "prior.csv", peers_csv(flagship, 12))
    output = tmp_path / "report.pdf"
    args = ["report", answers_file(tmp_path, flagship), "--cohort", cohort, "-o", str(output)]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(output.read_bytes(), tmp_path).split())
    assert "Peers are 12 organisations in the imported peer data “prior.csv”" in text
    assert "the figures are indicative and no percentile rank is given" in text
    assert "COMMON AMONG PEERS, NOT YET IN PLACE" in text  # a heading, set in capitals
    card = score_answers(flagship, full_answers(flagship, 1))
    lacking = [
        flagship.question(q.id).text
        for d in card.dimensions
        for q in d.questions
        if q.value is not None and q.value < 3
    ]
    assert lacking and lacking[0] in text
    assert "(100% of peers have it)" in text


def test_too_few_imported_peers_show_no_figure_and_say_why(cli, flagship, tmp_path):
    """Seven consenting organisations and five that did not consent are seven comparable ones."""
    declined = peers_csv(flagship, 5, consented="no").replace("client-", "declined-").splitlines(True)[1:]
    cohort = write(tmp_path / "few.csv", peers_csv(flagship, 7) + "".join(declined))
    output = tmp_path / "report.pdf"
    args = ["report", answers_file(tmp_path, flagship), "--cohort", cohort, "-o", str(output)]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(output.read_bytes(), tmp_path).split())
    assert (
        "No peer figures from organisations in the imported peer data “few.csv” that agreed to"
        " anonymised comparison: only 7 comparable organisations; peer figures need at least 10." in text
    )
    assert "Peer median" not in text


def test_the_group_report_sets_the_room_medians_beside_the_peers(cli, flagship, tmp_path):
    cohort = write(tmp_path / "prior.csv", peers_csv(flagship, 30))
    roles = ("Product", "Security", "Engineering")
    respondents = [Participant(role, full_answers(flagship, seed)) for seed, role in enumerate(roles)]
    group = {
        "questionnaire": flagship.id,
        "organisation": {"name": "Room Ltd"},
        "respondents": [{"role": r.role, "answers": r.answers} for r in respondents],
    }
    output = tmp_path / "group.pdf"
    path = write(tmp_path / "group.json", json.dumps(group))
    args = ["report", path, "--cohort", cohort, "-o", str(output)]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    text = pdf_text(output.read_bytes(), tmp_path)
    page = next(p for p in text.split("\f") if "The room is one organisation among its peers" in p)
    chapter = " ".join(page.split())
    room = score_group(flagship, respondents)
    scores = [1 + n % 4 for n in range(30)]
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    below, ties = sum(s < room.score for s in scores), sum(s == room.score for s in scores)
    percentile = round(100 * (below + ties / 2) / 30)
    median = statistics.median(scores)
    assert f"Maturity index {room.score:.1f} {median:.1f} {q1:.1f}\u2013{q3:.1f} {percentile}" in chapter
    assert "PERCENTILE" in chapter
    assert "Peers are 30 organisations in the imported peer data “prior.csv”" in chapter
