"""A workshop's downloads: the answers as CSV and JSON, the group report, the Excel figures,
the slides and every participant's report as a ZIP.

Each is read through the signed-in consultant's workspace scope (another workspace's id
answers 404) and recorded in the audit log when the file goes out.
"""

from __future__ import annotations

from flask import abort, json
from flask_login import login_required

from ...extensions import database
from ...services import audit
from ...services.workshops import answers_by_respondent
from .. import audit_trail
from ..jobs import deliver
from ..lookup import workshop_or_404
from ..reports import CSV, PPTX, XLSX, ZIP, download, workspace_branding
from . import blueprint
from .export import answers_csv, answers_json, group_deck_pptx, group_report, group_workbook_xlsx
from .participant_reports import participant_reports


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/answers.csv")
@login_required
def export_csv(workspace_id: int, workshop_id: int):
    """Every answer, one row each."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    name = f"workshop-{workshop.id}-answers.csv"
    audit_trail.on_download(audit.EXPORT, workspace_id, target=workshop, detail={"export": "answers (CSV)"})
    return download(answers_csv(workshop).encode(), name, CSV, "answers.csv")


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/answers.json")
@login_required
def export_json(workspace_id: int, workshop_id: int):
    """The group answers file, ready for `assessment score`."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    body = json.dumps(answers_json(workshop)).encode()
    audit_trail.on_download(audit.EXPORT, workspace_id, target=workshop, detail={"export": "answers (JSON)"})
    return download(body, f"workshop-{workshop.id}-answers.json", "application/json", "answers.json")


#: Why a room with no answers has no group report yet (its figures would all be empty).
EMPTY_ROOM = "Nobody in the room has answered yet: the group report is made from the participants' answers."


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/report.pdf")
@login_required
def report(workspace_id: int, workshop_id: int):
    """The group report as PDF, or (with a render queue) the page that follows its job."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    if not any(answers for _, answers in answers_by_respondent(database.session, workshop)):
        abort(409, description=EMPTY_ROOM)
    prepared = group_report(workshop, workspace_branding(scope.workspace))
    params = {"workshop_id": workshop.id}
    audit_trail.on_download(
        audit.REPORT_DOWNLOADED, workspace_id, target=workshop, detail={"report": "group report (PDF)"}
    )
    return deliver(prepared, "group_report", params, f"workshop-{workshop.id}-report.pdf")


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/workbook.xlsx")
@login_required
def workbook(workspace_id: int, workshop_id: int):
    """The workshop's figures and every participant's answers as an Excel workbook."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    content = group_workbook_xlsx(workshop)
    audit_trail.on_download(audit.EXPORT, workspace_id, target=workshop, detail={"export": "figures (Excel)"})
    return download(content, f"workshop-{workshop.id}-figures.xlsx", XLSX, "figures.xlsx")


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/deck.pptx")
@login_required
def deck(workspace_id: int, workshop_id: int):
    """The room's figures as a PowerPoint deck in the workspace's branding."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    content = group_deck_pptx(workshop, workspace_branding(scope.workspace))
    audit_trail.on_download(
        audit.EXPORT, workspace_id, target=workshop, detail={"export": "slides (PowerPoint)"}
    )
    return download(content, f"workshop-{workshop.id}-slides.pptx", PPTX, "slides.pptx")


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/participant-reports.zip")
@login_required
def participant_reports_zip(workspace_id: int, workshop_id: int):
    """Every participant's own report in one ZIP, or (with a render queue) the page that follows its job."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    name = f"workshop-{workshop.id}-participant-reports.zip"
    audit_trail.on_download(
        audit.REPORT_DOWNLOADED,
        workspace_id,
        target=workshop,
        detail={"report": "participants' reports (ZIP)"},
    )
    params = {"workshop_id": workshop.id}
    return deliver(participant_reports(workshop), "participant_reports", params, name, ZIP, "reports.zip")
