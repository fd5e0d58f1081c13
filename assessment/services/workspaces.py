"""What a workspace's owners change about it: the branding its reports carry."""

from __future__ import annotations

from .accounts import WorkspaceScope


class NotOwner(PermissionError):
    """Only a workspace's owners may change this."""


def set_branding(
    scope: WorkspaceScope, accent: str, logo: bytes | None = None, remove_logo: bool = False
) -> None:
    """Set the accent colour and, when given, a checked logo (or remove the logo)."""
    if not scope.is_owner:
        raise NotOwner("only the workspace's owners change its branding")
    workspace = scope.workspace
    if remove_logo:
        workspace.logo = None
    elif logo is not None:
        workspace.logo = logo
    workspace.accent = accent.lower()
