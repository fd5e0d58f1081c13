"""Engines that behave the same on SQLite and PostgreSQL.

SQLite is the embedded default, so it is set up to never lose an acknowledged answer
and never fail a writer with "database is locked":

- WAL, so readers never block the writer and the writer never blocks readers;
- `synchronous=FULL`, so a committed transaction survives a power cut, not only a
  killed process;
- foreign keys enforced, as PostgreSQL does;
- the file created readable by its owner only (0600): it holds password hashes and
  answers; SQLite gives the -wal and -shm files the database file's permissions;
- a busy timeout, so a writer waits for the lock instead of failing; it stays well below
  gunicorn's 30 s worker timeout, so a request that cannot get the lock gets a clean
  "busy, try again" answer (503) instead of a killed worker;
- every transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front.
  A deferred transaction that reads and then writes would need to upgrade its lock,
  and SQLite refuses that upgrade at once (without waiting) when another writer got
  in first. Taking the lock up front turns that failure into a short queue. Pure
  readers opt out with the `sqlite_begin="DEFERRED"` execution option (the web app
  does so for every GET).
"""

from __future__ import annotations

import os
from functools import partial

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

BUSY_TIMEOUT_SECONDS = 10


def is_sqlite(url: str) -> bool:
    """True for sqlite:// URLs."""
    return make_url(url).get_backend_name() == "sqlite"


def on_postgresql(session: Session) -> bool:
    """True when the session talks to PostgreSQL (else it is SQLite)."""
    return session.bind.dialect.name == "postgresql"


def upsert(session: Session, table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into `table` that takes `on_conflict_do_...` clauses, in the session's dialect."""
    return (postgresql.insert if on_postgresql(session) else sqlite.insert)(table)


def make_engine(url: str, busy_timeout: float = BUSY_TIMEOUT_SECONDS, **options) -> Engine:
    """An engine for `url`, with SQLite made safe for concurrent writers (waiting up to
    `busy_timeout` seconds for the write lock)."""
    if not is_sqlite(url):
        options.setdefault("pool_pre_ping", True)
        return create_engine(url, **options)
    connect_args = options.pop("connect_args", {})
    connect_args.setdefault("timeout", busy_timeout)
    engine = create_engine(url, connect_args=connect_args, **options)
    event.listen(engine, "do_connect", partial(_create_private, make_url(url).database))
    event.listen(engine, "connect", partial(_configure_sqlite_connection, busy_timeout=busy_timeout))
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _create_private(database: str | None, *_connect_arguments) -> None:
    """Before SQLite opens the file: create a new database file with owner-only permissions
    (an existing one is left as it is)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        descriptor = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return  # it exists, or SQLite will report why it cannot be opened
    os.close(descriptor)


def _configure_sqlite_connection(dbapi_connection, _record, busy_timeout: float) -> None:
    """Pragmas for every new SQLite connection."""
    # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    finally:
        cursor.close()
    _record.info["busy_timeout_ms"] = int(busy_timeout * 1000)


def _begin_sqlite_transaction(connection) -> None:
    """Start each transaction as IMMEDIATE unless the caller asked for DEFERRED; with the
    `sqlite_wait_ms` option, wait only that long for the write lock (the connection's own
    busy timeout applies again once BEGIN has returned or failed)."""
    options = connection.get_execution_options()
    mode = options.get("sqlite_begin", "IMMEDIATE")
    if mode not in ("IMMEDIATE", "DEFERRED"):
        raise ValueError(f"sqlite_begin must be IMMEDIATE or DEFERRED, not {mode!r}")
    wait = options.get("sqlite_wait_ms")
    if wait is None:
        connection.exec_driver_sql(f"BEGIN {mode}")
        return
    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait)}")
    try:
        connection.exec_driver_sql(f"BEGIN {mode}")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={connection.info['busy_timeout_ms']}")


def try_start_writing(session: Session, wait_ms: int) -> bool:
    """Like `start_writing`, for writes a request may skip: on SQLite, wait at most `wait_ms`
    for the write lock and, when another writer holds it that long, leave the session
    reading and answer False. PostgreSQL writers take row locks as they go: always True."""
    if session.get_bind().dialect.name != "sqlite":
        start_writing(session)
        return True
    if session.in_transaction():
        session.commit()
    try:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE", "sqlite_wait_ms": wait_ms})
    except OperationalError:
        session.rollback()
        return False
    return True


def start_writing(session: Session) -> None:
    """End the session's current (read) transaction and begin one that writes: BEGIN
    IMMEDIATE on SQLite, so the write queues for the lock rather than failing to upgrade a
    read lock. Call before changing anything in a request that began by reading; objects
    already loaded stay usable."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
