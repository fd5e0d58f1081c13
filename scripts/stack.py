"""Run the whole set on this machine: PostgreSQL, Redis, two gunicorn app servers and a worker.

    .venv/bin/python scripts/stack.py [--ports 8001 8002] [--workers 2] [--database-url URL]
        [--instance FOLDER]

(or `make stack`). Starts a throwaway PostgreSQL cluster on a loopback port (or uses
--database-url / DATABASE_URL), redis-server on a loopback port, runs `assessment init`,
then two app servers and one `assessment worker`, all sharing the database, Redis and one
instance folder (a temporary one unless --instance is given). Prints the URLs and waits;
Ctrl-C or SIGTERM stops everything and removes the throwaway cluster.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.stack import Stack, safe  # noqa: E402  (after the path is set)


class Stopped(Exception):
    """SIGTERM arrived: stop as for Ctrl-C."""


def _stop(signum, frame) -> None:
    """Turn SIGTERM into an exception, so the `with` block below stops everything."""
    raise Stopped


def main() -> None:
    """Start the set, print where it is, and keep it up until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", type=int, nargs=2, default=(8001, 8002), help="the app servers' ports")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="use this database instead of a throwaway PostgreSQL cluster (default: DATABASE_URL)",
    )
    parser.add_argument("--instance", type=Path, help="the shared instance folder (default: a temporary one)")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="stack-instance-") as temporary:
        instance = (options.instance or Path(temporary)).resolve()
        stack = Stack(instance, options.database_url or None, ports=options.ports, workers=options.workers)
        print("Starting PostgreSQL, Redis, two app servers and a worker ...", flush=True)
        try:
            with stack:
                print(f"  database:     {safe(stack.database_url)}")
                redis = stack.redis_server.url if stack.redis_server else "none (no redis-server)"
                print(f"  redis:        {redis}")
                for number, url in enumerate(stack.urls, start=1):
                    print(f"  app server {number}: {url}  (log {instance}/gunicorn-{number}.log)")
                worker = "running (log worker.log)" if stack.worker_process else "not started"
                print(f"  worker:       {worker}")
                print(f"  instance:     {instance}")
                print("Ctrl-C stops everything.", flush=True)
                while not (gone := stack.exited()):
                    time.sleep(1)
                print(f"{', '.join(gone)} exited; stopping the rest", file=sys.stderr)
                raise SystemExit(1)
        except (KeyboardInterrupt, Stopped):
            print("\nStopped.")


if __name__ == "__main__":
    main()
