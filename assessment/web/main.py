"""The landing page and the health check."""

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import current_catalog, database
from ..persistence import current_revision, head_revision
from ..questionnaire import UnknownQuestionnaire
from ..questionnaire.methodology import methodology_html
from ..scoring import questions_asked

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
def index():
    """The questionnaires on offer, with their dimensions."""
    served = current_catalog().questionnaires.values()
    questionnaires = sorted((q for q in served if q.listed), key=lambda q: q.title)
    asked = {q.id: questions_asked(q) for q in questionnaires}
    return render_template("main/index.html", questionnaires=questionnaires, asked=asked)


@blueprint.get("/methodology")
def methodology():
    """How scores, levels and benchmarks are computed, and the limits of a self-assessment."""
    questionnaire = None
    if wanted := request.args.get("questionnaire"):
        try:
            questionnaire = current_catalog().get(wanted)
        except UnknownQuestionnaire:
            abort(404)
    html = methodology_html(Path(current_app.config["QUESTIONNAIRES_DIR"]), questionnaire)
    if html is None:
        abort(404)
    # Rendered from our own Markdown file with raw HTML disabled.
    return render_template("main/methodology.html", body=Markup(html))  # noqa: S704


@blueprint.get("/healthz")
def healthz():
    """200 when the app and its database answer; 503 with the reason otherwise."""
    try:
        revision = current_revision(database.engine)
    except SQLAlchemyError as error:
        current_app.logger.warning("health check: database unreachable: %s", error.__class__.__name__)
        return jsonify(status="unavailable", reason="the database does not answer"), 503
    if revision != head_revision():
        return jsonify(
            status="unavailable", reason="the database schema is not up to date: run 'assessment init'"
        ), 503
    return jsonify(status="ok")
