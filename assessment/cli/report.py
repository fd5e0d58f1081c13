"""`assessment report ANSWERS.json [...] -o PATH [--format pdf|pptx|xlsx] [--cohort PEERS.csv]`:
PDF reports, PowerPoint decks or Excel workbooks from answers files.

Each file is checked before anything is rendered, so a bad file costs no render and
its one-line error names the file and the problem. Several inputs share one process
(fonts and templates load once) and go into a folder, one file per input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext

from ..extensions import current_catalog, current_methodology
from ..questionnaire import Questionnaire, TargetProfile, UnknownQuestionnaire
from ..reporting import (
    DEFAULT_BRANDING,
    DEFAULT_TIMEOUT,
    ON_THIS_SERVICE,
    Branding,
    BrandingError,
    RenderTimeout,
    accent_notice,
    accept_logo,
    group_deck,
    group_workbook,
    imported_source,
    individual_deck,
    individual_workbook,
    render_group_report,
    render_individual_report,
)
from ..scoring import (
    Participant,
    PeerComparison,
    compare_with_peers,
    default_profile,
    score_answers,
    validate_answers,
)
from ..scoring.answers_file import AnswersFileError
from .json_files import read_answers_file
from .peers import ImportedCohort, cohort_options, peer_file


@dataclass(frozen=True)
class ReportRequest:
    """One checked answers file, ready to render."""

    source: Path
    questionnaire: Questionnaire
    organisation: dict[str, str]
    answers: dict[str, str] | None
    respondents: tuple[Participant, ...]
    profiles: tuple[TargetProfile, ...]
    previous: dict[str, str] | None
    peers: ImportedCohort | None = None


@click.command("report")
@click.argument("answers_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write, or a folder when there are several inputs.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["pdf", "pptx", "xlsx"]),
    default="pdf",
    show_default=True,
    help="A PDF report; a PowerPoint deck of the summary, chart, targets, roadmap and outcome facts, "
    "in the branding; or an Excel workbook of the answers, scores, targets, roadmap and outcome facts.",
)
@click.option("--brand", help="Who the reports are from, on the cover (default: our neutral theme's name).")
@click.option("--logo", type=click.Path(path_type=Path), help="A PNG or JPEG logo for the cover.")
@click.option("--accent", help="The accent colour as #rrggbb.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one report may take to render before it is stopped.",
)
@cohort_options
@with_appcontext
def report_command(
    answers_files: tuple[Path, ...],
    output: Path,
    file_format: str,
    brand: str | None,
    logo: Path | None,
    accent: str | None,
    time_limit: float,
    cohort_file: Path | None,
    same: tuple[str, ...],
) -> None:
    """Render PDF reports (or PowerPoint decks, or Excel workbooks) from answers files (single
    respondent or group).

    A report that outlasts --time-limit is reported on one line and skipped; the others
    are still written, and the command exits 1.
    """
    branding = _branding(brand, logo, accent)
    source = peer_file(cohort_file, same)
    catalog = current_catalog()
    requests = []
    for path in answers_files:
        try:
            request = _request(path, catalog)
        except UnknownQuestionnaire as error:
            _fail(path, error, code=2)
        except AnswersFileError as error:
            _fail(path, error)
        peers = source.peers_for(request.questionnaire, request.organisation) if source else None
        requests.append(replace(request, peers=peers))
    targets = _targets(requests, output, file_format)
    stopped = 0
    for request, target in zip(requests, targets, strict=True):
        if file_format == "xlsx":
            target.write_bytes(_workbook(request))
            click.echo(f"wrote {target}")
            continue
        if file_format == "pptx":
            target.write_bytes(_deck(request, branding))
            click.echo(f"wrote {target}")
            continue
        try:
            pdf = _render(request, current_methodology(request.questionnaire), branding, time_limit)
        except RenderTimeout as error:
            click.echo(f"{request.source}: {error}; nothing written", err=True)
            stopped += 1
            continue
        target.write_bytes(pdf)
        click.echo(f"wrote {target}")
    if stopped:
        raise SystemExit(1)


def _targets(requests: list[ReportRequest], output: Path, file_format: str = "pdf") -> list[Path]:
    """Where each file goes: the given file for one input, a folder of files for several."""
    if len(requests) == 1 and output.suffix.lower() == f".{file_format}":
        output.parent.mkdir(parents=True, exist_ok=True)
        return [output]
    output.mkdir(parents=True, exist_ok=True)
    return [output / f"{r.source.stem}.{file_format}" for r in requests]


def _workbook(request: ReportRequest) -> bytes:
    """The Excel workbook of one checked request, against its first profile."""
    profile = request.profiles[0] if request.profiles else None
    if request.answers is None:
        return group_workbook(
            request.questionnaire, request.respondents, request.organisation, profile=profile
        )
    return individual_workbook(request.questionnaire, request.answers, request.organisation, profile=profile)


def _deck(request: ReportRequest, branding: Branding) -> bytes:
    """The PowerPoint deck of one checked request, against its first profile, in the branding."""
    source = _peer_source(request)
    if request.answers is None:
        return group_deck(
            request.questionnaire,
            request.respondents,
            request.organisation,
            cohort=request.peers.cohort if request.peers else None,
            peer_source=source,
            profiles=request.profiles,
            branding=branding,
        )
    return individual_deck(
        request.questionnaire,
        request.answers,
        request.organisation,
        profiles=request.profiles,
        peers=_individual_peers(request),
        peer_source=source,
        branding=branding,
    )


def _peer_source(request: ReportRequest) -> str:
    """Where the request's peers come from, in the words the report prints."""
    return imported_source(request.peers.source) if request.peers else ON_THIS_SERVICE


def _branding(brand: str | None, logo: Path | None, accent: str | None) -> Branding:
    """The branding the options ask for, checked before any answers file is read."""
    checked_logo = None
    if logo is not None:
        try:
            checked_logo = accept_logo(logo.read_bytes())
        except OSError as error:
            _fail(logo, f"cannot read the logo ({error.strerror})")
        except BrandingError as error:
            _fail(logo, error)
    try:
        branding = Branding(
            name=brand or DEFAULT_BRANDING.name, accent=accent or DEFAULT_BRANDING.accent, logo=checked_logo
        )
    except BrandingError as error:
        _fail("--accent", error)
    notice = accent_notice(branding.accent)
    if notice is not None:
        click.echo(f"--accent: {notice}", err=True)
    return branding


def _fail(subject: object, problem: object, code: int = 1) -> NoReturn:
    """Stop the command with one line naming what is wrong, and exit `code`."""
    click.echo(f"{subject}: {problem}", err=True)
    raise SystemExit(code)


def _render(request: ReportRequest, methodology: str | None, branding: Branding, time_limit: float) -> bytes:
    """The PDF of one checked request."""
    source = _peer_source(request)
    if request.answers is None:
        return render_group_report(
            request.questionnaire,
            request.respondents,
            request.organisation,
            cohort=request.peers.cohort if request.peers else None,
            peer_source=source,
            profiles=request.profiles,
            branding=branding,
            methodology=methodology,
            timeout=time_limit,
        )
    return render_individual_report(
        request.questionnaire,
        request.answers,
        request.organisation,
        profiles=request.profiles,
        previous_answers=request.previous,
        peers=_individual_peers(request),
        peer_source=source,
        branding=branding,
        methodology=methodology,
        timeout=time_limit,
    )


def _individual_peers(request: ReportRequest) -> PeerComparison | None:
    """One organisation's answers among the imported peers, when --cohort gave some."""
    if request.peers is None or request.answers is None:
        return None
    return compare_with_peers(score_answers(request.questionnaire, request.answers), request.peers.cohort)


def _request(path: Path, catalog) -> ReportRequest:
    """Read and check one answers file; AnswersFileError says precisely what is wrong."""
    parsed = read_answers_file(path)
    questionnaire = catalog.get(parsed.questionnaire)
    organisation = {"name": "Unnamed organisation", **parsed.organisation}
    profiles = _profiles(parsed.profile, questionnaire, catalog)
    if parsed.group:
        for index, respondent in enumerate(parsed.respondents, start=1):
            _check(questionnaire, respondent.answers, f"respondent {index}")
        return ReportRequest(path, questionnaire, organisation, None, parsed.respondents, profiles, None)
    answers = _check(questionnaire, parsed.answers, '"answers"')
    previous = parsed.previous
    if previous is not None:
        previous = _check(questionnaire, previous, '"previous.answers"')
    return ReportRequest(path, questionnaire, organisation, answers, (), profiles, previous)


def _profiles(wanted: str | None, questionnaire: Questionnaire, catalog) -> tuple[TargetProfile, ...]:
    """The chosen profile (and, for the radar, the next one) or the production baseline."""
    profiles = catalog.profiles_for(questionnaire)
    if wanted is None:
        return (default_profile(profiles),) if profiles else ()
    by_id = {p.id: p for p in profiles}
    if wanted not in by_id:
        known = ", ".join(sorted(by_id)) or "none"
        raise AnswersFileError([f"unknown profile {wanted[:60]!r} (known: {known})"])
    return (by_id[wanted],)


def _check(questionnaire: Questionnaire, answers: Mapping[str, str], where: str) -> dict[str, str]:
    """Answers that fit the questionnaire; AnswersFileError lists every one that does not."""
    problems = validate_answers(questionnaire, answers)
    if problems:
        raise AnswersFileError([f"{where}: {problem}" for problem in problems])
    return dict(answers)
