"""Security events, logged for operators on the `assessment.security` logger.

Failed sign-ins, refusals for too many attempts, CSRF failures and ids refused to a
signed-in consultant. Values a visitor typed are logged with repr(), so a line break in
them cannot forge a log line.
"""

from __future__ import annotations

import logging

from flask import request
from flask_login import current_user

logger = logging.getLogger("assessment.security")


def _who() -> str:
    """The account (when signed in) and address behind the current request."""
    account = getattr(current_user, "account", None) if current_user else None
    prefix = f"account {account.id} " if account is not None else ""
    return f"{prefix}from {request.remote_addr or 'unknown'}"


def failed_sign_in(email: str) -> None:
    """A wrong email or password."""
    logger.warning("failed sign-in for %r %s", email[:254], _who())


def refused(what: str) -> None:
    """A request refused for security: too many attempts, a stale token, a foreign id."""
    logger.warning("%s on %s %r %s", what, request.method, request.path[:200], _who())


def member_changed(workspace_id: int, what: str, member_email: str) -> None:
    """An owner changed a workspace's membership: a role changed or a member was removed."""
    logger.info("workspace %d: %s for %r by %s", workspace_id, what, member_email[:254], _who())


def failed_second_factor(account_id: int, why: str) -> None:
    """A wrong or replayed code at the second step (the code itself is never logged)."""
    logger.warning("failed two-factor code (%s) for account %d %s", why, account_id, _who())


def two_factor_changed(account_id: int, what: str) -> None:
    """Two-factor sign-in turned on or off, or recovery codes replaced (no secret logged)."""
    logger.info("account %d: %s %s", account_id, what, _who())
