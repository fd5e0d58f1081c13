"""`assessment worker`: render reports and exports queued on REDIS_URL, off the request path."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, SimpleWorker

from ..config import RENDER_QUEUE


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Render the reports the web servers queue on REDIS_URL, one at a time.

    Run as many as the machine has cores for. Each renders in its own process without
    forking (so no database connection is shared), with RENDER_JOB_TIME_LIMIT seconds
    per report, and stores the file in REPORT_CACHE_DIR, which the web servers read.
    """
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: without it the web servers render reports themselves, "
            "and no worker is needed."
        )
    current_app.config["REPORT_TIME_LIMIT"] = current_app.config["RENDER_JOB_TIME_LIMIT"]
    connection = Redis.from_url(url)
    queue = Queue(RENDER_QUEUE, connection=connection)
    SimpleWorker([queue], connection=connection).work(burst=burst, logging_level="WARNING")
