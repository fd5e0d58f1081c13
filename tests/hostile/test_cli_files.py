"""F14 (and F7 for the CLI): hostile answers and cohort files give one line and exit 1, no traceback."""

from __future__ import annotations

import json

import pytest

from tests.support.reports import peers_csv

QUICK = '{"questionnaire": "quick-check", "organisation": {"name": "Acme"}, "answers": {}}'
HUGE = "9" * 10_000

HOSTILE_ANSWERS = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not UTF-8 text"),
    "latin-1": (
        '{"questionnaire": "quick-check", "organisation": {"name": "Café"}}'.encode("latin-1"),
        "UTF-8",
    ),
    "utf-16": (QUICK.encode("utf-16"), "not UTF-8 text"),
    "deep-array": (("[" * 100_000 + "]" * 100_000).encode(), "nested too deeply"),
    "deep-object": (('{"a":' * 100_000 + "1" + "}" * 100_000).encode(), "nested too deeply"),
    "huge-int-in-answers": (
        f'{{"questionnaire": "quick-check", "answers": {{"fnd-owner": {HUGE}}}}}'.encode(),
        "a number cannot be read",
    ),
    "huge-int-in-organisation": (
        f'{{"questionnaire": "quick-check", "organisation": {{"size": {HUGE}}}, "answers": {{}}}}'.encode(),
        "a number cannot be read",
    ),
    "lone-surrogate": (
        b'{"questionnaire": "quick-check", "organisation": {"name": "\\ud800"}, "answers": {}}',
        "unpaired surrogate",
    ),
    "infinity": (
        b'{"questionnaire": "quick-check", "organisation": {"size": Infinity}, "answers": {}}',
        "Infinity is not a JSON number",
    ),
    "nan": (b'{"questionnaire": "quick-check", "answers": {}, "x": NaN}', "NaN is not a JSON number"),
}


@pytest.fixture
def cli(make_app, tmp_path):
    return make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}).test_cli_runner()


def one_line_error(result, path) -> str:
    """The single error line, after checking it names the file and there is no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: "), result.output
    return lines[0]


@pytest.mark.parametrize("command", ["score", "report"])
@pytest.mark.parametrize("name", sorted(HOSTILE_ANSWERS))
def test_a_hostile_answers_file_gets_one_line(cli, tmp_path, command, name):
    content, message = HOSTILE_ANSWERS[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    extra = ["-o", str(tmp_path / "out.pdf")] if command == "report" else ["--json"]
    line = one_line_error(cli.invoke(args=[command, str(path), *extra]), path)
    assert message in line
    assert not (tmp_path / "out.pdf").exists()


def test_a_list_valued_profile_is_refused_by_report(cli, tmp_path):
    path = tmp_path / "profile.json"
    path.write_text('{"questionnaire": "quick-check", "answers": {}, "profile": ["x"]}', encoding="utf-8")
    result = cli.invoke(args=["report", str(path), "-o", str(tmp_path / "out.pdf")])
    assert '"profile" must be a string' in one_line_error(result, path)


@pytest.mark.parametrize("command", ["score", "report"])
def test_a_cohort_cell_over_the_csv_limit_gets_one_line(cli, flagship, tmp_path, command):
    rows = peers_csv(flagship, 12).splitlines()
    rows[2] = rows[2].replace("client-1", "c" * 140_000)
    cohort = tmp_path / "big-cell.csv"
    cohort.write_text("\n".join(rows) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"questionnaire": "ai-execution", "answers": {}}), encoding="utf-8")
    extra = ["-o", str(tmp_path / "out.pdf")] if command == "report" else []
    result = cli.invoke(args=[command, str(answers), "--cohort", str(cohort), *extra])
    assert "cannot be read as CSV" in one_line_error(result, cohort)


def test_score_json_is_standard_json_when_peer_figures_overflow(cli, flagship, tmp_path):
    """Every peer's overall index is 1e308: the median of two of them overflows to infinity."""
    header, *rows = peers_csv(flagship, 12).splitlines()
    overall = header.split(",").index("overall")
    extreme = [
        ",".join([*cells[:overall], "1e308", *cells[overall + 1 :]]) for cells in (r.split(",") for r in rows)
    ]
    cohort = tmp_path / "extreme.csv"
    cohort.write_text("\n".join([header, *extreme]) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"questionnaire": "ai-execution", "answers": {}}), encoding="utf-8")
    result = cli.invoke(args=["score", str(answers), "--cohort", str(cohort), "--json"])
    assert result.exit_code == 0, result.output

    def refuse(name):
        raise AssertionError(f"{name} in the output")

    data = json.loads(result.stdout, parse_constant=refuse)
    assert data["peers"]["overall"]["median"] is None  # not a number JSON can hold
