"""The audit log from the web: events filled in with who is signed in and their address.

A view that changes something calls `record` before its commit, so the event is stored
by the same commit as the change (and a refused or rolled-back change leaves none). A
download calls `on_download` instead: the event is written when the file itself goes out
(a 200 answer), not when a render job's "preparing" page answers, so refreshing that page
records nothing, and a download that fails records nothing either.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request
from flask_login import current_user

from ..extensions import database
from ..persistence.workspaces import Account, Workspace
from ..services import audit

#: Stands for "the signed-in consultant" as an event's actor.
SIGNED_IN = object()


def _signed_in() -> Account | None:
    """The signed-in consultant's account, if any."""
    return getattr(current_user, "account", None) if current_user else None


def record(
    kind: str,
    workspace: Workspace | int | None = None,
    *,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    actor: Any = SIGNED_IN,
) -> None:
    """Add an event to this request's session; the view's commit stores it."""
    audit.record(
        database.session,
        kind,
        workspace=workspace,
        actor=_signed_in() if actor is SIGNED_IN else actor,
        target=target,
        detail=detail,
        ip=request.remote_addr,
    )


def on_download(kind: str, workspace: Workspace | int, *, target: Any = None, detail: dict[str, Any]) -> None:
    """Record the event once this request's file goes out (see the module's docstring)."""
    g.setdefault("audit_downloads", []).append((kind, workspace, target, detail))


def _record_downloads(response: Response) -> Response:
    """Write the events of a download that went out, in a transaction of their own."""
    pending = g.pop("audit_downloads", None)
    if pending and response.status_code == 200:
        database.start_writing()
        for kind, workspace, target, detail in pending:
            record(kind, workspace, target=target, detail=detail)
        database.session.commit()
    return response


def init_app(app: Flask) -> None:
    """Write downloads' events after their response is made."""
    app.after_request(_record_downloads)


def failed_sign_in(email: str) -> None:
    """Record a refused sign-in: the address tried (and its account, if there is one), never the password."""
    target = audit.account_named(database.session, email)
    record(audit.SIGN_IN_FAILED, target=target, actor=None)
