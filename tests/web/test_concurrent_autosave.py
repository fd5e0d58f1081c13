"""Many respondents autosaving at once through gunicorn lose nothing and mix nothing up.

Sixteen processes, each its own respondent with its own session, send 200 autosaves each
through the HTTP API of a gunicorn server with four workers, on a SQLite file and on
PostgreSQL. Afterwards every respondent's stored answers must be exactly the last value
the server acknowledged to that respondent for each question: no lost answer, no answer
landing on another respondent, no "database is locked".

The work is fixed (16 respondents, 200 autosaves each); the time it takes is not, since a loaded 2-core
machine may take several times as long as an idle one. So the run has no deadline: it
fails when it stops making progress (no autosave acknowledged for `STALL` seconds), or
when a respondent process dies. The autosaves per second it prints are measured from the
moment every respondent has started, so interpreter start-up does not count.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.persistence import Answer, Respondent, answers_of, make_engine
from tests.support.http import Respondent as HttpRespondent
from tests.support.http import Server, answerable_questions, migrate, seq_base

PROCESSES = 16
SAVES = 200
WORKERS = 4
STALL = 180  # seconds without any progress before the run counts as hung

pytestmark = pytest.mark.slow  # 3200 autosaves: two minutes or more on two cores


def _scoped_in(client: HttpRespondent, name: str, last: dict[str, str]) -> int:
    """Start an assessment and scope everything in; the seq to count autosaves from."""
    client.start(name=name)
    seq = seq_base(client.get("/assessment/section/scope")[1])
    scope = (
        ("scope-build-buy", "both"),
        ("scope-agents", "in-production"),
        ("scope-eu-high-risk", "likely"),
        ("scope-eu-role", "both"),
    )
    for question, value in scope:
        seq += 1
        client.autosave(question, value, seq)
        last[question] = value
    return seq


def _respondent_process(base, number, saves, questions, ready, go, progress, results) -> None:
    """One respondent: start and scope in, wait for the others, then autosave as fast as replies come."""
    failures: list[str] = []
    last: dict[str, str] = {}
    name = f"Respondent {number:02d}"
    client = HttpRespondent(base)
    seq = None
    try:
        seq = _scoped_in(client, name, last)
    except Exception as error:  # a crash is a failure of the whole respondent
        failures.append(f"starting: {error!r}")
    with ready.get_lock():
        ready.value += 1
    go.wait()
    rng = random.Random(number)
    try:
        for _ in range(saves if seq is not None else 0):  # none if it could not start
            question, choices = rng.choice(questions)
            value = rng.choice(choices)
            seq += rng.randrange(1, 1000)
            status, reply = client.autosave(question, value, seq)
            if status == 200 and reply.get("saved") is True and reply.get("value") == value:
                last[question] = value
            else:
                failures.append(f"{question}={value}: {status} {reply}")
            with progress.get_lock():
                progress.value += 1
    except Exception as error:
        failures.append(repr(error))
    results.put((name, failures, last))


class Watchdog:
    """Fails a run that stands still for STALL seconds or whose respondent process died."""

    def __init__(self, workers: list):
        self.workers = workers
        self.seen = -1
        self.since = time.monotonic()

    def check(self, count: int, what: str) -> None:
        if count != self.seen:
            self.seen, self.since = count, time.monotonic()
        dead = [w.exitcode for w in self.workers if w.exitcode not in (None, 0)]
        assert not dead, f"a respondent process died (exit codes {dead}) after {count} {what}"
        stalled = time.monotonic() - self.since
        assert stalled < STALL, f"no progress for {stalled:.0f} s: {count} {what} so far"


def run_respondents(base: str, processes: int, saves: int) -> tuple[list, float]:
    """(reports, seconds of autosaving) for `processes` respondents autosaving at once."""
    context = multiprocessing.get_context("spawn")
    results, go = context.Queue(), context.Event()
    ready, progress = context.Value("i", 0), context.Value("i", 0)
    questions = answerable_questions()
    workers = [
        context.Process(
            target=_respondent_process, args=(base, n, saves, questions, ready, go, progress, results)
        )
        for n in range(processes)
    ]
    watchdog = Watchdog(workers)
    try:
        for worker in workers:
            worker.start()
        while ready.value < processes:
            watchdog.check(ready.value, "respondents started")
            time.sleep(0.2)
        started = time.monotonic()
        go.set()
        reports: list = []
        while len(reports) < processes:
            try:
                reports.append(results.get(timeout=1))
            except queue.Empty:
                watchdog.check(progress.value, "autosaves")
        elapsed = time.monotonic() - started
    finally:
        go.set()
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.terminate()
                worker.join()
    return reports, elapsed


def stored_by_organisation(database_url: str) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """Each organisation's stored answers, and how many answer rows it has."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            respondents = list(session.scalars(select(Respondent)))
            per_respondent = select(Answer.respondent_id, func.count()).group_by(Answer.respondent_id)
            rows = dict(session.execute(per_respondent).all())
            return (
                {r.assessment.organisation.name: answers_of(session, r.id) for r in respondents},
                {r.assessment.organisation.name: rows.get(r.id, 0) for r in respondents},
            )
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
    stored, rows = stored_by_organisation(database_url)
    assert len(stored) == PROCESSES
    for name, _, acknowledged in reports:
        assert stored[name] == acknowledged, name  # nothing lost, nothing from another respondent
        assert rows[name] == len(acknowledged), name  # one row per question: nothing doubled
    print(f"{PROCESSES * SAVES} autosaves in {elapsed:.1f} s ({PROCESSES * SAVES / elapsed:.0f}/s)")
