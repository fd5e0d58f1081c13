"""The two-factor service: the seed's encryption and its key, the drift a code may have,
replays (also two at once), recovery codes, and the workspace rule's owner check."""

from __future__ import annotations

import time

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.extensions import database
from assessment.persistence.workspaces import Account
from assessment.services import two_factor
from assessment.services.accounts import memberships_of, sign_up, workspace_scope
from assessment.services.two_factor import (
    OwnerWithoutTwoFactor,
    ReplayedCode,
    WrongCode,
    seed_cipher,
)

NOW = 1_800_000_000.0  # a fixed moment: step 60,000,000


@pytest.fixture
def enrolled(ready_app):
    """An account with two-factor sign-in on at NOW; yields (app, account id, seed, codes)."""
    with ready_app.app_context():
        db = database.session
        account = sign_up(db, "ada@example.com", "correct horse battery", "Ada", "Ada Consulting")
        cipher = ready_app.extensions["two_factor_cipher"]
        seed = two_factor.begin_enrolment(account, cipher)
        codes = two_factor.confirm_enrolment(db, account, cipher, pyotp.TOTP(seed).at(NOW), now=NOW)
        db.commit()
        yield ready_app, account.id, seed, codes


def account_of(account_id: int) -> Account:
    """The account, loaded in the app's session."""
    return database.session.get(Account, account_id)


def test_the_seed_is_encrypted_and_only_the_app_key_reads_it(enrolled):
    app, account_id, seed, _ = enrolled
    with app.app_context():
        stored = account_of(account_id).totp_secret_encrypted
        assert seed not in stored
        assert app.extensions["two_factor_cipher"].decrypt(stored) == seed
        assert seed_cipher(None, "another secret key").decrypt(stored) is None


def test_the_key_comes_from_totp_encryption_key_or_else_from_the_secret_key(make_app):
    key = Fernet.generate_key().decode()
    configured = make_app({"DATABASE_URL": "sqlite://", "TOTP_ENCRYPTION_KEY": key})
    token = configured.extensions["two_factor_cipher"].encrypt("JBSWY3DPEHPK3PXP")
    assert Fernet(key.encode()).decrypt(token.encode()) == b"JBSWY3DPEHPK3PXP"
    derived = make_app({"DATABASE_URL": "sqlite://"}).extensions["two_factor_cipher"]
    assert derived.decrypt(token) is None  # the derived key is another key
    assert seed_cipher(None, "test-secret").decrypt(derived.encrypt("X")) == "X"  # and a stable one
    with pytest.raises(ValueError, match="TOTP_ENCRYPTION_KEY must be a Fernet key"):
        make_app({"DATABASE_URL": "sqlite://", "TOTP_ENCRYPTION_KEY": "not a key"})


@pytest.mark.parametrize("steps", [1, -1])
def test_a_code_one_step_off_is_accepted_and_two_steps_off_is_not(enrolled, steps):
    app, account_id, seed, _ = enrolled
    later = NOW + 300  # ten steps after the enrolment, so the step before is unused too
    with app.app_context():
        account, cipher = account_of(account_id), app.extensions["two_factor_cipher"]
        far = pyotp.TOTP(seed).at(later + 60 * steps)
        with pytest.raises(WrongCode):
            two_factor.verify_second_factor(database.session, account, cipher, far, now=later)
        near = pyotp.TOTP(seed).at(later + 30 * steps)
        assert two_factor.verify_second_factor(database.session, account, cipher, near, now=later) == (
            "authenticator"
        )


def test_a_used_step_and_every_earlier_one_are_refused(enrolled):
    app, account_id, seed, _ = enrolled
    with app.app_context():
        account, cipher = account_of(account_id), app.extensions["two_factor_cipher"]
        ahead = pyotp.TOTP(seed).at(NOW + 30)
        two_factor.verify_second_factor(database.session, account, cipher, ahead, now=NOW)
        for moment in (NOW, NOW + 30):
            with pytest.raises(ReplayedCode):
                two_factor.verify_second_factor(
                    database.session, account, cipher, pyotp.TOTP(seed).at(moment), now=NOW + 30
                )


def test_two_sign_ins_that_both_read_the_account_before_either_used_the_code_let_only_one_in(enrolled):
    app, account_id, seed, _ = enrolled
    code = pyotp.TOTP(seed).at(NOW + 30)
    cipher = app.extensions["two_factor_cipher"]
    with app.app_context(), Session(database.engine, expire_on_commit=False) as late:
        stale = late.get(Account, account_id)  # read before the other request used the code
        late.commit()
        with Session(database.engine) as first:
            two_factor.verify_second_factor(first, first.get(Account, account_id), cipher, code, now=NOW)
            first.commit()
        assert stale.totp_last_step == 60_000_000  # this copy still says the step is unused
        with pytest.raises(ReplayedCode):
            two_factor.verify_second_factor(late, stale, cipher, code, now=NOW)


def test_each_recovery_code_works_once_in_any_case_and_spacing(enrolled):
    app, account_id, _, codes = enrolled
    with app.app_context():
        account, cipher = account_of(account_id), app.extensions["two_factor_cipher"]
        typed = " ".join(codes[0].upper().replace("-", ""))
        assert (
            two_factor.verify_second_factor(database.session, account, cipher, typed, now=NOW) == "recovery"
        )
        with pytest.raises(WrongCode):
            two_factor.verify_second_factor(database.session, account, cipher, codes[0], now=NOW)
        assert two_factor.recovery_codes_left(database.session, account) == 9


def test_requiring_it_needs_the_owner_to_have_it_on(ready_app):
    with ready_app.app_context():
        db = database.session
        account = sign_up(db, "bo@example.com", "correct horse battery", "Bo", "Bo's")
        db.flush()
        scope = workspace_scope(db, account, memberships_of(db, account)[0].workspace_id)
        with pytest.raises(OwnerWithoutTwoFactor):
            two_factor.set_requirement(scope, True)
        assert scope.workspace.require_two_factor is False
        cipher = ready_app.extensions["two_factor_cipher"]
        seed = two_factor.begin_enrolment(account, cipher)
        two_factor.confirm_enrolment(db, account, cipher, pyotp.TOTP(seed).now())
        two_factor.set_requirement(scope, True)
        db.commit()
        assert db.scalar(select(Account.two_factor_enabled_at)) is not None
        assert scope.workspace.require_two_factor is True
        assert not two_factor.blocked_by_requirement(scope)


def test_the_time_step_is_thirty_seconds():
    assert two_factor.time_step(NOW) == 60_000_000
    assert two_factor.time_step(NOW + 29.9) == 60_000_000
    assert abs(two_factor.time_step() - int(time.time() // 30)) <= 1
