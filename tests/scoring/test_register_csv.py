"""The register's CSV: every bad field named by row and column, and write -> parse round trips."""

from __future__ import annotations

import csv
import io
from datetime import date
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scoring.register import (
    COLUMNS,
    EU_AI_ACT_CLASSES,
    EU_ROLES,
    MAX_ROWS,
    RISK_TIERS,
    STAGES,
    TEXT_LENGTHS,
    VALUE_BANDS,
    InitiativeRecord,
    RegisterError,
    field_problems,
    parse_register,
    read_fields,
    read_register,
    write_register,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GATE = ("gate-owner", "gate-evaluation")
CODES = MappingProxyType(
    {"gate-owner": ("yes", "no", "unknown"), "gate-evaluation": ("none", "every-release")}
)


def parse(text: str) -> tuple[InitiativeRecord, ...]:
    return parse_register(text, GATE, CODES)


def problems_of(text: str) -> list[str]:
    with pytest.raises(RegisterError) as refused:
        parse(text)
    return refused.value.problems


def as_csv(rows, delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def record(name: str, **fields) -> InitiativeRecord:
    return InitiativeRecord(key=name, name=name, **fields)


FULL = record(
    "Claims triage",
    stage="pilot",
    owner="Kim Lee",
    sponsor="COO",
    value_band="very-high",
    value_measure="Hours saved per claim",
    annual_cost=125000.5,
    team_size=6,
    delivery_team="Claims AI",
    risk_tier="high",
    eu_ai_act="high-risk",
    eu_role="deployer",
    uses_agents=True,
    autonomy="act-with-approval",
    vendors="OpenAI; Azure",
    models="gpt-4o, ada-2",
    started=date(2026, 1, 5),
    target_date=date(2026, 9, 30),
    gate_answers=MappingProxyType({"gate-owner": "yes", "gate-evaluation": "none"}),
)


def test_a_written_register_reads_back_as_the_same_records():
    records = (FULL, record("=HYPERLINK(1)"), record("'=SUM(A1)", owner="@me", vendors="-"))
    assert parse(write_register(records, GATE)) == records


def test_formula_like_cells_are_written_as_text():
    text = write_register((record("=cmd|'/c calc'!A0", owner="+1", sponsor="@x", models="-y"),), GATE)
    row = text.splitlines()[1]
    assert row.startswith("'=cmd|'/c calc'!A0,'+1,")
    assert ",'@x," in row and ",'-y," in row


def test_labels_any_case_a_byte_order_mark_and_semicolons_are_accepted():
    text = (
        "\ufeffName;Stage;Value band;RISK_TIER;eu_ai_act;eu_role;uses_agents;autonomy;gate-owner\n"
        "Chatbot;PILOT;Very high;high;Transparency obligations (Article 50);Provider;Yes;L2;YES\n"
        "Search;experiment;very_high;Low;not assessed;not-applicable;no;;\n"
    )
    chatbot, search = parse(text)
    assert (chatbot.stage, chatbot.value_band, chatbot.risk_tier) == ("pilot", "very-high", "high")
    assert (chatbot.eu_ai_act, chatbot.eu_role, chatbot.uses_agents, chatbot.autonomy) == (
        "limited",
        "provider",
        True,
        "l2",
    )
    assert chatbot.gate_answers == {"gate-owner": "yes"}
    assert (search.value_band, search.eu_ai_act, search.gate_answers) == ("very-high", "not-assessed", {})


def test_blank_cells_take_the_records_defaults_and_only_name_is_required():
    (only,) = parse("name\nChatbot\n")
    assert only == record("Chatbot")


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        (
            "stage",
            "pilott",
            'Row 2, stage: "pilott" is not one of idea, experiment, pilot, production, retired.',
        ),
        ("value_band", "huge", 'Row 2, value_band: "huge" is not one of low, medium, high, very-high.'),
        ("risk_tier", "extreme", 'Row 2, risk_tier: "extreme" is not one of low, medium, high.'),
        ("eu_ai_act", "annex", 'Row 2, eu_ai_act: "annex" is not one of not-assessed,'),
        ("eu_role", "maker", 'Row 2, eu_role: "maker" is not one of not-applicable, provider,'),
        ("uses_agents", "maybe", 'Row 2, uses_agents: "maybe" is not yes or no.'),
        ("autonomy", "tier 2!", 'Row 2, autonomy: "tier 2!" is not an autonomy tier id'),
        ("annual_cost", "-5", 'Row 2, annual_cost: "-5" is negative'),
        ("annual_cost", "lots", 'Row 2, annual_cost: "lots" is not a number'),
        ("annual_cost", "1,200", 'Row 2, annual_cost: "1,200" is not a number'),
        ("annual_cost", "1e3", 'Row 2, annual_cost: "1e3" is not a number'),
        ("annual_cost", "nan", 'Row 2, annual_cost: "nan" is not a number'),
        ("team_size", "2.5", 'Row 2, team_size: "2.5" is not a whole number.'),
        ("team_size", "-1", 'Row 2, team_size: "-1" is negative'),
        ("started", "31/01/2026", 'Row 2, started: "31/01/2026" is not a date written YYYY-MM-DD'),
        ("started", "20260131", 'Row 2, started: "20260131" is not a date written YYYY-MM-DD'),
        ("target_date", "2026-02-30", 'Row 2, target_date: "2026-02-30" is not a date written YYYY-MM-DD'),
        (
            "gate-owner",
            "maybe",
            'Row 2, gate-owner: "maybe" is not an answer; the answers are yes, no, unknown.',
        ),
        ("owner", "Kim\x07", "Row 2, owner: holds a control character or a line break"),
        (
            "value_measure",
            "x" * 501,
            "Row 2, value_measure: is 501 characters long; at most 500 are allowed.",
        ),
    ],
)
def test_each_kind_of_bad_field_is_named_with_its_row_and_column(column, cell, message):
    header, row = csv.reader(io.StringIO(write_register((record("Chatbot"),), GATE), newline=""))
    row[header.index(column)] = cell
    problems = problems_of(as_csv([header, row]))
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_every_problem_of_a_file_is_reported_not_only_the_first():
    text = (
        "name,stage,annual_cost,uses_agents,autonomy,started,target_date,gate-evaluation\n"
        "Chatbot,pilott,-3,no,l2,2026-05-01,2026-01-01,sometimes\n"
        ",idea,,,,,,\n"
        "\n"
        "CHATBOT,idea,,,,,,\n"
        f"{'n' * 201},idea,,,,,,\n"
        "Bad\x01name,idea,,,,,,\n"
    )
    assert problems_of(text) == [
        'Row 2, stage: "pilott" is not one of idea, experiment, pilot, production, retired.',
        'Row 2, annual_cost: "-3" is negative; it must be 0 or more.',
        "Row 2, autonomy: is given but uses_agents is no; leave it blank or set uses_agents to yes.",
        "Row 2, target_date: 2026-01-01 is before started (2026-05-01).",
        'Row 2, gate-evaluation: "sometimes" is not an answer; the answers are none, every-release.',
        "Row 3, name: is empty; every initiative needs a name.",
        'Row 5, name: "CHATBOT" is also the name in row 2.',
        "Row 6, name: is 201 characters long; at most 200 are allowed.",
        "Row 7, name: holds a control character or a line break; keep it to one line of text.",
    ]


def test_the_header_must_name_the_name_column_and_only_known_columns_once():
    problems = problems_of("owner,colour,stage,Stage,gate-unknown\nKim,red,idea,idea,yes\n")
    assert problems[0] == (
        "Row 1, name: the column is missing; the first row must name the columns, including name."
    )
    assert problems[1].startswith("Row 1, colour: unknown column; the columns are name, owner,")
    assert problems[1].endswith("and the gate's questions gate-owner, gate-evaluation.")
    assert problems[2] == "Row 1, Stage: the column appears twice."
    assert problems[3].startswith("Row 1, gate-unknown: unknown column")


def test_an_empty_file_and_a_row_longer_than_the_header_are_refused():
    assert problems_of("") == [
        "Row 1: the file is empty; its first row must name the columns, including name."
    ]
    assert problems_of("name,stage\nA,idea,extra\n") == ["Row 2: it has 3 cells but the first row names 2."]
    assert parse("name,stage,\nA,idea,\n") == (record("A"),)  # a trailing empty column is harmless


def test_too_many_rows_and_too_large_a_file_are_refused_before_anything_else():
    many = "name\n" + "".join(f"Initiative {n}\n" for n in range(MAX_ROWS + 1))
    assert problems_of(many) == [f"The file has {MAX_ROWS + 1} initiatives; at most {MAX_ROWS} are accepted."]
    assert len(parse("name\n" + "".join(f"Initiative {n}\n" for n in range(MAX_ROWS)))) == MAX_ROWS
    huge = "name,value_measure\n" + f"A,{'x' * (1024 * 1024)}\n"
    (problem,) = problems_of(huge)
    assert problem.startswith("The file is ") and "at most 1 MB" in problem


def test_the_columns_and_rows_of_a_file_are_kept_for_the_import():
    register = read_register("name,gate-owner,stage\n\nA,yes,idea\nB,,pilot\n", GATE, CODES)
    assert register.columns == ("name", "gate-owner", "stage")
    assert register.rows == (3, 4)


def test_the_form_gets_the_same_rules_keyed_by_field():
    assert field_problems({"name": "Chatbot", "stage": "pilot"}) == {}
    problems = field_problems(
        {"name": "", "stage": "pilott", "uses_agents": "no", "autonomy": "l2", "team_size": "-1"}
    )
    assert set(problems) == {"name", "stage", "autonomy", "team_size"}
    assert problems["stage"] == '"pilott" is not one of idea, experiment, pilot, production, retired.'
    with pytest.raises(RegisterError) as refused:
        read_fields({"name": "A", "started": "tomorrow"})
    assert refused.value.fields == {"started": refused.value.fields["started"]}
    assert refused.value.problems == [f"started: {refused.value.fields['started']}"]
    assert read_fields({"name": " A ", "annual_cost": "12.50", "uses_agents": "Yes"})["annual_cost"] == 12.5


# Text a spreadsheet cell may hold: one line, no surrounding spaces (the import strips them).
_one_line = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=30,
).map(str.strip)
_formula_like = st.sampled_from(["=1+1", "+x", "-y", "@z", "'=q", "''+r", "'plain"])


def _text(limit: int):
    return st.one_of(_one_line, _formula_like, st.just("x" * limit)).map(lambda text: text[:limit])


@st.composite
def records(draw):
    """Records with unique names (any case) and every field drawn, as the import gives them."""
    names = draw(
        st.lists(_text(TEXT_LENGTHS["name"]).filter(bool), min_size=0, max_size=6, unique_by=str.casefold)
    )
    made = []
    for name in names:
        agents = draw(st.booleans())
        started = draw(st.none() | st.dates(date(1990, 1, 1), date(2100, 1, 1)))
        target = draw(st.none() | st.dates(started or date(1990, 1, 1), date(2100, 12, 31)))
        cost = draw(st.none() | st.floats(0, 1e12, allow_nan=False, allow_infinity=False))
        answers = {
            question: draw(st.sampled_from(codes)) for question, codes in CODES.items() if draw(st.booleans())
        }
        made.append(
            InitiativeRecord(
                key=name,
                name=name,
                stage=draw(st.sampled_from(list(STAGES))),
                owner=draw(_text(TEXT_LENGTHS["owner"])),
                sponsor=draw(_text(TEXT_LENGTHS["sponsor"])),
                value_band=draw(st.sampled_from(list(VALUE_BANDS))),
                value_measure=draw(_text(TEXT_LENGTHS["value_measure"])),
                annual_cost=cost,
                team_size=draw(st.none() | st.integers(0, 100_000)),
                delivery_team=draw(_text(TEXT_LENGTHS["delivery_team"])),
                risk_tier=draw(st.sampled_from(list(RISK_TIERS))),
                eu_ai_act=draw(st.sampled_from(list(EU_AI_ACT_CLASSES))),
                eu_role=draw(st.sampled_from(list(EU_ROLES))),
                uses_agents=agents,
                autonomy=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)) if agents else "",
                vendors=draw(_text(TEXT_LENGTHS["vendors"])),
                models=draw(_text(TEXT_LENGTHS["models"])),
                started=started,
                target_date=target,
                gate_answers=MappingProxyType(answers),
            )
        )
    return tuple(made)


@SETTINGS
@given(records())
def test_write_then_parse_gives_back_the_records(written):
    assert parse(write_register(written, GATE)) == written


@SETTINGS
@given(records(), st.sampled_from([",", ";"]))
def test_a_semicolon_file_reads_as_the_comma_file(written, delimiter):
    rows = csv.reader(io.StringIO(write_register(written, GATE), newline=""))
    assert parse(as_csv(rows, delimiter)) == written


def test_the_columns_are_the_records_fields():
    assert set(COLUMNS) == set(InitiativeRecord.__dataclass_fields__) - {"key", "gate_answers"}
    assert all(column == column.lower() for column in COLUMNS)
