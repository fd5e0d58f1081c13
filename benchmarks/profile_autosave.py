"""Where one autosave's time goes, in process: the Flask test client on a fresh SQLite file.

Run from the repository root:

    .venv/bin/python benchmarks/profile_autosave.py [--autosaves 300] [--postgres URL] [--profile]

Starts one self-assessment of `ai-execution` (CSRF on, as in production), sends
warm-up autosaves, then times `--autosaves` more and prints the mean time and the
number of SQL statements per autosave, then the same for the bare upsert endpoint of
`bench_autosave.py`; with `--profile`, the cProfile functions that
took the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_autosave import PROFILE, answer_choices, bare_app, create_bare_table  # noqa: E402

from assessment import create_app  # noqa: E402
from assessment.extensions import database  # noqa: E402
from assessment.persistence import upgrade  # noqa: E402


def start(client) -> tuple[str, int]:
    """Start a self-assessment with everything in scope; the CSRF token and the last sequence."""
    page = client.get("/assessment/start/ai-execution").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    page = client.post(
        "/assessment/start/ai-execution", data={**PROFILE, "csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    seq = int(re.search(r'data-seq-base="(\d+)"', page).group(1))
    csrf = client.get("/assessment/csrf-token").get_json()["token"]
    for question, value in (("scope-agents", "in-production"), ("scope-eu-high-risk", "likely")):
        seq += 1
        save(client, csrf, question, value, seq)
    return csrf, seq


def save(client, csrf: str, question: str, value: str, seq: int) -> None:
    """One autosave, as the page's script sends it; fails loudly unless it is stored."""
    response = client.post(
        "/assessment/answers",
        json={"question": question, "value": value, "seq": seq},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def main() -> None:
    """Time (and optionally profile) autosaves of one respondent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--autosaves", type=int, default=300)
    parser.add_argument("--postgres", help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-autosave-") as folder:
        admin, url = None, f"sqlite:///{Path(folder) / 'profile.db'}"
        if options.postgres:
            name = f"profile_{uuid.uuid4().hex[:12]}"
            admin = create_engine(options.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            url = make_url(options.postgres).set(database=name).render_as_string(hide_password=False)
        try:
            run(url, options)
        finally:
            if admin is not None:
                with admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
                admin.dispose()


def run(url: str, options) -> None:
    """Start a respondent on `url`, warm up, then time and count the autosaves."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "profile"})
    with app.app_context():
        upgrade(database.engine)
        engine = database.engine
    statements = 0

    def count(*_):
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    client = app.test_client()
    csrf, seq = start(client)
    choices = answer_choices()
    plan = []
    for i in range(options.autosaves + 20):
        question, values = choices[i % len(choices)]
        plan.append((question, values[(i * 7) % len(values)]))
    for question, value in plan[:20]:
        seq += 1
        save(client, csrf, question, value, seq)
    statements = 0
    profiler = cProfile.Profile() if options.profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for question, value in plan[20:]:
        seq += 1
        save(client, csrf, question, value, seq)
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{engine.dialect.name}: {elapsed / options.autosaves * 1000:.2f} ms per autosave "
        f"({cpu / options.autosaves * 1000:.2f} ms of CPU), "
        f"{statements / options.autosaves:.1f} SQL statements each"
    )
    bare, bare_cpu = bare_time(url, plan[20:])
    print(
        f"bare upsert endpoint: {bare * 1000:.2f} ms per request ({bare_cpu * 1000:.2f} ms of CPU); "
        f"the app takes {elapsed / options.autosaves / bare:.1f}x the time, "
        f"{cpu / options.autosaves / bare_cpu:.1f}x the CPU"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats(options.sort).print_stats(120)


def bare_time(url: str, plan: list[tuple[str, str]]) -> tuple[float, float]:
    """Seconds per request of the benchmark's bare upsert endpoint on the same database, and
    seconds of CPU."""
    os.environ["BENCH_DATABASE_URL"] = url
    create_bare_table(url)
    client = bare_app().test_client()
    for seq, (question, value) in enumerate(plan[:20], 1):
        client.post("/save", json={"respondent": 1, "question": question, "value": value, "seq": seq})
    started, cpu = time.perf_counter(), time.process_time()
    for seq, (question, value) in enumerate(plan, 21):
        client.post("/save", json={"respondent": 1, "question": question, "value": value, "seq": seq})
    return (time.perf_counter() - started) / len(plan), (time.process_time() - cpu) / len(plan)


if __name__ == "__main__":
    main()
