"""A Redis server of the test's own and `assessment worker` processes, for the render queue.

`redis_url` starts `redis-server` on a free loopback port with nothing saved to disk and
stops it after the test; without the binary the test skips with the Debian package to
install (and fails under CI=true, which installs it). `Worker` runs `assessment worker`
in a process of its own on the app's database, report cache and Redis, as production does.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.http import free_port
from tests.support.machine import require


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty Redis server on loopback for one test, as a redis:// URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        require("no redis-server: install Debian's redis-server package")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        [*command, "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(port: int) -> bool:
    """Whether something accepts connections on the loopback port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Worker:
    """`assessment worker` in its own process, on the given app's settings.

    `stall` names a file: the worker then writes it when a render starts and waits there
    forever (until it is killed), as a render of a huge report would (tests/support/render_worker.py).
    """

    def __init__(self, app, log: Path, stall: Path | None = None):
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": app.config["DATABASE_URL"],
            "REDIS_URL": app.config["REDIS_URL"],
            "ASSESSMENT_REPORT_CACHE_DIR": app.config["REPORT_CACHE_DIR"],
            "ASSESSMENT_SECRET_KEY": app.config["SECRET_KEY"],
        }
        if stall is not None:
            self.env["TEST_RENDER_STALL"] = str(stall)
        self.log = log
        self.process: subprocess.Popen | None = None

    def command(self, *args: str) -> list[str]:
        """The worker's command line."""
        return [sys.executable, "-m", "tests.support.render_worker", *args]

    def burst(self, timeout: float = 180) -> None:
        """Run every queued job, then return (`assessment worker --burst`)."""
        with self.log.open("ab") as log:
            command = self.command("--burst")
            done = subprocess.run(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout
            )
        assert done.returncode == 0, self.log.read_text(errors="replace")[-3000:]

    def start(self) -> Worker:
        """Start a worker that waits for jobs."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-render, no cleanup of any kind runs."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_for(path: Path, worker: Worker, timeout: float = 60) -> None:
    """Wait until `path` exists (a stalled worker started its render)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if worker.process is not None and worker.process.poll() is not None:
            raise AssertionError(f"the worker exited:\n{worker.log.read_text(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no render started within {timeout} s:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.1)
