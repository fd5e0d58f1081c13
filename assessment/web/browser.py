"""Which respondent this browser answers for: the id its signed session cookie holds.

The assessment pages and a workshop's join and results pages all ask it, so it is
read here, outside any one blueprint (blueprints do not import each other).
"""

from __future__ import annotations

from flask import session

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
