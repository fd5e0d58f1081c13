"""A generated corpus of hostile input across form fields, URL parts, autosave JSON, uploads and
CLI files (about 1,300 inputs): none may cause a 5xx or a traceback, and a refused request
stores nothing. Derandomized, so every run sends the same corpus."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.extensions import database
from assessment.persistence import upgrade
from tests.support.hostile import assert_handled, form_text, json_values, row_counts
from tests.support.journeys import make_workshop, start

CORPUS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: (who posts, path, fields) for every form that takes free text or choices.
FORMS = [
    ("anonymous", "/account/signup", ("name", "email", "password", "workspace")),
    ("anonymous", "/account/login", ("email", "password")),
    ("consultant", "/account/password", ("current", "password", "confirm")),
    ("anonymous", "/join", ("code",)),
    ("consultant", "/workspaces/1/clients", ("name", "industry", "size_band", "region")),
    (
        "consultant",
        "/workspaces/1/clients/1/workshops/new",
        ("title", "questionnaire", "participants", "roles", "target_profile", "closes_at"),
    ),
    ("consultant", "/workspaces/1/members", ("email", "role")),
    ("consultant", "/workspaces/1/branding", ("accent", "remove_logo")),
    ("consultant", "/workspaces/1/workshops/1/agreed", ("question", "option")),
    ("consultant", "/workspaces/1/workshops/1/status", ("action",)),
    ("respondent", "/assessment/section/foundations", ("fnd-owner", "fnd-priorities", "fnd-value")),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app (SQLite, CSRF off) with a consultant, a workshop and a respondent, shared by the corpus."""
    import os

    from assessment import create_app

    folder = tmp_path_factory.mktemp("corpus")
    os.environ["ASSESSMENT_INSTANCE_PATH"] = str(folder / "instance")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "corpus",
            "DATABASE_URL": f"sqlite:///{folder / 'corpus.db'}",
            "WTF_CSRF_ENABLED": False,
            "REPORT_CACHE_DIR": str(folder / "reports"),
        }
    )
    with app.app_context():
        upgrade(database.engine)
    consultant = app.test_client()
    make_workshop(app, consultant)
    respondent = app.test_client()
    start(respondent, questionnaire="quick-check")
    yield {"app": app, "consultant": consultant, "respondent": respondent}
    app.extensions["database"].engine.dispose()
    os.environ.pop("ASSESSMENT_INSTANCE_PATH", None)


@settings(CORPUS, max_examples=300)
@given(form=st.sampled_from(FORMS), data=st.data())
def test_hostile_form_fields(world, form, data):
    who, path, fields = form
    values = data.draw(st.fixed_dictionaries({name: form_text for name in fields}))
    client = world["app"].test_client() if who == "anonymous" else world[who]
    before = row_counts(world["app"])
    assert_handled(client.post(path, data=values), before, world["app"])


@settings(CORPUS, max_examples=150)
@given(path_part=form_text)
def test_hostile_url_parts(world, path_part):
    client = world["consultant"]
    before = row_counts(world["app"])
    quoted = quote(path_part, safe="")
    for path in (f"/join/{quoted}", f"/assessment/section/{quoted}", f"/workspaces/1/?profile={quoted}"):
        assert_handled(client.get(path), before, world["app"])


@settings(CORPUS, max_examples=250)
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries({"question": json_values, "value": json_values, "seq": json_values}),
        st.fixed_dictionaries(
            {
                "question": st.sampled_from(["fnd-owner", "scope-agents"]),
                "value": form_text,
                "seq": st.integers(),
            }
        ),
    )
)
def test_hostile_autosave_bodies(world, body):
    before = row_counts(world["app"])
    response = world["respondent"].post(
        "/assessment/answers", data=json.dumps(body), content_type="application/json"
    )
    assert_handled(response, before, world["app"])
    assert response.is_json


COHORT_HEADER = "organisation,family,completed_at,consented,completeness,industry,size,region,overall"


def cohort_file(rows: list[list[str]]) -> bytes:
    """A cohort file with the required header and hostile rows."""
    return "\n".join([COHORT_HEADER, *(",".join(row) for row in rows)]).encode("utf-8")


@settings(CORPUS, max_examples=80)
@given(
    content=st.one_of(
        st.binary(max_size=2_000),
        form_text.map(lambda text: text.encode("utf-8")),
        st.lists(st.lists(form_text, min_size=1, max_size=12), max_size=6).map(cohort_file),
    ),
    filename=form_text,
)
def test_hostile_cohort_uploads(world, content, filename):
    before = row_counts(world["app"])
    form = {"name": "Hostile", "results": (io.BytesIO(content), filename or "x.csv")}
    assert_handled(world["consultant"].post("/workspaces/1/cohorts", data=form), before, world["app"])


@settings(CORPUS, max_examples=60)
@given(content=st.binary(max_size=4_000), filename=form_text)
def test_hostile_logo_uploads(world, content, filename):
    before = row_counts(world["app"])
    form = {"accent": "#123456", "logo": (io.BytesIO(content), filename or "x.png")}
    assert_handled(world["consultant"].post("/workspaces/1/branding", data=form), before, world["app"])


@settings(CORPUS, max_examples=100)
@given(
    content=st.one_of(
        st.binary(max_size=2_000),
        json_values.map(lambda value: json.dumps(value).encode()),
        st.fixed_dictionaries(
            {
                "questionnaire": st.sampled_from(["quick-check", "example"]) | form_text,
                "answers": json_values,
            },
            optional={"organisation": json_values, "respondents": json_values, "profile": json_values},
        ).map(lambda value: json.dumps(value).encode()),
    ),
    command=st.sampled_from(["score", "report"]),
)
def test_hostile_cli_answers_files(world, tmp_path_factory, content, command):
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "answers.json"
    path.write_bytes(content)
    extra = ["-o", str(folder / "out.pdf")] if command == "report" else ["--json"]
    result = world["app"].test_cli_runner().invoke(args=[command, str(path), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.output.strip().splitlines()[0].startswith(str(path)) or result.exit_code == 2
