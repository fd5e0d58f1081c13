"""Reports rendered off the request path: with REDIS_URL the download answers 202 with a
page that follows the job, an `assessment worker` process renders, and the same URL then
serves the file; a worker killed mid-render is noticed, retried, then reported."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import func, select, update

from assessment.config import RENDER_QUEUE
from assessment.extensions import database
from assessment.persistence import RenderJob
from tests.support.http import free_port
from tests.support.journeys import (
    answer,
    answer_scope,
    autosave,
    join,
    join_code,
    make_workshop,
    sign_up,
    start,
)
from tests.support.queue import Worker, redis_url, wait_for  # noqa: F401 - redis_url is a fixture
from tests.support.reports import pdf_page_text

REPORT = "/assessment/report.pdf"


def assessed(app):
    """A respondent's browser with a scoped, partly answered self-assessment."""
    client = app.test_client()
    start(client, name="Northwind & <Partners>")
    answer_scope(client)
    autosave(client, "own-accountable-owner", "all-named", 1)
    return client


def queued(app, redis_url: str, cache) -> None:  # noqa: F811
    """Send the app's reports through the render queue on `redis_url`, cached in `cache`."""
    app.config.update(REDIS_URL=redis_url, REPORT_CACHE_DIR=str(cache))


def jobs(app) -> int:
    """How many render jobs the database holds."""
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(RenderJob))


def retry_link(page: str) -> str:
    """The "Try again" link's target on a failed job's page."""
    (href,) = re.findall(r'<a class="button" href="([^"]+)">Try again</a>', page)
    return href.replace("&amp;", "&")


@pytest.mark.slow  # two full renders, one in a worker process
def test_the_queue_and_the_request_give_the_same_report(journey_app, redis_url, tmp_path):  # noqa: F811
    client = assessed(journey_app)
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "in-request")
    in_request = client.get(REPORT)
    assert in_request.status_code == 200 and in_request.mimetype == "application/pdf"

    queued(journey_app, redis_url, tmp_path / "queued")
    first = client.get(REPORT)
    page = first.get_data(as_text=True)
    assert first.status_code == 202 and "Preparing your report" in page and "waiting its turn" in page
    assert f'<meta http-equiv="refresh" content="3;url={REPORT}">' in page
    assert f'<a href="{REPORT}">Check again now</a>' in page  # without JavaScript or refresh too
    second = client.get(REPORT)
    assert second.status_code == 202
    assert jobs(journey_app) == 1  # two clicks, one job
    assert Queue(RENDER_QUEUE, connection=Redis.from_url(redis_url)).count == 1

    Worker(journey_app, tmp_path / "worker.log").burst()
    done = client.get(REPORT)
    assert done.status_code == 200 and done.mimetype == "application/pdf"
    assert done.headers["Content-Disposition"] == in_request.headers["Content-Disposition"]
    assert done.data == in_request.data  # byte for byte
    assert "Northwind & <Partners>" in pdf_page_text(done.data)


def test_a_group_report_job_is_followed_only_by_the_workshops_workspace(
    journey_app,
    consultant,
    live_page,
    redis_url,  # noqa: F811
    tmp_path,
):
    participant = join(journey_app, join_code(journey_app))
    answer(participant, "all-named")
    queued(journey_app, redis_url, tmp_path / "reports")
    report = f"{live_page}report.pdf"
    waiting = consultant.get(report)
    assert waiting.status_code == 202 and "Preparing your report" in waiting.get_data(as_text=True)

    stranger = journey_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    assert stranger.get(report).status_code == 404
    assert stranger.get(f"{report}?retry=1").status_code == 404
    assert journey_app.test_client().get(report).status_code in (302, 401)  # signed out: sign in first
    assert participant.get(report).status_code in (302, 401, 404)
    assert jobs(journey_app) == 1


def _as_if_the_limit_passed(app) -> None:
    """Move the running job's start back past the time limit and grace, as if that long
    had passed since the worker took it."""
    seconds = app.config["RENDER_JOB_TIME_LIMIT"] + app.config["RENDER_JOB_GRACE"] + 1
    with app.app_context():
        started = datetime.now(UTC) - timedelta(seconds=seconds)
        database.session.execute(update(RenderJob).values(started_at=started))
        database.session.commit()


@pytest.mark.slow  # worker processes started, killed mid-render, then a full render
def test_a_worker_killed_mid_render_is_retried_then_reported_and_never_lost(
    journey_app,
    redis_url,  # noqa: F811
    tmp_path,
):
    client = assessed(journey_app)
    queued(journey_app, redis_url, tmp_path / "reports")
    journey_app.config["RENDER_JOB_ATTEMPTS"] = 2
    assert client.get(REPORT).status_code == 202

    for attempt in (1, 2):
        marker = tmp_path / f"rendering-{attempt}"
        worker = Worker(journey_app, tmp_path / f"stalled-{attempt}.log", stall=marker).start()
        try:
            wait_for(marker, worker)
            rendering = client.get(REPORT).get_data(as_text=True)
            assert "being rendered now" in rendering
        finally:
            worker.kill()
        # Killed just now: within its time limit the job still looks busy, not lost.
        assert "being rendered now" in client.get(REPORT).get_data(as_text=True)
        _as_if_the_limit_passed(journey_app)
        after = client.get(REPORT)
        page = after.get_data(as_text=True)
        if attempt == 1:  # queued again by itself
            assert after.status_code == 202 and "waiting its turn" in page
        else:  # out of attempts: the reader is told, with a way to try again
            assert after.status_code == 503
            assert "Your report could not be prepared" in page
            assert "The report stopped while it was being prepared (2 attempts)" in page

    again = client.get(retry_link(page))
    assert again.status_code == 202 and "waiting its turn" in again.get_data(as_text=True)
    Worker(journey_app, tmp_path / "worker.log").burst()
    done = client.get(REPORT)
    assert done.status_code == 200 and done.mimetype == "application/pdf"
    assert jobs(journey_app) == 1


@pytest.mark.slow  # renders two participants' reports, in the request and then in a worker
def test_every_participants_report_comes_in_one_zip_with_safe_names(
    journey_app,
    consultant,
    redis_url,  # noqa: F811
    tmp_path,
):
    live_page = make_workshop(journey_app, consultant, participants="named")
    code = join_code(journey_app)
    for name in ("Zoë <b>O'Brien</b>", "../../etc/passwd"):
        answer(join(journey_app, code, name=name), "all-named")
    join(journey_app, code, name="Silent Sam")  # joined, answered nothing
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "in-request")
    url = f"{live_page}participant-reports.zip"
    assert url in consultant.get(live_page).get_data(as_text=True)

    response = consultant.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="workshop-1-participant-reports.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == ["contents.txt", "01-Zoe_bOBrien_b.pdf", "02-etc_passwd.pdf"]
    for name in archive.namelist()[1:]:  # each is the report the participant downloads themselves
        assert "AI EXECUTION MATURITY REPORT\nAcme Insurance" in pdf_page_text(archive.read(name))
    contents = archive.read("contents.txt").decode()
    assert "Not answered yet, so no report:\nSilent Sam" in contents

    stranger = journey_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    assert stranger.get(url).status_code == 404

    queued(journey_app, redis_url, tmp_path / "queued")
    assert consultant.get(url).status_code == 202
    Worker(journey_app, tmp_path / "worker.log").burst()
    done = consultant.get(url)
    assert done.status_code == 200 and done.mimetype == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(done.data)).namelist() == archive.namelist()


def test_a_report_asked_for_while_redis_is_down_says_so_and_offers_to_try_again(journey_app, tmp_path):
    client = assessed(journey_app)
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    queued(journey_app, closed, tmp_path / "reports")
    response = client.get(REPORT)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "The service that prepares reports is unavailable right now." in page
    assert retry_link(page) == f"{REPORT}?retry=1"
