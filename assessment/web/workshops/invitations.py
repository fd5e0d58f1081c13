"""Inviting named participants to a workshop by e-mail, their progress, and reminders.

The consultant pastes one person per line; each gets a personal link that joins the
workshop as that person and later resumes their answers (services.workshop_invitations).
Messages go out over SMTP (services.mail); without MAIL_SERVER the page shows each link
once to copy instead. Only invitations whose message was sent (or whose link was shown)
are stored; a reminder that could not be sent changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from ...extensions import database, questionnaire_for
from ...persistence.assessments import new_token
from ...persistence.mail_invitations import WorkshopInvitation
from ...services.mail import Letter, send
from ...services.workshop_invitations import (
    MAX_INVITEES,
    InviteeListRefused,
    invitation_by_token,
    invitation_of,
    invitations_of,
    invite,
    invited_addresses,
    join_invited,
    mark_reminded,
    read_invitees,
    reminder_refused,
)
from ...services.workshops import JoinRefused, answers_by_respondent, close_when_due
from .. import attempts
from ..browser import remember
from ..lookup import workshop_or_404
from ..sections import progress
from . import blueprint
from .forms import JoinForm

PAGE = "/workspaces/<int:workspace_id>/workshops/<int:workshop_id>/invitations"


class InviteForm(FlaskForm):
    """The people to invite, one "Name <address>" or "address" per line."""

    people = TextAreaField(
        "People to invite, one per line: Name <address>, or just the address",
        validators=[Length(max=MAX_INVITEES * 300, message="The list is too long.")],
    )


class RemindForm(FlaskForm):
    """Remind everyone who has not finished, or the people ticked (`invitation` values)."""


@dataclass(frozen=True)
class Status:
    """Where one invited person stands."""

    invitation: WorkshopInvitation
    answered: int
    total: int

    @property
    def label(self) -> str:
        """Invited, joined, answered N of M, or finished."""
        if self.invitation.respondent_id is None:
            return "Invited, not joined yet"
        if self.total and self.answered >= self.total:
            return "Finished"
        if self.answered == 0:
            return "Joined, no answer yet"
        return f"Answered {self.answered} of {self.total}"

    @property
    def finished(self) -> bool:
        """Whether they answered every question that applies."""
        return self.invitation.respondent_id is not None and self.total > 0 and self.answered >= self.total


def _statuses(workshop) -> list[Status]:
    """Every invitation with its participant's progress."""
    db = database.session
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    answers = {respondent.id: given for respondent, given in answers_by_respondent(db, workshop)}
    statuses = []
    for invitation in invitations_of(db, workshop):
        given = answers.get(invitation.respondent_id) if invitation.respondent_id is not None else None
        done = progress(questionnaire, given) if given is not None else None
        statuses.append(Status(invitation, done.answered if done else 0, done.total if done else 0))
    return statuses


def _mail():
    """The SMTP settings, or None when e-mail is not configured."""
    return current_app.extensions.get("mail")


def _letter(workshop, name: str, address: str, token: str, reminder: bool) -> Letter:
    """The invitation or reminder to one person."""
    link = url_for("workshops.invited", token=token, _external=True)
    if reminder:
        subject = f"Reminder: {workshop.title}"
        opening = (
            f"Hello {name}, this is a reminder to answer the questionnaire of the workshop "
            f'"{workshop.title}". Your answers so far are kept.'
        )
        note = "This link replaces the one you had before."
    else:
        subject = f"Invitation: {workshop.title}"
        opening = (
            f'Hello {name}, you are invited to answer the questionnaire of the workshop "{workshop.title}".'
        )
        note = "The link is personal: it joins the workshop as you and brings you back to your answers."
    return Letter(name, address, subject, (opening, note), link, "Open your personal link")


def _page(scope, workshop, form, *, sent=(), failed=(), links=(), refused=(), status=200):
    """The invitations page with what the last action did."""
    return render_template(
        "workshops/invitations.html",
        scope=scope,
        workshop=workshop,
        form=form,
        remind_form=RemindForm(formdata=None),
        statuses=_statuses(workshop),
        mail_configured=_mail() is not None,
        sent=sent,
        failed=failed,
        links=links,
        refused=refused,
    ), status


@blueprint.route(PAGE, methods=["GET", "POST"])
@login_required
def workshop_invitations(workspace_id: int, workshop_id: int):
    """Who is invited and how far they got; POST invites the pasted people."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(scope, workshop, form, status=422 if form.errors else 200)
    try:
        invitees = read_invitees(form.people.data or "", invited_addresses(database.session, workshop))
    except InviteeListRefused as refused:
        form.people.errors = list(refused.problems)
        return _page(scope, workshop, form, status=422)
    tokens = [(invitee, new_token()) for invitee in invitees]
    settings = _mail()
    if settings is None:
        invite(database.session, workshop, tokens)
        database.session.commit()
        links = [(i.name, i.address, url_for(".invited", token=t, _external=True)) for i, t in tokens]
        return _page(scope, workshop, InviteForm(formdata=None), links=links)
    failed = send(settings, [_letter(workshop, i.name, i.address, t, reminder=False) for i, t in tokens])
    delivered = [(i, t) for i, t in tokens if i.address not in failed]
    invite(database.session, workshop, delivered)
    database.session.commit()
    # The people not sent to stay in the box, to send again once the cause is fixed.
    kept = InviteForm(formdata=None)
    kept.people.data = "\n".join(f"{i.name} <{i.address}>" for i, _ in tokens if i.address in failed)
    return _page(
        scope,
        workshop,
        kept,
        sent=[i.address for i, _ in delivered],
        failed=sorted(failed.items()),
        status=502 if failed and not delivered else 200,
    )


@blueprint.post(PAGE + "/remind")
@login_required
def remind_invited(workspace_id: int, workshop_id: int):
    """Send a reminder, with a fresh personal link, to the people ticked (or, with
    `everyone`, to all who have not finished); anyone reminded within the interval is
    refused with the reason."""
    scope, workshop = workshop_or_404(workspace_id, workshop_id)
    form = RemindForm()
    if not form.validate_on_submit():
        abort(400)
    settings = _mail()
    if settings is None:
        return _page(
            scope, workshop, InviteForm(formdata=None), refused=["E-mail is not configured."], status=409
        )
    statuses = _statuses(workshop)
    if request.form.get("everyone"):
        chosen = [s.invitation for s in statuses if not s.finished]
    else:
        try:
            ids = {int(value) for value in request.form.getlist("invitation")}
        except ValueError:
            abort(400)
        chosen = [invitation_of(database.session, workshop, i) for i in sorted(ids)]
        if None in chosen:
            abort(404)
    if not chosen:
        return _page(scope, workshop, InviteForm(formdata=None), refused=["Nobody to remind."], status=422)
    finished = {s.invitation.id for s in statuses if s.finished}
    reasons = {
        i.id: f"{i.address} has finished." if i.id in finished else reminder_refused(i) for i in chosen
    }
    refused = [reason for reason in reasons.values() if reason]
    due = [i for i in chosen if reasons[i.id] is None]
    tokens = [(invitation, new_token()) for invitation in due]
    failed = (
        send(settings, [_letter(workshop, i.name, i.address, t, reminder=True) for i, t in tokens])
        if due
        else {}
    )
    for invitation, token in tokens:
        if invitation.address not in failed:
            mark_reminded(invitation, token)
    database.session.commit()
    sent = [i.address for i, _ in tokens if i.address not in failed]
    status = 200 if sent else (502 if failed else 409)
    return _page(
        scope,
        workshop,
        InviteForm(formdata=None),
        sent=sent,
        failed=sorted(failed.items()),
        refused=refused,
        status=status,
    )


@blueprint.route("/invite/<token>", methods=["GET", "POST"])
def invited(token: str):
    """A personal link: join the workshop as the invited person (choosing a role), or, once
    joined, resume their answers through the same link."""
    db = database.session
    invitation = invitation_by_token(db, token)
    if invitation is None:
        client = attempts.client_of(request.remote_addr)
        if attempts.resume_refused(db, client):
            abort(429)
        database.start_writing()
        attempts.resume_failed(db, client)
        db.commit()
        abort(404, description="This link does not work: it may have been replaced by a newer one.")
    if invitation.respondent_id is not None:
        return redirect(url_for("assess.resume", token=token))
    workshop = invitation.workshop
    close_when_due(db, workshop)
    form = JoinForm(workshop.roles)
    if workshop.is_open and form.validate_on_submit():
        try:
            respondent = join_invited(db, invitation, form.role.data, token)
        except JoinRefused as refused:
            form.role.errors.append(str(refused))
        else:
            db.commit()
            session.pop("token", None)
            remember(respondent, token)
            return redirect(url_for("assess.resume_point"))
    status = 409 if not workshop.is_open else (422 if form.errors else 200)
    return render_template(
        "workshops/invited.html", workshop=workshop, invitation=invitation, form=form
    ), status
