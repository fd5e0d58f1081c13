"""The presenter screen: the room's figures as a deck of views, one on the projector at a time.

The deck is participation, the dimensions, the divergent questions one by one, who owns
what (as many activities per view as their legends leave room for) and the agreed answers
(four per view). Each view has a key that stays the same while the figures move
(`question-<id>` for a question, `ownership-2` for the second view of owners), so the
page's address (`?view=KEY`) and the polling script keep the view the presenter is on when
answers arrive; a question on screen that new answers made less divisive than the ten shown
stays in the deck, after them. The whole deck is rendered at once; the views other than the
current one carry `hidden`, so the page pages through plain links without JavaScript and
with it (static/js/presenter.js) pages at once.

A poll (`live.json?view=presenter&keep=KEY`) answers an empty 304 while the deck is as the
presenter's page shows it: `presenter_etag` adds this module, the deck's templates and the
question kept on screen to the live panel's validator.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, request, url_for

from ...persistence.workspaces import Workshop
from ...services.accounts import WorkspaceScope
from . import consensus
from .live import LiveResults, live_etag, live_results

#: The templates the deck is rendered from; a change to them changes every presenter ETag.
DECK_TEMPLATES = ("workshops/_present_views.html", "workshops/_bar.html")
#: Agreed answers per view: one view cannot hold them all at projector size.
AGREED_PER_VIEW = 4
#: Lines of owners' answers one view holds at projector size: an activity takes a line for its
#: bar and one per answer in its legend, and at least three (its question wraps).
OWNER_LINES_PER_VIEW = 15


@dataclass(frozen=True)
class View:
    """One screen of the deck: its key in the address, what it shows, and its heading."""

    key: str
    kind: str  # participation, dimensions, question, divergent, ownership, agreed
    heading: str
    rows: list = field(default_factory=list)
    number: int = 0  # a question's place among the divergent ones, from 1
    of: int = 0  # how many questions (or views of owners or agreed answers) there are


def presenter_views(results: LiveResults, keep: str | None = None) -> list[View]:
    """The views, in the order the presenter pages through them. `keep` is the view on screen:
    a question the latest answers moved out of the least agreed stays, after them, so the
    room's discussion of it is not pulled away."""
    views = [
        View("participation", "participation", "Taking part"),
        View("dimensions", "dimensions", "Dimensions"),
    ]
    questions = results.divergent
    if questions:
        views += [
            View(f"question-{q['id']}", "question", "Where the room differs", [q], number, len(questions))
            for number, q in enumerate(questions, start=1)
        ]
        if keep not in {view.key for view in views} and (kept := _kept_question(results, keep)):
            views.append(View(keep, "question", "Where the room differs", [kept], 0, len(questions)))
    else:
        views.append(View("divergent", "divergent", "Where the room differs"))
    views += _paged("ownership", "Who owns what", _by_lines(results.ownership))
    agreed = list(results.group.agreed) if results.group else []
    chunks = [agreed[start : start + AGREED_PER_VIEW] for start in range(0, len(agreed), AGREED_PER_VIEW)]
    views += _paged("agreed", "Agreed answers", chunks)
    return views


def _kept_question(results: LiveResults, key: str | None) -> dict | None:
    """The figures of the question a `question-<id>` key names, as the divergent list shows them,
    when the room has answers to it; None otherwise."""
    if not key or not key.startswith("question-") or results.group is None:
        return None
    question_id = key.removeprefix("question-")
    spread = next((q for q in results.group.questions if q.question == question_id), None)
    if spread is None or spread.agreement is None:
        return None
    agreed = {a.question: a.option for a in results.group.agreed}
    return consensus.question_card(results.questionnaire, spread, agreed.get(question_id))


def _by_lines(owners: list[dict]) -> list[list[dict]]:
    """Activities in views of at most OWNER_LINES_PER_VIEW lines (an activity needing more has a
    view of its own): a room whose answers scatter gets fewer activities per view."""
    chunks: list[list[dict]] = []
    used = OWNER_LINES_PER_VIEW
    for row in owners:
        lines = max(3, 1 + len(row["segments"]))
        if used + lines > OWNER_LINES_PER_VIEW:
            chunks.append([])
            used = 0
        chunks[-1].append(row)
        used += lines
    return chunks


def _paged(kind: str, heading: str, chunks: list[list]) -> list[View]:
    """One view per chunk of rows (one empty view when there are none): keys `kind`, `kind-2`, ..."""
    chunks = chunks or [[]]
    return [
        View(kind if number == 1 else f"{kind}-{number}", kind, heading, chunk, number, len(chunks))
        for number, chunk in enumerate(chunks, start=1)
    ]


def current_view(views: list[View], key: str | None) -> tuple[int, str]:
    """The index of the view the address names (the first when it names none) and a note
    for the screen when it named a view this deck does not have."""
    if not key:
        return 0, ""
    for index, view in enumerate(views):
        if view.key == key:
            return index, ""
    return 0, f"There is no view “{key[:60]}” in this workshop now: showing the first."


def join_address() -> str:
    """The join page's address as people type it: without the scheme."""
    address = url_for("workshops.join_by_code", _external=True)
    return address.split("://", 1)[-1]


def summary_line(results: LiveResults) -> str:
    """The one line a screen reader hears when the figures change."""
    group = results.group
    parts = [f"{len(results.participants)} joined", f"{results.completed} finished"]
    if group and group.score is not None:
        parts.append(f"median index {group.score:.1f}")
    if not results.workshop.is_open:
        parts.append("workshop closed")
    return ", ".join(parts) + "."


def presenter_etag(workshop: Workshop, keep: str | None) -> str:
    """The live panel's presenter validator, extended by the deck's own code and templates and by
    the question kept on screen (which can add a view; other views' keys add nothing)."""
    digest = hashlib.sha256(live_etag(workshop, presenter=True).encode())
    digest.update(_deck_code().encode())
    if keep and keep.startswith("question-"):
        digest.update(keep.encode())
    return digest.hexdigest()[:32]


def _deck_code() -> str:
    """A digest of this module and the deck's templates, once per app."""
    found = current_app.extensions.get("presenter_deck_code")
    if found is None:
        digest = hashlib.sha256(Path(__file__).read_bytes())
        env = current_app.jinja_env
        for name in DECK_TEMPLATES:
            digest.update(env.loader.get_source(env, name)[0].encode())
        found = current_app.extensions.setdefault("presenter_deck_code", digest.hexdigest())
    return found


def presenter_poll(scope: WorkspaceScope, workshop: Workshop) -> Response:
    """The presenter's poll (`keep` names the view on screen): the figures, the deck re-rendered
    (every view hidden: the script shows the one on screen) and its summary line; an empty 304
    when the deck is unchanged."""
    keep = request.args.get("keep")
    etag = presenter_etag(workshop, keep)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        results = live_results(workshop)
        views = presenter_views(results, keep)
        html = render_template(
            "workshops/_present_views.html", workshop=workshop, results=results, views=views, current=None
        )
        response = jsonify(results.summary() | {"html": html, "line": summary_line(results)})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
