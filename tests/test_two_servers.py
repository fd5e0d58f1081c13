"""Two gunicorn app servers sharing one PostgreSQL database and one instance folder.

A room's traffic split across both servers (sessions and CSRF tokens made on one are
good on the other), failed-attempt limits that count across both, the whole set started
and stopped by `scripts/stack.py`, and a report rendered by the worker through the queue.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.persistence import make_engine
from assessment.persistence.render_jobs import JobStatus, RenderJob
from assessment.web.attempts import JOIN_PER_ADDRESS, RESUME_PER_ADDRESS
from tests.support import ROOT
from tests.support.http import Respondent as Browser
from tests.support.http import answerable_questions, free_port, parse, seq_base
from tests.support.machine import require
from tests.support.room_answers import stored_answers
from tests.support.stack import Stack, postgres_binaries, redis_binary

pytestmark = [pytest.mark.slow, pytest.mark.postgresql]

PARTICIPANTS = 6
ROLES = ("Product", "Engineering")


@pytest.fixture
def two_servers(tmp_path: Path, postgres_url: str):
    """Two app servers on one fresh PostgreSQL database, without Redis or the worker."""
    with Stack(tmp_path / "instance", postgres_url, workers=1, redis=False, worker=False) as stack:
        yield stack


def form(browser: Browser, path: str, fields: dict, page: str | None = None) -> tuple[int, str, str]:
    """Post a form with the token of the form on its page (`path` unless `page` is given),
    as a browser would; (status, body, final URL)."""
    _, html, _ = browser.get(page or path)
    return browser.request(path, urlencode({**fields, "csrf_token": parse(html).csrf}).encode())


def workshop_on(base: str) -> tuple[Browser, str, str, str]:
    """A facilitator who signs up and opens a named workshop on the server at `base`:
    (their browser, the join code, the live page's path, the workshop's title)."""
    facilitator = Browser(base)
    account = {"name": "Fay", "email": f"fay-{uuid.uuid4().hex[:8]}@example.com", "workspace": "Fay Ltd"}
    status, _, _ = form(facilitator, "/account/signup", {**account, "password": "a long enough password"})
    assert status == 200
    workspace = re.search(r'href="/workspaces/(\d+)/"', facilitator.get("/workspaces/")[1]).group(1)
    home = f"/workspaces/{workspace}/"
    _, _, client = form(facilitator, home + "clients", {"name": "Two Server Logistics"}, home)
    title = f"Room {uuid.uuid4().hex[:6]}"
    new = urlparse(client).path + "workshops/new"
    fields = {"title": title, "questionnaire": "ai-execution", "participants": "named"}
    status, page, live = form(facilitator, new, {**fields, "roles": "\n".join(ROLES), "target_profile": ""})
    assert status == 200, page[:300]
    code = re.search(r'class="join-code">([A-Z0-9-]+)<', page).group(1)
    return facilitator, code, urlparse(live).path, title


def join_and_answer(join_on: str, answer_on: str, code: str, name: str, answers: list) -> dict[str, str]:
    """Join through /join on one server, then autosave on the other with the token the
    first handed out; the answers each server acknowledged."""
    person = Browser(join_on)
    _, _, role_page = form(person, "/join", {"code": code.lower()})
    status, _, section = form(person, urlparse(role_page).path, {"role": ROLES[0], "name": name})
    assert status == 200 and "/assessment/section/" in section, (status, section)
    page = person.get(urlparse(section).path)[1]
    person.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    first_seq = seq_base(page) + 1
    person.base = answer_on
    acknowledged = {}
    for seq, (question, value) in enumerate(answers, start=first_seq):
        status, reply = person.autosave(question, value, seq)
        assert status == 200 and reply["saved"] is True, (name, question, status, reply)
        acknowledged[question] = value
    return acknowledged


def a_workshop_through_both(stack: Stack, participants: int = PARTICIPANTS) -> tuple[Browser, str, dict]:
    """A workshop opened on server 1; participants join on one server and answer on the
    other, alternately; (the facilitator, the live page's path, what each was acknowledged)."""
    first, second = stack.urls
    facilitator, code, live, title = workshop_on(first)
    questions = answerable_questions()
    scope = [("scope-agents", "in-production"), ("scope-eu-high-risk", "likely")]
    acknowledged = {}
    for number in range(participants):
        join_on, answer_on = (first, second) if number % 2 == 0 else (second, first)
        answers = scope + [(q, values[number % len(values)]) for q, values in questions[number : number + 8]]
        question, values = questions[number + 7]  # a change of mind: the last answer again, changed
        answers.append((question, values[(number + 1) % len(values)]))
        name = f"Participant {number}"
        acknowledged[name] = join_and_answer(join_on, answer_on, code, name, answers)
    return facilitator, live, {"title": title, "answers": acknowledged}


def download(browser: Browser, path: str) -> tuple[int, bytes]:
    """(status, body bytes) of a GET with the browser's cookies; error statuses returned."""
    try:
        with browser.opener.open(browser.base + path, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_room_split_across_two_servers_is_stored_once(two_servers: Stack):
    facilitator, live, room = a_workshop_through_both(two_servers)
    facilitator.base = two_servers.urls[1]  # the facilitator watches on the other server
    status, body, _ = facilitator.get(live + "live.json")
    assert status == 200
    assert json.loads(body)["respondents"] == PARTICIPANTS

    answers, nameless, doubled = stored_answers(two_servers.database_url, room["title"])
    assert (nameless, doubled) == (0, 0)
    assert answers == room["answers"]


def test_wrong_join_codes_over_both_servers_share_one_limit(two_servers: Stack):
    first, second = (Browser(url) for url in two_servers.urls)
    statuses = [(first if n % 2 else second).get(f"/join/WRONG-{n:04d}")[0] for n in range(JOIN_PER_ADDRESS)]
    assert set(statuses) == {404}
    # The allowance is spent across both servers: each now refuses the next wrong code.
    assert first.get("/join/WRONG-9998")[0] == 429
    assert second.get("/join/WRONG-9999")[0] == 429


def test_wrong_resume_links_over_both_servers_share_one_limit(two_servers: Stack):
    first, second = (Browser(url) for url in two_servers.urls)
    statuses = [
        (first if n % 2 else second).get(f"/assessment/resume/{uuid.uuid4().hex}")[0]
        for n in range(RESUME_PER_ADDRESS)
    ]
    assert set(statuses) == {404}
    assert first.get(f"/assessment/resume/{uuid.uuid4().hex}")[0] == 429
    assert second.get(f"/assessment/resume/{uuid.uuid4().hex}")[0] == 429


def test_the_stack_script_starts_the_set_and_stops_it_on_sigterm(tmp_path: Path):
    if postgres_binaries() is None:
        require("no PostgreSQL binaries: install Debian's postgresql package")
    if redis_binary() is None:
        require("no redis-server: install Debian's redis-server package")
    ports = [free_port(), free_port()]
    script = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "stack.py"), "--ports", *map(str, ports), "--workers", "1"]
        + ["--instance", str(tmp_path / "instance"), "--database-url", ""],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = []
        for line in script.stdout:
            printed.append(line)
            if "Ctrl-C stops everything" in line:
                break
        text = "".join(printed)
        assert f"http://127.0.0.1:{ports[0]}" in text and f"http://127.0.0.1:{ports[1]}" in text, text
        cluster = re.search(r"database: +postgresql\+psycopg://postgres@127\.0\.0\.1:(\d+)/", text)
        assert cluster, text
        for port in ports:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                assert response.status == 200
        script.send_signal(signal.SIGTERM)
        assert script.wait(timeout=60) == 0, script.stdout.read()
    finally:
        if script.poll() is None:
            script.kill()
            script.wait()
        script.stdout.close()
    for port in [*ports, int(cluster.group(1))]:
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_a_report_is_rendered_through_the_queue(tmp_path: Path, postgres_url: str):
    if redis_binary() is None:
        require("no redis-server: install Debian's redis-server package")
    with Stack(tmp_path / "instance", postgres_url, workers=1, redis=True, worker=True) as stack:
        facilitator, live, _ = a_workshop_through_both(stack)
        first, body = download(facilitator, live + "report.pdf")
        assert first == 202 and b"Preparing your report" in body, (first, body[:300])
        deadline = time.monotonic() + 120
        while True:
            status, body = download(facilitator, live + "report.pdf")
            if body.startswith(b"%PDF") or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert status == 200 and body.startswith(b"%PDF"), (status, body[:300])
        engine = make_engine(stack.database_url)
        try:
            with Session(engine) as session:
                jobs = session.execute(select(RenderJob.status, RenderJob.attempts)).all()
        finally:
            engine.dispose()
        assert jobs == [(JobStatus.DONE, 1)]  # one job, rendered by the worker at its first attempt
