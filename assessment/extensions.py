"""Extensions, created unbound here and bound to an app in the factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .persistence import QuestionnaireVersion, make_engine
from .questionnaire import Catalog, Questionnaire, load_directory, load_stored_questionnaire

csrf = CSRFProtect()


@dataclass
class _DatabaseState:
    engine: Engine
    sessions: sessionmaker[Session]


class Database:
    """The app's engine and a session per application context."""

    def init_app(self, app: Flask) -> None:
        """Create the engine from the app's DATABASE_URL (lazily connected)."""
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["database"] = _DatabaseState(engine, sessionmaker(engine, expire_on_commit=False))
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        return current_app.extensions["database"].engine

    @property
    def session(self) -> Session:
        """The session of the current app context, opened on first use."""
        if "db_session" not in g:
            g.db_session = current_app.extensions["database"].sessions()
        return g.db_session

    @staticmethod
    def _close_session(_exception: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


database = Database()


def init_catalog(app: Flask) -> None:
    """Load the questionnaires folder; refused files are logged, the valid ones served."""
    catalog = load_directory(Path(app.config["QUESTIONNAIRES_DIR"]))
    for file, problems in catalog.refused.items():
        app.logger.warning("refused questionnaire file %s (%d problems)", file, len(problems))
        for problem in problems:
            app.logger.warning("  %s", problem)
    app.extensions["catalog"] = catalog


def current_catalog() -> Catalog:
    """The questionnaires the current app serves."""
    return current_app.extensions["catalog"]


def questionnaire_for(version: QuestionnaireVersion) -> Questionnaire:
    """The exact questionnaire a version row stands for, from the catalog or its stored text."""
    served = current_catalog().questionnaires.get(version.questionnaire_id)
    if served is not None and served.content_hash == version.content_hash:
        return served
    cache = current_app.extensions.setdefault("stored_questionnaires", {})
    if version.content_hash not in cache:
        cache[version.content_hash] = load_stored_questionnaire(version.source, version.source_path)
    return cache[version.content_hash]
