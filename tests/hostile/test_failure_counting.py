"""F8 follow-up: failures recorded at the same moment are all counted (one atomic upsert each)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from assessment.persistence import make_engine, upgrade
from assessment.persistence.models import utcnow
from assessment.persistence.ratelimit import failures, record_failure

THREADS, EACH = 8, 25


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_failures_from_many_threads_at_once_are_counted_exactly(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    start = threading.Barrier(THREADS)
    errors = []

    def guess_wrong() -> None:
        start.wait()
        try:
            for _ in range(EACH):
                with Session(engine) as session:
                    record_failure(session, "login", "198.51.100.9")
                    session.commit()
        except Exception as error:
            errors.append(error)

    workers = [threading.Thread(target=guess_wrong) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with Session(engine) as session:
        counted = failures(session, "login", "198.51.100.9", timedelta(minutes=15))
        other = failures(session, "login", "198.51.100.10", timedelta(minutes=15))
    engine.dispose()
    assert errors == []
    assert (counted, other) == (THREADS * EACH, 0)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_failures_older_than_the_window_no_longer_count(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    with Session(engine) as session:
        record_failure(session, "join", "198.51.100.9", now=utcnow() - timedelta(minutes=30))
        record_failure(session, "join", "198.51.100.9")
        session.commit()
        assert failures(session, "join", "198.51.100.9", timedelta(minutes=10)) == 1
        assert failures(session, "join", "198.51.100.9", timedelta(hours=1)) == 2
    engine.dispose()
