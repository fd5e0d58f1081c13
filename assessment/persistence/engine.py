"""Engines that behave the same on SQLite and PostgreSQL.

SQLite is the embedded default, so it is set up to never lose an acknowledged answer
and never fail a writer with "database is locked":

- WAL, so readers never block the writer and the writer never blocks readers;
- `synchronous=FULL`, so a committed transaction survives a power cut, not only a
  killed process;
- foreign keys enforced, as PostgreSQL does;
- a busy timeout, so a writer waits for the lock instead of failing;
- every transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front.
  A deferred transaction that reads and then writes would need to upgrade its lock,
  and SQLite refuses that upgrade at once (without waiting) when another writer got
  in first. Taking the lock up front turns that failure into a short queue. Pure
  readers may opt out with the `sqlite_begin="DEFERRED"` execution option.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_SECONDS = 30


def is_sqlite(url: str) -> bool:
    """True for sqlite:// URLs."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, **options) -> Engine:
    """An engine for `url`, with SQLite made safe for concurrent writers."""
    if not is_sqlite(url):
        options.setdefault("pool_pre_ping", True)
        return create_engine(url, **options)
    connect_args = options.pop("connect_args", {})
    connect_args.setdefault("timeout", BUSY_TIMEOUT_SECONDS)
    engine = create_engine(url, connect_args=connect_args, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    """Pragmas for every new SQLite connection."""
    # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection) -> None:
    """Start each transaction as IMMEDIATE unless the caller asked for DEFERRED."""
    mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    if mode not in ("IMMEDIATE", "DEFERRED"):
        raise ValueError(f"sqlite_begin must be IMMEDIATE or DEFERRED, not {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
