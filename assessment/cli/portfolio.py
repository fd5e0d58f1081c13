"""`assessment portfolio PORTFOLIO.csv --assessment ANSWERS.json [--assume-done ACTION ...]
[--target PROFILE] [--wip-limit N] [--format text|json]`: which initiatives can reach production.

The answers file's questionnaire must have a production gate loaded beside it; its answers
(a group file's room answers) are scored and the roadmap built as the report builds it
(the `--target` profile, else the file's, else the default one), and each initiative of
the register is judged against them (`scoring.portfolio`). With `--assume-done`, the
what-if: which initiatives those roadmap actions (named by the question id the ranked
output prints beside each action) make ready, and how each readiness moves.

Every problem is found before anything is printed. A register with bad fields is refused
whole with each problem on a line naming its row and column, exit 2 (an autonomy tier the
gate does not define is checked on the rows that are otherwise valid), as are a
questionnaire without a gate and an action the roadmap does not hold; an answers file
that does not fit its questionnaire exits 1, as `score` does.

Why one module: the command, its checks of the two input files and the text and JSON it
prints are one contract with the command line; the judging itself is `scoring.portfolio`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext

from ..extensions import current_catalog
from ..questionnaire import UNKNOWN, Questionnaire, UnknownQuestionnaire
from ..questionnaire.gate import Gate
from ..questionnaire.model import NOT_APPLICABLE, QuestionKind
from ..scoring import AnswerError, build_roadmap, default_profile, room_answers, score_answers
from ..scoring.answers_file import AnswersFile, AnswersFileError
from ..scoring.portfolio import (
    QUADRANTS,
    STATUSES,
    InitiativeReadiness,
    PortfolioReview,
    WhatIf,
    review_portfolio,
    unknown_actions,
    what_if,
)
from ..scoring.register import STAGES, VALUE_BANDS, InitiativeRecord, RegisterError, read_register
from ..scoring.roadmap import Roadmap
from .json_files import read_answers_file, standard_json

NAME_WIDTH = 40


@click.command("portfolio")
@click.argument("portfolio_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--assessment",
    "answers_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="ANSWERS.json",
    help="The organisation's answers (a single response or a workshop group).",
)
@click.option(
    "--assume-done",
    "assume_done",
    multiple=True,
    metavar="ACTION",
    help="A roadmap action (its question id) to assume done; repeat for several. Adds the what-if.",
)
@click.option("--target", "profile_id", metavar="PROFILE", help="The target profile the roadmap aims at.")
@click.option(
    "--wip-limit",
    type=click.IntRange(min=1),
    help="Initiatives in flight per delivery team (default: the gate's).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A readable list, or JSON.",
)
@with_appcontext
def portfolio_command(
    portfolio_file: Path,
    answers_file: Path,
    assume_done: tuple[str, ...],
    profile_id: str | None,
    wip_limit: int | None,
    output_format: str,
) -> None:
    """Rank a register of AI initiatives by value and readiness for production, with what
    blocks each and the roadmap action that removes it."""
    parsed = _read_answers(answers_file)
    catalog = current_catalog()
    try:
        questionnaire = catalog.get(parsed.questionnaire)
    except UnknownQuestionnaire as error:
        raise click.UsageError(f"{answers_file}: {error}") from None
    gate = catalog.gate_for(questionnaire)
    if gate is None:
        gated = ", ".join(sorted(catalog.gates)) or "none"
        raise click.UsageError(
            f"{answers_file}: no production gate draws on {questionnaire.id!r}, so its initiatives "
            f"cannot be judged (questionnaires with a gate: {gated})"
        )
    profiles = catalog.profiles_for(questionnaire)
    profile = _profile(profiles, profile_id or parsed.profile, answers_file)
    try:
        answers = room_answers(questionnaire, parsed.respondents) if parsed.group else parsed.answers
        card = score_answers(questionnaire, answers)
    except AnswerError as error:
        _fail("\n".join(f"{answers_file}: {problem}" for problem in error.problems), code=1)
    roadmap = build_roadmap(questionnaire, card, profile)
    unknown = unknown_actions(roadmap, assume_done)
    if unknown:
        raise click.UsageError(
            f"--assume-done: {', '.join(map(repr, unknown))} "
            f"{'is not an action' if len(unknown) == 1 else 'are not actions'} of the roadmap; "
            f"its actions are: {_known_actions(roadmap)}"
        )
    records = _read_register(portfolio_file, gate)
    if assume_done:
        result = what_if(gate, questionnaire, card, roadmap, records, assume_done, wip_limit)
        review = result.before
    else:
        result, review = None, review_portfolio(gate, questionnaire, card, roadmap, records, wip_limit)
    if output_format == "json":
        data = {"gate": {"id": gate.questionnaire.id, "version": gate.questionnaire.version}}
        data |= {"questionnaire": {"id": questionnaire.id, "version": questionnaire.version}}
        data |= {"profile": profile.id if profile else None, "portfolio": review_dict(review)}
        if result is not None:
            data["what_if"] = what_if_dict(result)
        click.echo(standard_json(data))
        return
    click.echo(render_text(gate, questionnaire, review, result))


def _read_answers(path: Path) -> AnswersFile:
    try:
        return read_answers_file(path)
    except AnswersFileError as error:
        _fail(f"{path}: {error}", code=1)


def _profile(profiles, wanted: str | None, file: Path):
    """The wanted profile (a usage error lists the known ones), else the default one."""
    if wanted is None:
        return default_profile(profiles) if profiles else None
    for profile in profiles:
        if profile.id == wanted:
            return profile
    known = ", ".join(p.id for p in profiles) or "none"
    raise click.UsageError(f"{file}: unknown target profile {wanted[:60]!r} (known: {known})")


def _known_actions(roadmap: Roadmap) -> str:
    if not roadmap.items:
        return "none (every answer meets its target)"
    return "; ".join(f"{item.question} ({item.action})" for item in roadmap.items)


def _read_register(path: Path, gate: Gate) -> tuple[InitiativeRecord, ...]:
    """The register's records; exit 2 listing every bad field by row when there is any."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"{path}: the file is not UTF-8 text (byte {error.start + 1} is not)")
    except OSError as error:
        _fail(f"{path}: cannot read the file ({error.strerror})")
    asked = gate.asked
    codes = {
        q.id: (*q.option_ids, *(UNKNOWN,) * q.unknown, *(NOT_APPLICABLE,) * q.not_applicable)
        for q in asked
        if q.fact is None and q.kind is not QuestionKind.OWNERSHIP
    }
    try:
        register = read_register(text, [q.id for q in asked], codes, keep_going=True)
    except RegisterError as error:
        _fail("\n".join(f"{path}: {problem}" for problem in error.problems))
    problems = list(register.problems)
    tiers = [tier.id for tier in gate.rules.autonomy]
    for row, record in zip(register.rows, register.records, strict=True):
        if record.autonomy and record.autonomy not in tiers:
            problems.append(
                (
                    row,
                    f"Row {row}, autonomy: {record.autonomy!r} is not a tier of {gate.questionnaire.id}; "
                    f"the tiers are {', '.join(tiers)}.",
                )
            )
    if problems:
        _fail("\n".join(f"{path}: {message}" for _, message in sorted(problems, key=lambda p: p[0])))
    return register.records


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(code)


def initiative_dict(initiative: InitiativeReadiness) -> dict:
    """One judged initiative as JSON: its figures, then its blockers and conditions."""
    record = initiative.record

    def check(c) -> dict:
        return {
            "item": c.item,
            "title": c.title,
            "answer": c.answer,
            "answer_words": c.answer_words,
            "passed_gate": c.passed_gate,
            "shortfalls": [
                {
                    "question": s.question,
                    "text": s.text,
                    "value": s.value,
                    "needed": s.needed,
                    "action": s.action,
                    "horizon": s.horizon,
                }
                for s in c.shortfalls
            ],
        }

    return {
        "name": record.name,
        "stage": record.stage,
        "value_band": record.value_band,
        "delivery_team": record.delivery_team,
        "readiness": initiative.readiness,
        "status": initiative.status,
        "quadrant": initiative.quadrant,
        "unanswered": initiative.unanswered,
        "blockers": [check(c) for c in initiative.blockers],
        "conditions": [check(c) for c in initiative.conditions],
    }


def review_dict(review: PortfolioReview) -> dict:
    """A judged portfolio as JSON, initiatives in funding order."""
    return {
        "ready_at": review.ready_at,
        "wip_limit": review.wip_limit,
        "supported_autonomy": review.supported_tier.id,
        "assumed_done": list(review.assumed_done),
        "initiatives": [initiative_dict(i) for i in review.initiatives],
        "retired": [r.name for r in review.retired],
        "teams": [
            {"team": t.team, "in_flight": list(t.initiatives), "limit": t.limit, "over": t.over}
            for t in review.teams
        ],
        "actions": [
            {
                "question": a.question,
                "action": a.action,
                "horizon": a.horizon,
                "initiatives": list(a.initiatives),
            }
            for a in review.actions
        ],
    }


def what_if_dict(result: WhatIf) -> dict:
    """The what-if as JSON: what was assumed, what becomes ready, how each readiness moves."""
    return {
        "assumed_done": list(result.after.assumed_done),
        "newly_ready": [i.record.name for i in result.newly_ready],
        "moves": [
            {
                "name": after.record.name,
                "before": {"readiness": before.readiness, "status": before.status},
                "after": {"readiness": after.readiness, "status": after.status},
            }
            for before, after in result.moves()
        ],
        "portfolio": review_dict(result.after),
    }


def render_text(
    gate: Gate, questionnaire: Questionnaire, review: PortfolioReview, result: WhatIf | None
) -> str:
    """The ranked portfolio, its blockers with the actions (and their ids) that remove them,
    teams over their limit, the actions that unblock the most and, with a what-if, its moves."""
    ready = sum(1 for i in review.initiatives if i.ready)
    gated = f"{gate.questionnaire.id} {gate.questionnaire.version}"
    lines = [
        f"{gated} over {questionnaire.id} {questionnaire.version}: {ready} of {len(review.initiatives)} "
        f"initiatives ready for production (ready from {review.ready_at:g}%)",
        "",
    ]
    header = f"{'#':>3}  {'initiative':<{NAME_WIDTH}}  {'stage':<10}  {'value':<9}  {'ready':>5}  "
    header += f"{'status':<20}  quadrant"
    lines += [header, "-" * len(header)]
    for rank, i in enumerate(review.initiatives, 1):
        lines.append(
            f"{rank:>3}  {_cut(i.record.name, NAME_WIDTH):<{NAME_WIDTH}}  "
            f"{STAGES.get(i.record.stage, ''):<10}  "
            f"{VALUE_BANDS.get(i.record.value_band, ''):<9}  {i.readiness:>4.0f}%  {STATUSES[i.status]:<20}  "
            f"{QUADRANTS[i.quadrant]}"
        )
    if review.retired:
        lines.append(f"retired, left out: {', '.join(r.name for r in review.retired)}")
    blocked = [(rank, i) for rank, i in enumerate(review.initiatives, 1) if i.blockers]
    if blocked:
        lines += ["", "blockers:"]
        for rank, i in blocked:
            lines.append(f"{rank:>3}  {i.record.name}")
            for c in i.blockers:
                lines.append(f"     - {c.title}{' ' if c.title.endswith('?') else ': '}{c.answer_words}")
                for s in c.shortfalls:
                    now = "not assessed" if s.value is None else f"level {s.value:g}"
                    horizon = f"next {s.horizon}" if s.horizon else "not on the roadmap"
                    lines.append(
                        f"       organisation: {s.text} is at {now}, needs {s.needed:g}: "
                        f"{s.action} [{s.question}, {horizon}]"
                    )
    for team in review.teams_over:
        lines.append(
            f"over the work-in-progress limit: {team.team} has {len(team.initiatives)} in flight "
            f"(limit {team.limit}): {', '.join(team.initiatives)}"
        )
    if review.actions:
        lines += ["", "actions that unblock the most:"]
        for a in review.actions:
            lines.append(
                f"  {a.question}: {a.action} (helps {len(a.initiatives)}: {', '.join(a.initiatives)})"
            )
    if result is not None:
        lines += ["", f"what if done: {', '.join(result.after.assumed_done)}"]
        newly = result.newly_ready
        lines.append(
            "newly ready for production: " + (", ".join(i.record.name for i in newly) if newly else "none")
        )
        for before, after in result.moves():
            lines.append(
                f"  {after.record.name}: {before.readiness:.0f}% {STATUSES[before.status].lower()} -> "
                f"{after.readiness:.0f}% {STATUSES[after.status].lower()}"
            )
        if not result.moves():
            lines.append("  no initiative's readiness moves")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
