"""How long a reader waits for the first answer to a report download: rendered in the
request (no REDIS_URL) against queued for a worker (REDIS_URL set, a 202 progress page).

Run from the repository root (needs Debian's redis-server):

    .venv/bin/python benchmarks/bench_render_jobs.py [--runs 5]

One self-assessment on a fresh SQLite file, through Flask's test client. Each run asks
for its report twice with an empty report cache: once rendered in the request (the
baseline), once with the queue, where the answer is the "Preparing your report" page
(the job is recorded and queued; no worker runs). Runs alternate; the script prints each
run, the medians, and the queued answer's time as a fraction of the baseline's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    """Measure, alternating, and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if shutil.which("redis-server") is None:  # `make bench` runs every script; say why this one did not
        print("skipped: no redis-server (install Debian's redis-server package)")
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-render-jobs-"))
    os.environ["ASSESSMENT_INSTANCE_PATH"] = str(folder / "instance")
    from sqlalchemy import delete

    from assessment import create_app
    from assessment.extensions import database
    from assessment.persistence import RenderJob, upgrade
    from tests.support.journeys import answer_scope, autosave, start

    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        database_url = f"sqlite:///{folder / 'bench.db'}"
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            upgrade(database.engine)
        client = app.test_client()
        start(client)
        answer_scope(client)
        autosave(client, "own-accountable-owner", "all-named", 1)
        in_request, queued = [], []
        for run in range(runs):
            app.config.update(REDIS_URL=None, REPORT_CACHE_DIR=str(folder / f"request-{run}"))
            began = time.perf_counter()
            assert client.get("/assessment/report.pdf").status_code == 200
            in_request.append(time.perf_counter() - began)
            queue_cache = str(folder / f"queued-{run}")
            app.config.update(REDIS_URL=f"redis://127.0.0.1:{port}/0", REPORT_CACHE_DIR=queue_cache)
            with app.app_context():
                database.session.execute(delete(RenderJob))
                database.session.commit()
            began = time.perf_counter()
            assert client.get("/assessment/report.pdf").status_code == 202
            queued.append(time.perf_counter() - began)
            print(f"run {run + 1}: in the request {in_request[-1]:.2f} s, queued {queued[-1] * 1000:.0f} ms")
        baseline, answer = statistics.median(in_request), statistics.median(queued)
        print(f"median: in the request {baseline:.2f} s (baseline), queued {answer * 1000:.0f} ms")
        print(f"queued / in the request: {answer / baseline:.3f}")
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
