"""The consultant's views of a workshop: creating it, the live and presenter views, closing
and reopening, the consensus round, exports and reports.

Every view loads its rows through the signed-in consultant's workspace scope, so an id
from another workspace answers 404 whatever the route.
"""

from __future__ import annotations

from flask import Response, abort, json, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from ...extensions import current_catalog, database, questionnaire_for
from ...services import audit
from ...services.workshops import (
    answers_by_respondent,
    close,
    close_when_due,
    create_workshop,
    previous_workshop,
    record_agreed,
    reopen,
    show_results,
)
from .. import audit_trail
from ..jobs import deliver
from ..lookup import client_or_404, workshop_or_404
from ..reports import CSV, PPTX, XLSX, ZIP, download, workspace_branding
from . import blueprint
from .export import (
    answers_csv,
    answers_json,
    group_deck_pptx,
    group_report,
    group_workbook_xlsx,
    join_qr_svg,
)
from .forms import (
    AgreedForm,
    StatusForm,
    VisibilityForm,
    WorkshopForm,
)
from .live import dimension_trend, live_etag, live_results
from .participant_reports import participant_reports
from .peers import peers_panel
from .plan import what_changed_since
from .review import position_evidence, review_line


@blueprint.route(
    "/workspaces/<int:workspace_id>/clients/<int:client_id>/workshops/new", methods=["GET", "POST"]
)
@login_required
def new_workshop(workspace_id: int, client_id: int):
    """The settings of a new workshop for a client."""
    scope, found = client_or_404(workspace_id, client_id)
    form = WorkshopForm()
    if form.validate_on_submit():
        settings = form.settings()
        questionnaire = current_catalog().get(form.questionnaire.data)
        workshop = create_workshop(database.session, found, questionnaire, settings)
        database.session.commit()
        return redirect(url_for(".live", workspace_id=workspace_id, workshop_id=workshop.id))
    status = 422 if form.errors else 200
    return render_template("workshops/new.html", scope=scope, client=found, form=form), status


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/")
@login_required
def live(workspace_id: int, workshop_id: int):
    """The facilitator's live view."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    peers_form, peer_count = peers_panel(scope, workshop, questionnaire)
    etag = live_etag(workshop, presenter=False)  # before the figures, as live_json does
    return render_template(
        "workshops/live.html",
        scope=scope,
        workshop=workshop,
        etag=etag,
        results=live_results(workshop),
        status_form=StatusForm(),
        visibility_form=VisibilityForm(),
        agreed_form=AgreedForm(),
        peers_form=peers_form,
        peer_count=peer_count,
        report_url=url_for(".report", workspace_id=workspace_id, workshop_id=workshop_id),
        evidence=position_evidence(workshop),
        review_line=review_line(workshop),
    )


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/live.json")
@login_required
def live_json(workspace_id: int, workshop_id: int):
    """The live figures, and the panel re-rendered, for the page's polling script; an empty 304
    when the script's If-None-Match names the panel as it still is (nothing scored or rendered)."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    presenter = request.args.get("view") == "presenter"
    etag = live_etag(workshop, presenter)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        results = live_results(workshop)
        html = render_template(
            "workshops/_live.html",
            scope=scope,
            workshop=workshop,
            results=results,
            presenter=presenter,
            agreed_form=AgreedForm(),
            polled=True,
            evidence={} if presenter else position_evidence(workshop),
        )
        response = jsonify(results.summary() | {"html": html})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/present")
@login_required
def present(workspace_id: int, workshop_id: int):
    """The screen for the room: code, link, QR code and results without identities."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    etag = live_etag(workshop, presenter=True)  # before the figures, as live_json does
    results = live_results(workshop)
    return render_template(
        "workshops/present.html", scope=scope, workshop=workshop, results=results, etag=etag
    )


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/qr.svg")
@login_required
def qr_code(workspace_id: int, workshop_id: int):
    """The join link as a QR code."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    svg = join_qr_svg(url_for(".join_workshop", code=workshop.join_code, _external=True))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})


@blueprint.post("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/status")
@login_required
def set_status(workspace_id: int, workshop_id: int):
    """Close or reopen the workshop."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    form = StatusForm()
    if not form.validate_on_submit() or form.action.data not in ("close", "reopen"):
        abort(400)
    if form.action.data == "close":
        close(workshop)
    else:
        reopen(workshop)
    database.session.commit()
    return redirect(url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id))


@blueprint.post("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/visibility")
@login_required
def set_visibility(workspace_id: int, workshop_id: int):
    """Show the results to participants, or hide them again."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    form = VisibilityForm()
    if not form.validate_on_submit() or form.visible.data not in ("yes", "no"):
        abort(400)
    show_results(workshop, form.visible.data == "yes")
    database.session.commit()
    return redirect(url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id))


@blueprint.post("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/agreed")
@login_required
def set_agreed(workspace_id: int, workshop_id: int):
    """Record (or clear) the answer the room agreed for one question."""
    _, workshop = workshop_or_404(workspace_id, workshop_id)
    form = AgreedForm()
    if not form.validate_on_submit():
        abort(400)
    # Only the questionnaire is needed to check the agreed answer: no need to score the room.
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    try:
        record_agreed(database.session, workshop, questionnaire, form.question.data, form.option.data or "")
    except ValueError:
        abort(400)
    database.session.commit()
    target = url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id)
    return redirect(f"{target}#agreed")


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


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/compare")
@login_required
def compare(workspace_id: int, workshop_id: int):
    """This workshop's dimension medians beside the client's previous workshop's."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    earlier = previous_workshop(database.session, workshop)
    rows = dimension_trend(live_results(earlier), live_results(workshop)) if earlier else []
    changes = what_changed_since(workshop, earlier)
    return render_template(
        "workshops/compare.html", scope=scope, workshop=workshop, earlier=earlier, rows=rows, changes=changes
    )


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
