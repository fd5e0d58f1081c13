"""Migration 0018: self-assessments retaken before retakes closed them are closed as of their retake."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.persistence import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Organisation,
    QuestionnaireVersion,
    make_engine,
    upgrade,
)
from assessment.persistence.migrate import alembic_config


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_a_retaken_open_self_assessment_is_closed_and_the_rest_stay_as_they_were(engine):
    command.upgrade(alembic_config(engine), "0015")
    retaken_on = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
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

        def assessment(kind=AssessmentKind.SELF, previous=None, created=None) -> Assessment:
            """One assessment of Acme, stored."""
            row = Assessment(
                kind=kind,
                questionnaire_version=version,
                organisation=organisation,
                previous_id=previous.id if previous else None,
                created_at=created or datetime(2026, 1, 1, tzinfo=UTC),
            )
            session.add(row)
            session.flush()
            return row

        old = assessment()
        newer = assessment(previous=old, created=retaken_on)
        alone = assessment()
        workshop = assessment(kind=AssessmentKind.WORKSHOP)
        session.commit()
        ids = old.id, newer.id, alone.id, workshop.id
    upgrade(engine)
    with Session(engine) as session:
        rows = {a.id: a for a in session.scalars(select(Assessment))}
        assert rows[ids[0]].status == AssessmentStatus.CLOSED
        assert rows[ids[0]].closed_at.replace(tzinfo=UTC) == retaken_on
        assert [rows[i].status for i in ids[1:]] == [AssessmentStatus.OPEN] * 3
