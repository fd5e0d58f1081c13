"""Consultants' sign-up, sign-in and sign-out (Flask-Login, argon2 password hashes).

The session cookie is HttpOnly and SameSite=Lax (see config.DEFAULTS); set
`ASSESSMENT_SESSION_COOKIE_SECURE=true` when the site is served over HTTPS so browsers
send it over HTTPS only. A session names its account as "<id>:<nonce>"; signing out
replaces the nonce, so a copy of an old cookie no longer signs anyone in. A sign-in
also ends after SIGN_IN_IDLE_TIMEOUT seconds without a request (8 hours) and at the
latest SIGN_IN_MAX_AGE seconds after it began (7 days).
"""

import time

from flask import Blueprint, Flask, current_app, session
from flask_login import LoginManager, UserMixin, logout_user

from ...extensions import database
from ...persistence.workspaces import Account
from ...services.accounts import account_by_session_id

blueprint = Blueprint("auth", __name__, url_prefix="/account")
login_manager = LoginManager()


class Consultant(UserMixin):
    """The signed-in account, as Flask-Login sees it."""

    def __init__(self, account: Account) -> None:
        """Wrap an account."""
        self.account = account

    def get_id(self) -> str:
        """The account id and its current session nonce."""
        return f"{self.account.id}:{self.account.session_nonce}"


@login_manager.user_loader
def load_consultant(session_id: str) -> Consultant | None:
    """The consultant a session cookie names, while its nonce is current."""
    account = account_by_session_id(database.session, session_id)
    return Consultant(account) if account is not None else None


def stamp_sign_in() -> None:
    """Record when this sign-in began (call right after login_user)."""
    session["signed_in_at"] = session["seen_at"] = int(time.time())


def expire_stale_sign_in() -> None:
    """Sign out a session idle too long, signed in too long, or from before the stamps; the
    sign-in page then says which."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    seen, began = session.get("seen_at"), session.get("signed_in_at")
    idle, longest = current_app.config["SIGN_IN_IDLE_TIMEOUT"], current_app.config["SIGN_IN_MAX_AGE"]
    if not isinstance(seen, int) or not isinstance(began, int):
        end_sign_in(None)
    elif now - seen > idle:
        end_sign_in(f"You were signed out after {duration(idle)} without activity.")
    elif now - began > longest:
        end_sign_in(f"You were signed out {duration(longest)} after signing in.")
    elif now - seen >= 60:  # rewrite the cookie at most once a minute
        session["seen_at"] = now


def end_sign_in(reason: str | None) -> None:
    """Sign out this browser, remembering why for the sign-in page."""
    logout_user()
    session.pop("seen_at", None)
    session.pop("signed_in_at", None)
    if reason:
        session["signed_out_because"] = reason


def duration(seconds: int) -> str:
    """A configured period in the largest whole unit: "8 hours", "7 days", "1 minute"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def init_login(app: Flask) -> None:
    """Bind Flask-Login; its remember cookie (unused) follows the session cookie's flags."""
    app.before_request(expire_stale_sign_in)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see your workspaces."
    login_manager.init_app(app)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", bool(app.config.get("SESSION_COOKIE_SECURE")))
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")


from . import links, two_factor, views  # noqa: E402,F401  (registers the routes)
