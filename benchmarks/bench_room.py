"""A room answering at a human pace through two app servers, watched live: latency per answer, nothing lost.

Run from the repository root:

    .venv/bin/python benchmarks/bench_room.py [--engine sqlite|postgresql] [--participants N]
        [--answers 50] [--think 2 6] [--ramp 60] [--poll 5] [--servers 2] [--workers 3]
        [--saturation 200] [--database-url URL] [--seconds 1800]

Starts the whole set with tests.support.stack.Stack (as `make stack` does): on
`--engine postgresql` a throwaway PostgreSQL cluster (or `--database-url`), on `sqlite`
one SQLite file shared by the servers; `--servers` gunicorn app servers of `--workers`
sync workers each, sharing the instance folder (the secret key); Redis and the worker
where the machine has them. A facilitator opens a named workshop through the forms a
browser posts, on the first server.

The room: `--participants` people (1,000 on PostgreSQL, 200 on SQLite by default), split
evenly across the servers, arrive over `--ramp` seconds, go through the real join flow
(the code on /join, a role and a name, CSRF tokens included) and send `--answers`
autosaves each, waiting a random think time between `--think` MIN and MAX seconds (2-6 s)
before each, as a person reading the next question does. Meanwhile the facilitator polls
the live view's JSON and a presenter screen polls its own (`?view=presenter`) every
`--poll` seconds, each sending If-None-Match with the last ETag it got, as the browser
does; the bytes they received and the 304s are counted.

Then `--saturation` participants (0: skip) do the same with no think time and no ramp,
in a second workshop: the answers per second the set sustains.

Afterwards the database is read row by row: every participant is one respondent, every
acknowledged answer is stored exactly once with the last value acknowledged, nothing
else. Any failed request or missing, extra or doubled row fails the run (exit 1). The
bar: answer p95 < 2 s and p99 < 5 s.

A full run of the room takes about ramp + answers x mean think time: 60 + 50 x 4 s, some
4.5 minutes when the servers keep up, longer when they do not; the saturation pass adds
a minute or two. The client (asyncio, one process) shares the machine's cores with the
servers and the database, so on a small machine its own CPU use inflates the latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_workshop_load import (  # noqa: E402  (after the path is set)
    SCOPE,
    Browser,
    check,
    participant,
    percentile,
    plan_answers,
    set_up_workshop,
)

from tests.support.http import answerable_questions  # noqa: E402
from tests.support.room_answers import stored_answers  # noqa: E402
from tests.support.stack import Stack  # noqa: E402

QUIET = ("--backlog", "2048", "--timeout", "120", "--log-level", "warning")


@dataclass
class Poller:
    """What one screen polling the live figures saw."""

    name: str
    latencies: list[float] = field(default_factory=list)
    fresh: int = 0
    not_modified: int = 0
    failed: int = 0
    received: int = 0


async def poll(screen: Browser, path: str, every: float, stop: asyncio.Event, seen: Poller) -> None:
    """Poll `path` every `every` seconds with the last ETag, as the live page's script does."""
    etag = ""
    while not stop.is_set():
        headers = {"Accept": "application/json", **({"If-None-Match": etag} if etag else {})}
        started = time.perf_counter()
        try:
            reply = await screen.request("GET", path, headers=headers)
        except Exception:  # a refused or timed-out poll counts as failed
            seen.failed += 1
        else:
            seen.latencies.append(time.perf_counter() - started)
            seen.received += len(reply.body.encode())
            if reply.status == 304:
                seen.not_modified += 1
            elif reply.status == 200:
                seen.fresh += 1
                etag = reply.header("etag") or etag
            else:
                seen.failed += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def a_room(ports: list[int], people: int, title: str, options, pace) -> dict:
    """A workshop on the first server, `people` participants split across the servers,
    and the two screens polling while they answer."""
    facilitator, workshop = await set_up_workshop(ports[0], title)
    presenter = Browser(ports[-1], cookies=dict(facilitator.cookies))  # the same account on another screen
    await presenter.get(workshop.live_json.removesuffix("live.json") + "present")
    rng = random.Random(7)
    questions = answerable_questions()
    plans = [plan_answers(questions, options.answers, rng) for _ in range(people)]
    deadline = time.monotonic() + options.seconds
    stop = asyncio.Event()
    screens = [Poller("facilitator (live.json)"), Poller("presenter (live.json?view=presenter)")]
    presenter_json = workshop.live_json + "?view=presenter"
    pollers = [
        asyncio.create_task(poll(facilitator, workshop.live_json, options.poll, stop, screens[0])),
        asyncio.create_task(poll(presenter, presenter_json, options.poll, stop, screens[1])),
    ]
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(
            participant(
                ports[n % len(ports)], n, workshop.code, plan, deadline, pace.ramp, pace.think, digits=4
            )
            for n, plan in enumerate(plans, start=1)
        )
    )
    elapsed = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*pollers)
    final = json.loads((await facilitator.request("GET", workshop.live_json)).body)
    return {"workshop": workshop, "outcomes": outcomes, "screens": screens, "elapsed": elapsed} | {
        "final": final
    }


@dataclass
class Pace:
    """How people arrive and answer: over `ramp` seconds, `think` (min, max) seconds apart."""

    ramp: float
    think: tuple[float, float]


def report(label: str, result: dict, problems: list[str]) -> bool:
    """Print the figures of one room; whether it met the bar (p95 < 2 s, p99 < 5 s, no problem)."""
    answers = [latency for o in result["outcomes"] for latency in o.answer_latencies]
    joins = [o.join_latency for o in result["outcomes"] if o.join_latency is not None]
    failed = sum(len(o.failures) for o in result["outcomes"])
    p95, p99 = percentile(answers, 95), percentile(answers, 99)
    met = p95 < 2000 and p99 < 5000 and not problems
    print(
        f"{label}: {len(answers)} answers in {result['elapsed']:.0f} s "
        f"({len(answers) / result['elapsed']:.0f}/s); "
        f"answer p50 {percentile(answers, 50):.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms; "
        f"join p50 {percentile(joins, 50):.0f} ms, p95 {percentile(joins, 95):.0f} ms; "
        f"{failed} failed requests"
    )
    for screen in result["screens"]:
        print(
            f"  {screen.name}: {len(screen.latencies)} polls, {screen.fresh} fresh, {screen.not_modified} "
            f"not modified (304), {screen.failed} failed; {screen.received / 1024:.0f} KiB received; "
            f"median {percentile(screen.latencies, 50):.0f} ms, p95 {percentile(screen.latencies, 95):.0f} ms"
        )
    checked = "every acknowledged answer stored once, the latest value, nothing else"
    checked = checked if not problems else "PROBLEMS"
    print(f"  check against the database, row by row: {checked}")
    print(f"  bar (p95 < 2 s, p99 < 5 s, nothing lost or doubled): {'met' if met else 'NOT met'}")
    return met


def run_room(stack: Stack, people: int, title: str, options, pace: Pace) -> tuple[dict, list[str]]:
    """One room on the running stack, checked against the database."""
    ports = [server.port for server in stack.app_servers]
    result = asyncio.run(a_room(ports, people, title, options, pace))
    problems = check(result, *stored_answers(stack.database_url, title))
    logs = "".join(server.log_text() for server in stack.app_servers)
    if "database is locked" in logs:
        problems.append("gunicorn logged 'database is locked'")
    return result, problems


def main() -> None:
    """Start the set, run the room (and the saturation pass), check and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--participants", type=int, help="default 1000 on PostgreSQL, 200 on SQLite")
    parser.add_argument("--answers", type=int, default=50, help="autosaves per participant")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=60, help="seconds over which the room arrives")
    parser.add_argument("--poll", type=float, default=5, help="seconds between each screen's polls")
    parser.add_argument("--servers", type=int, default=2, help="gunicorn app servers")
    parser.add_argument("--workers", type=int, default=3, help="sync workers per app server")
    parser.add_argument("--saturation", type=int, default=200, help="a room with no think time (0: skip)")
    parser.add_argument("--database-url", help="PostgreSQL: this database instead of a throwaway cluster")
    parser.add_argument("--seconds", type=float, default=1800, help="time limit of each room")
    options = parser.parse_args()
    people = options.participants or (1000 if options.engine == "postgresql" else 200)
    assert options.answers <= len(answerable_questions()) + len(SCOPE), "more answers than questions"

    cores = os.cpu_count()
    print(
        f"{people} participants on {options.engine}, {options.servers} app servers x {options.workers} sync "
        f"workers; {options.answers} answers each, {options.think[0]:g}-{options.think[1]:g} s apart, "
        f"arriving over {options.ramp:g} s; facilitator and presenter poll every {options.poll:g} s.\n"
        f"This client runs on the same {cores} cores as the servers and the database and competes with them."
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-room-") as folder:
        folder = Path(folder)
        url = f"sqlite:///{folder / 'room.db'}" if options.engine == "sqlite" else options.database_url
        stack = Stack(
            folder / "instance", url, servers=options.servers, workers=options.workers, gunicorn_options=QUIET
        )
        with stack:
            pace = Pace(options.ramp, tuple(options.think))
            result, problems = run_room(stack, people, "The room", options, pace)
            ok &= report(f"room of {people}", result, problems)
            if options.saturation:
                result, more = run_room(stack, options.saturation, "Saturation", options, Pace(0, (0, 0)))
                report(f"saturation, {options.saturation} with no think time", result, more)
                problems += more
        if problems:
            print("\n".join(problems[:40]), file=sys.stderr)
            print("".join(server.log_text() for server in stack.app_servers)[-2000:], file=sys.stderr)
    if problems:
        raise SystemExit(f"{len(problems)} problems")
    if not ok:
        print("The room did not meet the bar on this machine.")


if __name__ == "__main__":
    main()
