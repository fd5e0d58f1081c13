"""`assessment questionnaires ...`: validate, list and show questionnaire files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import current_catalog
from ..questionnaire import QuestionKind, UnknownQuestionnaire, load_catalog, questionnaire_as_dict
from ..questionnaire.catalog import questionnaire_files


@click.group("questionnaires", cls=AppGroup)
def questionnaires_group() -> None:
    """Validate, list and show questionnaires."""


@questionnaires_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check questionnaire, profile and crosswalk files or folders (default: the questionnaires
    folder, with the earlier versions in its `archive` sub-folder).

    Prints one `file:line: message` line per problem and exits 1 when there is any.
    """
    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    batches = []
    for path in paths or (folder,):
        if path.is_dir():
            batches.append(questionnaire_files(path))
            if (path / "archive").is_dir():
                batches.append(questionnaire_files(path / "archive"))
        else:
            batches.append([path])
    # Profiles and crosswalks given alone are checked against the served questionnaires.
    refused: dict[str, list] = {}
    for files in batches:
        refused.update(load_catalog(files, base=current_catalog()).refused)
    problems = sorted(p for found in refused.values() for p in found)
    for problem in problems:
        click.echo(str(problem))
    total = sum(len(files) for files in batches)
    summary = f"{total - len(refused)} of {total} files valid"
    if refused:
        click.echo(f"{summary}; {len(problems)} problems", err=True)
        raise SystemExit(1)
    click.echo(summary, err=True)


@questionnaires_group.command("list")
def list_command() -> None:
    """The questionnaires the app serves, and any files it refused."""
    catalog = current_catalog()
    if not catalog.questionnaires:
        click.echo("No questionnaires.")
    for q in sorted(catalog.questionnaires.values(), key=lambda q: q.id):
        profiles = len(catalog.profiles_for(q.id))
        click.echo(
            f"{q.id:<20} {q.version:<8} {q.content_hash[:12]}  {len(q.maturity_questions):>3} questions  "
            f"{len(q.dimensions):>2} dimensions  {profiles:>2} profiles  {q.title}"
        )
    for file in catalog.refused:
        click.echo(f"refused: {file} (run 'assessment questionnaires validate {file}')", err=True)


@questionnaires_group.command("show")
@click.argument("questionnaire_id")
@click.option("--json", "as_json", is_flag=True, help="Print the questionnaire as JSON.")
def show_command(questionnaire_id: str, as_json: bool) -> None:
    """Show one questionnaire by id."""
    catalog = current_catalog()
    try:
        questionnaire = catalog.get(questionnaire_id)
    except UnknownQuestionnaire as error:
        raise click.BadParameter(str(error), param_hint="QUESTIONNAIRE_ID") from None
    if as_json:
        data = questionnaire_as_dict(questionnaire, catalog.profiles_for(questionnaire.id))
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{questionnaire.title} ({questionnaire.id} {questionnaire.version})")
    click.echo(f"levels: {', '.join(f'{lv.value:g} {lv.name}' for lv in questionnaire.levels)}")
    for dimension in questionnaire.dimensions:
        click.echo(f"\n{dimension.title} [{dimension.id}]")
        for question in questionnaire.questions_in(dimension.id):
            flag = " (critical)" if question.critical else ""
            click.echo(f"  {question.id}{flag}: {question.text}")
    scoping = [q for q in questionnaire.questions if q.kind is QuestionKind.SCOPING]
    if scoping:
        click.echo("\nScoping")
        for question in scoping:
            click.echo(f"  {question.id}: {question.text}")
