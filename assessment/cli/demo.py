"""`assessment demo`: a workspace with a facilitator login and a workshop full of generated answers,
some evidence and reviews behind them, and an action plan already under way.

Everything it creates is labelled as generated: the assessment has is_demo set (so it
never joins a peer cohort), the client, workshop, roles and participants say "demo",
the evidence notes, the reviewer and the plan's owners say "generated", and the live
view shows a "Generated demo data" label.
"""

from __future__ import annotations

import random
import secrets
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import current_catalog, current_evidence_store, database
from ..persistence import record_answer, upgrade
from ..persistence.models import utcnow
from ..questionnaire import UNKNOWN, Question, QuestionKind, Questionnaire
from ..scoring import (
    DEFAULT_PROFILE,
    Participant,
    applicable_answers,
    build_roadmap,
    default_profile,
    question_applies,
    room_answers,
    score_answers,
)
from ..scoring.evidence import REVIEWED_KINDS, ReviewStatus
from ..services.accounts import sign_up, workspace_scope
from ..services.evidence import add_evidence, review_answer
from ..services.plan import seed_plan, update_action
from ..services.portfolio import import_register, portfolio_for
from ..services.workshops import DEFAULT_ROLES, WorkshopSettings, create_workshop, join
from .database import database_failure

PARTICIPANTS = 24
#: Generated evidence and reviews: the first participants' answers, every third one.
REVIEWED_PARTICIPANTS = 3
REVIEWER = "Demo reviewer (generated)"
#: How each role tends to rate the organisation, in option steps: the gaps the live view shows.
ROLE_BIAS = {0: 1.0, 1: 0.0, 2: -0.5, 3: 0.5, 4: -1.0, 5: -1.5, 6: 0.0, 7: 1.5}


def demo_answers(
    questionnaire: Questionnaire, rng: random.Random, bias: float, share: float
) -> dict[str, str]:
    """Plausible answers of one generated participant; `share` of the questions get answered."""
    answers: dict[str, str] = {}
    for question in questionnaire.questions:
        if question.kind is QuestionKind.SCOPING:
            answers[question.id] = question.options[-1].id
    for question in questionnaire.questions:
        if question.kind is QuestionKind.SCOPING or rng.random() > share:
            continue
        if question_applies(questionnaire, question, answers):
            answers[question.id] = _answer(questionnaire, question, rng, bias)
    return answers


def _answer(questionnaire: Questionnaire, question: Question, rng: random.Random, bias: float) -> str:
    """One answer: a maturity option around the role's view, or an owner (often not the same one)."""
    if question.unknown and rng.random() < 0.05:
        return UNKNOWN
    if question.kind is QuestionKind.OWNERSHIP:
        owners = [o.id for o in questionnaire.owners]
        usual = owners[sum(map(ord, question.id)) % len(owners)]
        return usual if rng.random() < 0.55 else rng.choice(owners)
    if question.fact is not None:
        return _figure(question, rng)
    options = sorted(question.options, key=lambda o: o.value or 0)
    middle = len(options) / 2 - 0.5 + bias + rng.gauss(0, 0.9)
    return options[max(0, min(len(options) - 1, round(middle)))].id


def _figure(question: Question, rng: random.Random) -> str:
    """A generated outcome figure: a small number in the fact's range (dates are left out)."""
    fact = question.fact
    if fact.type.value == "date":
        return UNKNOWN
    low = fact.minimum if fact.minimum is not None else 0
    high = min(fact.maximum if fact.maximum is not None else 100, low + 40)
    value = rng.uniform(low, high)
    return fact.normalise(str(round(value)) if fact.type.value == "integer" else f"{value:.1f}")


def add_demo_participants(db, workshop, questionnaire: Questionnaire, rng: random.Random) -> list:
    """Generated participants in every role, most finished, a few still answering; returns each
    with their answers."""
    joined = []
    roles = workshop.roles
    for number in range(1, PARTICIPANTS + 1):
        role_index = number % len(roles)
        respondent, _ = join(db, workshop, roles[role_index], f"Demo participant {number:02d}")
        share = 1.0 if number <= PARTICIPANTS - 4 else 0.5
        bias = ROLE_BIAS.get(role_index, 0.0)
        answers = demo_answers(questionnaire, rng, bias, share)
        for question_id, value in answers.items():
            record_answer(db, respondent.id, question_id, value, 1)
        joined.append((respondent, answers))
    return joined


def add_demo_review_and_plan(db, workshop, questionnaire: Questionnaire, respondents: list) -> None:
    """Generated evidence behind some answers, a reviewer's decisions on them, and the room's
    plan with its first actions under way."""
    reviewed = {q.id for kind in REVIEWED_KINDS for q in questionnaire.questions_of_kind(kind)}
    today = utcnow().date()
    store = current_evidence_store()
    for respondent, answers in respondents[:REVIEWED_PARTICIPANTS]:
        for index, question_id in enumerate(sorted(q for q in answers if q in reviewed)):
            if index % 3:
                continue
            add_evidence(
                db,
                store,
                respondent,
                question_id,
                note="Generated demo evidence: a note where a real team would point to a record.",
                links="",
                expires_on=None,
                files=[],
                added_by=respondent.name or "Demo participant",
                today=today,
            )
            status = ReviewStatus.CHALLENGED if index % 9 == 6 else ReviewStatus.VALIDATED
            believed = _lower_option(questionnaire, question_id, answers[question_id])
            if status is ReviewStatus.CHALLENGED and believed is None:
                status = ReviewStatus.VALIDATED
            review_answer(
                db,
                respondent,
                questionnaire,
                answers,
                question_id,
                status,
                reviewer=REVIEWER,
                comment="Generated demo challenge: the record shows less than the answer claims.",
                believed=believed,
            )
    room = room_answers(
        questionnaire,
        [Participant(r.role or "", applicable_answers(questionnaire, a), str(r.id)) for r, a in respondents],
        {},
    )
    profile = default_profile(current_catalog().profiles_for(questionnaire))
    roadmap = build_roadmap(questionnaire, score_answers(questionnaire, room), profile)
    actions = seed_plan(db, workshop.assessment, questionnaire, roadmap)
    for action, status in zip(actions, ("done", "in progress", "in progress"), strict=False):
        update_action(
            db,
            action,
            owner=f"{action.owner or 'Programme lead'} (generated)",
            due_on=None,
            status=status,
            notes="Generated demo progress.",
            changed_by=REVIEWER,
        )


def _lower_option(questionnaire: Questionnaire, question_id: str, value: str) -> str | None:
    """The option one step below an answer, for a generated challenge; None when there is none."""
    options = questionnaire.question(question_id).option_ids
    return options[options.index(value) - 1] if value in options and options.index(value) > 0 else None


#: The invented register the README shows; its initiatives join the demo client's portfolio.
EXAMPLE_PORTFOLIO = Path(__file__).resolve().parents[2] / "docs" / "portfolio-example.csv"


def add_demo_portfolio(db, organisation_id: int, questionnaire: Questionnaire) -> None:
    """The example register, as the demo client's portfolio, when the questionnaire has a gate."""
    gate = current_catalog().gate_for(questionnaire)
    if gate is None or not EXAMPLE_PORTFOLIO.is_file():
        return
    portfolio = portfolio_for(db, organisation_id, create=True)
    import_register(
        db,
        portfolio,
        EXAMPLE_PORTFOLIO.read_text(encoding="utf-8"),
        gate.questionnaire,
        gate.rules.agents_question,
    )


@click.command("demo")
@click.option("--questionnaire", "questionnaire_id", default="ai-execution", show_default=True)
@click.option("--seed", default=7, show_default=True, help="Seed of the generated answers.")
@with_appcontext
def demo_command(questionnaire_id: str, seed: int) -> None:
    """Create a demo workspace, a facilitator login and a workshop of generated participants."""
    questionnaire = current_catalog().get(questionnaire_id)
    rng = random.Random(seed)
    email = f"demo-{secrets.token_hex(3)}@example.com"
    password = secrets.token_urlsafe(12)
    try:
        upgrade(database.engine)
        db = database.session
        account = sign_up(db, email, password, "Demo facilitator", "Demo workspace (generated data)")
        scope = workspace_scope(db, account, account.memberships[0].workspace_id)
        client = scope.add_client(
            "Demo Insurance Group (generated data)", "insurance", "5000-19999", "europe"
        )
        roles = tuple(f"{role} (demo)" for role in DEFAULT_ROLES)
        title = "AI execution workshop (generated demo data)"
        workshop = create_workshop(
            db, client, questionnaire, WorkshopSettings(title, False, roles, DEFAULT_PROFILE)
        )
        workshop.assessment.is_demo = True
        respondents = add_demo_participants(db, workshop, questionnaire, rng)
        add_demo_review_and_plan(db, workshop, questionnaire, respondents)
        add_demo_portfolio(db, client.organisation_id, questionnaire)
        db.commit()
    except SQLAlchemyError as error:
        raise database_failure(error) from None
    click.echo("Demo workspace created (all its participants and answers are generated).")
    click.echo(f"  sign in at /account/login as {email}")
    click.echo(f"  password (shown once): {password}")
    click.echo(f"  live view: /workspaces/{workshop.workspace_id}/workshops/{workshop.id}/")
    click.echo(f"  join code for a real test participant: {workshop.join_code}")
    click.echo(f"  review and plan: the live view links to both ({REVIEWER} signed off some answers)")
    click.echo("  portfolio: the client's AI initiatives (an invented register) beside the plan")
