"""Workspaces: a consultancy's clients, members, branding and peer files."""

from flask import Blueprint

blueprint = Blueprint("workspaces", __name__)


from . import audit, members, peer_files, sign_in_rules, views  # noqa: E402,F401  (registers the routes)
