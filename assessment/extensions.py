"""Extensions, created unbound here and bound to an app in the factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .persistence import QuestionnaireVersion, make_engine, start_writing, try_start_writing
from .persistence.evidence_store import EvidenceStore
from .questionnaire import Catalog, Questionnaire, load_directory, load_stored_questionnaire
from .questionnaire.methodology import methodology_html

csrf = CSRFProtect()


#: Requests that only read; on SQLite their transactions begin DEFERRED (see `Database`).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _DatabaseState:
    engine: Engine
    sessions: sessionmaker[Session]
    reader: Engine  # the engine with SQLite transactions beginning DEFERRED


class Database:
    """The app's engine and a session per application context.

    On SQLite a transaction takes the write lock up front (BEGIN IMMEDIATE, see
    persistence.engine) so that writers queue instead of failing. A GET only reads, so its
    session begins DEFERRED: it neither waits for nor holds the write lock, even while a
    PDF renders. The few writes a GET makes call `start_writing` first.
    """

    def init_app(self, app: Flask) -> None:
        """Create the engine from the app's DATABASE_URL (lazily connected)."""
        engine = make_engine(app.config["DATABASE_URL"], busy_timeout=app.config["SQLITE_BUSY_TIMEOUT"])
        reader = engine.execution_options(sqlite_begin="DEFERRED")
        app.extensions["database"] = _DatabaseState(
            engine, sessionmaker(engine, expire_on_commit=False), reader
        )
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        return current_app.extensions["database"].engine

    @property
    def session(self) -> Session:
        """The session of the current app context, opened on first use."""
        if "db_session" not in g:
            state = current_app.extensions["database"]
            reading = has_request_context() and request.method in READ_METHODS
            g.db_session = state.sessions(bind=state.reader) if reading else state.sessions()
        return g.db_session

    def start_reading(self) -> None:
        """Open this app context's session as a reader (on SQLite, DEFERRED: it neither
        waits for nor holds the write lock), as a GET request's is; for work outside a
        request, such as a worker rendering a report. Call before the session is first used."""
        if "db_session" not in g:
            state = current_app.extensions["database"]
            g.db_session = state.sessions(bind=state.reader)

    def start_writing(self) -> None:
        """End the current (read) transaction and begin one that writes: BEGIN IMMEDIATE on
        SQLite, so the write queues for the lock rather than failing to upgrade a read lock.
        Call before changing anything in a GET; objects already loaded stay usable."""
        start_writing(self.session)

    def try_start_writing(self, wait_ms: int) -> bool:
        """As `start_writing`, for a write the request may skip: False (still reading) when
        SQLite's write lock stays taken for `wait_ms`."""
        return try_start_writing(self.session, wait_ms)

    @staticmethod
    def _close_session(_exception: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


database = Database()


def init_evidence_store(app: Flask) -> None:
    """Keep evidence files where EVIDENCE_STORAGE says (a folder, or the database)."""
    app.extensions["evidence_store"] = EvidenceStore.from_setting(app.config["EVIDENCE_STORAGE"])


def current_evidence_store() -> EvidenceStore:
    """The current app's evidence store."""
    return current_app.extensions["evidence_store"]


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


def current_methodology(questionnaire: Questionnaire | None = None) -> str | None:
    """The methodology of a questionnaire as HTML (see `methodology_html`), read and rendered
    once per app and file."""
    rendered = current_app.extensions.setdefault("methodology", {})
    key = questionnaire.methodology if questionnaire else None
    if key not in rendered:
        rendered[key] = methodology_html(Path(current_app.config["QUESTIONNAIRES_DIR"]), questionnaire)
    return rendered[key]


def questionnaire_for(version: QuestionnaireVersion) -> Questionnaire:
    """The exact questionnaire a version row stands for, from the catalog or its stored text."""
    served = current_catalog().questionnaires.get(version.questionnaire_id)
    if served is not None and served.content_hash == version.content_hash:
        return served
    cache = current_app.extensions.setdefault("stored_questionnaires", {})
    if version.content_hash not in cache:
        cache[version.content_hash] = load_stored_questionnaire(version.text, version.source_path)
    return cache[version.content_hash]
