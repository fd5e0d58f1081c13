"""Hostile uploads on the evidence page: each is refused with its reason on the page, and
nothing is stored, neither a row nor a file in the evidence folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Evidence, EvidenceFile
from assessment.services.evidence_files import MAX_EVIDENCE_BYTES
from tests.support import journeys
from tests.support.evidence_files import archive, image, ooxml, pdf, zeros_member

QUESTION = "own-accountable-owner"
PAGE = f"/assessment/evidence/{QUESTION}"

HOSTILE = {
    "html disguised as pdf": (
        "board-pack.pdf",
        b"<!doctype html><html><script>alert(1)</script></html>",
        "HTML",
    ),
    "pdf and html polyglot": ("policy.pdf", pdf(tail=b"<html><script>alert(1)</script></html>"), "script"),
    "pdf with javascript": (
        "policy.pdf",
        pdf(catalog_extra=b"/OpenAction << /S /JavaScript /JS (x) >>"),
        "active",
    ),
    "gif with a script": ("chart.gif", image("GIF") + b"<script>alert(1)</script>", "script"),
    "zip bomb": ("plan.docx", zeros_member(200 * 1024 * 1024), "zip bomb"),
    "archive in an archive": (
        "plan.docx",
        ooxml("word", **{"word/media/a.zip": archive({"x": b"x"})}),
        "archive",
    ),
    "empty file": ("empty.txt", b"", "is empty"),
    "over the limit": ("huge.txt", b"a" * (MAX_EVIDENCE_BYTES + 1), "10 MB"),
    "path in the name": ("../../etc/passwd.txt", b"root\n", "folder path"),
    "right-to-left mark": ("invoice\u202etxt.exe", b"policy\n", "right-to-left"),
}


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            database.session.scalar(select(func.count(Evidence.id))),
            database.session.scalar(select(func.count(EvidenceFile.id))),
        )


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_upload_is_refused_with_its_reason_and_nothing_is_stored(journey_app, case):
    name, content, reason = HOSTILE[case]
    client = journey_app.test_client()
    journeys.start(client)
    assert journeys.autosave(client, QUESTION, "all-named", 1).status_code == 200
    response = client.post(
        PAGE,
        data={"added_by": "Ada", "note": "With a file", "files": [(io.BytesIO(content), name)]},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    response.request.environ["wsgi.input"].close()  # the test client's spooled body of a large upload
    assert response.status_code == 422
    assert reason.lower() in page.lower() and 'role="alert"' in page
    assert "<script>alert(1)</script>" not in page
    assert counts(journey_app) == (0, 0)
    folder = Path(journey_app.config["EVIDENCE_STORAGE"])
    assert journey_app.config["EVIDENCE_STORAGE"] == "database" or not any(folder.glob("*"))
