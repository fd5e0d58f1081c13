"""The consultant's views of a workshop: creating it, the live and presenter views, closing
and reopening, the consensus round and the comparison with the previous workshop (its
downloads are in downloads.py).

Every view loads its rows through the signed-in consultant's workspace scope, so an id
from another workspace answers 404 whatever the route.
"""

from __future__ import annotations

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from ...extensions import current_catalog, database, questionnaire_for
from ...services.workshops import (
    AgreedAnswerRefused,
    close,
    close_when_due,
    create_workshop,
    previous_workshop,
    record_agreed,
    reopen,
    show_results,
)
from ..lookup import client_or_404, workshop_or_404
from . import blueprint
from .consensus import agreeable, chosen_args, chosen_view, picker
from .export import (
    join_qr_svg,
)
from .forms import (
    AgreedForm,
    StatusForm,
    VisibilityForm,
    WorkshopForm,
)
from .live import dimension_trend, live_etag, live_results
from .peers import peers_panel
from .plan import what_changed_since
from .presenter import (
    current_view,
    join_address,
    presenter_etag,
    presenter_poll,
    presenter_views,
    summary_line,
)
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
    """The facilitator's live view; `?q=` searches the questions to agree on, `?question=`
    opens one's card (see consensus)."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    return _live_page(scope, workshop, request.args.get("question", ""), request.args.get("q"))


def _live_page(scope, workshop, question: str, search: str | None, refused: str = ""):
    """The live view with the card of `question` open and the picker's `search`; `refused`
    says why an agreed answer was not recorded (the page then answers 422)."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    if refused and not agreeable(questionnaire, question):
        question = ""  # the refusal says it already; the picker need not say it again
    peers_form, peer_count = peers_panel(scope, workshop, questionnaire)
    chosen = chosen_view(question, search)
    etag = live_etag(workshop, False, chosen)  # before the figures, as live_json does
    results = live_results(workshop)
    ids = {"workspace_id": workshop.workspace_id, "workshop_id": workshop.id}
    return render_template(
        "workshops/live.html",
        scope=scope,
        workshop=workshop,
        etag=etag,
        results=results,
        picker=picker(questionnaire, results.group, results.divergent, results.agreed, search, question),
        live_url=url_for(".live_json", **ids, **chosen_args(question, search)),
        refused=refused,
        status_form=StatusForm(),
        visibility_form=VisibilityForm(),
        agreed_form=AgreedForm(),
        peers_form=peers_form,
        peer_count=peer_count,
        report_url=url_for(".report", **ids),
        evidence=position_evidence(workshop),
        review_line=review_line(workshop),
    ), (422 if refused else 200)


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/live.json")
@login_required
def live_json(workspace_id: int, workshop_id: int):
    """The live figures, and the panel re-rendered, for the page's polling script; an empty 304
    when the script's If-None-Match names the panel as it still is (nothing scored or rendered).
    The facilitator's poll carries the page's `question` and `q`, so the panel keeps them."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    if request.args.get("view") == "presenter":
        return presenter_poll(scope, workshop)
    question, search = request.args.get("question", ""), request.args.get("q")
    chosen = chosen_view(question, search)
    etag = live_etag(workshop, presenter=False, chosen=chosen)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        results = live_results(workshop)
        questionnaire = results.questionnaire
        html = render_template(
            "workshops/_live.html",
            scope=scope,
            workshop=workshop,
            results=results,
            presenter=False,
            picker=picker(questionnaire, results.group, results.divergent, results.agreed, search, question),
            agreed_form=AgreedForm(),
            polled=True,
            evidence=position_evidence(workshop),
        )
        response = jsonify(results.summary() | {"html": html})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blueprint.get("/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/present")
@login_required
def present(workspace_id: int, workshop_id: int):
    """The screen for the room: one view of the figures at a time (`?view=KEY`), with the
    code, link and QR code on every view, and no participant's identity."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    close_when_due(database.session, workshop)
    key = request.args.get("view")
    etag = presenter_etag(workshop, key)  # before the figures, as live_json does
    results = live_results(workshop)
    views = presenter_views(results, key)
    index, note = current_view(views, key)
    return render_template(
        "workshops/present.html",
        scope=scope,
        workshop=workshop,
        results=results,
        etag=etag,
        views=views,
        current=index,
        note=note,
        join_address=join_address(),
        summary=summary_line(results),
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
    """Record (or clear) the answer the room agreed for any question it may agree on, then
    show the live view at that question's card; a question or answer the workshop's
    questionnaire does not have is refused with the reason, and nothing changes."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    form = AgreedForm()
    if not form.validate_on_submit():
        abort(400)
    # Only the questionnaire is needed to check the agreed answer: no need to score the room.
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    question = form.question.data
    try:
        record_agreed(database.session, workshop, questionnaire, question, form.option.data or "")
    except AgreedAnswerRefused as refused:
        return _live_page(scope, workshop, question, None, refused=str(refused))
    database.session.commit()
    target = url_for(".live", workspace_id=workspace_id, workshop_id=workshop_id, question=question)
    return redirect(f"{target}#consensus-{question}")


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
