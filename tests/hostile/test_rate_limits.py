"""F8: wrong guesses are limited, but no room, office or consultant is locked out of the right secret."""

from __future__ import annotations

from assessment.extensions import database
from assessment.persistence import upgrade
from assessment.web.attempts import (
    JOIN_PER_ADDRESS,
    RESUME_PER_ADDRESS,
    SIGN_IN_PER_EMAIL,
    SIGN_IN_PER_EMAIL_UNDER_ATTACK,
    SIGN_IN_TARGET,
)
from tests.support.journeys import PASSWORD, join_code, make_workshop, resume_url, sign_up, start

ROOM = "203.0.113.7"  # the room's one NAT address


def browser(app, address=ROOM):
    """A new browser behind `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def type_code_and_join(app, code):
    """A participant types the code shown in the room, then picks a role; returns the last status."""
    participant = browser(app)
    typed = participant.post("/join", data={"code": code})
    if typed.status_code != 302:
        return typed.status_code
    return participant.post(typed.headers["Location"], data={"role": "Product"}).status_code


def test_a_room_of_200_behind_one_address_joins_while_its_wrong_codes_are_limited(journey_app):
    """The review: 20 wrong codes from one address, then the valid code got 429 for the whole room."""
    make_workshop(journey_app, journey_app.test_client())
    code = join_code(journey_app)
    assert type_code_and_join(journey_app, code) == 302  # the first participant
    hostile = browser(journey_app)
    for seat in range(JOIN_PER_ADDRESS):  # one attendee, or a room's typos, spends the address's allowance
        assert hostile.post("/join", data={"code": f"ZZZZ{seat:02d}"}).status_code == 422
    assert hostile.post("/join", data={"code": "ZZZZZZ"}).status_code == 429
    for _ in range(199):
        assert type_code_and_join(journey_app, code) == 302
    assert browser(journey_app).post("/join", data={"code": "YYYYYY"}).status_code == 429
    consultant_view = journey_app.test_client()
    consultant_view.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert consultant_view.get("/workspaces/1/workshops/1/live.json").get_json()["respondents"] == 200


def test_an_address_past_its_allowance_learns_nothing_about_codes_it_has_not_joined_with(journey_app):
    """Otherwise 429 for wrong codes and a redirect for the right one would let guessing go on."""
    make_workshop(journey_app, journey_app.test_client())
    code = join_code(journey_app)
    guesser = browser(journey_app, "198.51.100.9")
    for seat in range(JOIN_PER_ADDRESS):
        assert guesser.post("/join", data={"code": f"ZZZZ{seat:02d}"}).status_code == 422
    assert guesser.post("/join", data={"code": code}).status_code == 429
    assert guesser.get(f"/join/{code}").status_code == 429
    assert type_code_and_join(journey_app, code) == 302  # another address is not affected


def test_failed_sign_ins_from_other_addresses_never_lock_the_consultant_out(journey_app):
    """The review: ten wrong passwords for bob from four addresses locked bob's right password out."""
    sign_up(journey_app.test_client())
    attackers = [browser(journey_app, f"198.51.100.{n}") for n in range(2 * SIGN_IN_TARGET)]
    for attacker in attackers:
        for _ in range(SIGN_IN_PER_EMAIL_UNDER_ATTACK):
            wrong = attacker.post("/account/login", data={"email": "ada@example.com", "password": "guess"})
            assert wrong.status_code in (422, 429)
    # The email is under attack: every address is down to a few tries, so guessing stays slow...
    fresh = browser(journey_app, "192.0.2.200")
    for _ in range(SIGN_IN_PER_EMAIL_UNDER_ATTACK):
        fresh.post("/account/login", data={"email": "ada@example.com", "password": "guess"})
    refused = fresh.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert refused.status_code == 429
    # ...and Ada, from her own address, still signs in with her password.
    ada = browser(journey_app, "192.0.2.10")
    signed_in = ada.post("/account/login", data={"email": "Ada@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert ada.get("/workspaces/").status_code == 200


def test_a_colleague_s_wrong_passwords_do_not_lock_the_office_out(journey_app):
    """The review: ten failures from one address gave 429 to every account's right password."""
    sign_up(journey_app.test_client())
    colleague = browser(journey_app, "192.0.2.50")
    for _ in range(SIGN_IN_PER_EMAIL):
        colleague.post("/account/login", data={"email": "bob@example.com", "password": "forgotten"})
    bob = colleague.post("/account/login", data={"email": "bob@example.com", "password": "x"})
    assert bob.status_code == 429
    ada = browser(journey_app, "192.0.2.50")
    signed_in = ada.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302


def test_an_office_that_mistyped_resume_links_still_resumes(journey_app):
    """The review: 10 wrong tokens from one address, then the participant's own link got 429."""
    owner = journey_app.test_client()
    start(owner, questionnaire="quick-check")
    link = resume_url(owner)
    office = browser(journey_app, "192.0.2.77")
    for attempt in range(RESUME_PER_ADDRESS):
        assert office.get(f"/assessment/resume/typo-{attempt}").status_code == 404
    assert office.get("/assessment/resume/typo-again").status_code == 429
    assert browser(journey_app, "192.0.2.77").get(link).status_code == 302


def test_behind_a_trusted_proxy_each_visitor_keeps_their_own_allowance(make_app, database_url):
    """Without TRUSTED_PROXIES every visitor would share the proxy's address (and its allowance)."""
    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": 1})
    with app.app_context():
        upgrade(database.engine)
    sign_up(app.test_client())
    proxy = browser(app, "10.0.0.1")
    for _ in range(SIGN_IN_PER_EMAIL):
        proxy.post(
            "/account/login",
            data={"email": "ada@example.com", "password": "guess"},
            headers={"X-Forwarded-For": "198.51.100.1"},
        )
    ada = proxy.post(
        "/account/login",
        data={"email": "ada@example.com", "password": PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.10"},
    )
    assert ada.status_code == 302


def test_one_ipv6_network_shares_one_allowance(journey_app):
    """A host owns a whole /64: hopping between its addresses must not buy more guesses."""
    sign_up(journey_app.test_client())
    for n in range(SIGN_IN_PER_EMAIL):
        hopper = browser(journey_app, f"2001:db8:1:2::{n + 1:x}")
        hopper.post("/account/login", data={"email": "ada@example.com", "password": "guess"})
    next_hop = browser(journey_app, "2001:db8:1:2::ffff")
    assert (
        next_hop.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD}).status_code
        == 429
    )
    elsewhere = browser(journey_app, "2001:db8:1:3::1")
    assert (
        elsewhere.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD}).status_code
        == 302
    )


def test_sign_up_attempts_are_limited_per_address_so_probing_for_accounts_is_slow(journey_app):
    """F9: sign-up cannot hide a taken address without e-mail; it can make asking slow."""
    sign_up(journey_app.test_client())
    probes = [
        sign_up(journey_app.test_client(), email=f"probe{n}@example.com").status_code for n in range(19)
    ]
    assert probes == [302] * 19
    assert sign_up(journey_app.test_client(), email="ada@example.com").status_code == 429
    assert sign_up(journey_app.test_client(), email="fresh@example.com").status_code == 429
