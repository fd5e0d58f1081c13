"""Workshops: a client's workshop from creation to close, its live and presenter views,
exports and reports, and participants joining the room."""

from flask import Blueprint

blueprint = Blueprint("workshops", __name__)


from . import downloads, invitations, peers, plan, portfolio, review, room, settings, views  # noqa: E402,F401  (registers the routes)
