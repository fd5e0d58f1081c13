"""Autosave throughput and latency under 50 concurrent respondents, against a bare baseline.

Run from the repository root:

    .venv/bin/python benchmarks/bench_autosave.py [--runs 3] [--respondents 50] [--requests 1500]
        [--postgres postgresql+psycopg://USER@HOST/DB]

Serves the app with gunicorn (4 sync workers) on a fresh SQLite file (and, with
`--postgres URL`, on a fresh PostgreSQL database of that server), starts one
self-assessment per respondent over HTTP, then lets 50 concurrent respondents (asyncio,
raw HTTP/1.1 over loopback, one connection per request as gunicorn's sync workers close
them) send autosaves until `--requests` have been answered or `--seconds` have passed.
The baseline is a bare Flask endpoint, defined below, served the same way, that upserts
one row per request into the same database file with the same engine settings (WAL,
synchronous=FULL, BEGIN IMMEDIATE on SQLite). Runs alternate between the two; the script
prints each run and, per engine, the medians with the app's throughput and p99 as ratios
to the baseline's beside the targets (at least 0.50x the throughput, at most 2x the p99),
so results from different machines can be compared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.http import Server as TestServer  # noqa: E402  (after the path is set)

#: The issue's targets: the app's throughput as a share of the bare endpoint's, its p99 as a multiple.
MIN_THROUGHPUT = 0.50
MAX_P99 = 2.0

PROFILE = {
    "name": "Benchmark Bank",
    "industry": "financial-services",
    "size_band": "1000-4999",
    "region": "europe",
    "ai_stage": "first-production",
}


class Server(TestServer):
    """The tests' gunicorn server, given longer to boot: on a busy machine four workers
    importing the app can take more than the tests' 30 s."""

    def wait_until_healthy(self, timeout: float = 180) -> None:
        """Wait up to three minutes for /healthz."""
        super().wait_until_healthy(timeout)


# ---------------------------------------------------------------- the bare baseline


def bare_app():
    """A Flask app whose one endpoint upserts one row into the benchmark's database (for gunicorn)."""
    from flask import Flask, jsonify, request
    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlalchemy.dialects import postgresql, sqlite

    from assessment.persistence import is_sqlite, make_engine

    url = os.environ["BENCH_DATABASE_URL"]
    engine = make_engine(url)
    insert = sqlite.insert if is_sqlite(url) else postgresql.insert
    rows = Table(
        "bench_rows",
        MetaData(),
        Column("respondent", Integer, primary_key=True),
        Column("question", String(64), primary_key=True),
        Column("value", String(64), nullable=False),
        Column("seq", Integer, nullable=False),
    )
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.post("/save")
    def save():
        body = request.get_json()
        statement = insert(rows).values(
            respondent=body["respondent"], question=body["question"], value=body["value"], seq=body["seq"]
        )
        statement = statement.on_conflict_do_update(
            index_elements=[rows.c.respondent, rows.c.question],
            set_={"value": statement.excluded.value, "seq": statement.excluded.seq},
            where=rows.c.seq < statement.excluded.seq,
        )
        with engine.begin() as connection:
            connection.execute(statement)
        return jsonify(saved=True)

    return app


def create_bare_table(database_url: str) -> None:
    from assessment.persistence import make_engine

    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS bench_rows (respondent INTEGER, question VARCHAR(64), "
            "value VARCHAR(64) NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (respondent, question))"
        )
    engine.dispose()


# ---------------------------------------------------------------- respondents


@dataclass
class Session:
    """What one respondent needs to autosave: its cookie, CSRF token and question choices."""

    cookie: str
    csrf: str
    seq: int


def start_respondent(base: str) -> Session:
    """Start a self-assessment through the profile form, as a browser does; scope everything in."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/assessment/start/ai-execution").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urlencode({**PROFILE, "csrf_token": token}).encode()
    page = opener.open(base + "/assessment/start/ai-execution", form).read().decode()
    seq = int(re.search(r'data-seq-base="(\d+)"', page).group(1))
    csrf = json.loads(opener.open(base + "/assessment/csrf-token").read())["token"]
    for question, value in (("scope-agents", "in-production"), ("scope-eu-high-risk", "likely")):
        seq += 1
        body = json.dumps({"question": question, "value": value, "seq": seq}).encode()
        request = urllib.request.Request(
            base + "/assessment/answers", body, {"Content-Type": "application/json", "X-CSRFToken": csrf}
        )
        opener.open(request).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return Session(cookie, csrf, seq)


def answer_choices() -> list[tuple[str, list[str]]]:
    from assessment.config import PROJECT_ROOT
    from assessment.questionnaire import load_directory
    from assessment.web.assess.forms import answer_choices as choices

    questionnaire = load_directory(PROJECT_ROOT / "questionnaires").get("ai-execution")
    return [
        (q.id, [value for value, _ in choices(questionnaire, q)])
        for q in questionnaire.questions
        if q.dimension is not None
    ]


# ---------------------------------------------------------------- load


async def post(port: str, path: str, headers: dict, body: bytes) -> int:
    """One raw HTTP/1.1 POST on a fresh loopback connection; the status code."""
    reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
        f"Connection: close\r\n{head}\r\n".encode()
        + body
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    return int(response.split(b" ", 2)[1])


async def load(port: int, requests: list, budget: int, seconds: float) -> tuple[list[float], int, float]:
    """Each of `requests` (one callable per respondent) sends requests in turn until the budget is spent."""
    latencies: list[float] = []
    failures = 0
    remaining = budget
    deadline = time.monotonic() + seconds

    async def respondent(make_request):
        nonlocal remaining, failures
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            path, headers, body = make_request()
            sent = time.perf_counter()
            status = await post(str(port), path, headers, body)
            latencies.append(time.perf_counter() - sent)
            failures += status != 200

    started = time.perf_counter()
    await asyncio.gather(*(respondent(r) for r in requests))
    return latencies, failures, time.perf_counter() - started


def app_requests(sessions: list[Session], rng: random.Random):
    questions = answer_choices()

    def maker(session: Session):
        def make():
            question, values = rng.choice(questions)
            session.seq += rng.randrange(1, 1000)
            body = json.dumps({"question": question, "value": rng.choice(values), "seq": session.seq})
            headers = {
                "Content-Type": "application/json",
                "Cookie": session.cookie,
                "X-CSRFToken": session.csrf,
            }
            return "/assessment/answers", headers, body.encode()

        return make

    return [maker(s) for s in sessions]


def bare_requests(count: int, rng: random.Random):
    questions = [q for q, _ in answer_choices()]

    def maker(respondent: int):
        seq = 0

        def make():
            nonlocal seq
            seq += 1
            body = json.dumps(
                {"respondent": respondent, "question": rng.choice(questions), "value": "x", "seq": seq}
            )
            return "/save", {"Content-Type": "application/json"}, body.encode()

        return make

    return [maker(r) for r in range(count)]


@dataclass
class Run:
    throughput: float
    p50: float
    p95: float
    p99: float
    failures: int
    count: int


def measure(port: int, makers: list, budget: int, seconds: float) -> Run:
    latencies, failures, elapsed = asyncio.run(load(port, makers, budget, seconds))
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95, p99 = (cuts[i] * 1000 for i in (49, 94, 98))
    return Run(len(latencies) / elapsed, p50, p95, p99, failures, len(latencies))


def prepare(url: str) -> None:
    """Migrate a fresh database and add the bare endpoint's table."""
    from assessment.persistence import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    create_bare_table(url)


@contextmanager
def fresh_database(engine_name: str, folder: Path, postgres: str | None):
    """The URL of a new, empty database on `engine_name`, dropped afterwards (PostgreSQL)."""
    if engine_name == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"bench_autosave_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def bench_engine(engine_name: str, options) -> dict[str, dict[str, float]]:
    """Alternate runs of the bare endpoint and the app on one engine; the medians of each."""
    with tempfile.TemporaryDirectory(prefix="bench-autosave-") as folder:
        folder = Path(folder)
        with fresh_database(engine_name, folder, options.postgres) as url:
            prepare(url)
            env = {"BENCH_DATABASE_URL": url, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'benchmarks'}"}
            quiet = ("--log-level", "warning")
            app = Server(url, folder, options.workers, options=quiet, env=env).start()
            bare = Server(
                url, folder, options.workers, app="bench_autosave:bare_app()", options=quiet, env=env
            )
            bare.start()
            try:
                base = f"http://127.0.0.1:{app.port}"
                sessions = [start_respondent(base) for _ in range(options.respondents)]
                rng = random.Random(1)
                results: dict[str, list[Run]] = {"app": [], "bare": []}
                print(
                    f"\n{engine_name}: {options.respondents} concurrent respondents, {options.requests} "
                    f"autosaves per run (at most {options.seconds:.0f} s), "
                    f"gunicorn with {options.workers} workers"
                )
                print(f"{'run':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
                for number in range(1, options.runs + 1):
                    for name, server, makers in (
                        ("bare", bare, bare_requests(options.respondents, rng)),
                        ("app", app, app_requests(sessions, rng)),
                    ):
                        run = measure(server.port, makers, options.requests, options.seconds)
                        results[name].append(run)
                        print(
                            f"{name} {number:>3} {run.throughput:8.0f} {run.p50:8.1f} {run.p95:8.1f} "
                            f"{run.p99:8.1f} {run.failures:7d}"
                        )
            finally:
                app.stop()
                bare.stop()
    errors = sum(r.failures for runs in results.values() for r in runs)
    if errors:
        raise SystemExit(f"{engine_name}: {errors} requests failed")
    fields = ("throughput", "p50", "p99")
    return {
        name: {field: statistics.median(getattr(r, field) for r in runs) for field in fields}
        for name, runs in results.items()
    }


def main() -> None:
    """Benchmark SQLite, and PostgreSQL when given a server URL; print the medians beside the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--respondents", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1500, help="autosaves per run")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--only-postgres", action="store_true", help="skip SQLite (needs --postgres)")
    options = parser.parse_args()
    engines = [] if options.only_postgres else ["sqlite"]
    engines += ["postgresql"] if options.postgres else []
    medians = {engine_name: bench_engine(engine_name, options) for engine_name in engines}

    targets = f"throughput >= {MIN_THROUGHPUT:.2f}x, p99 <= {MAX_P99:.1f}x"
    print(f"\nmedians of {options.runs} runs (targets: {targets})")
    print(
        f"{'engine':<11} {'app/s':>6} {'bare/s':>6} {'ratio':>6}   {'app p50':>7} {'bare p50':>8}"
        f"   {'app p99':>7} {'bare p99':>8} {'ratio':>6}"
    )
    for engine_name, figures in medians.items():
        app_m, bare_m = figures["app"], figures["bare"]
        throughput = app_m["throughput"] / bare_m["throughput"]
        p99 = app_m["p99"] / bare_m["p99"]
        print(
            f"{engine_name:<11} {app_m['throughput']:6.0f} {bare_m['throughput']:6.0f} {throughput:5.2f}x"
            f"{' ' if throughput >= MIN_THROUGHPUT else '!'}  {app_m['p50']:7.1f} {bare_m['p50']:8.1f}"
            f"   {app_m['p99']:7.1f} {bare_m['p99']:8.1f} {p99:5.2f}x{' ' if p99 <= MAX_P99 else '!'}"
        )
    print("(! marks a ratio that misses its target; latencies in ms)")


if __name__ == "__main__":
    main()
