"""Two-factor sign-in pages: set it up, see recovery codes once, turn it off, replace the
recovery codes, and the sign-in's second step.

The seed is shown on the set-up page of the request that made it, and never again: a
wrong confirmation code leaves the app's copy as it is (the person retypes), and only
"start again" makes (and shows) a new seed. Recovery codes are in the response of the
request that made them and nowhere else. Every wrong code counts against the account
and the address (web.attempts), whichever page it was typed on.
"""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ...extensions import database
from ...persistence.workspaces import Account
from ...services import audit
from ...services.accounts import WrongPassword, workspace_scope
from ...services.two_factor import (
    ReplayedCode,
    SeedCipher,
    TwoFactorNotOn,
    WrongCode,
    begin_enrolment,
    confirm_enrolment,
    disable,
    provisioning_uri,
    recovery_codes_left,
    regenerate_recovery_codes,
    verify_second_factor,
)
from .. import attempts, audit_trail, events
from ..qr import qr_data_uri
from . import blueprint
from .forms import DisableTwoFactorForm, SecondStepForm, TwoFactorCodeForm
from .views import PENDING_KEY, start_session

#: Seconds between a right password and its code before the sign-in starts over.
SECOND_STEP_SECONDS = 5 * 60
WRONG_CODE = "This code is wrong. Type the code your app shows now."
REPLAYED_CODE = "This code has been used already. Wait for the next code in your app."


def cipher() -> SeedCipher:
    """The app's cipher of seeds (made in the app factory)."""
    return current_app.extensions["two_factor_cipher"]


def _required_by(account: Account):
    """The workspace that sent the consultant here because it requires two-factor sign-in
    (its id is in ?workspace=), when they are a member of it; None otherwise."""
    workspace_id = request.args.get("workspace", "")
    if not workspace_id.isdigit():
        return None
    scope = workspace_scope(database.session, account, int(workspace_id))
    return scope.workspace if scope is not None and scope.workspace.require_two_factor else None


def _code_refused(account: Account) -> bool:
    """Whether this browser has typed too many wrong codes for the account lately."""
    return attempts.second_factor_refused(
        database.session, attempts.client_of(request.remote_addr), account.id
    )


def _count_wrong_code(account: Account, error: Exception) -> str:
    """Count a wrong or replayed code, log it (without the code) and say what was wrong."""
    replayed = isinstance(error, ReplayedCode)
    events.failed_second_factor(account.id, "replayed" if replayed else "wrong")
    reason = "a code already used" if replayed else "a wrong code"
    audit_trail.record(audit.SIGN_IN_FAILED, target=account, actor=account, detail={"second_factor": reason})
    attempts.second_factor_failed(database.session, attempts.client_of(request.remote_addr), account.id)
    return REPLAYED_CODE if replayed else WRONG_CODE


def _page(template: str, status: int = 200, **context):
    """A two-factor page; never cached anywhere (it may carry a seed or recovery codes)."""
    response = current_app.make_response((render_template(template, **context), status))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    """Set up two-factor sign-in (QR code, key as text, a code to confirm), or, once it is
    on, see its state and turn it off or replace the recovery codes."""
    account = current_user.account
    db = database.session
    required_by = _required_by(account)
    if account.has_two_factor:
        return _page(
            "auth/two_factor.html",
            required_by=required_by,
            left=recovery_codes_left(db, account),
            disable_form=DisableTwoFactorForm(formdata=None),
            regenerate_form=TwoFactorCodeForm(formdata=None),
        )
    form = TwoFactorCodeForm()
    if request.method == "POST":
        if form.validate_on_submit():
            if _code_refused(account):
                abort(429)
            try:
                codes = confirm_enrolment(db, account, cipher(), form.code.data)
            except WrongCode as error:
                form.code.errors.append(_count_wrong_code(account, error))
            else:
                events.two_factor_changed(account.id, "two-factor sign-in turned on")
                audit_trail.record(audit.TWO_FACTOR_ENABLED, target=account)
                db.commit()
                return _page("auth/recovery_codes.html", codes=codes, enrolled=True, required_by=required_by)
        db.commit()
        return _page("auth/two_factor_setup.html", 422, form=form, required_by=required_by, seed=None)
    database.start_writing()
    seed = begin_enrolment(account, cipher())
    db.commit()
    return _page(
        "auth/two_factor_setup.html",
        form=TwoFactorCodeForm(formdata=None),
        required_by=required_by,
        seed=" ".join(seed[i : i + 4] for i in range(0, len(seed), 4)),
        qr=qr_data_uri(provisioning_uri(seed, account.email)),
    )


@blueprint.post("/two-factor/recovery-codes")
@login_required
def regenerate_codes():
    """Replace the recovery codes (an authenticator code confirms); shown once."""
    account = current_user.account
    db = database.session
    if not account.has_two_factor:
        return redirect(url_for(".two_factor"))
    form = TwoFactorCodeForm()
    if not form.validate_on_submit():
        return _enabled_page(account, regenerate_form=form)
    if _code_refused(account):
        abort(429)
    try:
        codes = regenerate_recovery_codes(db, account, cipher(), form.code.data)
    except TwoFactorNotOn:
        return redirect(url_for(".two_factor"))
    except (WrongCode, ReplayedCode) as error:
        form.code.errors.append(_count_wrong_code(account, error))
        db.commit()
        return _enabled_page(account, regenerate_form=form)
    events.two_factor_changed(account.id, "recovery codes replaced")
    audit_trail.record(audit.RECOVERY_CODES_REPLACED, target=account)
    db.commit()
    return _page("auth/recovery_codes.html", codes=codes, enrolled=False, required_by=None)


@blueprint.post("/two-factor/disable")
@login_required
def disable_two_factor():
    """Turn two-factor sign-in off: the password and a code confirm it."""
    account = current_user.account
    db = database.session
    if not account.has_two_factor:
        return redirect(url_for(".two_factor"))
    form = DisableTwoFactorForm()
    if not form.validate_on_submit():
        return _enabled_page(account, disable_form=form)
    if _code_refused(account):
        abort(429)
    try:
        disable(db, account, cipher(), form.password.data, form.code.data)
    except TwoFactorNotOn:
        return redirect(url_for(".two_factor"))
    except WrongPassword:
        attempts.second_factor_failed(db, attempts.client_of(request.remote_addr), account.id)
        db.commit()
        form.password.errors.append("This is not your password.")
        return _enabled_page(account, disable_form=form)
    except (WrongCode, ReplayedCode) as error:
        form.code.errors.append(_count_wrong_code(account, error))
        db.commit()
        return _enabled_page(account, disable_form=form)
    events.two_factor_changed(account.id, "two-factor sign-in turned off")
    audit_trail.record(audit.TWO_FACTOR_DISABLED, target=account)
    db.commit()
    flash("Two-factor sign-in is off. Your recovery codes no longer work.")
    return redirect(url_for(".two_factor_off"))


@blueprint.get("/two-factor/off")
@login_required
def two_factor_off():
    """Confirmation that two-factor sign-in is off, with the way to turn it on again."""
    if current_user.account.has_two_factor:
        return redirect(url_for(".two_factor"))
    return _page("auth/two_factor_off.html")


def _enabled_page(account: Account, **forms):
    """The page of an account with two-factor sign-in on, with a refused form's errors."""
    return _page(
        "auth/two_factor.html",
        422,
        required_by=None,
        left=recovery_codes_left(database.session, account),
        disable_form=forms.get("disable_form") or DisableTwoFactorForm(formdata=None),
        regenerate_form=forms.get("regenerate_form") or TwoFactorCodeForm(formdata=None),
    )


def _pending_account() -> tuple[Account | None, dict]:
    """The account halfway through signing in on this browser, while its password step is
    recent and its sessions have not been ended since; None otherwise."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("since"), int):
        return None, {}
    if time.time() - pending["since"] > SECOND_STEP_SECONDS:
        return None, pending
    account = database.session.get(Account, pending.get("account"))
    if account is None or account.session_nonce != pending.get("nonce") or not account.has_two_factor:
        return None, pending
    return account, pending


@blueprint.route("/login/code", methods=["GET", "POST"])
def second_step():
    """The second step of signing in: the code from the app or a recovery code."""
    account, pending = _pending_account()
    if account is None:
        session.pop(PENDING_KEY, None)
        if pending:
            flash("Signing in took too long or was interrupted: enter your password again.")
        return redirect(url_for(".login"))
    db = database.session
    form = SecondStepForm()
    if form.validate_on_submit():
        if _code_refused(account):
            abort(429)
        try:
            how = verify_second_factor(db, account, cipher(), form.code.data)
        except (WrongCode, ReplayedCode) as error:
            form.code.errors.append(_count_wrong_code(account, error))
            db.commit()
        else:
            left = recovery_codes_left(db, account)
            by = "recovery code" if how == "recovery" else "authenticator code"
            audit_trail.record(audit.SIGN_IN, actor=account, target=account, detail={"second_factor": by})
            db.commit()
            start_session(account)
            if how == "recovery":
                flash(
                    f"You signed in with a recovery code, which now no longer works: {left} left. "
                    "Make new ones on the two-factor page if you are running short."
                )
            return redirect(pending["next"])
    return _page("auth/second_step.html", 422 if form.errors else 200, form=form)
