"""Two-factor sign-in through the pages: set-up with a real authenticator code, the
sign-in's second step, recovery codes, replays, the guessing limit, turning it off, and a
workspace that requires it."""

from __future__ import annotations

import logging

from sqlalchemy import select, text

from assessment.extensions import database
from assessment.persistence import AuditEvent
from assessment.persistence.workspaces import Account
from tests.support.journeys import PASSWORD, add_member, sign_up
from tests.support.two_factor import code, enrol, key_on, recovery_codes_on, wrong_code


def signed_up(app, email="ada@example.com", workspace="Ada Consulting"):
    """A fresh browser, signed up (and so signed in)."""
    client = app.test_client()
    sign_up(client, email=email, workspace=workspace)
    return client


def password_step(app, email="ada@example.com"):
    """A fresh browser that has typed the right password; returns (browser, response)."""
    client = app.test_client()
    response = client.post("/account/login", data={"email": email, "password": PASSWORD})
    return client, response


def test_setting_up_with_a_code_from_the_shown_key_turns_it_on_and_shows_recovery_codes_once(journey_app):
    client = signed_up(journey_app)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code
    seed = key_on(page)
    response = client.post("/account/two-factor", data={"code": code(seed)})
    shown = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Two-factor sign-in is on" in shown
    codes = recovery_codes_on(shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert "10 of your 10 recovery codes are unused" in again
    assert seed not in again.replace(" ", "") and not any(c in again for c in codes)


def test_the_seed_and_recovery_codes_are_stored_only_encrypted_or_hashed(journey_app):
    client = signed_up(journey_app)
    seed, codes = enrol(client)
    with journey_app.app_context():
        row = database.session.execute(text("SELECT * FROM accounts")).mappings().one()
        hashes = database.session.execute(text("SELECT code_hash FROM recovery_codes")).scalars().all()
    stored = " ".join(str(value) for value in row.values())
    assert row["totp_secret_encrypted"] and seed not in stored and seed.lower() not in stored.lower()
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(c.replace("-", "") in " ".join(hashes) for c in codes)


def test_a_wrong_confirmation_code_leaves_it_off_and_does_not_show_the_key_again(journey_app):
    client = signed_up(journey_app)
    seed = key_on(client.get("/account/two-factor").get_data(as_text=True))
    response = client.post("/account/two-factor", data={"code": wrong_code(seed)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This code is wrong" in page and 'id="two-factor-key"' not in page
    assert "start again with a new key" in page
    assert password_step(journey_app)[1].headers["Location"] == "/workspaces/"  # still password only
    assert client.post("/account/two-factor", data={"code": code(seed)}).status_code == 200  # retyped


def test_signing_in_needs_the_code_after_the_password(journey_app):
    seed, _ = enrol(signed_up(journey_app))
    browser, response = password_step(journey_app)
    assert response.status_code == 302 and response.headers["Location"] == "/account/login/code"
    assert browser.get("/workspaces/").status_code == 302  # not signed in yet
    wrong = browser.post("/account/login/code", data={"code": wrong_code(seed)})
    assert wrong.status_code == 422 and "This code is wrong" in wrong.get_data(as_text=True)
    assert browser.get("/workspaces/").status_code == 302
    right = browser.post("/account/login/code", data={"code": code(seed, 1)})  # one step of drift
    assert right.status_code == 302 and right.headers["Location"] == "/workspaces/"
    assert browser.get("/workspaces/").status_code == 200


def test_a_code_already_used_is_refused_even_within_its_window(journey_app):
    seed, _ = enrol(signed_up(journey_app))
    first, _ = password_step(journey_app)
    used = code(seed, 1)
    assert first.post("/account/login/code", data={"code": used}).status_code == 302
    second, _ = password_step(journey_app)
    replay = second.post("/account/login/code", data={"code": used})
    assert replay.status_code == 422
    assert "This code has been used already" in replay.get_data(as_text=True)
    assert second.get("/workspaces/").status_code == 302
    # The code the enrolment used is older still: refused too.
    third, _ = password_step(journey_app)
    assert third.post("/account/login/code", data={"code": code(seed)}).status_code == 422


def test_a_recovery_code_signs_in_once(journey_app):
    _, codes = enrol(signed_up(journey_app))
    first, _ = password_step(journey_app)
    response = first.post("/account/login/code", data={"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert "9 left" in first.get("/workspaces/").get_data(as_text=True)
    second, _ = password_step(journey_app)
    again = second.post("/account/login/code", data={"code": codes[3]})
    assert again.status_code == 422 and "This code is wrong" in again.get_data(as_text=True)
    assert second.post("/account/login/code", data={"code": codes[4]}).status_code == 302


def test_wrong_codes_are_limited_like_wrong_passwords(journey_app):
    seed, _ = enrol(signed_up(journey_app))
    browser, _ = password_step(journey_app)
    for guess in range(10):
        assert browser.post("/account/login/code", data={"code": f"{guess:06d}x"}).status_code == 422
    # Past the allowance even the right code is refused, so a refusal tells nothing.
    assert browser.post("/account/login/code", data={"code": code(seed, 1)}).status_code == 429
    assert browser.get("/workspaces/").status_code == 302


def test_the_code_page_without_a_right_password_sends_back_to_sign_in(journey_app):
    signed_up(journey_app)
    stranger = journey_app.test_client()
    response = stranger.post("/account/login/code", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/account/login"


def test_a_password_change_elsewhere_ends_a_half_finished_sign_in(journey_app):
    owner = signed_up(journey_app)
    seed, _ = enrol(owner)
    halfway, _ = password_step(journey_app)
    new = "a lighthouse keeper's logbook"
    changed = owner.post("/account/password", data={"current": PASSWORD, "password": new, "confirm": new})
    assert changed.status_code == 302
    assert halfway.post("/account/login/code", data={"code": code(seed, 1)}).status_code == 302
    assert halfway.get("/workspaces/").status_code == 302  # sent back to the password step


def test_turning_it_off_needs_the_password_and_a_code(journey_app):
    client = signed_up(journey_app)
    seed, codes = enrol(client)
    wrong_password = client.post(
        "/account/two-factor/disable", data={"password": "not my password", "code": code(seed, 1)}
    )
    assert wrong_password.status_code == 422
    assert "This is not your password." in wrong_password.get_data(as_text=True)
    wrong_code = client.post("/account/two-factor/disable", data={"password": PASSWORD, "code": "12345x"})
    assert wrong_code.status_code == 422
    assert password_step(journey_app)[1].headers["Location"] == "/account/login/code"
    off = client.post("/account/two-factor/disable", data={"password": PASSWORD, "code": codes[0]})
    assert off.status_code == 302
    assert "Two-factor sign-in is off" in client.get(off.headers["Location"]).get_data(as_text=True)
    assert password_step(journey_app)[1].headers["Location"] == "/workspaces/"
    with journey_app.app_context():
        account = database.session.scalar(select(Account))
        assert account.totp_secret_encrypted is None
        assert database.session.execute(text("SELECT count(*) FROM recovery_codes")).scalar() == 0


def test_new_recovery_codes_replace_the_old_ones(journey_app):
    client = signed_up(journey_app)
    seed, old = enrol(client)
    response = client.post("/account/two-factor/recovery-codes", data={"code": code(seed, 1)})
    new = recovery_codes_on(response.get_data(as_text=True))
    assert response.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    browser, _ = password_step(journey_app)
    assert browser.post("/account/login/code", data={"code": old[0]}).status_code == 422
    assert browser.post("/account/login/code", data={"code": new[0]}).status_code == 302


def test_an_owner_can_require_it_only_with_their_own_on(journey_app):
    owner = signed_up(journey_app)
    refused = owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"})
    assert refused.status_code == 409
    assert "Turn on two-factor sign-in for your own account first" in refused.get_data(as_text=True)
    assert owner.get("/workspaces/1/").status_code == 200  # nothing changed
    enrol(owner)
    saved = owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"})
    assert saved.status_code == 302
    assert "Saved: members must use two-factor sign-in" in owner.get(saved.headers["Location"]).get_data(
        as_text=True
    )
    assert owner.get("/workspaces/1/").status_code == 200


def test_a_member_without_it_is_sent_to_set_it_up_and_then_gets_in(journey_app):
    owner = signed_up(journey_app)
    member = signed_up(journey_app, email="grace@example.com", workspace="Grace's own")
    add_member(owner, member)
    enrol(owner)
    assert owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"}).status_code == 302
    for path in ("/workspaces/1/", "/workspaces/1/cohorts"):
        sent = member.get(path)
        assert sent.status_code == 303 and sent.headers["Location"] == "/account/two-factor?workspace=1"
    assert member.get("/workspaces/2/").status_code == 200  # their own workspace does not require it
    page = member.get("/account/two-factor?workspace=1").get_data(as_text=True)
    assert "The workspace “Ada Consulting” requires two-factor sign-in of its members" in page
    seed = key_on(page)
    done = member.post("/account/two-factor?workspace=1", data={"code": code(seed)}).get_data(as_text=True)
    assert "open Ada Consulting" in done
    assert member.get("/workspaces/1/").status_code == 200


def test_a_workspace_name_is_not_told_to_someone_outside_it(journey_app):
    owner = signed_up(journey_app)
    enrol(owner)
    owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"})
    outsider = signed_up(journey_app, email="eve@example.com", workspace="Eve's")
    assert "Ada Consulting" not in outsider.get("/account/two-factor?workspace=1").get_data(as_text=True)
    assert outsider.get("/workspaces/1/").status_code == 404


def test_no_seed_or_code_reaches_the_logs(journey_app, caplog):
    caplog.set_level(logging.DEBUG)
    client = signed_up(journey_app)
    seed, codes = enrol(client)
    browser, _ = password_step(journey_app)
    browser.post("/account/login/code", data={"code": wrong_code(seed)})
    browser.post("/account/login/code", data={"code": codes[0]})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "failed two-factor code (wrong) for account 1" in logged
    assert seed not in logged and not any(c in logged or c.replace("-", "") in logged for c in codes)


def test_an_owner_can_stop_requiring_it_and_members_get_in_with_a_password_again(journey_app):
    owner = signed_up(journey_app)
    member = signed_up(journey_app, email="grace@example.com", workspace="Grace's own")
    add_member(owner, member)
    enrol(owner)
    owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"})
    assert member.get("/workspaces/1/").status_code == 303
    assert owner.post("/workspaces/1/sign-in", data={}).status_code == 302  # the box left unticked
    assert member.get("/workspaces/1/").status_code == 200


def test_two_factor_changes_and_sign_ins_are_in_the_audit_log_without_any_code(journey_app):
    owner = signed_up(journey_app)
    seed, codes = enrol(owner)
    assert owner.post("/workspaces/1/sign-in", data={"require_two_factor": "y"}).status_code == 302
    browser, _ = password_step(journey_app)
    browser.post("/account/login/code", data={"code": wrong_code(seed)})
    browser.post("/account/login/code", data={"code": codes[0]})
    assert owner.post("/account/two-factor/recovery-codes", data={"code": code(seed, 1)}).status_code == 200
    with journey_app.app_context():
        rows = database.session.execute(
            select(AuditEvent.kind, AuditEvent.workspace_id, AuditEvent.detail).order_by(AuditEvent.id)
        ).all()
        stored = " ".join(str(tuple(row)) for row in database.session.execute(select(AuditEvent.__table__)))
    events = [(kind, workspace, detail) for kind, workspace, detail in rows if kind != "sign_in" or detail]
    assert events == [
        ("two_factor_enabled", None, None),
        ("settings_changed", 1, {"two_factor_sign_in": "required"}),
        ("sign_in_failed", None, {"second_factor": "a wrong code"}),
        ("sign_in", None, {"second_factor": "recovery code"}),
        ("recovery_codes_replaced", None, None),
    ]
    assert seed not in stored and not any(recovery in stored for recovery in codes)
    log = owner.get("/workspaces/1/audit").get_data(as_text=True)
    assert "Two-factor sign-in turned on" in log and "Recovery codes replaced" in log
