"""Every route, as every kind of visitor, against its own data and the other tenant's.

Two workspaces (A and B) each have a client and a workshop with one participant, whose
answers scope the room, so each workshop has an action plan (`{action}` is one). Each
route runs as anonymous, participant 1 (workshop 1, workspace A), participant 2
(workshop 2, workspace B), consultant A and consultant B, against A's ids, B's ids,
and each workspace's id combined with the other's client and workshop ids (and, for
a participant's own evidence, their second item, so each id is deleted once).
Whoever is not entitled gets 403, 404 or the sign-in page, never sees the other's data,
and changes nothing in the database. A route missing from MATRIX fails the test, so a
new route cannot ship without deciding who may use it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Base, Evidence, Initiative, PlanAction, Respondent, upgrade
from assessment.persistence.workspaces import Invitation, Membership, Workshop
from tests.support.journeys import PASSWORD, SCOPE

ACTORS = ("anonymous", "participant1", "participant2", "consultantA", "consultantB")
SECRETS = {"A": ("Alpha Bank", "Alpha kick-off"), "B": ("Beta Bank", "Beta kick-off")}
NOT_COMPARED = {"failed_attempts"}  # wrong codes and passwords are counted on purpose


@dataclass(frozen=True)
class Route:
    """Who may use a route, and how to call it against one tenant's ids.

    who: "public" (anyone), "account" (any signed-in consultant), "participant" (a
    workshop participant's own session), "member" (consultants of the target's
    workspace), "respondent" (the participant whose evidence the ids name: participant 1
    for A's ids, participant 2 for B's), "nobody" (a path that must fail for everyone, such
    as a wrong token, or a named reviewer's pages: no actor here holds a reviewer link).
    """

    who: str
    path: str
    form: dict = field(default_factory=dict)
    json: dict | None = None
    files: dict = field(default_factory=dict)  # field name -> (file name, bytes)
    #: Refusals an entitled member may still get, because of the state of the world.
    also_ok: tuple = ()


#: One valid row of peer data.
COHORT_CSV = (
    b"organisation,family,completed_at,consented,completeness,industry,size,region,overall\n"
    b"client-1,ai-execution@2,2025-01-01,yes,1,retail,1-249,europe,3\n"
)
#: A register file of one initiative.
REGISTER_CSV = b"name,stage,value_band\nImported initiative,pilot,high\n"
W = "/workspaces/{ws}"
WS = "/workspaces/{ws}/workshops/{workshop}"
MATRIX = {
    "static": Route("public", "/static/css/app.css"),
    "main.index": Route("public", "/"),
    "main.methodology": Route("public", "/methodology"),
    "main.healthz": Route("public", "/healthz"),
    "assess.start": Route("public", "/assessment/start/ai-execution", form={"name": ""}),
    "assess.resume": Route("nobody", "/assessment/resume/not-a-real-token"),
    "assess.resume_point": Route("participant", "/assessment/"),
    "assess.section": Route("participant", "/assessment/section/leadership", form={}),
    "assess.save_answer": Route(
        "participant",
        "/assessment/answers",
        json={"question": "own-accountable-owner", "value": "x", "seq": 9},
    ),
    "assess.csrf_token": Route("participant", "/assessment/csrf-token"),
    "assess.review": Route("participant", "/assessment/review"),
    "assess.results": Route("participant", "/assessment/results"),
    "assess.report": Route("participant", "/assessment/report.pdf"),
    "assess.workbook": Route("participant", "/assessment/report.xlsx"),
    "assess.deck": Route("participant", "/assessment/report.pptx"),
    # Only a self-assessment can be retaken; every participant here belongs to a workshop.
    "assess.retake": Route("nobody", "/assessment/retake", form={"start_from": "blank"}),
    "assess.replace_link": Route("participant", "/assessment/link", form={}),
    # A self-assessment's plan: every participant here belongs to a workshop, whose plan is
    # the workspace's (the participant gets 403), so no one here may use these.
    "assess.plan": Route("nobody", "/assessment/plan"),
    "assess.update_plan_action": Route("nobody", "/assessment/plan/{action}", form={"status": "done"}),
    "assess.plan_plan_csv": Route("nobody", "/assessment/plan.csv"),
    "assess.plan_jira_csv": Route("nobody", "/assessment/plan-jira.csv"),
    "assess.plan_github_csv": Route("nobody", "/assessment/plan-github.csv"),
    # A self-assessment's AI initiative portfolio: likewise a workshop's is the workspace's.
    "assess.portfolio": Route("nobody", "/assessment/portfolio"),
    "assess.portfolio_register": Route("nobody", "/assessment/portfolio/register"),
    "assess.add_initiative": Route("nobody", "/assessment/portfolio/initiatives", form={"name": "Intrusion"}),
    "assess.edit_initiative": Route(
        "nobody", "/assessment/portfolio/initiatives/{initiative}", form={"name": "Intrusion"}
    ),
    "assess.delete_initiative": Route("nobody", "/assessment/portfolio/initiatives/{initiative}/delete"),
    "assess.initiative_gate": Route(
        "nobody", "/assessment/portfolio/initiatives/{initiative}/gate", form={"gate-owner": "unknown"}
    ),
    "assess.import_register": Route(
        "nobody", "/assessment/portfolio/import", files={"register": ("r.csv", REGISTER_CSV)}
    ),
    "assess.register_csv": Route("nobody", "/assessment/portfolio/register.csv"),
    "assess.set_wip_limit": Route("nobody", "/assessment/portfolio/wip-limit", form={"limit": "2"}),
    "assess.what_if": Route("nobody", "/assessment/portfolio/what-if"),
    "auth.signup": Route("public", "/account/signup", form={"email": "x"}),
    "auth.login": Route("public", "/account/login", form={"email": "x"}),
    "auth.logout": Route("account", "/account/logout"),
    "auth.invitation": Route("nobody", "/account/invitations/not-a-real-token", form={"answer": "accept"}),
    "auth.reset_password": Route("nobody", "/account/reset/not-a-real-token", form={"password": "x"}),
    "auth.password": Route("account", "/account/password", form={"current": "wrong"}),
    # Two-factor sign-in: each account's own; the code page is the sign-in's second step,
    # which without a right password just sends back to the sign-in page.
    "auth.two_factor": Route("account", "/account/two-factor", form={"code": "000000"}),
    "auth.regenerate_codes": Route("account", "/account/two-factor/recovery-codes", form={"code": "000000"}),
    "auth.disable_two_factor": Route(
        "account", "/account/two-factor/disable", form={"password": "wrong", "code": "000000"}
    ),
    "auth.two_factor_off": Route("account", "/account/two-factor/off"),
    "auth.second_step": Route("public", "/account/login/code", form={"code": "000000"}),
    "workspaces.workspaces": Route("account", "/workspaces/"),
    "workshops.join_by_code": Route("public", "/join", form={"code": "{code}"}),
    "workshops.join_workshop": Route("public", "/join/{code}", form={"role": "Nope"}),
    "workshops.room_results": Route("participant", "/workshop/results"),
    "workspaces.workspace": Route("member", W + "/"),
    "workspaces.add_client": Route("member", W + "/clients", form={"name": "Intruder Ltd"}),
    "workspaces.add_member": Route(
        "member", W + "/members", form={"email": "newcomer@example.com", "role": "owner"}
    ),
    "workspaces.reset_link": Route("member", W + "/members/{member}/reset-link"),
    # {member} is the workspace's only owner, who may not leave it.
    # The confirmation page (GET) and the confirmed removal (POST with confirm=yes).
    "workspaces.remove": Route(
        "member", W + "/members/{member}/remove", form={"confirm": "yes"}, also_ok=(409,)
    ),
    # Making the only owner a facilitator is refused (409), nothing changed.
    "workspaces.set_role": Route(
        "member", W + "/members/{member}/role", form={"role": "facilitator"}, also_ok=(409,)
    ),
    "workspaces.withdraw_invitation": Route("member", W + "/invitations/{invitation}/withdraw"),
    "workspaces.client": Route("member", W + "/clients/{client}/"),
    "workspaces.branding": Route("member", W + "/branding", form={"accent": "#000000"}),
    "workspaces.logo": Route("member", W + "/logo.png"),
    # Requiring two-factor sign-in is refused (409) to an owner without it, nothing changed.
    "workspaces.sign_in_rule": Route(
        "member", W + "/sign-in", form={"require_two_factor": "y"}, also_ok=(409,)
    ),
    # The audit log is its owners' (each consultant here owns their workspace; a facilitator's
    # 403 is tested in tests/web/test_audit_log.py).
    "workspaces.audit_log": Route("member", W + "/audit"),
    "workspaces.audit_csv": Route("member", W + "/audit.csv"),
    "workshops.new_workshop": Route(
        "member",
        W + "/clients/{client}/workshops/new",
        form={
            "title": "Intrusion",
            "questionnaire": "ai-execution",
            "participants": "anonymous",
            "roles": "X",
        },
    ),
    "workshops.live": Route("member", WS + "/"),
    "workshops.workshop_settings": Route(
        "member",
        WS + "/settings",
        form={
            "title": "Intrusion",
            "participants": "named",
            "roles": "Product\nEngineering",
            "time_zone": "UTC",
        },
    ),
    "workshops.live_json": Route("member", WS + "/live.json"),
    "workshops.present": Route("member", WS + "/present"),
    "workshops.qr_code": Route("member", WS + "/qr.svg"),
    "workshops.set_status": Route("member", WS + "/status", form={"action": "close"}),
    "workshops.set_visibility": Route("member", WS + "/visibility", form={"visible": "yes"}),
    # E-mail invitations (no MAIL_SERVER here: inviting shows the links; reminding is refused, 409).
    "workshops.workshop_invitations": Route("member", WS + "/invitations", form={"people": "x@example.com"}),
    "workshops.remind_invited": Route(
        "member", WS + "/invitations/remind", form={"everyone": "y"}, also_ok=(409,)
    ),
    "workshops.invited": Route("nobody", "/invite/not-a-real-token", form={"role": "Product"}),
    "workshops.set_agreed": Route(
        "member", WS + "/agreed", form={"question": "own-accountable-owner", "option": "all-named"}
    ),
    "workshops.export_csv": Route("member", WS + "/answers.csv"),
    "workshops.export_json": Route("member", WS + "/answers.json"),
    "workshops.compare": Route("member", WS + "/compare"),
    "workshops.report": Route("member", WS + "/report.pdf"),
    "workshops.workbook": Route("member", WS + "/workbook.xlsx"),
    "workshops.deck": Route("member", WS + "/deck.pptx"),
    "workshops.participant_reports_zip": Route("member", WS + "/participant-reports.zip"),
    "workshops.workshop_plan": Route("member", WS + "/plan"),
    "workshops.update_workshop_action": Route("member", WS + "/plan/{action}", form={"status": "done"}),
    "workshops.workshop_plan_csv": Route("member", WS + "/plan.csv"),
    "workshops.workshop_jira_csv": Route("member", WS + "/plan-jira.csv"),
    "workshops.workshop_github_csv": Route("member", WS + "/plan-github.csv"),
    "workshops.workshop_portfolio": Route("member", WS + "/portfolio"),
    "workshops.workshop_portfolio_register": Route("member", WS + "/portfolio/register"),
    "workshops.workshop_add_initiative": Route(
        "member", WS + "/portfolio/initiatives", form={"name": "Intrusion"}
    ),
    "workshops.workshop_edit_initiative": Route(
        "member", WS + "/portfolio/initiatives/{initiative}", form={"name": "Renamed"}
    ),
    "workshops.workshop_delete_initiative": Route(
        "member", WS + "/portfolio/initiatives/{initiative}/delete"
    ),
    "workshops.workshop_initiative_gate": Route(
        "member", WS + "/portfolio/initiatives/{initiative}/gate", form={"gate-owner": "unknown"}
    ),
    "workshops.workshop_import_register": Route(
        "member", WS + "/portfolio/import", files={"register": ("r.csv", REGISTER_CSV)}
    ),
    "workshops.workshop_register_csv": Route("member", WS + "/portfolio/register.csv"),
    "workshops.workshop_set_wip_limit": Route("member", WS + "/portfolio/wip-limit", form={"limit": "2"}),
    "workshops.workshop_what_if": Route("member", WS + "/portfolio/what-if"),
    "workspaces.cohorts": Route(
        "member", W + "/cohorts", form={"name": "Intruders"}, files={"results": ("x.csv", COHORT_CSV)}
    ),
    "workspaces.cohort_file": Route("member", W + "/cohorts/{cohort}/results.csv"),
    "workspaces.delete_cohort": Route("member", W + "/cohorts/{cohort}/delete"),
    "workshops.set_peers": Route("member", WS + "/peers", form={"cohort": "{cohort}"}),
    "assess.evidence": Route(
        "participant", "/assessment/evidence/own-accountable-owner", form={"note": "x", "added_by": "x"}
    ),
    "assess.delete_evidence": Route("respondent", "/assessment/evidence/{evidence}/delete"),
    "assess.evidence_download": Route("respondent", "/assessment/evidence/files/{file}"),
    # Named reviewers belong to self-assessments; every participant here belongs to a workshop.
    "assess.reviewers": Route("nobody", "/assessment/reviewers", form={"name": "Intruder"}),
    "assess.withdraw": Route("nobody", "/assessment/reviewers/1/withdraw"),
    "assess.reviewer": Route("nobody", "/assessment/reviewer/not-a-real-token"),
    "assess.reviewing": Route("nobody", "/assessment/reviewing"),
    "assess.review_as_reviewer": Route(
        "nobody",
        "/assessment/reviewing/own-accountable-owner",
        form={"own-accountable-owner-decision": "validated"},
    ),
    "assess.reviewing_file": Route("nobody", "/assessment/reviewing/files/{file}"),
    "workshops.review": Route("member", WS + "/review"),
    "workshops.review_answer_of": Route(
        "member",
        WS + "/review/{respondent}/own-accountable-owner",
        form={"r{respondent}-own-accountable-owner-decision": "validated"},
    ),
    "workshops.review_file": Route("member", WS + "/evidence/{file}"),
}
#: Whose evidence each tenant's ids name.
RESPONDENT_OF = {"A": "participant1", "B": "participant2"}


def routes_of(app) -> list[tuple[str, str]]:
    """(endpoint, method) for every rule of the app."""
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def png() -> bytes:
    """A small PNG logo."""
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#123456").save(out, format="PNG")
    return out.getvalue()


def build_world(app) -> tuple[dict, dict]:
    """Two tenants with a workshop and a participant each; returns (clients by actor, ids by tenant)."""
    clients = {actor: app.test_client() for actor in ACTORS}
    ids = {}
    for tenant, consultant, participant in (
        ("A", "consultantA", "participant1"),
        ("B", "consultantB", "participant2"),
    ):
        client = clients[consultant]
        email = f"{tenant.lower()}@example.com"
        client.post(
            "/account/signup",
            data={"name": tenant, "email": email, "password": PASSWORD, "workspace": tenant},
        )
        ws = client.get("/workspaces/").get_data(as_text=True).split("/workspaces/")[2].split("/")[0]
        client.post(f"/workspaces/{ws}/clients", data={"name": SECRETS[tenant][0]})
        logo = client.post(
            f"/workspaces/{ws}/branding", data={"accent": "#123456", "logo": (io.BytesIO(png()), "logo.png")}
        )
        assert logo.status_code == 302
        with app.app_context():
            from assessment.persistence import Client

            client_id = database.session.scalars(select(Client.id).order_by(Client.id.desc())).first()
        response = client.post(
            f"/workspaces/{ws}/clients/{client_id}/workshops/new",
            data={
                "title": SECRETS[tenant][1],
                "questionnaire": "ai-execution",
                "participants": "named",
                "roles": "Product\nEngineering",
            },
        )
        workshop_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        with app.app_context():
            code = database.session.get(Workshop, workshop_id).join_code
            member_id = database.session.scalar(
                select(Membership.id).where(Membership.workspace_id == int(ws))
            )
        client.post(f"/workspaces/{ws}/members", data={"email": f"invitee-{email}", "role": "facilitator"})
        with app.app_context():
            invitation_id = database.session.scalar(
                select(Invitation.id).where(Invitation.workspace_id == int(ws))
            )
        clients[participant].post(f"/join/{code}", data={"role": "Product", "name": f"Person {tenant}"})
        cohort = client.post(
            f"/workspaces/{ws}/cohorts",
            data={"name": f"{SECRETS[tenant][0]} peers", "results": (io.BytesIO(COHORT_CSV), "peers.csv")},
        )
        assert cohort.status_code == 302
        cohort_id = int(cohort.headers["Location"].rsplit("=", 1)[1])
        clients[participant].post(
            "/assessment/answers", json={"question": "own-accountable-owner", "value": "all-named", "seq": 1}
        )
        for note in ("first", "second"):
            added = clients[participant].post(
                "/assessment/evidence/own-accountable-owner",
                data={"note": note, "added_by": "P", "files": (io.BytesIO(b"proof"), f"{note}.txt")},
            )
            assert added.status_code == 302
        with app.app_context():
            respondent_id = database.session.scalar(
                select(Workshop.assessment_id).where(Workshop.id == workshop_id)
            )
            respondent_id = database.session.scalar(
                select(Respondent.id).where(Respondent.assessment_id == respondent_id)
            )
            items = database.session.scalars(
                select(Evidence).where(Evidence.respondent_id == respondent_id).order_by(Evidence.id)
            ).all()
            evidence_ids = [item.id for item in items]
            file_id = items[0].files[0].id
        # The room's scope, so opening the plan seeds the workshop's plan: {action} is its first.
        for seq, (question, value) in enumerate(SCOPE.items(), start=2):
            clients[participant].post(
                "/assessment/answers", json={"question": question, "value": value, "seq": seq}
            )
        assert client.get(f"/workspaces/{ws}/workshops/{workshop_id}/plan").status_code == 200
        # The client's AI initiative portfolio: {initiative} is its one initiative.
        added = client.post(
            f"/workspaces/{ws}/workshops/{workshop_id}/portfolio/initiatives",
            data={"name": f"{SECRETS[tenant][0]} claims bot", "stage": "pilot", "value_band": "high"},
        )
        assert added.status_code == 302, added.get_data(as_text=True)
        with app.app_context():
            initiative_id = database.session.scalar(select(Initiative.id).order_by(Initiative.id.desc()))
        with app.app_context():
            assessment_id = database.session.get(Workshop, workshop_id).assessment_id
            action_id = database.session.scalar(
                select(PlanAction.id).where(PlanAction.assessment_id == assessment_id)
            )
        ids[tenant] = {
            "ws": ws,
            "client": client_id,
            "workshop": workshop_id,
            "code": code,
            "email": email,
            "cohort": cohort_id,
            "member": member_id,
            "invitation": invitation_id,
            "respondent": respondent_id,
            "evidence": evidence_ids[0],
            "second_evidence": evidence_ids[1],
            "file": file_id,
            "action": action_id,
            "initiative": initiative_id,
        }
    ids["A"]["other_email"], ids["B"]["other_email"] = ids["B"]["email"], ids["A"]["email"]
    # One's own workspace id with the other's client and workshop ids: no one may use these.
    ids["A-in-B"] = {**ids["A"], "ws": ids["B"]["ws"], "evidence": ids["A"]["second_evidence"]}
    ids["B-in-A"] = {**ids["B"], "ws": ids["A"]["ws"], "evidence": ids["B"]["second_evidence"]}
    return clients, ids


def fingerprint(app) -> list:
    """Every row of every table that a request may not change when refused."""
    with app.app_context():
        session = database.session
        rows = [
            sorted(map(repr, session.execute(table.select()).all()))
            for table in Base.metadata.sorted_tables
            if table.name not in NOT_COMPARED
        ]
        session.close()
        return rows


def entitled(route: Route, actor: str, tenant: str) -> bool:
    """Whether an actor may use a route against a tenant's ids."""
    if route.who == "member" and "-in-" in tenant:
        # Own workspace id, other's objects: refused; a path with only the workspace id is the workspace's.
        uses_objects = any(
            f"{{{name}}}" in route.path for name in ("client", "workshop", "cohort", "member", "invitation")
        )
        return not uses_objects and actor == f"consultant{tenant.split('-in-')[1]}"
    return {
        "public": True,
        "nobody": False,
        "account": actor.startswith("consultant"),
        "participant": actor.startswith("participant"),
        "member": actor == f"consultant{tenant}",
        "respondent": actor == RESPONDENT_OF[tenant.split("-in-")[0]],
    }[route.who]


def call(client, route: Route, method: str, values: dict):
    """Send the route's request with the tenant's ids filled in."""
    path = route.path.format(**values)
    if method == "GET":
        return client.get(path)
    if route.json is not None:
        return client.post(path, json=route.json)
    data = {k.format(**values): v.format(**values) for k, v in route.form.items()}
    data |= {k: (io.BytesIO(content), name) for k, (name, content) in route.files.items()}
    return client.post(path, data=data)


def assert_refused(response) -> None:
    """403, 404, 429 (too many wrong tokens) or the sign-in page, and nothing of either tenant's data."""
    to_login = response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert response.status_code in (403, 404, 429) or to_login, response.status_code
    body = response.get_data(as_text=True)
    response.close()
    for secret in SECRETS["A"] + SECRETS["B"]:
        assert secret not in body


@pytest.fixture
def matrix_app(make_app, tmp_path):
    """A migrated app on SQLite with CSRF off, so refusals come from authorization alone."""
    app = make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'matrix.db'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(database.engine)
    return app


def test_every_route_has_an_entry_in_the_matrix(matrix_app):
    endpoints = {endpoint for endpoint, _ in routes_of(matrix_app)}
    assert sorted(endpoints - set(MATRIX)) == [], "routes without an authorization entry"
    assert sorted(set(MATRIX) - endpoints) == [], "entries for routes that no longer exist"
    adapter = matrix_app.url_map.bind("localhost")
    ids = {"ws": 1, "client": 1, "workshop": 1, "cohort": 1, "member": 1, "invitation": 1, "action": 1}
    ids |= {"respondent": 1, "evidence": 1, "file": 1, "initiative": 1}
    values = ids | {"code": "ABCDEF", "other_email": "", "email": ""}
    for endpoint, method in routes_of(matrix_app):
        assert adapter.match(MATRIX[endpoint].path.format(**values), method)[0] == endpoint


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_only_entitled_visitors_use_the_route(matrix_app, endpoint):
    clients, ids = build_world(matrix_app)
    route = MATRIX[endpoint]
    methods = sorted(m for e, m in routes_of(matrix_app) if e == endpoint)
    allowed = []
    for method in methods:
        for tenant in ("A", "B", "A-in-B", "B-in-A"):
            for actor in ACTORS:
                if entitled(route, actor, tenant):
                    allowed.append((method, tenant, actor))
                    continue
                before = fingerprint(matrix_app)
                assert_refused(call(clients[actor], route, method, ids[tenant]))
                assert fingerprint(matrix_app) == before, f"{actor} {method} changed data of {tenant}"
    # Entitled visitors last, since some of them legitimately change data.
    for method, tenant, actor in allowed:
        response = call(clients[actor], route, method, ids[tenant])
        response.close()
        assert response.status_code < 500 and response.status_code not in (401, 403, 404), (
            actor,
            method,
            tenant,
        )
        if route.who == "member":
            assert response.status_code < 400 or response.status_code in route.also_ok
