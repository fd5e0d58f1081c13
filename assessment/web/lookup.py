"""The signed-in consultant's workspace and workshop for a request, or 404.

A workspace that requires two-factor sign-in sends a member without it to set it up,
whatever page of the workspace they open."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask_login import current_user

from ..extensions import database
from ..persistence.workspaces import Client, Workshop
from ..services.accounts import WorkspaceScope, workspace_scope
from ..services.two_factor import blocked_by_requirement
from . import events


def scope_or_404(workspace_id: int) -> WorkspaceScope:
    """The consultant's scope in this workspace; 404 (not 403) so ids of others reveal nothing."""
    scope = workspace_scope(database.session, current_user.account, workspace_id)
    if scope is None:
        events.refused(f"workspace {workspace_id} refused")
        abort(404)
    if blocked_by_requirement(scope):  # the workspace requires two-factor sign-in: set it up
        abort(redirect(url_for("auth.two_factor", workspace=workspace_id), 303))
    return scope


def owned_scope(workspace_id: int) -> WorkspaceScope:
    """The consultant's scope in a workspace they own; 404 when not a member, 403 when a
    member but not an owner."""
    scope = scope_or_404(workspace_id)
    if not scope.is_owner:
        events.refused(f"workspace {workspace_id}: owners only")
        abort(403)
    return scope


def _found(item, kind: str, item_id: int):
    """The item a scope found, or 404 (logged as a refused id) when it found none."""
    if item is None:
        events.refused(f"{kind} {item_id} refused")
        abort(404)
    return item


def client_or_404(workspace_id: int, client_id: int) -> tuple[WorkspaceScope, Client]:
    """A client of one of the consultant's workspaces."""
    scope = scope_or_404(workspace_id)
    return scope, _found(scope.client(client_id), "client", client_id)


def workshop_or_404(workspace_id: int, workshop_id: int) -> tuple[WorkspaceScope, Workshop]:
    """A workshop of one of the consultant's workspaces."""
    scope = scope_or_404(workspace_id)
    return scope, _found(scope.workshop(workshop_id), "workshop", workshop_id)
