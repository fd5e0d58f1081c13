"""Owners' member management: invitations to hand over or withdraw, password-reset links,
changing a member's role and removing a member (each change logged with who made it).

Both link pages show a link once, right after it is made; only its token's hash is stored.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ...extensions import database
from ...persistence.workspaces import Membership
from ...services import audit
from ...services.accounts import WorkspaceScope
from ...services.invitations import invite, is_member, withdraw
from ...services.members import LastOwner, change_role, is_last_owner, remove_member
from ...services.password_resets import issue, may_issue
from .. import audit_trail, events
from ..lookup import owned_scope
from . import blueprint
from .forms import MemberForm, RemovalForm, RemoveMemberForm, ResetLinkForm, RoleForm
from .views import workspace_page


@blueprint.post("/workspaces/<int:workspace_id>/members")
@login_required
def add_member(workspace_id: int):
    """Owners invite an email address; the link is shown once, to hand over.

    The answer is the same whether or not the address has an account."""
    scope = owned_scope(workspace_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return workspace_page(scope, member_form=form), 422
    if is_member(scope, form.email.data):
        form.email.errors.append("This address is already a member of the workspace (see Members).")
        return workspace_page(scope, member_form=form), 422
    token = invite(scope, form.email.data, form.role.data, current_user.account)
    audit_trail.record(
        audit.MEMBER_INVITED,
        scope.workspace,
        target=audit.invitee(form.email.data),
        detail={"role": form.role.data},
    )
    database.session.commit()
    link = url_for("auth.invitation", token=token, _external=True)
    return render_template(
        "workspaces/invited.html", scope=scope, email=form.email.data, role=form.role.data, link=link
    )


def _owned_member(
    workspace_id: int, membership_id: int, form: FlaskForm
) -> tuple[WorkspaceScope, Membership]:
    """A member of a workspace the consultant owns, for a posted form (404, 403, 404, 400)."""
    scope = owned_scope(workspace_id)
    membership = scope.member(membership_id)
    if membership is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    return scope, membership


@blueprint.post("/workspaces/<int:workspace_id>/members/<int:membership_id>/reset-link")
@login_required
def reset_link(workspace_id: int, membership_id: int):
    """Owners issue a one-time password-reset link for a member, shown once to hand over."""
    scope, membership = _owned_member(workspace_id, membership_id, ResetLinkForm())
    member = membership.account
    if not may_issue(database.session, current_user.account, member):
        return render_template("workspaces/reset_link.html", scope=scope, member=member, link=None), 403
    token = issue(database.session, current_user.account, member)
    audit_trail.record(audit.PASSWORD_RESET_ISSUED, scope.workspace, target=member)
    database.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    return render_template("workspaces/reset_link.html", scope=scope, member=member, link=link)


def _last_owner_refusal(email: str) -> str:
    """Why the workspace's only owner cannot be removed."""
    return f"{email} is the only owner of this workspace: make another member an owner first."


@blueprint.route("/workspaces/<int:workspace_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@login_required
def remove(workspace_id: int, membership_id: int):
    """Owners take a member out, after a confirmation page naming them; the last owner stays.

    The workspace page's Remove button opens the confirmation (a page, so it works without
    JavaScript); only that page's form sends `confirm=yes`, and a post without it shows the
    confirmation again and removes nobody."""
    form = RemoveMemberForm()
    if request.method == "POST":
        scope, membership = _owned_member(workspace_id, membership_id, form)
    else:
        scope = owned_scope(workspace_id)
        membership = scope.member(membership_id)
        if membership is None:
            abort(404)
    member = membership.account
    if request.method == "GET" or form.confirm.data != "yes":
        last = is_last_owner(scope, membership)
        page = render_template(
            "workspaces/remove_member.html",
            scope=scope,
            membership=membership,
            member=member,
            yourself=member.id == current_user.account.id,
            refusal=_last_owner_refusal(member.email) if last else None,
            form=form,
        )
        return page, (409 if last else 200)
    try:
        remove_member(scope, membership)
    except LastOwner:
        return workspace_page(scope, refusal=_last_owner_refusal(member.email)), 409
    audit_trail.record(audit.MEMBER_REMOVED, scope.workspace, target=member, detail={"role": membership.role})
    database.session.commit()
    events.member_changed(scope.workspace.id, "member removed", member.email)
    if member.id == current_user.account.id:
        flash(f"You left {scope.workspace.name}.")
        return redirect(url_for(".workspaces"))
    flash(f"{member.name} ({member.email}) is no longer a member.")
    return redirect(url_for(".workspace", workspace_id=workspace_id))


@blueprint.post("/workspaces/<int:workspace_id>/members/<int:membership_id>/role")
@login_required
def set_role(workspace_id: int, membership_id: int):
    """Owners give a member another role; the workspace's last owner stays an owner."""
    form = RoleForm()
    scope = owned_scope(workspace_id)
    membership = scope.member(membership_id)
    if membership is None:
        abort(404)
    if not form.validate_on_submit():
        return workspace_page(scope, refusal="Choose Owner or Facilitator: the role is unchanged."), 422
    member = membership.account
    try:
        changed = change_role(scope, membership, form.role.data)
    except LastOwner:
        refusal = (
            f"{member.email} is the only owner of this workspace: make another member an owner first. "
            "Nothing was changed."
        )
        return workspace_page(scope, refusal=refusal), 409
    if changed:
        audit_trail.record(
            audit.ROLE_CHANGED, scope.workspace, target=member, detail={"role": form.role.data}
        )
    database.session.commit()
    if changed:
        events.member_changed(scope.workspace.id, f"role set to {form.role.data}", member.email)
        flash(f"{member.name} ({member.email}) is now {form.role.data}.")
    else:
        flash(f"{member.name} ({member.email}) was already {form.role.data}: nothing changed.")
    return redirect(url_for(".workspace", workspace_id=workspace_id))


@blueprint.post("/workspaces/<int:workspace_id>/invitations/<int:invitation_id>/withdraw")
@login_required
def withdraw_invitation(workspace_id: int, invitation_id: int):
    """Owners withdraw a pending invitation; its link then says it was withdrawn."""
    scope = owned_scope(workspace_id)
    if not RemovalForm().validate_on_submit():
        abort(400)
    if not withdraw(scope, invitation_id):
        abort(404)
    audit_trail.record(
        audit.INVITATION_WITHDRAWN, scope.workspace, target=audit.Target("invitation", invitation_id, "")
    )
    database.session.commit()
    flash("The invitation is withdrawn: its link no longer works.")
    return redirect(url_for(".workspace", workspace_id=workspace_id))
