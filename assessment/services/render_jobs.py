"""Render jobs' state: asked for, started, finished, failed, and noticed when a worker died.

A job is found by its report's cache key, so two requests for the same report share one
job. These functions take the session and never commit; the caller (a view or the
worker) commits. They do not talk to the queue either: `request_render` says whether the
caller must put the job on the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..persistence.render_jobs import JobStatus, RenderJob

#: What a reader is told when every attempt ended with the worker gone.
STOPPED = (
    "The report stopped while it was being prepared ({attempts} attempts), "
    "probably because the machine preparing it restarted."
)


@dataclass(frozen=True)
class JobLimits:
    """How long a render may take, how long to wait past that before calling a worker dead,
    and how many attempts a job gets."""

    time_limit: float
    grace: float
    attempts: int

    @property
    def stale_after(self) -> timedelta:
        """How long a job may stay running before its worker counts as gone."""
        return timedelta(seconds=self.time_limit + self.grace)


def job_for(db: Session, key: str) -> RenderJob | None:
    """The job of a report's cache key, if one was ever asked for."""
    return db.scalar(select(RenderJob).where(RenderJob.key == key))


def request_render(
    db: Session, key: str, kind: str, params: dict, limits: JobLimits, retry: bool = False
) -> tuple[RenderJob, bool]:
    """The job that prepares the report `key` (the caller found it missing from the cache),
    and whether the caller must put it on the queue.

    A new job is queued. A queued or running job is left alone, unless its worker has been
    silent past the time limit and grace: then it is queued again, or, after its last
    attempt, failed with a reason. A job still waiting past that long is put on the queue
    again (its entry may have been lost with Redis, or with a worker that died before it
    marked the job running; a duplicate entry is harmless, as `start` skips a job already
    done). A failed job is queued again only when the reader asks
    (`retry`). A done job whose file is gone from the cache (pruned, or made on another
    machine) is queued again.
    """
    now = datetime.now(UTC)
    job = job_for(db, key)
    if job is None:
        job = RenderJob(key=key, kind=kind, params=params, status=JobStatus.QUEUED, attempts=0, queued_at=now)
        try:
            with db.begin_nested():
                db.add(job)
        except IntegrityError:  # another server asked for the same report at the same moment
            existing = job_for(db, key)
            assert existing is not None
            return existing, False
        return job, True
    if job.status == JobStatus.RUNNING and _aware(job.started_at) + limits.stale_after < now:
        if job.attempts >= limits.attempts:
            _end(job, JobStatus.FAILED, STOPPED.format(attempts=job.attempts), now)
            return job, False
        return _requeue(job, kind, params, now, keep_attempts=True), True
    if job.status == JobStatus.QUEUED and _aware(job.queued_at) + limits.stale_after < now:
        return _requeue(job, kind, params, now, keep_attempts=True), True
    if job.status == JobStatus.DONE or (job.status == JobStatus.FAILED and retry):
        return _requeue(job, kind, params, now, keep_attempts=False), True
    return job, False


def start(db: Session, job_id: int) -> RenderJob | None:
    """Mark a job running as a worker picks it up (one more attempt); None when there is
    nothing to do (the job is gone, or already done or failed by another attempt)."""
    job = db.get(RenderJob, job_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return None
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.started_at = datetime.now(UTC)
    job.error = None
    return job


def finish(db: Session, job_id: int) -> None:
    """Mark a job done: its report is in the cache."""
    job = db.get(RenderJob, job_id)
    if job is not None:
        _end(job, JobStatus.DONE, None, datetime.now(UTC))


def fail(db: Session, job_id: int, reason: str) -> None:
    """Mark a job failed, with the reason a reader is shown."""
    job = db.get(RenderJob, job_id)
    if job is not None:
        _end(job, JobStatus.FAILED, reason, datetime.now(UTC))


def _requeue(job: RenderJob, kind: str, params: dict, now: datetime, keep_attempts: bool) -> RenderJob:
    """Put a job back in the queued state, with today's inputs."""
    job.kind, job.params = kind, params
    job.status, job.error, job.queued_at = JobStatus.QUEUED, None, now
    job.started_at = job.finished_at = None
    if not keep_attempts:
        job.attempts = 0
    return job


def _end(job: RenderJob, status: JobStatus, error: str | None, now: datetime) -> None:
    """Record how a job ended."""
    job.status, job.error, job.finished_at = status, error, now


def _aware(moment: datetime | None) -> datetime:
    """A stored time as timezone-aware UTC (SQLite hands it back naive)."""
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
