"""A workspace's sign-in rule: whether its members must use two-factor sign-in.

Only owners change it, and an owner can require it only once their own is on, so the
rule never shuts out the owner who set it. A member without it who opens the workspace
is sent to set it up (web.lookup).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField

from ...extensions import database
from ...services import audit
from ...services.two_factor import OwnerWithoutTwoFactor, set_requirement
from .. import audit_trail
from ..lookup import owned_scope
from . import blueprint


class SignInRuleForm(FlaskForm):
    """The one setting: require two-factor sign-in of every member."""

    require_two_factor = BooleanField("Members must use two-factor sign-in to open this workspace")


@blueprint.route("/workspaces/<int:workspace_id>/sign-in", methods=["GET", "POST"])
@login_required
def sign_in_rule(workspace_id: int):
    """Owners require (or stop requiring) two-factor sign-in of the workspace's members."""
    scope = owned_scope(workspace_id)
    workspace = scope.workspace
    form = SignInRuleForm()  # a post without the box ticked (or with no field at all) stops requiring it
    if request.method == "GET":
        form.require_two_factor.data = workspace.require_two_factor
    refusal = None
    if form.validate_on_submit():
        try:
            set_requirement(scope, bool(form.require_two_factor.data))
        except OwnerWithoutTwoFactor:
            form.require_two_factor.data = workspace.require_two_factor  # show what stays saved
            refusal = (
                "Turn on two-factor sign-in for your own account first: then the rule cannot lock you out."
            )
        else:
            rule = "required" if form.require_two_factor.data else "not required"
            audit_trail.record(
                audit.SETTINGS_CHANGED, workspace, target=workspace, detail={"two_factor_sign_in": rule}
            )
            database.session.commit()
            return redirect(url_for(".sign_in_rule", workspace_id=workspace_id, saved=1))
    status = 409 if refusal else (422 if form.errors else 200)
    page = render_template(
        "workspaces/sign_in_rule.html",
        scope=scope,
        form=form,
        refusal=refusal,
        members=scope.members(),
        saved=request.args.get("saved") == "1" and request.method == "GET",
    )
    return page, status
