"""Workshops: the consultant's workspaces, clients and live view, and participants' joining."""

from flask import Blueprint, session

from ...extensions import database
from ...persistence import Respondent
from ...workshops import close_if_due, is_due, workshop_of

blueprint = Blueprint("workshops", __name__)


@blueprint.before_app_request
def close_a_due_workshop() -> None:
    """A participant's workshop past its close date closes before their request is served."""
    respondent_id = session.get("respondent")
    if not isinstance(respondent_id, int):
        return
    respondent = database.session.get(Respondent, respondent_id)
    workshop = workshop_of(database.session, respondent) if respondent is not None else None
    if workshop is not None:
        close_when_due(workshop)


def close_when_due(workshop) -> None:
    """Close a workshop past its close date, in a write transaction of its own (a GET reads
    in a deferred transaction, which must not upgrade to a write on SQLite)."""
    if is_due(workshop):
        database.start_writing()
        close_if_due(workshop)
        database.session.commit()


from . import cohorts, members, room, views  # noqa: E402,F401  (registers the routes)
