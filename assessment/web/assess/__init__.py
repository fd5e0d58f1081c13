"""The self-assessment: profile, one page per dimension, review, results, retake."""

from flask import Blueprint

blueprint = Blueprint("assess", __name__, url_prefix="/assessment")


from ..browser import end_idle_answering  # noqa: E402
from . import evidence, link, plan, portfolio, retake, reviewers, views  # noqa: E402,F401  (registers the routes)

blueprint.before_app_request(end_idle_answering)
