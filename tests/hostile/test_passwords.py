"""F10: sign-up refuses long passwords that are still among the first guesses."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import Account
from assessment.services.passwords import weakness


def sign_up_with(app, password: str, email: str = "ada@example.com"):
    data = {"name": "Ada", "email": email, "password": password, "workspace": "W"}
    return app.test_client().post("/account/signup", data=data)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "uses fewer than 5 different characters"),
        ("éééééééééééé", "uses fewer than 5 different characters"),
        ("123456789012", "is a run of keys or letters"),
        ("0987654321098", "is a run of keys or letters"),
        ("password1234", "is one of the most common passwords"),
        ("!!Qwertyuiop!!", "is one of the most common passwords"),
        ("passwordpassword", "repeats a shorter part"),
        ("ada@example.com", "contains your email address"),
    ],
)
def test_the_reviews_weak_passwords_are_refused_and_no_account_stored(journey_app, password, reason):
    response = sign_up_with(journey_app, password)
    assert response.status_code == 422
    assert f"This password {reason}, so it is easy to guess: choose another." in response.get_data(
        as_text=True
    )
    with journey_app.app_context():
        assert database.session.scalar(select(func.count()).select_from(Account)) == 0


@pytest.mark.parametrize(
    "password",
    ["1qaz2wsx3edc", "qazwsxedcrfv", "LeaveMeAlone", "sonyericsson", "FinalFantasy7", "whosyourdaddy!"],
)
def test_well_known_breached_passwords_are_refused_at_sign_up(journey_app, password):
    response = sign_up_with(journey_app, password)
    assert response.status_code == 422
    message = "This password is on a list of passwords leaked in data breaches, so it is easy to guess"
    assert message in response.get_data(as_text=True)
    with journey_app.app_context():
        assert database.session.scalar(select(func.count()).select_from(Account)) == 0


def test_the_breached_list_is_checked_quickly():
    """The list is loaded once, as a set: a check takes microseconds, not a request's time."""
    started = time.perf_counter()
    for _ in range(1000):
        weakness("plum-harbour-velvet-77-orbit", "ada@example.com")
    assert time.perf_counter() - started < 1.0  # under 1 ms each even on a busy machine


def test_a_passphrase_is_accepted(journey_app):
    assert sign_up_with(journey_app, "correct horse battery staple").status_code == 302


@pytest.mark.parametrize(
    "password", ["Tr0ub4dor&3-lake", "violet mountain 1987", "ada-lovelace-x", "zebra ocean quilt"]
)
def test_ordinary_strong_passwords_pass(password):
    assert weakness(password, "grace@example.com") is None


@pytest.mark.parametrize("password", ["01A\n¹xyz-long", "line one\nline two", "\n\nabcdefgh12\n"])
def test_a_password_with_a_line_break_gets_an_answer_not_an_error(password):
    """Found by the generated corpus: a newline inside a password made the policy check crash."""
    assert weakness(password) in (None, "is one of the most common passwords", "repeats a shorter part")
