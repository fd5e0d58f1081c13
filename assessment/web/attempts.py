"""How many wrong guesses at a secret a client may make, and when the right secret still works.

A client is an address. A target is what a guess is aimed at: an account's email. The rules:

- A client over its own allowance is refused (429) before its secret is checked, right or
  wrong: otherwise the refusal would tell a right guess from a wrong one and guessing
  would go on at full speed.
- A target's allowance counts wrong guesses from every address. Past it the target is
  under attack and each address gets a smaller allowance for it, but an address within
  its own allowance that sends the right secret is let in: failing sign-ins from other
  addresses never locks a consultant out.
- Join codes name no target when they are wrong, so they are counted per address, with
  a room's budget of typos. An address past it may still use a code it has already joined
  with (the room keeps joining), and learns nothing about codes it does not know.
- A resume link has 192 random bits: the right one always works, and wrong ones are
  counted only to turn a flood of them into cheap 429s.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from sqlalchemy.orm import Session

from ..persistence.assessments import token_hash
from ..persistence.ratelimit import failures, record_failure

SIGN_IN_WINDOW = timedelta(minutes=15)
#: Wrong passwords one address may send for one email, and for all emails together.
SIGN_IN_PER_EMAIL = 10
SIGN_IN_PER_ADDRESS = 50
#: Wrong passwords for one email from all addresses before it counts as under attack,
#: and what each address may then send for that email.
SIGN_IN_TARGET = 20
SIGN_IN_PER_EMAIL_UNDER_ATTACK = 3

#: Wrong codes per address. A whole room often shares one address (NAT), so the budget is
#: a room's typos, not one person's; 200 in 10 minutes is still hopeless for guessing
#: among 887 million codes (over 40 years for an even chance at one code).
JOIN_WINDOW = timedelta(minutes=10)
JOIN_PER_ADDRESS = 200
#: How long a code that worked from an address stays usable from it past its allowance.
JOIN_KNOWN_FOR = timedelta(days=1)

RESUME_WINDOW = timedelta(minutes=10)
RESUME_PER_ADDRESS = 100


def client_of(address: str | None) -> str:
    """Who is guessing: an IPv4 address, or an IPv6 address's /64 (one home or host has a
    whole /64, so counting single IPv6 addresses would give it billions of allowances)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _pair(address: str, secret_name: str) -> str:
    """One address and one email or code, as a fixed-length key that stores neither."""
    return token_hash(f"{address}\n{secret_name}")


def sign_in_refused(db: Session, address: str, email: str) -> bool:
    """Whether this address may not try a password for this email now."""
    email = email.strip().lower()
    allowed = SIGN_IN_PER_EMAIL
    if failures(db, "login-email", token_hash(email), SIGN_IN_WINDOW) >= SIGN_IN_TARGET:
        allowed = SIGN_IN_PER_EMAIL_UNDER_ATTACK
    return (
        failures(db, "login-pair", _pair(address, email), SIGN_IN_WINDOW) >= allowed
        or failures(db, "login", address, SIGN_IN_WINDOW) >= SIGN_IN_PER_ADDRESS
    )


def sign_in_failed(db: Session, address: str, email: str) -> None:
    """Count one wrong password against the address, the pair and the email."""
    email = email.strip().lower()
    record_failure(db, "login", address)
    record_failure(db, "login-pair", _pair(address, email))
    record_failure(db, "login-email", token_hash(email))


def join_refused(db: Session, address: str, code: str | None) -> bool:
    """Whether this address may not use `code` (None: a code that matches no workshop)."""
    if failures(db, "join", address, JOIN_WINDOW) < JOIN_PER_ADDRESS:
        return False
    return code is None or failures(db, "join-known", _pair(address, code), JOIN_KNOWN_FOR) == 0


def join_failed(db: Session, address: str) -> None:
    """Count one wrong code against the address."""
    record_failure(db, "join", address)


def joined(db: Session, address: str, code: str) -> None:
    """Remember that `code` worked from this address, so the rest of the room can use it."""
    record_failure(db, "join-known", _pair(address, code))


def resume_refused(db: Session, address: str) -> bool:
    """Whether a wrong resume link from this address gets 429 rather than 404."""
    return failures(db, "resume", address, RESUME_WINDOW) >= RESUME_PER_ADDRESS


def resume_failed(db: Session, address: str) -> None:
    """Count one wrong resume link against the address."""
    record_failure(db, "resume", address)


#: Wrong second-step codes (sign-in, set-up, turning it off) per account and per address,
#: counted like wrong passwords. Ten tries in 15 minutes at a code with three right values
#: among a million leave an attacker who has the password one chance in 30,000 a window.
TWO_FACTOR_WINDOW = SIGN_IN_WINDOW
TWO_FACTOR_PER_ACCOUNT = SIGN_IN_PER_EMAIL
TWO_FACTOR_PER_ADDRESS = SIGN_IN_PER_ADDRESS


def second_factor_refused(db: Session, address: str, account_id: int) -> bool:
    """Whether this address may not try a code for this account now."""
    return (
        failures(db, "2fa-account", str(account_id), TWO_FACTOR_WINDOW) >= TWO_FACTOR_PER_ACCOUNT
        or failures(db, "2fa", address, TWO_FACTOR_WINDOW) >= TWO_FACTOR_PER_ADDRESS
    )


def second_factor_failed(db: Session, address: str, account_id: int) -> None:
    """Count one wrong (or replayed) code against the account and the address."""
    record_failure(db, "2fa-account", str(account_id))
    record_failure(db, "2fa", address)
