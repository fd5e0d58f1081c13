"""Views of sign-up, sign-in and sign-out: parse the form, call accounts, redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ...accounts import AccountExists, authenticate, sign_out_everywhere, sign_up
from ...extensions import database
from .. import attempts, events
from . import Consultant, blueprint, stamp_sign_in
from .forms import SignInForm, SignOutForm, SignUpForm


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another host."""
    default = url_for("workshops.workspaces")
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


@blueprint.route("/signup", methods=["GET", "POST"])
def signup():
    """A new account that owns a new workspace."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            account = sign_up(
                database.session, form.email.data, form.password.data, form.name.data, form.workspace.data
            )
        except AccountExists:
            form.email.errors.append("An account with this email address exists: sign in instead.")
        else:
            database.session.commit()
            start_session(account)
            return redirect(url_for("workshops.workspaces"))
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
            db.commit()
            form.password.errors.append("The email address or the password is wrong.")
        else:
            db.commit()
            start_session(account)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), (422 if form.errors else 200)


@blueprint.post("/logout")
@login_required
def logout():
    """Sign out: every session cookie of this account stops working."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    sign_out_everywhere(current_user.account)
    database.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("main.index"))
