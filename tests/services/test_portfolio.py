"""The portfolio's services: the register kept per organisation, gate answers pinned to the
gate's version, and the CSV import (all or nothing) and export, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from assessment.extensions import database
from assessment.persistence import GateAnswer, Initiative, Organisation, Portfolio, QuestionnaireVersion
from assessment.questionnaire import load_questionnaire
from assessment.scoring.register import RegisterError
from assessment.services.portfolio import (
    ImportSummary,
    answer_gate,
    delete_initiative,
    export_register,
    import_register,
    initiative_in,
    initiatives,
    portfolio_for,
    record_of,
    records,
    save_initiative,
    set_wip_limit,
)
from tests.support import ROOT

GATE_FILE = ROOT / "tests" / "data" / "production-gate.yaml"
AGENTS = "gate-agents"
CHATBOT = {
    "name": "Chatbot",
    "owner": "Kim Lee",
    "stage": "Pilot",
    "value_band": "very high",
    "annual_cost": "120000",
    "team_size": "4",
    "delivery_team": "Digital",
    "uses_agents": "yes",
    "autonomy": "act-with-approval",
    "started": "2026-01-05",
    "target_date": "2026-09-30",
}


@pytest.fixture(scope="module")
def gate():
    return load_questionnaire(GATE_FILE)


@pytest.fixture
def gate_v2(tmp_path: Path):
    """The test gate revised: gate-rollback dropped and gate-evaluation's "partial" option gone."""
    text = GATE_FILE.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"')
    text = text.replace("      - {id: partial, value: 0.5, label: For some releases}\n", "")
    start = text.index("  - id: gate-rollback")
    text = text[:start] + text[text.index("  - id: gate-agent-approval") :]
    path = tmp_path / "production-gate.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire(path)


@pytest.fixture
def db(ready_app):
    with ready_app.app_context():
        yield database.session


def new_portfolio(db, name: str = "Acme") -> Portfolio:
    organisation = Organisation(name=name)
    db.add(organisation)
    db.flush()
    made = portfolio_for(db, organisation.id, create=True)
    db.commit()
    return made


@pytest.fixture
def portfolio(db) -> Portfolio:
    return new_portfolio(db)


def state(db, portfolio) -> list[tuple]:
    """Everything stored about the portfolio's initiatives, to compare before and after."""
    return [(record_of(initiative), initiative.gate_version_id) for initiative in initiatives(db, portfolio)]


def test_a_portfolio_is_made_once_per_organisation_and_goes_with_it(db):
    organisation = Organisation(name="Acme")
    db.add(organisation)
    db.flush()
    assert portfolio_for(db, organisation.id) is None
    made = portfolio_for(db, organisation.id, create=True)
    assert made is not None and made.wip_limit is None
    assert portfolio_for(db, organisation.id, create=True).id == made.id
    save_initiative(db, made, CHATBOT)
    db.commit()
    db.execute(delete(Organisation).where(Organisation.id == organisation.id))
    db.commit()
    assert db.scalar(select(func.count()).select_from(Portfolio)) == 0
    assert db.scalar(select(func.count()).select_from(Initiative)) == 0


def test_saving_checks_every_field_with_the_registers_rules_and_keeps_what_is_not_given(db, portfolio):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    db.commit()
    assert (chatbot.stage, chatbot.value_band, chatbot.annual_cost, chatbot.team_size) == (
        "pilot",
        "very-high",
        120000.0,
        4,
    )
    assert (chatbot.started, chatbot.target_date) == (date(2026, 1, 5), date(2026, 9, 30))
    save_initiative(db, portfolio, {"stage": "production"}, chatbot)
    assert (chatbot.stage, chatbot.owner, chatbot.autonomy) == ("production", "Kim Lee", "act-with-approval")
    with pytest.raises(RegisterError) as refused:
        save_initiative(db, portfolio, {"stage": "pilott", "team_size": "-2", "uses_agents": "no"}, chatbot)
    assert set(refused.value.fields) == {"stage", "team_size", "autonomy"}
    assert refused.value.problems[0].startswith('stage: "pilott" is not one of idea,')
    assert (chatbot.stage, chatbot.team_size, chatbot.uses_agents) == ("production", 4, True)


def test_names_are_unique_in_a_portfolio_ignoring_case_but_not_across_portfolios(db, portfolio):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    with pytest.raises(RegisterError) as refused:
        save_initiative(db, portfolio, {"name": "CHATBOT"})
    assert refused.value.fields == {
        "name": '"CHATBOT" is already the name of another initiative in this portfolio.'
    }
    assert save_initiative(db, portfolio, {"name": "chatbot"}, chatbot).name == "chatbot"  # itself
    other = new_portfolio(db, "Globex")
    assert save_initiative(db, other, {"name": "Chatbot"}).portfolio_id == other.id


def test_an_initiative_is_reached_only_through_its_own_portfolio(db, portfolio, gate):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    other = new_portfolio(db, "Globex")
    db.commit()
    assert initiative_in(db, portfolio, chatbot.id) is chatbot
    with pytest.raises(LookupError):
        initiative_in(db, other, chatbot.id)
    with pytest.raises(LookupError):
        initiative_in(db, portfolio, chatbot.id + 1000)
    with pytest.raises(LookupError):
        save_initiative(db, other, {"stage": "retired"}, chatbot)
    with pytest.raises(LookupError):
        delete_initiative(db, other, chatbot)
    assert chatbot.stage == "pilot" and initiatives(db, other) == []


def test_gate_answers_are_checked_pinned_to_the_gate_version_and_agents_come_from_the_register(
    db, portfolio, gate
):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    answer_gate(db, chatbot, gate, {"gate-owner": "yes", "gate-rollback": "n/a", AGENTS: "no"}, AGENTS)
    db.commit()
    version = db.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == gate.id))
    assert chatbot.gate_version_id == version.id
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {
        "gate-owner": "yes",
        "gate-rollback": "n/a",
    }
    assert record_of(chatbot, AGENTS).gate_answers == {
        "gate-owner": "yes",
        "gate-rollback": "n/a",
        AGENTS: "yes",
    }
    save_initiative(db, portfolio, {"uses_agents": "no", "autonomy": ""}, chatbot)
    assert record_of(chatbot, AGENTS).gate_answers[AGENTS] == "no"

    with pytest.raises(RegisterError) as refused:
        answer_gate(db, chatbot, gate, {"gate-owner": "", "gate-evaluation": "always", "gate-colour": "red"})
    assert refused.value.problems == [
        'gate-evaluation: "always" is not an answer; the answers are none, partial, every-release, unknown.',
        "gate-colour: the gate has no such question.",
    ]
    assert {a.question_id for a in chatbot.gate_answers} == {"gate-owner", "gate-rollback"}
    answer_gate(db, chatbot, gate, {"gate-owner": "", "gate-evaluation": "unknown"})
    db.commit()
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {
        "gate-evaluation": "unknown",
        "gate-rollback": "n/a",
    }


def test_a_new_gate_version_keeps_the_answers_it_still_asks_and_accepts(db, portfolio, gate, gate_v2):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    answer_gate(db, chatbot, gate, {"gate-owner": "yes", "gate-evaluation": "partial", "gate-rollback": "no"})
    db.commit()
    first = chatbot.gate_version_id
    answer_gate(db, chatbot, gate_v2, {"gate-agent-approval": "yes"})
    db.commit()
    assert chatbot.gate_version_id != first
    assert db.get(QuestionnaireVersion, chatbot.gate_version_id).version == "1.1"
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {
        "gate-owner": "yes",
        "gate-agent-approval": "yes",
    }
    answer_gate(db, chatbot, gate_v2, {"gate-evaluation": "every-release"})  # the dropped question again
    db.commit()
    assert len(chatbot.gate_answers) == 3


def test_a_gate_must_be_a_production_gate(db, portfolio, catalog):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    with pytest.raises(ValueError, match="not a production gate"):
        answer_gate(db, chatbot, catalog.get("example"), {})


def test_deleting_an_initiative_takes_its_gate_answers(db, portfolio, gate):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    answer_gate(db, chatbot, gate, {"gate-owner": "yes"})
    db.commit()
    delete_initiative(db, portfolio, chatbot)
    db.commit()
    assert initiatives(db, portfolio) == []
    assert db.scalar(select(func.count()).select_from(GateAnswer)) == 0


def test_the_wip_limit_is_a_whole_number_from_1_to_100_or_the_default(db, portfolio):
    set_wip_limit(db, portfolio, 3)
    assert portfolio.wip_limit == 3
    for wrong in (0, 101, -1, True, 2.5, "4"):
        with pytest.raises(ValueError):
            set_wip_limit(db, portfolio, wrong)
    assert portfolio.wip_limit == 3
    set_wip_limit(db, portfolio, None)
    db.commit()
    assert portfolio.wip_limit is None


def test_records_are_keyed_by_id_and_listed_by_name(db, portfolio):
    zebra = save_initiative(db, portfolio, {"name": "zebra"})
    alpha = save_initiative(db, portfolio, {"name": "Alpha", "stage": "experiment"})
    listed = records(db, portfolio, AGENTS)
    assert [r.key for r in listed] == [str(alpha.id), str(zebra.id)]
    assert listed[0].in_flight and listed[0].gate_answers == {AGENTS: "no"}


IMPORT = (
    "name;stage;value_band;uses_agents;autonomy;team_size;delivery_team;gate-owner;gate-evaluation\n"
    "Chatbot;pilot;high;yes;l2;4;Digital;yes;partial\n"
    "Claims triage;experiment;Very high;no;;2;Claims;;none\n"
)


def test_import_creates_then_matches_by_name_and_export_import_changes_nothing(db, portfolio, gate):
    assert import_register(db, portfolio, IMPORT, gate, AGENTS) == ImportSummary(2, 0, 0)
    db.commit()
    chatbot, claims = initiatives(db, portfolio)
    assert (chatbot.autonomy, chatbot.team_size, claims.value_band) == ("l2", 4, "very-high")
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {
        "gate-owner": "yes",
        "gate-evaluation": "partial",
    }
    assert chatbot.gate_version_id is not None and chatbot.gate_version_id == claims.gate_version_id

    exported = export_register(db, portfolio, gate, AGENTS)
    assert exported.splitlines()[0].endswith(",gate-owner,gate-evaluation,gate-rollback,gate-agent-approval")
    assert AGENTS not in exported.splitlines()[0]
    before = state(db, portfolio)
    assert import_register(db, portfolio, exported, gate, AGENTS) == ImportSummary(0, 0, 2)
    db.commit()
    assert state(db, portfolio) == before

    again = "Name,stage,gate-owner\nCHATBOT,production,no\nSearch,idea,\nclaims triage,experiment,\n"
    assert import_register(db, portfolio, again, gate, AGENTS) == ImportSummary(1, 2, 0)
    db.commit()
    chatbot = initiative_in(db, portfolio, chatbot.id)
    assert (chatbot.name, chatbot.stage, chatbot.team_size, chatbot.autonomy) == (
        "CHATBOT",
        "production",
        4,
        "l2",
    )
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {
        "gate-owner": "no",
        "gate-evaluation": "partial",
    }
    assert [i.name for i in initiatives(db, portfolio)] == ["CHATBOT", "claims triage", "Search"]


def test_an_import_with_any_problem_reports_them_all_and_changes_nothing(db, portfolio, gate):
    import_register(db, portfolio, IMPORT, gate, AGENTS)
    db.commit()
    before = state(db, portfolio)
    bad = (
        "name,stage,uses_agents,team_size,gate-evaluation,gate-rollback\n"
        "New one,idea,,,,\n"
        "Chatbot,pilot,no,,,\n"  # Chatbot keeps its autonomy tier, so it cannot stop using agents
        "Claims triage,pilott,,-1,always,maybe\n"
    )
    with pytest.raises(RegisterError) as refused:
        import_register(db, portfolio, bad, gate, AGENTS)
    assert refused.value.problems == [
        "Row 3, autonomy: is given but uses_agents is no; leave it blank or set uses_agents to yes.",
        'Row 4, stage: "pilott" is not one of idea, experiment, pilot, production, retired.',
        'Row 4, team_size: "-1" is negative; it must be 0 or more.',
        'Row 4, gate-evaluation: "always" is not an answer; the answers are none, partial, every-release,'
        " unknown.",
        'Row 4, gate-rollback: "maybe" is not an answer; the answers are no, yes, unknown, n/a.',
    ]
    with pytest.raises(RegisterError) as refused:
        import_register(db, portfolio, "name,uses_agents\nChatbot,no\n", gate, AGENTS)
    assert refused.value.problems == [
        "Row 2, autonomy: is given but uses_agents is no; leave it blank or set uses_agents to yes."
    ]
    with pytest.raises(RegisterError) as refused:
        import_register(db, portfolio, "name,gate-agents\nChatbot,no\n", gate, AGENTS)
    assert refused.value.problems[0].startswith("Row 1, gate-agents: unknown column")
    db.commit()
    assert state(db, portfolio) == before
    assert len(initiatives(db, portfolio)) == 2


def test_export_leaves_blank_the_answers_the_current_gate_no_longer_accepts(db, portfolio, gate, gate_v2):
    chatbot = save_initiative(db, portfolio, CHATBOT)
    answer_gate(db, chatbot, gate, {"gate-owner": "yes", "gate-evaluation": "partial"})
    db.commit()
    header, row = export_register(db, portfolio, gate_v2, AGENTS).splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert (cells["gate-owner"], cells["gate-evaluation"]) == ("yes", "")
    assert "gate-rollback" not in cells
    assert import_register(db, portfolio, f"{header}\n{row}\n", gate_v2, AGENTS) == ImportSummary(0, 1, 0)
    assert {a.question_id: a.code for a in chatbot.gate_answers} == {"gate-owner": "yes"}
