"""Reports rendered off the request path when REDIS_URL is set, in the request otherwise.

A download view prepares its report (`PreparedReport`: the cache key and how to render)
and hands it to `deliver` with the job's kind and params (ids and choices, never rows).
On a cache hit the file is served at once. Without REDIS_URL it is rendered now, as it
always was. With REDIS_URL the job is recorded in the database (one per cache key, so two
clicks make one job) and put on the Redis queue; the view answers 202 with a page that
follows the job on the download's own URL, so the page checks its reader exactly as the
download does, then serves the file once a worker has cached it.

A worker (`assessment worker`) runs `perform`: it reloads the inputs from the database
through the kind's loader (registered by each blueprint with `job_kind`), renders, stores
the file in the shared report cache and marks the job done or failed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, current_app, render_template, request, url_for
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from ..config import RENDER_QUEUE
from ..extensions import database
from ..persistence.render_jobs import JobStatus, RenderJob
from ..reporting import RenderTimeout
from ..services import render_jobs
from .reports import PDF, PreparedReport, download, rendered, report_cache

#: Each kind's loader: the job's params in, the report prepared from today's data out.
KINDS: dict[str, Callable[[dict], PreparedReport]] = {}

UNAVAILABLE = "The service that prepares reports is unavailable right now."
BROKEN = "Something went wrong on our side while preparing it; we have logged the error."


def job_kind(name: str) -> Callable[[Callable[[dict], PreparedReport]], Callable[[dict], PreparedReport]]:
    """Register the loader a worker calls for jobs of kind `name`."""

    def register(loader: Callable[[dict], PreparedReport]) -> Callable[[dict], PreparedReport]:
        KINDS[name] = loader
        return loader

    return register


def render_queue() -> Queue | None:
    """The app's Redis queue of render jobs, or None without REDIS_URL."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if "render_queue" not in current_app.extensions:
        current_app.extensions["render_queue"] = Queue(RENDER_QUEUE, connection=Redis.from_url(url))
    return current_app.extensions["render_queue"]


def job_limits() -> render_jobs.JobLimits:
    """The configured time limit, grace and attempts of a render job."""
    config = current_app.config
    return render_jobs.JobLimits(
        float(config["RENDER_JOB_TIME_LIMIT"]),
        float(config["RENDER_JOB_GRACE"]),
        int(config["RENDER_JOB_ATTEMPTS"]),
    )


def prepared(kind: str, params: dict) -> PreparedReport:
    """The report a job of `kind` would render for `params`, prepared from today's data; how
    one blueprint's download reuses another's report without importing it."""
    return KINDS[kind](params)


def deliver(
    report: PreparedReport,
    kind: str,
    params: dict,
    filename: str,
    content_type: str = PDF,
    fallback: str = "report.pdf",
) -> Response:
    """The report as a download when it is cached (or without a queue, once rendered now);
    otherwise its job's progress page, on this same URL."""
    queue = render_queue()
    pdf = rendered(report) if queue is None else report_cache().get(report.key)
    if pdf is not None:
        return download(pdf, filename, content_type, fallback)
    database.start_writing()
    db = database.session
    limits = job_limits()
    job, enqueue = render_jobs.request_render(
        db, report.key, kind, params, limits, retry=request.args.get("retry") == "1"
    )
    db.commit()
    if enqueue:
        try:
            queue.enqueue(f"{__name__}.perform", job.id, job_timeout=int(limits.time_limit + limits.grace))
        except RedisError as error:
            current_app.logger.warning("render job not queued: %s", error)
            render_jobs.fail(db, job.id, UNAVAILABLE)
            db.commit()
    return progress_page(job)


def progress_page(job: RenderJob) -> tuple[str, int, dict]:
    """The page that follows a job: 202 while it waits or runs (refreshing itself), 503 with
    the reason and a "try again" link when it failed."""
    args = {k: v for k, v in request.args.items() if k != "retry"}
    here = url_for(request.endpoint, **(request.view_args or {}), **args)
    retry = url_for(request.endpoint, **(request.view_args or {}), **args, retry="1")
    failed = job.status == JobStatus.FAILED
    page = render_template(
        "jobs/progress.html",
        job=job,
        failed=failed,
        here=here,
        retry=retry,
        refresh=current_app.config["RENDER_JOB_REFRESH"],
    )
    headers = {"Cache-Control": "no-store"}
    if failed:
        return page, 503, headers | {"Retry-After": "60"}
    return page, 202, headers | {"Retry-After": str(current_app.config["RENDER_JOB_REFRESH"])}


def perform(job_id: int) -> None:
    """Run one job in a worker (inside the worker's app context): mark it running, reload its
    inputs, render into the report cache, and mark it done or failed with a reason."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():
        job = render_jobs.start(database.session, job_id)
        if job is None:
            return
        kind, params = job.kind, dict(job.params)
        database.session.commit()
    try:
        with app.app_context():
            database.start_reading()  # the render holds no SQLite write lock
            rendered(prepared(kind, params))
    except RenderTimeout:
        limit = app.config["REPORT_TIME_LIMIT"]
        reason = f"It took longer than {limit:g} seconds to prepare, so it was stopped."
    except Exception:
        app.logger.exception("render job %s (%s) failed", job_id, kind)
        reason = BROKEN
    else:
        reason = None
    with app.app_context():
        if reason is None:
            render_jobs.finish(database.session, job_id)
        else:
            render_jobs.fail(database.session, job_id, reason)
        database.session.commit()
