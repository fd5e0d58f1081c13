"""Replacing the private resume link, for a respondent who fears someone else has it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from ...extensions import database
from ...services import answering
from ..browser import remember
from . import blueprint
from .context import current_visit
from .forms import ReplaceLinkForm


@blueprint.post("/link")
def replace_link():
    """A new private link for this respondent; the old one stops working on every device."""
    visit = current_visit()
    if not ReplaceLinkForm().validate_on_submit():
        abort(400)
    database.start_writing()
    token = answering.replace_link(visit.respondent)
    database.session.commit()
    remember(visit.respondent, token)
    flash("Your private link was replaced: the old link no longer works. Keep the new one below.")
    return redirect(url_for(".resume_point"))
