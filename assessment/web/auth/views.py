"""Views of sign-up, sign-in and sign-out: parse the form, call accounts, redirect."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ...extensions import database
from ...persistence.ratelimit import record_failure, too_many_failures
from ...services import audit
from ...services.accounts import (
    AccountExists,
    WrongPassword,
    authenticate,
    change_password,
    sign_out_everywhere,
    sign_up,
)
from .. import attempts, audit_trail, events
from ..forms import SignOutForm
from . import Consultant, blueprint, stamp_sign_in
from .forms import ChangePasswordForm, SignInForm, SignUpForm

#: Wrong current passwords on the change-password page, per account.
PASSWORD_CHANGE_FAILURES_ALLOWED = 10
PASSWORD_CHANGE_WINDOW = timedelta(minutes=15)
SIGNUPS_ALLOWED = 20
SIGNUP_WINDOW = timedelta(hours=1)
#: The session key of a sign-in waiting for its second step.
PENDING_KEY = "two_factor_pending"
CHANGED_NOTICE = "Your password is changed. Any other browser signed in to this account has been signed out."


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another host."""
    default = url_for("workspaces.workspaces")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


def start_session(account) -> None:
    """A fresh session for the account (nothing from before signing in is carried over)."""
    session.clear()
    login_user(Consultant(account))
    stamp_sign_in()


def await_second_step(account, next_path: str | None) -> None:
    """The password was right and the account uses two-factor sign-in: remember who is
    halfway (not signed in) for the code page, with the session nonce so that a password
    change or a sign-out everywhere meanwhile ends it."""
    session.clear()
    session[PENDING_KEY] = {
        "account": account.id,
        "nonce": account.session_nonce,
        "since": int(time.time()),
        "next": safe_next(next_path),
    }


@blueprint.route("/signup", methods=["GET", "POST"])
def signup():
    """A new account that owns a new workspace; then back to `next` (an invitation) if given.

    Without e-mail, sign-up cannot hide that an address is taken, so every attempt is
    counted per address: twenty an hour make probing for accounts slow."""
    form = SignUpForm()
    if form.validate_on_submit():
        db = database.session
        who = ("signup", attempts.client_of(request.remote_addr))
        if too_many_failures(db, *who, SIGNUPS_ALLOWED, SIGNUP_WINDOW):
            abort(429)
        record_failure(db, *who)
        try:
            account = sign_up(db, form.email.data, form.password.data, form.name.data, form.workspace.data)
        except AccountExists:
            db.commit()
            form.email.errors.append("An account with this email address exists: sign in instead.")
        else:
            db.commit()
            start_session(account)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/signup.html", form=form), (422 if form.errors else 200)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; wrong passwords are limited per address and per email (see web.attempts)."""
    form = SignInForm()
    if form.validate_on_submit():
        db = database.session
        address = attempts.client_of(request.remote_addr)
        if attempts.sign_in_refused(db, address, form.email.data):
            abort(429)
        account = authenticate(db, form.email.data, form.password.data)
        if account is None:
            events.failed_sign_in(form.email.data)
            attempts.sign_in_failed(db, address, form.email.data)
            audit_trail.failed_sign_in(form.email.data)
            db.commit()
            form.password.errors.append("The email address or the password is wrong.")
        elif account.has_two_factor:
            db.commit()
            await_second_step(account, request.args.get("next"))
            return redirect(url_for(".second_step"))
        else:
            audit_trail.record(audit.SIGN_IN, actor=account, target=account)
            db.commit()
            start_session(account)
            return redirect(safe_next(request.args.get("next")))
    signed_out_because = session.pop("signed_out_because", None)
    page = render_template("auth/login.html", form=form, signed_out_because=signed_out_because)
    return page, (422 if form.errors else 200)


@blueprint.post("/logout")
@login_required
def logout():
    """Sign out: every session cookie of this account stops working."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    sign_out_everywhere(current_user.account)
    audit_trail.record(audit.SIGN_OUT, target=current_user.account)
    database.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("main.index"))


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """A signed-in consultant changes their password; their other sessions end."""
    account = current_user.account
    form = ChangePasswordForm()
    form.email = account.email
    if form.validate_on_submit():
        db = database.session
        who = ("password-change", str(account.id))
        if too_many_failures(db, *who, PASSWORD_CHANGE_FAILURES_ALLOWED, PASSWORD_CHANGE_WINDOW):
            abort(429)
        try:
            change_password(account, form.current.data, form.password.data)
        except WrongPassword:
            record_failure(db, *who)
            db.commit()
            form.current.errors.append("This is not your current password.")
        else:
            audit_trail.record(audit.PASSWORD_CHANGED, target=account)
            db.commit()
            start_session(account)  # this browser stays signed in, under the new nonce
            flash(CHANGED_NOTICE)
            return redirect(url_for(".password"))
    return render_template("auth/password.html", form=form), (422 if form.errors else 200)
