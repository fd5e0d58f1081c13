"""Which respondent this browser answers for: the id its signed session cookie holds.

The assessment pages and a workshop's join and results pages all tie a browser to a
respondent, ask which one it is, and untie it, so that lives here, outside any one
blueprint (blueprints do not import each other).
"""

from __future__ import annotations

import time

from flask import current_app, session

from ..extensions import database
from ..persistence import Respondent


def browser_respondent_id() -> int | None:
    """The id of the respondent this browser answers for, if any."""
    respondent_id = session.get("respondent")
    return respondent_id if isinstance(respondent_id, int) else None


def browser_respondent() -> Respondent | None:
    """The respondent this browser answers for, if any (and still stored)."""
    respondent_id = browser_respondent_id()
    return database.session.get(Respondent, respondent_id) if respondent_id is not None else None


#: Why a browser no longer answers; the answers themselves are always kept.
ENDED = {
    "idle": "This device stopped answering for you after a long pause, to protect your answers "
    "on shared computers. Everything you saved is kept: open your private link to continue.",
    "replaced": "Your private link was replaced, so this device no longer answers for you. "
    "Everything you saved is kept: open the new link to continue.",
}


def remember(respondent: Respondent, token: str) -> None:
    """Tie this browser to a respondent (the token is kept to show the resume link again)."""
    session["respondent"] = respondent.id
    session["token"] = token
    session["answering_since"] = session["answering_seen"] = int(time.time())
    session.pop("answering_ended", None)
    session.permanent = True


def forget(reason: str) -> None:
    """Untie this browser from its respondent, remembering why for the next page."""
    for key in ("respondent", "token", "newer_token", "answering_since", "answering_seen"):
        session.pop(key, None)
    session["answering_ended"] = reason


def end_idle_answering() -> None:
    """Untie a browser idle longer than RESPONDENT_IDLE_TIMEOUT or tied longer than RESPONDENT_MAX_AGE.

    A browser tied before these stamps existed starts counting now."""
    if "respondent" not in session:
        return
    now = int(time.time())
    seen, since = session.get("answering_seen"), session.get("answering_since")
    if not isinstance(seen, int) or not isinstance(since, int):
        session["answering_since"] = session["answering_seen"] = now
        return
    config = current_app.config
    if now - seen > config["RESPONDENT_IDLE_TIMEOUT"] or now - since > config["RESPONDENT_MAX_AGE"]:
        forget("idle")
    elif now - seen >= 60:  # rewrite the cookie at most once a minute
        session["answering_seen"] = now
