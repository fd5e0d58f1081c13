"""`assessment init`: create or upgrade the database and register the questionnaires."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import current_catalog, database
from ..persistence import register_questionnaire, upgrade, versions_with_same_number
from ..scoring import METHOD
from ..services.scorekeeping import refresh_outdated


def safe_url(url: str) -> str:
    """The database URL with any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def database_failure(error: SQLAlchemyError) -> click.ClickException:
    """One clear line instead of a traceback when the database is unreachable or refuses."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    url = safe_url(current_app.config["DATABASE_URL"])
    return click.ClickException(f"cannot use the database at {url}: {reason}")


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and register the questionnaires."""
    catalog = current_catalog()
    try:
        before, after = upgrade(database.engine)
        session = database.session
        registered = [(q, *register_questionnaire(session, q)) for q in catalog.questionnaires.values()]
        clashes = {q.id: versions_with_same_number(session, q) for q in catalog.questionnaires.values()}
        session.commit()
        # Stored figures follow the scoring rules: recompute those made under older rules.
        refreshed = refresh_outdated(session)
        session.commit()
    except SQLAlchemyError as error:
        raise database_failure(error) from None
    state = "created" if before is None else ("upgraded" if before != after else "up to date")
    click.echo(f"Database {state} at {safe_url(current_app.config['DATABASE_URL'])} (schema {after}).")
    if refreshed:
        click.echo(f"  recomputed the stored figures of {refreshed} assessments under scoring rules {METHOD}")
    for questionnaire, _row, created in registered:
        note = "registered" if created else "already registered"
        click.echo(
            f"  {questionnaire.id} {questionnaire.version} ({questionnaire.content_hash[:12]}): {note}"
        )
        if created and clashes[questionnaire.id]:
            click.echo(
                f"  warning: {questionnaire.id} {questionnaire.version} changed without a new "
                "version number; bump 'version' so reports can tell the texts apart",
                err=True,
            )
    for file, problems in catalog.refused.items():
        click.echo(
            f"  refused {file} ({len(problems)} problems): run 'assessment questionnaires validate'", err=True
        )
