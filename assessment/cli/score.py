"""`assessment score ANSWERS.json [--target PROFILE] [--previous BEFORE.json] [--cohort PEERS.csv]
[--json]`: score a file, with the trend and progress to date since a previous assessment.

The file is a single response (`"answers"`) or a group (`"respondents"`), see DESIGN
section 6. Every problem is found before anything is printed, so the output is either a
whole scorecard or a precise error naming the file and the field or question: exit 1
for bad content, exit 2 for a questionnaire or profile that does not exist.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import current_catalog
from ..questionnaire import UnknownQuestionnaire
from ..questionnaire.model import Questionnaire
from ..questionnaire.targets import TargetProfile
from ..scoring import (
    AnswerCounts,
    AnswerError,
    compare_group_with_peers,
    compare_group_with_profile,
    compare_scorecards,
    compare_with_peers,
    compare_with_profile,
    progress_to_date,
    score_answers,
    score_group,
)
from ..scoring.answers_file import AnswersFile, AnswersFileError
from .json_files import read_answers_file, standard_json
from .peers import ImportedCohort, cohort_options, peer_file


@click.command("score")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--target", "profile_id", metavar="PROFILE", help="Compare with a target profile.")
# The flag's name before target profiles were called so; kept so scripts that use it still work.
@click.option("--benchmark", "old_profile_id", metavar="PROFILE", hidden=True)
@click.option(
    "--previous",
    "previous_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="BEFORE.json",
    help="The organisation's previous answers: adds the trend, and progress to date with --target.",
)
@cohort_options
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
@with_appcontext
def score_command(
    answers_file: Path,
    profile_id: str | None,
    old_profile_id: str | None,
    previous_file: Path | None,
    cohort_file: Path | None,
    same: tuple[str, ...],
    as_json: bool,
) -> None:
    """Score a single or group answers file, optionally against a target profile and peers."""
    profile_id = profile_id or old_profile_id
    parsed = _read(answers_file)
    before = _read(previous_file) if previous_file else None
    if before is not None and (before.group or parsed.group):
        raise click.UsageError("--previous compares two single responses, not workshop groups")
    if before is not None and before.questionnaire != parsed.questionnaire:
        raise click.UsageError(
            f"{previous_file}: answers {before.questionnaire!r}, not {parsed.questionnaire!r}"
        )
    catalog = current_catalog()
    try:
        questionnaire = catalog.get(parsed.questionnaire)
    except UnknownQuestionnaire as error:
        raise click.UsageError(f"{answers_file}: {error}") from None
    profile = _profile(catalog.profiles_for(questionnaire), profile_id, answers_file)
    source = peer_file(cohort_file, same)
    peers = source.peers_for(questionnaire, parsed.organisation) if source else None
    try:
        result = _score(questionnaire, parsed, profile, peers)
    except AnswerError as error:
        _fail("\n".join(f"{answers_file}: {problem}" for problem in error.problems))
    if before is not None:
        try:
            result.update(_since(questionnaire, before, parsed, profile))
        except AnswerError as error:
            _fail("\n".join(f"{previous_file}: {problem}" for problem in error.problems))
    if as_json:
        click.echo(standard_json(result))
    else:
        click.echo(render_table(result))


def _read(path: Path) -> AnswersFile:
    """An answers file, or exit 1 with the file and what is wrong with it."""
    try:
        return read_answers_file(path)
    except AnswersFileError as error:
        _fail(f"{path}: {error}")


def _fail(message: str) -> None:
    """Print an error to stderr and exit 1."""
    click.echo(message, err=True)
    raise SystemExit(1)


def _profile(profiles: tuple[TargetProfile, ...], profile_id: str | None, file: Path) -> TargetProfile | None:
    """The requested profile of the questionnaire; a usage error lists the known ones."""
    if profile_id is None:
        return None
    for profile in profiles:
        if profile.id == profile_id:
            return profile
    known = ", ".join(p.id for p in profiles) or "none"
    raise click.UsageError(f"{file}: unknown target profile {profile_id!r} (known: {known})")


def _score(
    questionnaire: Questionnaire,
    parsed: AnswersFile,
    profile: TargetProfile | None,
    peers: ImportedCohort | None = None,
) -> dict:
    """The JSON result for one response or a group; AnswerError when any answer is wrong."""
    if not parsed.group:
        card = score_answers(questionnaire, parsed.respondents[0].answers)
        benchmark = compare_with_profile(questionnaire, card, profile) if profile else None
        result = card.to_dict(benchmark)
        if peers is not None:
            result["peers"] = peers.to_dict(compare_with_peers(card, peers.cohort))
        return result
    group = score_group(questionnaire, parsed.respondents)
    counts = sum((card.counts for card in group.cards), AnswerCounts())
    room = {d.id: d for d in group.room.dimensions}
    dimensions = [
        {
            "id": d.id,
            "score": group.dimensions.get(d.id),
            "level": room[d.id].level if d.id in room else None,
            "readiness_only": room[d.id].readiness_only if d.id in room else False,
        }
        for d in questionnaire.dimensions
        if d.id in group.applicable_dimensions
    ]
    result = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "respondents": group.respondents,
        # The median of the respondents' indexes, and the level of the room's answers.
        "overall": {"score": group.score, "level": group.room.level},
        "dimensions": dimensions,
        "completeness": counts.completeness,
        "counts": counts.to_dict(),
        "group": group.to_dict(),
    }
    if profile:
        result["benchmark"] = compare_group_with_profile(questionnaire, group, profile).to_dict()
    if peers is not None:
        result["peers"] = peers.to_dict(compare_group_with_peers(questionnaire, group, peers.cohort))
    return result


def _since(
    questionnaire: Questionnaire, before: AnswersFile, now: AnswersFile, profile: TargetProfile | None
) -> dict:
    """The trend since the previous answers and, with a profile, the progress to date."""
    then = score_answers(questionnaire, before.respondents[0].answers)
    card = score_answers(questionnaire, now.respondents[0].answers)
    result = {"trend": compare_scorecards(then, card).to_dict()}
    if profile is not None:
        earlier = compare_with_profile(questionnaire, then, profile)
        result["progress"] = progress_to_date(
            earlier, compare_with_profile(questionnaire, card, profile)
        ).to_dict()
    return result


def render_table(result: dict) -> str:
    """A readable scorecard: one row per dimension, the overall row, and the benchmark gaps."""
    benchmark = result.get("benchmark")
    targets = {g["id"]: g for g in benchmark["dimensions"]} if benchmark else {}
    peers = result["peers"] if result.get("peers", {}).get("shown") else None
    stats = [peers["overall"], *peers["dimensions"]] if peers else []
    medians = {s["id"]: s["median"] for s in stats if s}
    progress = result.get("progress")
    moved = {t["id"]: t for t in progress["targets"]} if progress else {}
    header = f"{'dimension':<24} {'score':>6} {'level':>6}"
    if benchmark:
        header += f" {'target':>7} {'gap':>6}"
    if progress:
        header += f" {'progress':>9}"
    if peers:
        header += f" {'peers':>6}"
    lines = [f"{result['questionnaire']['id']} {result['questionnaire']['version']}"]
    if "respondents" in result:
        lines[0] += f", {result['respondents']} respondents"
    lines += ["", header, "-" * len(header)]
    for row in result["dimensions"] + [{"id": "overall", **result["overall"]}]:
        name = f"{row['id']} (readiness)" if row.get("readiness_only") else row["id"]
        line = f"{name:<24} {_figure(row['score']):>6} {_figure(row['level']):>6}"
        if benchmark:
            target = targets.get(row["id"], {})
            line += f" {_figure(target.get('target')):>7} {_figure(target.get('gap')):>6}"
        if progress:
            share = (
                progress["overall"] if row["id"] == "overall" else moved.get(row["id"], {}).get("progress")
            )
            line += f" {'-' if share is None else f'{share:.0%}':>9}"
        if peers:
            line += f" {_figure(medians.get(row['id'])):>6}"
        lines.append(line.rstrip())
    counts = result["counts"]
    lines.append("")
    lines.append(
        f"completeness {result['completeness']:.0%} ({counts['answered']} of {counts['applicable']} answered)"
    )
    if result.get("incomplete_note"):
        lines.append(result["incomplete_note"])
    elif counts["missing"]:
        lines.append(f"incomplete: {counts['missing']} unanswered answers count as the lowest level")
    if result.get("unanswered_scoping"):
        lines.append(
            "results not offered yet: answer the scoping questions "
            + ", ".join(result["unanswered_scoping"])
            + " (meanwhile everything they govern applies)"
        )
    if result.get("readiness_only"):
        lines.append(
            f"readiness only, outside the overall level and index: {', '.join(result['readiness_only'])}"
        )
    if benchmark:
        verdict = "meets the profile" if benchmark["meets_profile"] else "does not meet the profile"
        if benchmark.get("blocking"):
            verdict += (
                f" ({len(benchmark['blocking'])} required targets missed: {', '.join(benchmark['blocking'])})"
            )
        lines.append(
            f"benchmark {benchmark['profile']}: "
            f"{benchmark['percent_to_target']:.0%} of the way to target, {verdict}"
        )
    if progress and progress["overall"] is not None:
        lines.append(
            f"progress to date: {progress['overall']:.0%} "
            f"of the distance left to {progress['profile']} covered"
        )
    if result.get("trend", {}).get("overall"):
        lines.append(f"since the previous assessment: overall {result['trend']['overall']['direction']}")
    if "peers" in result:
        lines.append(_peer_line(result["peers"]))
    return "\n".join(lines)


def _peer_line(peers: dict) -> str:
    """Where the result stands among peers, or why no peer figure is shown."""
    line = f"peers ({peers['source']}): {peers['reason']}"
    overall = peers["overall"]
    if peers["shown"] and overall:
        line += f"; median index {_figure(overall['median'])} (middle half {_figure(overall['q1'])}"
        line += f" to {_figure(overall['q3'])})"
        if overall["percentile"] is not None:
            line += f", yours at the {overall['percentile']:.0f}th percentile"
    return line


def _figure(value: float | None) -> str:
    """A score or level with two decimals, or a dash when there is none."""
    return "-" if value is None else f"{value:.2f}"
