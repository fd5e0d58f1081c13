"""Workshops: the consultant's workspaces, clients and live view, and participants' joining."""

from flask import Blueprint

blueprint = Blueprint("workshops", __name__)


from . import cohorts, members, room, views  # noqa: E402,F401  (registers the routes)
