"""A room of 200 joins one workshop and answers at once: nothing lost, nothing doubled, how fast.

Run from the repository root:

    .venv/bin/python benchmarks/bench_workshop_load.py [--participants 200] [--answers 50]
        [--workers 4] [--poll 1.0] [--seconds 300] [--runs 1] [--postgres URL]

Serves the app with gunicorn (sync workers) on loopback, on a fresh SQLite file and, with
`--postgres postgresql+psycopg://user@host:port/db`, also on a throwaway database created on
that server (and dropped afterwards). A facilitator signs up, adds a client and creates a
named workshop through the same forms a browser posts (CSRF tokens included). Then
`--participants` simulated participants (asyncio, raw HTTP/1.1, one connection per request
as gunicorn's sync workers close them, a cookie jar each) type the join code on /join, pick
a role and give their name, and send `--answers` autosaves each, as fast as the replies come:
the two scoping questions, then other questions, eight of them answered a second time with a
different value (a change of mind). All the while the facilitator polls the live view's JSON
(which re-renders the panel) every `--poll` seconds.

Afterwards the database is read directly: every participant must be one respondent with
exactly one answer row per question they answered, equal to the last value the server
acknowledged to them; any failed request, missing, extra or doubled row fails the run
(exit 1). Printed: the answer latency (p50/p95/p99), the join latency, the live view's
latency (median and p95) and throughput, per engine; with `--runs` above one, the medians.
Bounded: at most participants x (answers + 7) requests plus the polls, and `--seconds` per run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.http import Server, answerable_questions  # noqa: E402  (after the path is set)
from tests.support.room_answers import stored_answers  # noqa: E402

ROLES = ("Product", "Engineering", "Data science", "Platform", "Security", "Compliance", "Operations")
SCOPE = (("scope-agents", "in-production"), ("scope-eu-high-risk", "likely"))  # every question applies
CHANGES_OF_MIND = 8
REQUEST_TIMEOUT = 120.0


# ---------------------------------------------------------------- raw HTTP with a cookie jar


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: str

    def header(self, name: str) -> str:
        return (self.headers.get(name.lower()) or [""])[0]


@dataclass
class Browser:
    """One person's HTTP client: loopback only, a cookie jar, the CSRF token last seen."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Reply:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            head = {"Host": f"127.0.0.1:{self.port}", "Connection": "close", **(headers or {})}
            if self.cookies:
                head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body or method == "POST":
                head["Content-Length"] = str(len(body))
            lines = "".join(f"{name}: {value}\r\n" for name, value in head.items())
            writer.write(f"{method} {path} HTTP/1.1\r\n{lines}\r\n".encode() + body)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        reply = parse_reply(raw)
        for cookie in reply.headers.get("set-cookie", []):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=thu, 01 jan 1970" in cookie.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return reply

    async def get(self, path: str) -> Reply:
        return await self.request("GET", path, headers={"Accept": "text/html"})

    async def get_form(self, path: str) -> Reply:
        """A page with a form; keeps its CSRF token for the post that follows."""
        reply = await self.get(path)
        assert reply.status == 200, (path, reply.status, reply.body[:300])
        self.csrf = csrf_of(reply.body)
        return reply

    async def post_form(self, path: str, fields: dict) -> Reply:
        body = urlencode({**fields, "csrf_token": self.csrf}).encode()
        return await self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    async def post_json(self, path: str, payload: dict) -> Reply:
        body = json.dumps(payload).encode()
        return await self.request(
            "POST", path, body, {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        )


def parse_reply(raw: bytes) -> Reply:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in (headers.get("transfer-encoding") or [""])[0]:
        body = dechunk(body)
    return Reply(int(lines[0].split(" ", 2)[1]), headers, body.decode("utf-8", "replace"))


def dechunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert found, "no CSRF token on the page"
    return found.group(1)


def location(reply: Reply) -> str:
    assert reply.status in (302, 303), (reply.status, reply.body[:300])
    return urlsplit(reply.header("location")).path


# ---------------------------------------------------------------- the facilitator


@dataclass
class Room:
    code: str
    live_json: str
    title: str


async def set_up_workshop(port: int, title: str = "Two hundred in the room") -> tuple[Browser, Room]:
    """Sign up, add a client and create a named workshop called `title`, through the forms
    a browser posts."""
    facilitator = Browser(port)
    await facilitator.get_form("/account/signup")
    signed_up = await facilitator.post_form(
        "/account/signup",
        {
            "name": "Bench Facilitator",
            "email": f"bench-{uuid.uuid4().hex[:8]}@consultancy.example",
            "password": "a long enough benchmark password",
            "workspace": "Bench Consulting",
        },
    )
    location(signed_up)
    workspaces = await facilitator.get("/workspaces/")
    workspace = re.search(r'href="/workspaces/(\d+)/"', workspaces.body).group(1)
    await facilitator.get_form(f"/workspaces/{workspace}/")
    client = location(
        await facilitator.post_form(f"/workspaces/{workspace}/clients", {"name": "Loadtest Logistics"})
    )
    client_id = re.fullmatch(rf"/workspaces/{workspace}/clients/(\d+)/", client).group(1)
    new = f"/workspaces/{workspace}/clients/{client_id}/workshops/new"
    await facilitator.get_form(new)
    live = location(
        await facilitator.post_form(
            new,
            {
                "title": title,
                "questionnaire": "ai-execution",
                "participants": "named",
                "roles": "\n".join(ROLES),
                "target_profile": "",
                "closes_at": "",
            },
        )
    )
    page = await facilitator.get(live)
    code = re.search(r'class="join-code">([A-Z0-9-]+)<', page.body).group(1)
    return facilitator, Room(code, live + "live.json", title)


# ---------------------------------------------------------------- participants


@dataclass
class Outcome:
    """What one participant saw: the answers acknowledged, the latencies, anything that failed."""

    name: str
    acknowledged: dict[str, str] = field(default_factory=dict)
    answer_latencies: list[float] = field(default_factory=list)
    join_latency: float | None = None
    failures: list[str] = field(default_factory=list)


def plan_answers(questions: list[tuple[str, list[str]]], count: int, rng: random.Random) -> list[tuple]:
    """`count` answers: the scope first, then distinct questions, then some of them changed."""
    changes = min(CHANGES_OF_MIND, (count - len(SCOPE)) // 5)
    fresh = rng.sample(questions, min(len(questions), count - len(SCOPE) - changes))
    plan = list(SCOPE) + [(q, rng.choice(values)) for q, values in fresh]
    for question, values in rng.sample(fresh, min(changes, len(fresh))):
        earlier = next(v for q, v in reversed(plan) if q == question)
        plan.append((question, rng.choice([v for v in values if v != earlier] or values)))
    return plan[:count]


async def participant(
    port: int,
    number: int,
    code: str,
    plan: list,
    deadline: float,
    ramp: float = 0.0,
    think: tuple[float, float] = (0.0, 0.0),
    digits: int = 3,
) -> Outcome:
    """One person: arrive within `ramp` seconds, join by code with a role and a name, then send
    the planned answers, pausing a random `think` (min, max) seconds before each."""
    outcome = Outcome(name=f"Participant {number:0{digits}d}")
    person = Browser(port)
    rng = random.Random(number)
    try:
        if ramp:
            await asyncio.sleep(rng.uniform(0, ramp))
        await person.get_form("/join")
        typed = code.lower()  # as read off the projector
        role_page = location(await person.post_form("/join", {"code": typed}))
        await person.get_form(role_page)
        role = ROLES[number % len(ROLES)]
        started = time.perf_counter()
        joined = await person.post_form(role_page, {"role": role, "name": outcome.name})
        outcome.join_latency = time.perf_counter() - started
        resume = location(joined)
        first = location(await person.get(resume))
        page = await person.get_form(first)
        seq = int(re.search(r'data-seq-base="(\d+)"', page.body).group(1))
        for question, value in plan:
            if think[1]:
                await asyncio.sleep(rng.uniform(*think))
            if time.monotonic() > deadline:
                outcome.failures.append("out of time")
                break
            seq += 1
            sent = time.perf_counter()
            payload = {"question": question, "value": value, "seq": seq}
            reply = await person.post_json("/assessment/answers", payload)
            outcome.answer_latencies.append(time.perf_counter() - sent)
            body = json.loads(reply.body) if reply.status == 200 else {}
            if body.get("saved") is True and body.get("value") == value and body.get("question") == question:
                outcome.acknowledged[question] = value
            else:
                outcome.failures.append(f"{question}={value}: {reply.status} {reply.body[:120]}")
    except Exception as error:  # a crash fails this participant, and so the run
        outcome.failures.append(f"{type(error).__name__}: {error}")
    return outcome


async def poll_live_view(facilitator: Browser, path: str, every: float, stop: asyncio.Event, seen: list):
    """The facilitator's live view, polled as live.js does (but more often)."""
    while not stop.is_set():
        started = time.perf_counter()
        reply = await facilitator.request("GET", path, headers={"Accept": "application/json"})
        elapsed = time.perf_counter() - started
        if reply.status == 200:
            body = json.loads(reply.body)
            seen.append((elapsed, body["respondents"]))
        else:
            seen.append((elapsed, -reply.status))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, every - elapsed))


async def the_room(port: int, options, questions) -> dict:
    facilitator, workshop = await set_up_workshop(port)
    rng = random.Random(7)
    plans = [plan_answers(questions, options.answers, rng) for _ in range(options.participants)]
    deadline = time.monotonic() + options.seconds
    stop, polls = asyncio.Event(), []
    poller = asyncio.create_task(poll_live_view(facilitator, workshop.live_json, options.poll, stop, polls))
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(participant(port, n, workshop.code, plan, deadline) for n, plan in enumerate(plans, start=1))
    )
    elapsed = time.perf_counter() - started
    stop.set()
    await poller
    final = json.loads((await facilitator.request("GET", workshop.live_json)).body)
    return {"workshop": workshop, "outcomes": outcomes, "polls": polls, "elapsed": elapsed, "final": final}


# ---------------------------------------------------------------- the check against the database


def check(result: dict, stored: dict[str, dict[str, str]], nameless: int, doubled: int) -> list[str]:
    problems = []
    outcomes = result["outcomes"]
    for outcome in outcomes:
        problems += [f"{outcome.name}: {failure}" for failure in outcome.failures[:3]]
        mine = stored.get(outcome.name)
        if mine is None:
            problems.append(f"{outcome.name}: not a respondent of the workshop")
            continue
        lost = {q: v for q, v in outcome.acknowledged.items() if mine.get(q) != v}
        extra = sorted(set(mine) - set(outcome.acknowledged))
        if lost:
            problems.append(f"{outcome.name}: acknowledged but not stored as given: {lost}")
        if extra:
            problems.append(f"{outcome.name}: stored but never acknowledged: {extra}")
    strangers = sorted(set(stored) - {o.name for o in outcomes})
    if strangers or nameless:
        problems.append(f"respondents nobody joined as: {strangers} and {nameless} without a name")
    if doubled:
        problems.append(f"{doubled} doubled answer rows or respondents")
    if result["final"]["respondents"] != len(outcomes):
        problems.append(f"the live view counts {result['final']['respondents']} participants")
    return problems


# ---------------------------------------------------------------- runs and figures


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return (values or [float("nan")])[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def figures(result: dict) -> dict[str, float]:
    answers = [latency for o in result["outcomes"] for latency in o.answer_latencies]
    joins = [o.join_latency for o in result["outcomes"] if o.join_latency is not None]
    live = [latency for latency, _ in result["polls"]]
    return {
        "answers": len(answers),
        "answers/s": len(answers) / result["elapsed"],
        "p50": percentile(answers, 50),
        "p95": percentile(answers, 95),
        "p99": percentile(answers, 99),
        "join p50": percentile(joins, 50),
        "join p95": percentile(joins, 95),
        "live polls": len(live),
        "live median": percentile(live, 50),
        "live p95": percentile(live, 95),
        "seconds": result["elapsed"],
    }


def show(label: str, f: dict[str, float]) -> None:
    print(
        f"{label:<22} {f['answers']:>6.0f} answers in {f['seconds']:5.1f} s ({f['answers/s']:4.0f}/s)  "
        f"answer p50 {f['p50']:6.0f} ms  p95 {f['p95']:6.0f} ms  p99 {f['p99']:6.0f} ms  "
        f"join p50 {f['join p50']:5.0f} ms  p95 {f['join p95']:5.0f} ms  "
        f"live view median {f['live median']:5.0f} ms  p95 {f['live p95']:5.0f} ms "
        f"({f['live polls']:.0f} polls)"
    )


def one_run(database_url: str, folder: Path, options, questions) -> tuple[dict, list[str]]:
    from assessment.persistence import make_engine, upgrade

    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    quiet = ("--backlog", "1024", "--timeout", "120", "--log-level", "warning")
    server = Server(database_url, folder, options.workers, options=quiet).start()
    try:
        result = asyncio.run(the_room(server.port, options, questions))
    finally:
        server.stop()
    stored, nameless, doubled = stored_answers(database_url, result["workshop"].title)
    problems = check(result, stored, nameless, doubled)
    if "database is locked" in server.log_text():
        problems.append("gunicorn logged 'database is locked'")
    if problems:
        print(server.log_text()[-1000:], file=sys.stderr)
    return result, problems


class PostgresDatabase:
    """A throwaway database on the given server, dropped afterwards."""

    def __init__(self, server_url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.name = f"bench_workshop_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(server_url).set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{self.name}" WITH (FORCE)')
        self.admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--answers", type=int, default=50, help="autosaves per participant")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between the facilitator's polls")
    parser.add_argument("--seconds", type=float, default=300, help="time limit of a run")
    parser.add_argument("--runs", type=int, default=1, help="runs per engine")
    parser.add_argument("--postgres", metavar="URL", help="also run on a throwaway database on this server")
    options = parser.parse_args()
    questions = answerable_questions()
    assert options.answers <= len(questions) + len(SCOPE), f"at most {len(questions) + len(SCOPE)} answers"

    print(
        f"{options.participants} participants join one workshop and send {options.answers} answers each; "
        f"gunicorn with {options.workers} sync workers; "
        f"the facilitator polls live.json every {options.poll} s"
    )
    engines = ["sqlite"] + (["postgresql"] if options.postgres else [])
    all_problems: list[str] = []
    for engine in engines:
        runs = []
        for number in range(1, options.runs + 1):
            with tempfile.TemporaryDirectory(prefix="bench-workshop-") as folder:
                folder = Path(folder)
                postgres = PostgresDatabase(options.postgres) if engine == "postgresql" else None
                url = postgres.url if postgres else f"sqlite:///{folder / 'bench.db'}"
                try:
                    result, problems = one_run(url, folder, options, questions)
                finally:
                    if postgres:
                        postgres.drop()
            runs.append(figures(result))
            show(f"{engine} run {number}", runs[-1])
            stored_ok = "every acknowledged answer stored once, nothing else" if not problems else "PROBLEMS"
            print(f"{'':<22} check against the database: {stored_ok}")
            all_problems += [f"{engine} run {number}: {p}" for p in problems]
        if len(runs) > 1:
            show(f"{engine} median", {k: statistics.median(r[k] for r in runs) for k in runs[0]})
    if all_problems:
        print("\n".join(all_problems[:40]), file=sys.stderr)
        raise SystemExit(f"{len(all_problems)} problems")


if __name__ == "__main__":
    main()
