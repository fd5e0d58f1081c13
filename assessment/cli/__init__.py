"""The `assessment` command: a Flask CLI group, so `flask --app assessment ...` works too."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from .database import init_command
from .demo import demo_command
from .portfolio import portfolio_command
from .questionnaires import questionnaires_group
from .report import report_command
from .score import score_command
from .worker import worker_command


def init_cli(app: Flask) -> None:
    """Attach our commands to the app's CLI."""
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(portfolio_command)
    app.cli.add_command(questionnaires_group)
    app.cli.add_command(report_command)
    app.cli.add_command(score_command)
    app.cli.add_command(worker_command)


def _create_app() -> Flask:
    from .. import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, help="AI execution maturity assessments.")
def main() -> None:
    """The console entry point (`assessment`)."""
