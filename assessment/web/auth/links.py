"""Pages that a link with a token opens: an invitation to a workspace.

A wrong token counts against the address like a wrong resume link (a 192-bit token
cannot be guessed, but nobody gets to try millions). A link that was valid once but is
used, replaced or expired says so, with a 410.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...accounts import normalise_email
from ...extensions import database
from ...invitations import PENDING as INVITATION_PENDING
from ...invitations import (
    InvitationClosed,
    NotTheInvitee,
    accept,
    decline,
    invitation_by_token,
    state,
)
from ...persistence.ratelimit import record_failure, too_many_failures
from . import blueprint
from .forms import InvitationForm, SignOutForm

WRONG_LINKS_ALLOWED = 100
WRONG_LINKS_WINDOW = timedelta(minutes=10)


def found_or_404(lookup, token: str):
    """The row a link's token names; 404 (counted) when there is none, 429 after too many."""
    db = database.session
    client = request.remote_addr or "unknown"
    if too_many_failures(db, "link", client, WRONG_LINKS_ALLOWED, WRONG_LINKS_WINDOW):
        abort(429)
    row = lookup(db, token)
    if row is None:
        database.start_writing()
        record_failure(db, "link", client)
        db.commit()
        abort(404)
    return row


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """The invitee's page: sign in with the invited address, then accept or decline."""
    found = found_or_404(invitation_by_token, token)
    current = state(found)
    if current != INVITATION_PENDING:
        return render_template("auth/invitation.html", invitation=found, closed=current), 410
    if not current_user.is_authenticated:
        return render_template("auth/invitation.html", invitation=found, next=request.path)
    account = current_user.account
    if normalise_email(account.email) != found.email:
        page = render_template("auth/invitation.html", invitation=found, mismatch=True, signout=SignOutForm())
        return page, 403
    form = InvitationForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/invitation.html", invitation=found, form=form), status
    try:
        if form.answer.data == "accept":
            membership = accept(database.session, found, account)
        else:
            decline(found, account)
    except (InvitationClosed, NotTheInvitee):  # answered in another tab meanwhile
        abort(409)
    database.session.commit()
    if form.answer.data == "accept":
        return redirect(url_for("workshops.workspace", workspace_id=membership.workspace_id))
    flash(f"You declined the invitation to {found.workspace.name}.")
    return redirect(url_for("workshops.workspaces"))
