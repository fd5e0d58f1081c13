"""The database: migrations on both engines, SQLite's safety settings, answers that are never lost."""

from __future__ import annotations

import multiprocessing
import random

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment.persistence import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Base,
    Organisation,
    QuestionnaireVersion,
    Respondent,
    answers_of,
    current_revision,
    head_revision,
    make_engine,
    record_answer,
    upgrade,
)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated(engine):
    upgrade(engine)
    return engine


def make_respondents(engine, count: int) -> list[int]:
    """An assessment with `count` respondents; their ids."""
    with Session(engine) as session:
        version = QuestionnaireVersion(
            questionnaire_id="example",
            version="1.0",
            content_hash="h" * 64,
            title="Example",
            source_path="example.yaml",
            text="kind: questionnaire",
        )
        organisation = Organisation(name="Acme")
        assessment = Assessment(
            kind=AssessmentKind.WORKSHOP, questionnaire_version=version, organisation=organisation
        )
        assessment.respondents = [
            Respondent(token_hash=f"{i:064x}", role="Engineering") for i in range(count)
        ]
        session.add(assessment)
        session.commit()
        return [r.id for r in assessment.respondents]


def test_migrations_upgrade_an_empty_database(engine):
    assert current_revision(engine) is None
    before, after = upgrade(engine)
    assert (before, after) == (None, head_revision())
    tables = set(inspect(engine).get_table_names())
    assert {
        "questionnaire_versions",
        "organisations",
        "assessments",
        "respondents",
        "answers",
        "alembic_version",
    } <= tables
    assert upgrade(engine) == (head_revision(), head_revision())  # a second run changes nothing


def test_kind_and_status_are_stored_as_the_words_they_always_were(migrated):
    make_respondents(migrated, 1)
    with migrated.connect() as connection:
        stored = connection.exec_driver_sql("SELECT kind, status FROM assessments").one()
    assert tuple(stored) == ("workshop", "open")
    with Session(migrated) as session:
        assessment = session.scalars(select(Assessment)).one()
        assert assessment.kind is AssessmentKind.WORKSHOP
        assert assessment.is_open
        assessment.status = AssessmentStatus.CLOSED
        session.commit()
        assert not assessment.is_open
    with migrated.connect() as connection:
        assert connection.exec_driver_sql("SELECT status FROM assessments").scalar() == "closed"


def test_migrations_match_the_models(migrated):
    with migrated.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_is_set_up_for_safe_concurrent_writes(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": 2}


def test_foreign_keys_are_enforced(migrated):
    with Session(migrated) as session:
        session.add(Answer(respondent_id=12345, question_id="q", value="a", client_seq=1))
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_newer_answer_replaces_an_older_one_and_a_late_one_changes_nothing(migrated):
    (respondent,) = make_respondents(migrated, 1)
    with Session(migrated) as session:
        assert record_answer(session, respondent, "eval-changes", "none", client_seq=1)
        assert record_answer(session, respondent, "eval-changes", "automated", client_seq=3)
        assert not record_answer(
            session, respondent, "eval-changes", "recorded", client_seq=2
        )  # arrived late
        assert record_answer(session, respondent, "eval-changes", "automated", client_seq=3)  # double submit
        session.commit()
        assert answers_of(session, respondent) == {"eval-changes": "automated"}
        assert session.scalar(select(func.count()).select_from(Answer)) == 1


def _autosave_worker(url: str, respondent: int, saves: int, seed: int, results) -> None:
    """One process saving answers, each in its own transaction, as autosaves arrive."""
    engine = make_engine(url)
    rng = random.Random(seed)
    errors: list[str] = []
    last: dict[str, str] = {}
    try:
        for seq in range(1, saves + 1):
            question = f"q{rng.randrange(20)}"
            value = f"option-{rng.randrange(5)}"
            try:
                with Session(engine) as session:
                    # As an autosave does: read (find the respondent), then write.
                    assert session.get(Respondent, respondent) is not None
                    record_answer(session, respondent, question, value, seq)
                    session.commit()
                last[question] = value
            except Exception as error:  # any failure is a lost answer
                errors.append(repr(error))
    finally:
        engine.dispose()
    results.put((respondent, errors, last))


@pytest.mark.slow  # eight processes writing at once
@pytest.mark.parametrize("processes,saves", [(8, 100)])
def test_concurrent_writers_queue_instead_of_failing_and_lose_nothing(
    database_url, migrated, processes, saves
):
    respondents = make_respondents(migrated, processes)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_autosave_worker, args=(database_url, r, saves, i, results))
        for i, r in enumerate(respondents)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    errors = [error for _, failures, _ in reports for error in failures]
    assert errors == [], errors[:3]
    with Session(migrated) as session:
        for respondent, _, expected in reports:
            assert answers_of(session, respondent) == expected


def test_a_questionnaire_registered_by_someone_else_meanwhile_is_reused_not_duplicated(migrated):
    """Two people start the first assessment of a new text at once: one row, no error for either."""
    import threading

    from assessment.persistence import register_questionnaire
    from assessment.questionnaire import load_questionnaire
    from tests.support import ROOT

    questionnaire = load_questionnaire(ROOT / "questionnaires" / "ai-execution.yaml")
    inserted, release = threading.Event(), threading.Event()

    def other_person() -> None:
        with Session(migrated) as session:
            register_questionnaire(session, questionnaire)  # inserted, not yet committed
            inserted.set()
            release.wait(10)
            session.commit()

    thread = threading.Thread(target=other_person)
    thread.start()
    assert inserted.wait(10)
    threading.Timer(0.5, release.set).start()  # commits while we are registering
    with Session(migrated) as session:
        row, created = register_questionnaire(session, questionnaire)
        registered_hash = row.content_hash
        session.commit()
    thread.join(10)
    assert created is False and registered_hash == questionnaire.content_hash
    with Session(migrated) as session:
        assert session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == 1


def test_registration_stores_the_text_that_was_hashed_though_the_file_changed_since(migrated, tmp_path):
    """An author edits a questionnaire while the app runs: the stored text still matches its hash."""
    import shutil

    from assessment.persistence import register_questionnaire
    from assessment.questionnaire import load_questionnaire, load_stored_questionnaire
    from tests.support import ROOT

    shutil.copytree(ROOT / "questionnaires" / "vocabularies", tmp_path / "vocabularies")
    path = tmp_path / "example.yaml"
    original = (ROOT / "questionnaires" / "example.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    path.write_text(original.replace("title: Example AI delivery check", "title: Edited"), encoding="utf-8")
    with Session(migrated) as session:
        row, created = register_questionnaire(session, questionnaire)
        session.commit()
        assert created
        assert row.text == original
        rebuilt = load_stored_questionnaire(row.text, row.source_path)
        assert rebuilt.content_hash == row.content_hash == questionnaire.content_hash
        assert rebuilt.title == "Example AI delivery check"
