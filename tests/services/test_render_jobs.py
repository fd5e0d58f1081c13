"""Render jobs' states: one job per report, a dead worker noticed after the time limit and
grace, retried up to the attempts allowed, then failed with a reason; retried on request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assessment.extensions import database
from assessment.persistence import JobStatus
from assessment.services import render_jobs
from assessment.services.render_jobs import JobLimits, request_render

KEY = "a" * 64
LIMITS = JobLimits(time_limit=60, grace=10, attempts=2)
PARAMS = {"respondent_id": 1, "profile": None}


@pytest.fixture
def db(ready_app):
    """A session on the migrated database, inside an app context."""
    with ready_app.app_context():
        yield database.session


def started_long_ago(db, job) -> None:
    """The job's worker took it longer ago than the time limit and grace."""
    job.started_at = datetime.now(UTC) - LIMITS.stale_after - timedelta(seconds=1)
    db.commit()


def test_asking_twice_for_one_report_makes_one_job_queued_once(db):
    job, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    db.commit()
    again, enqueue_again = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    assert (enqueue, enqueue_again) == (True, False)
    assert again.id == job.id and again.status == JobStatus.QUEUED


def test_a_running_job_is_left_alone_within_its_time_limit(db):
    job, _ = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    render_jobs.start(db, job.id)
    db.commit()
    same, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    assert not enqueue and same.status == JobStatus.RUNNING and same.attempts == 1


def test_a_silent_worker_gets_its_job_queued_again_then_failed_after_the_last_attempt(db):
    job, _ = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    for attempt in (1, 2):
        assert render_jobs.start(db, job.id).attempts == attempt
        started_long_ago(db, job)
        again, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
        db.commit()
        if attempt == 1:
            assert enqueue and again.status == JobStatus.QUEUED
    assert not enqueue and again.status == JobStatus.FAILED
    assert again.error == "The report stopped while it was being prepared (2 attempts), " + (
        "probably because the machine preparing it restarted."
    )
    # Failed stays failed until the reader asks again; then it starts afresh.
    assert request_render(db, KEY, "individual_report", PARAMS, LIMITS)[1] is False
    retried, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS, retry=True)
    assert enqueue and retried.status == JobStatus.QUEUED and retried.attempts == 0 and retried.error is None


def test_a_job_waiting_past_the_limit_is_queued_again_and_one_within_it_is_not(db):
    job, _ = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    db.commit()
    assert request_render(db, KEY, "individual_report", PARAMS, LIMITS)[1] is False
    job.queued_at = datetime.now(UTC) - LIMITS.stale_after - timedelta(seconds=1)
    db.commit()
    again, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    assert enqueue and again.status == JobStatus.QUEUED and again.attempts == 0
    assert request_render(db, KEY, "individual_report", PARAMS, LIMITS)[1] is False  # the clock restarted


def test_a_finished_or_failed_job_is_not_started_again_by_a_duplicate_queue_entry(db):
    job, _ = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    render_jobs.start(db, job.id)
    render_jobs.finish(db, job.id)
    db.commit()
    assert render_jobs.start(db, job.id) is None
    other, _ = request_render(db, "b" * 64, "individual_report", PARAMS, LIMITS)
    render_jobs.fail(db, other.id, "It took longer than 300 seconds to prepare, so it was stopped.")
    assert render_jobs.start(db, other.id) is None


def test_a_done_job_whose_file_left_the_cache_is_queued_again(db):
    job, _ = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    render_jobs.start(db, job.id)
    render_jobs.finish(db, job.id)
    db.commit()
    again, enqueue = request_render(db, KEY, "individual_report", PARAMS, LIMITS)
    assert enqueue and again.status == JobStatus.QUEUED and again.attempts == 0
