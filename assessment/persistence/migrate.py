"""Alembic migrations run from code, on whichever engine the app is configured with."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at our migrations (and at `engine`, when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


@cache
def head_revision() -> str:
    """The newest migration in the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade the database to the newest migration; returns (before, after)."""
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "head")
    return before, current_revision(engine)
