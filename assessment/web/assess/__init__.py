"""The self-assessment: profile, one page per dimension, review, results, retake."""

from flask import Blueprint

blueprint = Blueprint("assess", __name__, url_prefix="/assessment")

from . import views  # noqa: E402,F401  (registers the routes)
