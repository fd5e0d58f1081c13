"""The landing page and the health check."""

import os
import shutil

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from markupsafe import Markup
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import current_catalog, current_methodology, database
from ..persistence import current_revision, head_revision
from ..questionnaire import UnknownQuestionnaire
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
    html = current_methodology(questionnaire)
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
    full = full_disks()
    if full:
        return jsonify(status="unavailable", reason=f"the disk is nearly full: {', '.join(full)}"), 503
    return jsonify(status="ok")


def full_disks() -> list[str]:
    """The folders the app writes to (instance, SQLite file, report cache) with less than
    MIN_FREE_DISK_BYTES free, named by the setting that places them."""
    config = current_app.config
    folders = {"instance folder": current_app.instance_path, "REPORT_CACHE_DIR": config["REPORT_CACHE_DIR"]}
    url = make_url(config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        folders["DATABASE_URL"] = os.path.dirname(os.path.abspath(url.database))
    minimum = config["MIN_FREE_DISK_BYTES"]
    full = []
    for name, folder in folders.items():
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            continue  # not created yet: nothing written there so far
        if free < minimum:
            full.append(f"{name} ({free // (1024 * 1024)} MB free)")
    return full
