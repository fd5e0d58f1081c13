"""How long the audit log's page takes to read, against reading one workspace's own events.

Run from the repository root:

    .venv/bin/python benchmarks/bench_audit_log.py [--events 200000] [--workspaces 50] [--runs 15]
        [--postgres postgresql+psycopg://USER@HOST/DB]

Fills a fresh, migrated SQLite file (and, with `--postgres URL`, a fresh database on that
server) with `--events` events spread over `--workspaces` workspaces of 5 members each, a
third of them account-level (sign-ins, which belong to no workspace). Then it times, per
engine, alternating:

- baseline: the 50 newest events whose workspace_id is the workspace's (one index range);
- page: `workspace_events`, page 1 and its count, which also finds the members' sign-ins;
- filtered: the same for one kind over one week.

It prints the medians and each as a ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from assessment.persistence import AuditEvent, make_engine, upgrade  # noqa: E402
from assessment.persistence.workspaces import Account, Membership, Workspace  # noqa: E402
from assessment.services import audit  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
WORKSPACE_KINDS = (audit.EXPORT, audit.SETTINGS_CHANGED, audit.REPORT_DOWNLOADED, audit.DELETED)


def fill(engine, events: int, workspaces: int) -> None:
    """Workspaces of 5 members, and `events` events over a year (a third of them sign-ins)."""
    rng = random.Random(7)
    with Session(engine) as session:
        for number in range(workspaces):
            workspace = Workspace(name=f"Workspace {number}", created_at=START)
            session.add(workspace)
            for member in range(5):
                account = Account(
                    email=f"m{member}@w{number}.example", name="M", password_hash="x", session_nonce="n"
                )
                session.add(Membership(workspace=workspace, account=account, role="owner", created_at=START))
        session.commit()
        accounts = list(session.scalars(select(Account.id)))
        rows = []
        for index in range(events):
            moment = START + timedelta(seconds=rng.randrange(365 * 86400))
            if index % 3 == 0:
                account = rng.choice(accounts)
                row = {"kind": audit.SIGN_IN, "workspace_id": None, "actor_id": account}
                row |= {"target_type": "account", "target_id": account, "target_label": "someone@example.com"}
            else:
                row = {"kind": rng.choice(WORKSPACE_KINDS), "workspace_id": rng.randrange(1, workspaces + 1)}
                row |= {"actor_id": None, "target_type": "workshop", "target_id": 1}
                row |= {"target_label": "Kick-off"}
            row |= {"occurred_at": moment, "actor_label": "someone@example.com", "ip": "192.0.2.1"}
            rows.append(row)
            if len(rows) == 5000:
                session.execute(insert(AuditEvent), rows)
                rows = []
        if rows:
            session.execute(insert(AuditEvent), rows)
        session.commit()


def timed(function) -> float:
    """Seconds one call takes."""
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def measure(engine, runs: int) -> dict[str, float]:
    """Median seconds of the baseline, the page and the filtered page, alternating."""
    week = audit.EventFilter(kinds=(audit.SIGN_IN,), since=date(2026, 6, 1), until=date(2026, 6, 7))
    with Session(engine) as session:

        def baseline() -> None:
            query = select(AuditEvent).where(AuditEvent.workspace_id == 7)
            list(session.scalars(query.order_by(AuditEvent.occurred_at.desc()).limit(50)))

        cases = {
            "baseline": baseline,
            "page": lambda: audit.workspace_events(session, 7, audit.EventFilter()),
            "filtered": lambda: audit.workspace_events(session, 7, week),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, case in cases.items():
                times[name].append(timed(case))
                session.rollback()
    return {name: statistics.median(values) for name, values in times.items()}


def report(engine_name: str, medians: dict[str, float]) -> None:
    """One line per case: its median and its ratio to the baseline."""
    for name, seconds in medians.items():
        ratio = seconds / medians["baseline"]
        print(f"{engine_name:10} {name:9} median {seconds * 1000:8.2f} ms   {ratio:6.1f}x baseline")


def main() -> None:
    """Fill, measure and print, on SQLite and (when asked) PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        fill(engine, args.events, args.workspaces)
        report("sqlite", measure(engine, args.runs))
        engine.dispose()
    if args.postgres:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
            engine = make_engine(url)
            upgrade(engine)
            fill(engine, args.events, args.workspaces)
            with engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE audit_events")
                connection.commit()
            report("postgresql", measure(engine, args.runs))
            engine.dispose()
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
