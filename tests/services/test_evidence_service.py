"""Evidence and reviews through the services, on SQLite and PostgreSQL: where files are
kept, that a refused item stores nothing, and how a review stands as answers change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from assessment.extensions import current_evidence_store, database
from assessment.persistence import AnswerReview, Evidence, EvidenceFile
from assessment.persistence.evidence_store import EvidenceStore
from assessment.scoring.evidence import ReviewStatus, standing
from assessment.services.evidence import (
    EvidenceRefused,
    add_evidence,
    discard_files,
    evidence_file,
    remove_evidence,
    review_answer,
    review_log,
    reviews_for_scoring,
)
from tests.support import factories

TODAY = date(2026, 12, 3)


@pytest.fixture
def answered(ready_app, flagship):
    """A self-assessment with one maturity answer, inside an app context."""
    with ready_app.app_context():
        question = flagship.maturity_questions[0]
        respondent, _ = factories.self_assessed(
            database.session, flagship, {question.id: question.options[1].id}
        )
        database.session.commit()
        yield respondent, question


def _count(model) -> int:
    return database.session.scalar(select(func.count()).select_from(model))


def _add(respondent, question, store=None, **given):
    fields = {"note": "", "links": "", "expires_on": None, "files": [], "added_by": "Ada"} | given
    return add_evidence(
        database.session,
        store or current_evidence_store(),
        respondent,
        question.id,
        today=TODAY,
        **fields,
    )


def test_a_file_is_kept_in_the_folder_by_its_hash_and_read_back(answered, tmp_path):
    respondent, question = answered
    store = EvidenceStore(tmp_path / "evidence")
    item = _add(respondent, question, store, files=[("policy.txt", b"Model risk policy v3\n")])
    database.session.commit()
    row = item.files[0]
    assert row.stored_as == row.sha256 and row.data is None
    assert (tmp_path / "evidence" / row.sha256).read_bytes() == b"Model risk policy v3\n"
    assert store.read(row) == b"Model risk policy v3\n"
    assert [p.name for p in (tmp_path / "evidence").iterdir()] == [row.sha256]  # no partial file left


def test_a_file_is_kept_in_the_database_when_so_configured(answered):
    respondent, question = answered
    store = EvidenceStore.from_setting("database")
    item = _add(respondent, question, store, files=[("policy.txt", b"In the row\n")])
    database.session.commit()
    database.session.expire_all()
    row = database.session.get(EvidenceFile, item.files[0].id)
    assert row.stored_as is None and store.read(row) == b"In the row\n"


def test_removing_the_last_item_holding_a_file_removes_it_from_the_folder(answered, tmp_path):
    respondent, question = answered
    store = EvidenceStore(tmp_path / "evidence")
    first = _add(respondent, question, store, files=[("a.txt", b"same bytes\n")])
    second = _add(respondent, question, store, files=[("b.txt", b"same bytes\n")])
    database.session.commit()
    discard_files(database.session, store, remove_evidence(database.session, first))
    assert len(list((tmp_path / "evidence").iterdir())) == 1  # still held by the second item
    stored = remove_evidence(database.session, second)
    assert len(list((tmp_path / "evidence").iterdir())) == 1  # kept until the deletion is committed
    database.session.commit()
    discard_files(database.session, store, stored)
    assert list((tmp_path / "evidence").iterdir()) == []


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({}, "the evidence is empty"),
        ({"links": "javascript:alert(1)"}, "is not a web address"),
        ({"links": "https://ok.example\nftp://files.example/x"}, "is not a web address"),
        ({"note": "x", "expires_on": TODAY - timedelta(days=1)}, "in the past"),
        ({"note": "x", "expires_on": date(2040, 1, 1)}, "years ahead"),
        ({"note": "x" * 5_001}, "the limit is 5,000"),
        ({"note": "ok", "files": [("ok.txt", b"fine\n"), ("empty.txt", b"")]}, "is empty"),
        ({"files": [("../../etc/passwd", b"root\n")]}, "/"),
        ({"files": [("fake.pdf", b"<html><script>alert(1)</script></html>")]}, "HTML"),
    ],
)
def test_refused_evidence_gives_its_reason_and_stores_nothing(answered, tmp_path, given, reason):
    respondent, question = answered
    store = EvidenceStore(tmp_path / "evidence")
    with pytest.raises(EvidenceRefused) as refused:
        _add(respondent, question, store, **given)
    database.session.rollback()
    assert reason in refused.value.reason
    assert (_count(Evidence), _count(EvidenceFile)) == (0, 0)
    assert not (tmp_path / "evidence").exists() or list((tmp_path / "evidence").iterdir()) == []


def test_a_file_is_found_only_through_its_own_respondent(answered, flagship):
    respondent, question = answered
    item = _add(respondent, question, files=[("a.txt", b"mine\n")])
    other, _ = factories.self_assessed(database.session, flagship, {}, name="Other Org")
    database.session.commit()
    file_id = item.files[0].id
    assert evidence_file(database.session, [respondent.id], file_id) is not None
    assert evidence_file(database.session, [other.id], file_id) is None


def test_a_validation_stands_until_the_answer_changes_or_its_evidence_expires(answered, flagship):
    respondent, question = answered
    answers = {question.id: question.options[1].id}
    _add(respondent, question, note="Seen the register", expires_on=TODAY + timedelta(days=30))
    review_answer(
        database.session, respondent, flagship, answers, question.id, ReviewStatus.VALIDATED, reviewer="Rae"
    )
    database.session.commit()
    review = reviews_for_scoring(database.session, [respondent.id])[respondent.id][question.id]
    assert review.expires == TODAY + timedelta(days=30)
    assert standing(review, answers[question.id], TODAY) is ReviewStatus.VALIDATED
    assert standing(review, answers[question.id], TODAY + timedelta(days=31)) is ReviewStatus.CLAIMED
    assert standing(review, question.options[2].id, TODAY) is ReviewStatus.CLAIMED


def test_a_challenge_needs_a_comment_and_another_level(answered, flagship):
    respondent, question = answered
    answers = {question.id: question.options[1].id}

    def challenge(**given):
        return review_answer(
            database.session,
            respondent,
            flagship,
            answers,
            question.id,
            ReviewStatus.CHALLENGED,
            reviewer="Rae",
            **given,
        )

    with pytest.raises(EvidenceRefused, match="needs a comment"):
        challenge(believed=question.options[0].id)
    with pytest.raises(EvidenceRefused, match="level you believe"):
        challenge(comment="No register exists", believed=answers[question.id])
    with pytest.raises(EvidenceRefused, match="level you believe"):
        challenge(comment="No register exists", believed="not-an-option")
    row = challenge(comment="No register exists", believed=question.options[0].id)
    database.session.commit()
    assert (row.status, row.believed, row.reviewer) == ("challenged", question.options[0].id, "Rae")
    review_answer(
        database.session, respondent, flagship, answers, question.id, ReviewStatus.CLAIMED, reviewer="Sam"
    )
    database.session.commit()
    assert _count(AnswerReview) == 0
    log = review_log(database.session, [respondent.id])[(respondent.id, question.id)]
    assert [(e.status, e.reviewer, e.comment) for e in log] == [
        ("challenged", "Rae", "No register exists"),
        ("claimed", "Sam", ""),
    ]  # refused attempts left no trace


def test_only_maturity_and_ownership_answers_are_reviewed(answered, flagship):
    respondent, _ = answered
    scoping = next(q for q in flagship.questions if q.kind.value == "scoping")
    with pytest.raises(EvidenceRefused, match="not one a reviewer signs off"):
        review_answer(
            database.session,
            respondent,
            flagship,
            {scoping.id: scoping.options[0].id},
            scoping.id,
            ReviewStatus.VALIDATED,
            reviewer="Rae",
        )


def test_one_submission_and_one_respondent_keep_at_most_their_limits(answered, monkeypatch, tmp_path):
    respondent, question = answered
    store = EvidenceStore(tmp_path / "evidence")
    monkeypatch.setattr("assessment.services.evidence.MAX_SUBMISSION_BYTES", 1_000)
    with pytest.raises(EvidenceRefused, match="attach at most"):
        _add(
            respondent, question, store, files=[("a.txt", b"a" * 600 + b"\n"), ("b.txt", b"b" * 600 + b"\n")]
        )
    monkeypatch.setattr("assessment.services.evidence.MAX_STORED_PER_RESPONDENT", 1_500)
    _add(respondent, question, store, files=[("a.txt", b"a" * 900 + b"\n")])
    with pytest.raises(EvidenceRefused, match="Link to large documents instead"):
        _add(respondent, question, store, files=[("b.txt", b"b" * 900 + b"\n")])
    database.session.rollback()
    assert _count(EvidenceFile) == 0  # the first was never committed either
