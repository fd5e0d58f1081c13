"""Pages that a link with a token opens: an invitation, a password reset.

A wrong token counts against the address like a wrong resume link (a 192-bit token
cannot be guessed, but nobody gets to try millions). A link that was valid once but is
used, replaced or expired says so, with a 410.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from ...extensions import database
from ...persistence.ratelimit import record_failure, too_many_failures
from ...services import audit
from ...services.accounts import normalise_email
from ...services.invitations import (
    PENDING,
    InvitationClosed,
    NotTheInvitee,
    accept,
    decline,
    invitation_by_token,
    state,
)
from ...services.password_resets import ResetClosed, is_usable, reset_by_token, use
from .. import audit_trail
from ..forms import SignOutForm
from . import blueprint
from .forms import InvitationForm, NewPasswordForm

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
    if current != PENDING:
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
    if form.answer.data == "accept":
        audit_trail.record(
            audit.MEMBER_ADDED, membership.workspace_id, target=account, detail={"role": membership.role}
        )
    database.session.commit()
    if form.answer.data == "accept":
        return redirect(url_for("workspaces.workspace", workspace_id=membership.workspace_id))
    flash(f"You declined the invitation to {found.workspace.name}.")
    return redirect(url_for("workspaces.workspaces"))


@blueprint.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """A member sets a new password through the link an owner issued; then signs in with it."""
    found = found_or_404(reset_by_token, token)
    if not is_usable(found):
        return render_template("auth/reset.html", closed=True), 410
    form = NewPasswordForm()
    form.email = found.account.email
    if form.validate_on_submit():
        try:
            use(found, form.password.data)
        except ResetClosed:  # used in another tab meanwhile
            return render_template("auth/reset.html", closed=True), 410
        audit_trail.record(audit.PASSWORD_RESET, actor=found.account, target=found.account)
        database.session.commit()
        logout_user()  # whoever was signed in here, the account's sessions have all ended
        session.clear()
        flash("Your new password is set. Sign in with it.")
        return redirect(url_for(".login"))
    status = 422 if form.errors else 200
    return render_template("auth/reset.html", form=form, email=found.account.email), status
