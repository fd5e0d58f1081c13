"""Error pages that say what happened in plain words."""

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from ..reporting import RenderTimeout
from . import events
from .uploads import file_limit

EXPLANATIONS = {
    400: "The request could not be understood. If you submitted a form, go back and try again.",
    403: "You do not have access to this page. To continue an assessment, open your private link.",
    409: "This assessment is closed, so its answers can no longer change.",
    404: "There is no page at this address. Check the link, or start from the home page.",
    405: "This page cannot be used that way.",
    413: "What you sent is larger than this service accepts.",
    429: "Too many attempts. Wait a minute and try again.",
    500: "Something went wrong on our side. Your saved answers are safe; please try again.",
}


def render_error(error: HTTPException):
    """Render any HTTP error with the shared error template, or as JSON for the autosave script.

    A description given where the error was raised is more specific than the generic one."""
    code = error.code or 500
    if code == 429:
        events.refused("too many attempts (429)")
    own = error.description if error.description != type(error).description else None
    explanation = own or EXPLANATIONS.get(code, error.description)
    if request.is_json:
        return jsonify(error=error.name.lower().replace(" ", "-"), message=explanation), code
    return render_template("errors/error.html", code=code, name=error.name, explanation=explanation), code


def render_unexpected(error: Exception):
    """Unhandled exceptions become a plain 500 page (Flask has logged the traceback)."""
    return render_error(InternalServerError(original_exception=error))


def render_csrf_error(error: CSRFError):
    """A missing or stale CSRF token: JSON for the autosave script, a page for forms."""
    events.refused(f"CSRF check failed ({error.description})")
    if request.is_json:
        return jsonify(error="csrf", message="The page's security token is missing or stale."), 400
    explanation = (
        "This form was open too long or in another session. Go back, reload the page and submit again."
    )
    return render_template("errors/error.html", code=400, name="Form expired", explanation=explanation), 400


def render_too_large(error: RequestEntityTooLarge):
    """A body over the limit: say what the limit is, as JSON for the autosave script."""
    limit = file_limit()
    if request.is_json:
        return jsonify(error="too-large", message="This answer is larger than this service accepts."), 413
    if limit is None:
        return render_error(error)
    explanation = (
        f"The file is far larger than this page accepts: at most {limit // (1024 * 1024)} MB. "
        "Go back and choose a smaller file. Nothing was saved."
    )
    return render_template("errors/error.html", code=413, name="File too large", explanation=explanation), 413


def render_database_busy(error: OperationalError):
    """The database is locked past the busy timeout, or unreachable: a 503 to retry, not a 500."""
    current_app.logger.warning("database unavailable: %s", str(error.orig or error).splitlines()[0][:200])
    message = "The service is busy. Your saved answers are safe; try again in a moment."
    headers = {"Retry-After": "5"}
    if request.is_json:
        return jsonify(error="busy", message=message), 503, headers
    page = render_template("errors/error.html", code=503, name="Busy, try again", explanation=message)
    return page, 503, headers


def render_timeout(error: RenderTimeout):
    """A report that outlasted REPORT_TIME_LIMIT: a 503 that says to retry, not a 500."""
    current_app.logger.warning("report render stopped: %s", error)
    explanation = (
        "The report took too long to prepare, so we stopped. Your answers are safe. "
        "Try again in a minute; if it keeps happening, tell the person who runs this service."
    )
    page = render_template("errors/error.html", code=503, name="Report not ready", explanation=explanation)
    return page, 503, {"Retry-After": "60"}


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(RenderTimeout, render_timeout)
    app.register_error_handler(OperationalError, render_database_busy)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(RequestEntityTooLarge, render_too_large)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InternalServerError, render_unexpected)
