"""Participants' views: join by code, link or QR code, and see the results once revealed.

Participants have no account. Joining makes them a Respondent of the workshop's
Assessment and ties their browser to it exactly as a self-assessor's, so they answer on
the assessment pages and keep a private resume link.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for

from ...extensions import database
from ...services.workshops import (
    JoinRefused,
    close_when_due,
    display_code,
    join,
    workshop_by_code,
    workshop_of,
)
from .. import attempts
from ..browser import browser_respondent, remember
from . import blueprint
from .forms import JoinCodeForm, JoinForm
from .live import live_results


def _client() -> str:
    """Who is trying codes, for rate limiting."""
    return attempts.client_of(request.remote_addr)


def _workshop_for_code(code: str):
    """The workshop a code belongs to; 429 after too many wrong codes, 404 for a wrong one.

    Past its allowance an address may still use a code it has joined with (see web.attempts)."""
    db = database.session
    workshop = workshop_by_code(db, code)
    if attempts.join_refused(db, _client(), workshop.join_code if workshop is not None else None):
        abort(429)
    if workshop is None:
        database.start_writing()
        attempts.join_failed(db, _client())
        db.commit()
    return workshop


@blueprint.route("/join", methods=["GET", "POST"])
def join_by_code():
    """Type the code shown in the room."""
    form = JoinCodeForm()
    if form.validate_on_submit():
        workshop = _workshop_for_code(form.code.data)
        if workshop is not None:
            return redirect(url_for(".join_workshop", code=workshop.join_code))
        form.code.errors.append("No workshop has this code. Check it against the screen and try again.")
    return render_template("workshops/join_code.html", form=form), (422 if form.errors else 200)


@blueprint.route("/join/<code>", methods=["GET", "POST"])
def join_workshop(code: str):
    """Pick a role (and give a name when asked), then answer."""
    workshop = _workshop_for_code(code)
    if workshop is None:
        abort(404)
    if _already_joined(workshop):
        return redirect(url_for("assess.resume_point"))
    close_when_due(database.session, workshop)
    form = JoinForm(workshop.roles)
    if workshop.is_open and form.validate_on_submit():
        try:
            respondent, token = join(database.session, workshop, form.role.data, form.name.data)
        except JoinRefused as refused:
            form.name.errors.append(str(refused))
        else:
            attempts.joined(database.session, _client(), workshop.join_code)
            database.session.commit()
            session.pop("token", None)
            remember(respondent, token)
            return redirect(url_for("assess.resume_point"))
    status = 409 if not workshop.is_open else (422 if form.errors else 200)
    return render_template(
        "workshops/join.html", workshop=workshop, form=form, code=display_code(workshop.join_code)
    ), status


def _already_joined(workshop) -> bool:
    """Whether this browser is already a participant of the workshop (a second scan of the QR code)."""
    respondent = browser_respondent()
    return respondent is not None and respondent.assessment_id == workshop.assessment_id


@blueprint.get("/workshop/results")
def room_results():
    """The room's results, once the facilitator reveals them (never anyone's identity)."""
    respondent = browser_respondent()
    workshop = workshop_of(database.session, respondent) if respondent is not None else None
    if workshop is None:
        abort(403)
    results = live_results(workshop) if workshop.results_visible else None
    return render_template("workshops/room_results.html", workshop=workshop, results=results)


@blueprint.app_context_processor
def participant_workshop() -> dict:
    """`room_workshop()` for templates: the workshop this browser's participant is in, or None.

    A function, so the lookup runs only on the pages that ask (the assessment pages)."""

    def room_workshop():
        """The current participant's workshop (None for a self-assessor or a stranger)."""
        respondent = browser_respondent()
        return workshop_of(database.session, respondent) if respondent is not None else None

    return {"room_workshop": room_workshop}
