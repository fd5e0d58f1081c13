"""Owners' member management: invitations to hand over, and password-reset links.

Both pages show a link once, right after it is made; only its token's hash is stored.
"""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user, login_required

from ...extensions import database
from ...services.invitations import invite, is_member
from ...services.password_resets import issue, may_issue
from . import blueprint
from .forms import MemberForm, ResetLinkForm
from .scope import scope_or_404
from .views import workspace_page


@blueprint.post("/workspaces/<int:workspace_id>/members")
@login_required
def add_member(workspace_id: int):
    """Owners invite an email address; the link is shown once, to hand over.

    The answer is the same whether or not the address has an account."""
    scope = scope_or_404(workspace_id)
    if not scope.is_owner:
        abort(403)
    form = MemberForm()
    if not form.validate_on_submit():
        return workspace_page(scope, member_form=form), 422
    if is_member(scope, form.email.data):
        form.email.errors.append("This address is already a member of the workspace (see Members).")
        return workspace_page(scope, member_form=form), 422
    token = invite(scope, form.email.data, form.role.data, current_user.account)
    database.session.commit()
    link = url_for("auth.invitation", token=token, _external=True)
    return render_template(
        "workshops/invited.html", scope=scope, email=form.email.data, role=form.role.data, link=link
    )


@blueprint.post("/workspaces/<int:workspace_id>/members/<int:membership_id>/reset-link")
@login_required
def reset_link(workspace_id: int, membership_id: int):
    """Owners issue a one-time password-reset link for a member, shown once to hand over."""
    scope = scope_or_404(workspace_id)
    if not scope.is_owner:
        abort(403)
    membership = scope.member(membership_id)
    if membership is None:
        abort(404)
    if not ResetLinkForm().validate_on_submit():
        abort(400)
    member = membership.account
    if not may_issue(database.session, current_user.account, member):
        return render_template("workshops/reset_link.html", scope=scope, member=member, link=None), 403
    token = issue(database.session, current_user.account, member)
    database.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    return render_template("workshops/reset_link.html", scope=scope, member=member, link=link)
