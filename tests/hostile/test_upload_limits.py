"""F4: uploads over 1 MiB reach their form with CSRF protection on; far larger ones get a clear 413."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import PeerCohort, Workspace
from tests.support.csrf import closed, post_file, signed_up, token_on
from tests.support.reports import FLAGSHIP, peers_csv

MiB = 1024 * 1024
COHORTS = "/workspaces/1/cohorts"
BRANDING = "/workspaces/1/branding"


def stored_cohorts(app) -> int:
    with app.app_context():
        return database.session.scalar(select(func.count()).select_from(PeerCohort))


def test_a_two_megabyte_cohort_file_is_imported_with_csrf_on(csrf_app):
    client = signed_up(csrf_app)
    text = peers_csv(FLAGSHIP, 11_000).encode()
    assert 1.5 * MiB < len(text) < 5 * MiB
    response = post_file(client, COHORTS, "results", text, "prior.csv", name="Prior clients")
    assert response.status_code == 302, response.status_code
    assert stored_cohorts(csrf_app) == 1


def test_a_cohort_file_over_five_megabytes_gets_the_forms_message(csrf_app):
    client = signed_up(csrf_app)
    text = peers_csv(FLAGSHIP, 10).encode() + b"#" * (6 * MiB)
    response = post_file(client, COHORTS, "results", text, "big.csv", name="Big")
    assert response.status_code == 422
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert stored_cohorts(csrf_app) == 0


def test_a_file_far_over_the_limit_gets_a_page_that_names_the_limit(csrf_app):
    client = signed_up(csrf_app)
    response = post_file(client, COHORTS, "results", b"x" * (11 * MiB), "huge.csv", name="Huge")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "File too large" in page and "at most 5 MB" in page
    assert stored_cohorts(csrf_app) == 0


def test_a_one_and_a_half_megabyte_logo_is_accepted_with_csrf_on(csrf_app):
    client = signed_up(csrf_app)
    noise = np.random.default_rng(3).integers(0, 256, (700, 700, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, "PNG")
    assert 1.2 * MiB < len(out.getvalue()) < 2 * MiB
    response = post_file(client, BRANDING, "logo", out.getvalue(), "logo.png", accent="#aa3300")
    assert response.status_code == 302
    with csrf_app.app_context():
        assert database.session.get(Workspace, 1).logo is not None


def test_other_forms_keep_the_small_limit(csrf_app):
    client = signed_up(csrf_app)
    token = token_on(client, "/workspaces/1/")
    data = {"name": "x" * (2 * MiB), "csrf_token": token}
    response = closed(client.post("/workspaces/1/clients", data=data))
    assert response.status_code == 413
    assert "larger than this service accepts" in response.get_data(as_text=True)


def test_an_oversized_autosave_gets_json(csrf_app):
    client = csrf_app.test_client()
    body = b"[" + b" " * (2 * MiB) + b"]"
    response = closed(client.post("/assessment/answers", data=body, content_type="application/json"))
    assert response.status_code == 413 and response.get_json()["error"] == "too-large"
