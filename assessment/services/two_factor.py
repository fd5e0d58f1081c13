"""Two-factor sign-in: an authenticator app's codes (TOTP, RFC 6238) and recovery codes.

The seed an authenticator app shares with the server is stored encrypted with Fernet
(AES-128-CBC and HMAC-SHA256, from `cryptography`) under a key the app factory derives
from configuration (`seed_cipher`), so a copy of the database alone reveals no seed.
A code is accepted for the current 30-second step and one step either side (a phone's
clock may drift), and only for a step later than the last one accepted: the same code,
or an older one, never works twice, and the check and the update are one statement, so
two requests racing with one code cannot both win.

Recovery codes are ten random 50-bit codes, shown once and stored as argon2 hashes;
each works once. The hashing is lighter than for passwords (they are random, not chosen
by a person, so no dictionary helps), which keeps checking ten of them quick.

Nothing here logs, and no function returns a seed except the one that makes it.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..persistence.models import utcnow
from ..persistence.two_factor import RecoveryCode
from ..persistence.workspaces import Account
from .accounts import WorkspaceScope, WrongPassword, password_matches

#: The HKDF "info" that separates this key from anything else derived from SECRET_KEY.
#: Changing it makes every stored seed unreadable: never change it.
HKDF_INFO = b"assessment two-factor seed encryption v1"
STEP_SECONDS = 30
DIGITS = 6
#: Steps either side of the current one whose codes are accepted.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed back
RECOVERY_LENGTH = 10
ISSUER = "Execution Maturity"
_recovery_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class WrongCode(ValueError):
    """The code matches neither the authenticator nor an unused recovery code."""


class ReplayedCode(ValueError):
    """The authenticator code was right, but it (or a later one) has already been used."""


class TwoFactorNotOn(ValueError):
    """The action needs two-factor sign-in on for the account."""


class OwnerWithoutTwoFactor(ValueError):
    """An owner may not require two-factor sign-in before turning it on for themselves."""


@dataclass(frozen=True)
class SeedCipher:
    """Encrypts and decrypts authenticator seeds with one Fernet key."""

    fernet: Fernet

    def encrypt(self, seed: str) -> str:
        """The seed as a Fernet token (text)."""
        return self.fernet.encrypt(seed.encode("ascii")).decode("ascii")

    def decrypt(self, token: str) -> str | None:
        """The seed, or None when the token was made under another key (the key changed)."""
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            return None


def seed_cipher(encryption_key: str | None, secret_key: str) -> SeedCipher:
    """The cipher for seeds: `encryption_key` (a Fernet key) when given, otherwise a key
    derived from the app's secret key with HKDF-SHA256 and a fixed info string.

    Raises ValueError, naming the setting, when `encryption_key` is not a Fernet key."""
    if encryption_key:
        try:
            return SeedCipher(Fernet(encryption_key))
        except ValueError:
            raise ValueError(
                "TOTP_ENCRYPTION_KEY must be a Fernet key: 32 bytes in URL-safe base64 (44 characters)"
            ) from None
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return SeedCipher(Fernet(base64.urlsafe_b64encode(derived)))


def time_step(now: float | None = None) -> int:
    """The 30-second step a moment falls in (the counter a TOTP code is computed from)."""
    return int((time.time() if now is None else now) // STEP_SECONDS)


def begin_enrolment(account: Account, cipher: SeedCipher) -> str:
    """A new seed for the account, stored encrypted until a code confirms it; returned once
    so the page can show it. Replaces any seed of an unfinished enrolment."""
    if account.has_two_factor:
        raise ValueError("two-factor sign-in is already on")
    seed = pyotp.random_base32()
    account.totp_secret_encrypted = cipher.encrypt(seed)
    account.totp_last_step = None
    return seed


def provisioning_uri(seed: str, email: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=email, issuer_name=ISSUER
    )


def _matching_step(seed: str, code: str, now: float | None) -> int | None:
    """The time step within the drift whose code is `code`, latest first; None if none is."""
    totp = pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS)
    current = time_step(now)
    for step in range(current + DRIFT_STEPS, current - DRIFT_STEPS - 1, -1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _accept_step(db: Session, account: Account, step: int) -> bool:
    """Record `step` as used, only if it is later than the last one used (one statement)."""
    result = db.execute(
        update(Account)
        .where(
            Account.id == account.id,
            or_(Account.totp_last_step.is_(None), Account.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    account.totp_last_step = step
    return True


def normalise_code(code: str) -> str:
    """A typed code without spaces or hyphens, lower case."""
    return "".join(ch for ch in code.lower() if not ch.isspace() and ch != "-")


def is_authenticator_code(code: str) -> bool:
    """Whether a (normalised) code has the authenticator's shape: six digits."""
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def check_authenticator_code(
    db: Session, account: Account, cipher: SeedCipher, code: str, now: float | None = None
) -> None:
    """Accept a code from the account's authenticator (enrolled or being enrolled), once.

    Raises WrongCode, or ReplayedCode when the code was right but its step is used."""
    code = normalise_code(code)
    seed = cipher.decrypt(account.totp_secret_encrypted) if account.totp_secret_encrypted else None
    if seed is None or not is_authenticator_code(code):
        raise WrongCode
    step = _matching_step(seed, code, now)
    if step is None:
        raise WrongCode
    if not _accept_step(db, account, step):
        raise ReplayedCode


def confirm_enrolment(
    db: Session, account: Account, cipher: SeedCipher, code: str, now: float | None = None
) -> list[str]:
    """Turn two-factor sign-in on when `code` comes from the new seed; return the recovery
    codes (to be shown once). Raises WrongCode."""
    if account.has_two_factor or account.totp_secret_encrypted is None:
        raise WrongCode
    try:
        check_authenticator_code(db, account, cipher, code, now)
    except ReplayedCode:
        raise WrongCode from None
    account.two_factor_enabled_at = utcnow()
    return new_recovery_codes(db, account)


def new_recovery_codes(db: Session, account: Account) -> list[str]:
    """Ten fresh recovery codes (returned in clear, once); the old ones stop working."""
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    codes = [_random_code() for _ in range(RECOVERY_CODES)]
    db.add_all(RecoveryCode(account_id=account.id, code_hash=_recovery_hasher.hash(code)) for code in codes)
    db.flush()
    half = RECOVERY_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


def _random_code() -> str:
    """One recovery code: ten characters of the alphabet, 50 bits from the system's CSPRNG."""
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def use_recovery_code(db: Session, account: Account, code: str) -> None:
    """Spend one unused recovery code of the account; raises WrongCode when none matches."""
    code = normalise_code(code)
    if len(code) != RECOVERY_LENGTH:
        raise WrongCode
    unused = db.scalars(
        select(RecoveryCode).where(RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))
    )
    for row in unused:
        try:
            _recovery_hasher.verify(row.code_hash, code)
        except (VerificationError, InvalidHashError):
            continue
        spent = db.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount == 1:
            return
    raise WrongCode


def verify_second_factor(
    db: Session, account: Account, cipher: SeedCipher, code: str, now: float | None = None
) -> str:
    """Check the second step of a sign-in: an authenticator code or a recovery code.

    Returns "authenticator" or "recovery"; raises WrongCode or ReplayedCode."""
    if not account.has_two_factor:
        raise TwoFactorNotOn
    if is_authenticator_code(normalise_code(code)):
        check_authenticator_code(db, account, cipher, code, now)
        return "authenticator"
    use_recovery_code(db, account, code)
    return "recovery"


def recovery_codes_left(db: Session, account: Account) -> int:
    """How many of the account's recovery codes are unused."""
    return db.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))
    )


def regenerate_recovery_codes(
    db: Session, account: Account, cipher: SeedCipher, code: str, now: float | None = None
) -> list[str]:
    """New recovery codes for an authenticator code (a recovery code will not do: it may be
    the very thing that leaked). Raises WrongCode, ReplayedCode or TwoFactorNotOn."""
    if not account.has_two_factor:
        raise TwoFactorNotOn
    check_authenticator_code(db, account, cipher, code, now)
    return new_recovery_codes(db, account)


def disable(
    db: Session, account: Account, cipher: SeedCipher, password: str, code: str, now: float | None = None
) -> None:
    """Turn two-factor sign-in off, given the password and a code (authenticator or
    recovery). Raises WrongPassword, WrongCode, ReplayedCode or TwoFactorNotOn."""
    if not account.has_two_factor:
        raise TwoFactorNotOn
    if not password_matches(account, password):
        raise WrongPassword
    verify_second_factor(db, account, cipher, code, now)
    account.totp_secret_encrypted = None
    account.two_factor_enabled_at = None
    account.totp_last_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))


def set_requirement(scope: WorkspaceScope, required: bool) -> None:
    """An owner requires two-factor sign-in of the workspace's members, or stops requiring
    it. Requiring it needs the owner's own on, so no owner locks themselves out."""
    if required and not scope.membership.account.has_two_factor:
        raise OwnerWithoutTwoFactor
    scope.workspace.require_two_factor = required


def blocked_by_requirement(scope: WorkspaceScope) -> bool:
    """Whether the member must turn two-factor sign-in on before opening the workspace."""
    return scope.workspace.require_two_factor and not scope.membership.account.has_two_factor
