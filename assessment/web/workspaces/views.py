"""A consultant's workspaces: the list, a workspace's clients and members, a client's
workshops, and the branding its reports carry.

Every view loads its rows through the signed-in consultant's workspace scope, so an id
from another workspace answers 404 whatever the route.
"""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import database
from ...reporting.branding import DEFAULT_ACCENT, accent_notice
from ...services import audit
from ...services.accounts import memberships_of
from ...services.invitations import pending
from ...services.workspaces import set_branding
from .. import audit_trail
from ..forms import SignOutForm
from ..lookup import client_or_404, owned_scope, scope_or_404
from . import blueprint
from .forms import ROLE_CHOICES, BrandingForm, ClientForm, MemberForm, RemovalForm, ResetLinkForm, RoleForm


@blueprint.get("/workspaces/")
@login_required
def workspaces():
    """The consultant's workspaces."""
    memberships = memberships_of(database.session, current_user.account)
    return render_template("workspaces/workspaces.html", memberships=memberships, signout=SignOutForm())


@blueprint.get("/workspaces/<int:workspace_id>/")
@login_required
def workspace(workspace_id: int):
    """A workspace's clients, workshops and members."""
    return workspace_page(scope_or_404(workspace_id))


def workspace_page(
    scope,
    client_form: ClientForm | None = None,
    member_form: MemberForm | None = None,
    refusal: str | None = None,
):
    """The workspace page, with a refused form's errors or a refused removal when there is one."""
    return render_template(
        "workspaces/workspace.html",
        scope=scope,
        client_form=client_form or ClientForm(),
        member_form=member_form or MemberForm(),
        invitations=pending(scope) if scope.is_owner else [],
        reset_form=ResetLinkForm(),
        removal_form=RemovalForm(),
        role_form=RoleForm(),
        role_choices=ROLE_CHOICES,
        refusal=refusal,
        signout=SignOutForm(),
    )


@blueprint.post("/workspaces/<int:workspace_id>/clients")
@login_required
def add_client(workspace_id: int):
    """A new client in the workspace."""
    scope = scope_or_404(workspace_id)
    form = ClientForm()
    if not form.validate_on_submit():
        return workspace_page(scope, client_form=form), 422
    client = scope.add_client(
        form.name.data, form.industry.data or None, form.size_band.data or None, form.region.data or None
    )
    database.session.commit()
    return redirect(url_for(".client", workspace_id=workspace_id, client_id=client.id))


@blueprint.route("/workspaces/<int:workspace_id>/branding", methods=["GET", "POST"])
@login_required
def branding(workspace_id: int):
    """Owners set the logo and accent colour of the workspace's reports."""
    scope = owned_scope(workspace_id)
    workspace = scope.workspace
    form = BrandingForm(accent=workspace.accent or DEFAULT_ACCENT)
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("workspaces/branding.html", scope=scope, form=form), 422
        set_branding(scope, form.accent.data, form.checked_logo, remove_logo=form.remove_logo.data)
        audit_trail.record(
            audit.SETTINGS_CHANGED, workspace, target=workspace, detail={"changed": "branding"}
        )
        database.session.commit()
        return redirect(url_for(".branding", workspace_id=workspace_id, saved=1))
    saved = request.args.get("saved") == "1"
    notice = accent_notice(workspace.accent or DEFAULT_ACCENT)  # a light colour is printed darker
    return render_template(
        "workspaces/branding.html", scope=scope, form=form, saved=saved, accent_notice=notice
    )


@blueprint.get("/workspaces/<int:workspace_id>/logo.png")
@login_required
def logo(workspace_id: int):
    """The workspace's checked logo, for the branding page's preview."""
    workspace = scope_or_404(workspace_id).workspace
    if workspace.logo is None:
        abort(404)
    return Response(workspace.logo, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@blueprint.get("/workspaces/<int:workspace_id>/clients/<int:client_id>/")
@login_required
def client(workspace_id: int, client_id: int):
    """A client's workshops."""
    scope, found = client_or_404(workspace_id, client_id)
    workshops = scope.workshops(found)
    return render_template("workspaces/client.html", scope=scope, client=found, workshops=workshops)
