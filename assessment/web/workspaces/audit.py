"""A workspace's audit log, for its owners: the events newest first, filtered, and as CSV.

The filters travel in the query string (a GET form without a CSRF token: it changes
nothing), so a filtered page or export can be bookmarked. Dates are UTC days, both ends
included, as the times on the page are UTC.
"""

from __future__ import annotations

import csv
import io

from flask import render_template, request
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField

from ...extensions import database
from ...scoring.cells import cell
from ...services import audit
from .. import audit_trail
from ..forms import as_choices
from ..lookup import owned_scope
from ..reports import CSV, download
from . import blueprint

PER_PAGE = 50
CSV_COLUMNS = (
    "occurred_at_utc",
    "event",
    "kind",
    "actor_email",
    "actor_id",
    "target_type",
    "target_id",
    "target",
    "ip_address",
    "detail",
)


class AuditFilterForm(FlaskForm):
    """Which events to list: one kind or all, from and to a day (UTC, both included)."""

    class Meta:
        """A GET form that changes nothing, so it carries no CSRF token."""

        csrf = False

    kind = SelectField("Event", choices=as_choices((("", "All events"), *audit.KINDS.items())), default="")
    since = DateField("From (UTC)", validators=[], render_kw={"placeholder": "YYYY-MM-DD"})
    until = DateField("To (UTC)", validators=[], render_kw={"placeholder": "YYYY-MM-DD"})

    def validate_kind(self, field) -> None:
        """A kind outside the vocabulary gets a message naming the choice."""
        if field.errors:
            field.errors[:] = ["Choose an event from the list."]

    def validate_since(self, field) -> None:
        """An unreadable date gets a message saying what to type."""
        _readable_date(field, "start")

    def validate_until(self, field) -> None:
        """An unreadable date gets a message; an end before the start is refused."""
        _readable_date(field, "end")
        if field.data and self.since.data and field.data < self.since.data:
            field.errors[:] = ["The end date is before the start date: choose a later one."]

    def event_filter(self) -> audit.EventFilter:
        """The service's filter for what the form holds."""
        return audit.EventFilter(
            kinds=(self.kind.data,) if self.kind.data else (), since=self.since.data, until=self.until.data
        )


def _readable_date(field, which: str) -> None:
    """Replace WTForms' message for a date it could not parse (an empty one is no filter)."""
    typed = field.raw_data[0] if field.raw_data else ""
    if not typed:
        field.errors[:] = []
        field.data = None
    elif field.data is None:
        field.errors[:] = [f"Enter the {which} date as YYYY-MM-DD, such as 2026-03-31."]


@blueprint.get("/workspaces/<int:workspace_id>/audit")
@login_required
def audit_log(workspace_id: int):
    """The workspace's events, newest first, a page at a time (owners only)."""
    scope = owned_scope(workspace_id)
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        return _page(scope, form), 422
    number = request.args.get("page", 1, type=int)
    events = audit.workspace_events(database.session, workspace_id, form.event_filter(), number, PER_PAGE)
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return _page(scope, form, events, query)


def _page(
    scope, form: AuditFilterForm, events: audit.EventPage | None = None, query: dict | None = None
) -> str:
    """The log page: the filters, then a page of events (none while the filters are refused)."""
    return render_template(
        "workspaces/audit.html",
        scope=scope,
        form=form,
        page=events,
        query=query or {},
        kinds=audit.KINDS,
        occurred=audit.occurred_utc,
        detail_text=audit.detail_text,
    )


@blueprint.get("/workspaces/<int:workspace_id>/audit.csv")
@login_required
def audit_csv(workspace_id: int):
    """The filtered events as CSV (cells a spreadsheet would run as formulas are made text)."""
    scope = owned_scope(workspace_id)
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        return _page(scope, form), 422
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in audit.all_workspace_events(database.session, workspace_id, form.event_filter()):
        writer.writerow([cell(str(value)) for value in _row(event)])
    audit_trail.on_download(
        audit.EXPORT, scope.workspace, target=scope.workspace, detail={"export": "audit log (CSV)"}
    )
    return download(out.getvalue().encode(), f"workspace-{workspace_id}-audit-log.csv", CSV, "audit-log.csv")


def _row(event) -> tuple:
    """One event's CSV cells, in CSV_COLUMNS' order (an absent value is empty)."""
    return (
        audit.occurred_utc(event).isoformat(timespec="seconds"),
        audit.KINDS.get(event.kind, event.kind),
        event.kind,
        event.actor_label or "",
        event.actor_id if event.actor_id is not None else "",
        event.target_type or "",
        event.target_id if event.target_id is not None else "",
        event.target_label or "",
        event.ip or "",
        audit.detail_text(event),
    )
