"""The whole set on one machine: PostgreSQL, Redis, two gunicorn app servers and a worker.

`Stack` starts them in order and stops them in reverse, as a context manager, so that
`scripts/stack.py` (`make stack`), the room benchmark and the two-server tests share one
way of running them. Every process shares DATABASE_URL, REDIS_URL and the instance
folder (the generated secret key, the report cache), as the servers of a real deployment
would share them.

- PostgreSQL: a throwaway cluster (initdb in a temporary folder, a loopback port, removed
  on stop), unless a database URL is given (any SQLAlchemy URL, SQLite included).
- Redis: redis-server on a loopback port, nothing saved to disk. Optional: without
  Debian's redis-server package the stack runs without it (and without the worker).
- `assessment init` against the database, then the app servers, then the worker.
- The worker (`assessment worker`) starts where Redis runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import ROOT
from tests.support.http import Server, free_port

ASSESSMENT = Path(sys.executable).with_name("assessment")


def safe(url: str) -> str:
    """A database URL with its password hidden, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def postgres_binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL's initdb and pg_ctl, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def redis_binary() -> str | None:
    """redis-server's path, or None when Debian's redis-server package is missing."""
    return shutil.which("redis-server")


def _as_postgres_user() -> list[str]:
    """The prefix that runs a PostgreSQL tool: as the postgres user when we are root
    (initdb refuses root), else as ourselves."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    """A throwaway PostgreSQL cluster on a loopback port; its folder goes on stop."""

    def __init__(self, max_connections: int = 300):
        """`max_connections` must cover every app server's pool (two servers of a few
        workers each take a few dozen)."""
        binaries = postgres_binaries()
        if binaries is None:
            raise RuntimeError("no PostgreSQL: install Debian's postgresql package, or pass a database URL")
        self.bin = binaries
        self.max_connections = max_connections
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="stack-postgres-"))
        self.started = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> Postgres:
        """initdb, then start on the port and wait until it accepts connections."""
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        run = _as_postgres_user()
        data = self.folder / "data"
        subprocess.run(
            [*run, str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        options = (
            f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c max_connections={self.max_connections}"
        )
        subprocess.run(
            [*run, str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w"]
            + ["start", "-o", options],
            check=True,
            capture_output=True,
        )
        self.started = True
        return self

    def stop(self) -> None:
        """Stop the cluster (fast shutdown: connections are closed) and remove its folder."""
        if self.started:
            subprocess.run(
                [*_as_postgres_user(), str(self.bin / "pg_ctl"), "-D", str(self.folder / "data")]
                + ["-m", "fast", "-w", "stop"],
                capture_output=True,
            )
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """redis-server on a loopback port, in the foreground of its own process, saving nothing."""

    def __init__(self, folder: Path):
        """`folder` holds its log."""
        self.port = free_port()
        self.log = folder / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        """Start it and wait until it answers PING."""
        command = [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--daemonize", "no"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.log.read_text(errors='replace')[-1000:]}")
            if self.answers():
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING within 20 s")

    def answers(self) -> bool:
        """Whether it answers PING with PONG."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        _terminate(self.process)


def _terminate(process: subprocess.Popen | None, timeout: float = 10) -> None:
    """SIGTERM to a process group we started, then SIGKILL if it outlives `timeout`."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Stack:
    """Database, Redis, `servers` gunicorn app servers and a worker, sharing one instance folder.

    `database_url` None starts a throwaway PostgreSQL cluster; `ports` fixes the app
    servers' ports (else free ones); `redis` and `worker`: None starts each where the
    machine has it (the worker needs Redis), True requires it, False leaves it out.
    """

    instance: Path
    database_url: str | None = None
    servers: int = 2
    workers: int = 2
    ports: Sequence[int] = ()
    redis: bool | None = None
    worker: bool | None = None
    gunicorn_options: Sequence[str] = ("--access-logfile", "-")
    app_servers: list[Server] = field(default_factory=list, init=False)
    postgres: Postgres | None = field(default=None, init=False)
    redis_server: Redis | None = field(default=None, init=False)
    worker_process: subprocess.Popen | None = field(default=None, init=False)

    @property
    def urls(self) -> list[str]:
        """The app servers' base URLs, in order."""
        return [server.url for server in self.app_servers]

    @property
    def env(self) -> dict[str, str]:
        """What every process of the set is given."""
        env = {"DATABASE_URL": self.database_url, "ASSESSMENT_INSTANCE_PATH": str(self.instance)}
        if self.redis_server is not None:
            env["REDIS_URL"] = self.redis_server.url
        return env

    def start(self) -> Stack:
        """Start everything in order; on any failure stop what started and raise."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.instance.mkdir(parents=True, exist_ok=True)
        if self.database_url is None:
            self.postgres = Postgres().start()
            self.database_url = self.postgres.url
        if self.redis is not False and (self.redis or redis_binary()):
            if redis_binary() is None:
                raise RuntimeError("no redis-server: install Debian's redis-server package")
            self.redis_server = Redis(self.instance).start()
        subprocess.run(
            [str(ASSESSMENT), "init"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **self.env},
            check=True,
            capture_output=True,
        )
        for number in range(self.servers):
            server = Server(
                self.database_url, self.instance, self.workers, options=self.gunicorn_options, env=self.env
            )
            if number < len(self.ports):
                server.port = self.ports[number]
            server.log = self.instance / f"gunicorn-{number + 1}.log"
            self.app_servers.append(server)
            try:
                server.start()
            except AssertionError:
                # A loaded machine can take longer than Server's 30 s to import the app.
                if server.process is None or server.process.poll() is not None:
                    raise
                server.wait_until_healthy(timeout=120)
        wanted = self.worker is not False and self.redis_server is not None
        if wanted:
            with (self.instance / "worker.log").open("ab") as log:
                self.worker_process = subprocess.Popen(
                    [str(ASSESSMENT), "worker"],
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT), **self.env},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        elif self.worker:
            raise RuntimeError("the worker needs redis-server (Debian's redis-server package)")

    def exited(self) -> list[str]:
        """The processes of the set that have exited on their own, by name."""
        processes = [(f"app server {n}", s.process) for n, s in enumerate(self.app_servers, start=1)]
        processes.append(("worker", self.worker_process))
        if self.redis_server is not None:
            processes.append(("redis-server", self.redis_server.process))
        return [name for name, process in processes if process is not None and process.poll() is not None]

    def stop(self) -> None:
        """Stop everything in reverse order; safe to call twice or after a failed start."""
        _terminate(self.worker_process)
        for server in reversed(self.app_servers):
            server.stop()
        if self.redis_server is not None:
            self.redis_server.stop()
        if self.postgres is not None:
            self.postgres.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
