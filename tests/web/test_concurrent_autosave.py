"""Many respondents autosaving at once through gunicorn lose nothing and mix nothing up.

Sixteen processes, each its own respondent with its own session, send 200 autosaves each
through the HTTP API of a gunicorn server with four workers, on a SQLite file and on
PostgreSQL. Afterwards every respondent's stored answers must be exactly the last value
the server acknowledged to that respondent for each question: no lost answer, no answer
landing on another respondent, no "database is locked".
"""

from __future__ import annotations

import multiprocessing
import random
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.persistence import Respondent, answers_of, make_engine
from assessment.web.assess.forms import answer_choices
from tests.web.test_durability import Respondent as HttpRespondent
from tests.web.test_durability import Server, migrate, seq_base

PROCESSES = 16
SAVES = 200
WORKERS = 4


def answerable_questions() -> list[tuple[str, list[str]]]:
    """The flagship's maturity and ownership questions with the answers each accepts."""
    from assessment.config import PROJECT_ROOT
    from assessment.questionnaire import load_directory

    questionnaire = load_directory(PROJECT_ROOT / "questionnaires").get("ai-execution")
    return [
        (q.id, [value for value, _ in answer_choices(questionnaire, q)])
        for q in questionnaire.questions
        if q.dimension is not None
    ]


def _respondent_process(base: str, number: int, saves: int, questions: list, go, results) -> None:
    """One respondent: start an assessment, scope everything in, then autosave as fast as replies come."""
    failures: list[str] = []
    last: dict[str, str] = {}
    name = f"Respondent {number:02d}"
    try:
        client = HttpRespondent(base)
        client.start(name=name)
        html = client.get("/assessment/section/scope")[1]
        seq = seq_base(html)
        for question, value in (("scope-agents", "in-production"), ("scope-eu-high-risk", "likely")):
            seq += 1
            client.autosave(question, value, seq)
            last[question] = value
        rng = random.Random(number)
        go.wait()
        for _ in range(saves):
            question, choices = rng.choice(questions)
            value = rng.choice(choices)
            seq += rng.randrange(1, 1000)
            status, reply = client.autosave(question, value, seq)
            if status == 200 and reply.get("saved") is True and reply.get("value") == value:
                last[question] = value
            else:
                failures.append(f"{question}={value}: {status} {reply}")
    except Exception as error:  # a crash is a failure of the whole respondent
        failures.append(repr(error))
    results.put((name, failures, last))


def run_respondents(base: str, processes: int, saves: int) -> tuple[list, float]:
    """(reports, seconds of autosaving) for `processes` respondents autosaving at once."""
    context = multiprocessing.get_context("spawn")
    results, go = context.Queue(), context.Event()
    questions = answerable_questions()
    workers = [
        context.Process(target=_respondent_process, args=(base, n, saves, questions, go, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    started = time.monotonic()
    go.set()
    reports = [results.get(timeout=180) for _ in workers]
    elapsed = time.monotonic() - started
    for worker in workers:
        worker.join(timeout=30)
    return reports, elapsed


def stored_by_organisation(database_url: str) -> dict[str, dict[str, str]]:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return {
                r.assessment.organisation.name: answers_of(session, r.id)
                for r in session.scalars(select(Respondent))
            }
    finally:
        engine.dispose()


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """The app under gunicorn with four workers, on a migrated database."""
    migrate(database_url)
    server = Server(database_url, tmp_path / "instance", workers=WORKERS).start()
    yield server
    server.stop()


def test_sixteen_respondents_autosaving_at_once_lose_nothing(database_url, gunicorn):
    reports, elapsed = run_respondents(gunicorn.url, PROCESSES, SAVES)
    failures = [failure for _, failed, _ in reports for failure in failed]
    assert failures == [], (failures[:5], gunicorn.log_text()[-1500:])
    assert "database is locked" not in gunicorn.log_text()
    stored = stored_by_organisation(database_url)
    assert len(stored) == PROCESSES
    for name, _, acknowledged in reports:
        assert stored[name] == acknowledged, name
    print(f"{PROCESSES * SAVES} autosaves in {elapsed:.1f} s ({PROCESSES * SAVES / elapsed:.0f}/s)")
