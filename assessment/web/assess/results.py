"""What the results page shows, computed from the answers by the scoring engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...extensions import current_catalog, current_methodology, database
from ...persistence import Assessment, answers_of, cohort_statistics
from ...persistence.summaries import family_of
from ...questionnaire import Questionnaire, TargetProfile
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS, label_of
from ...reporting import DEFAULT_BRANDING, individual_deck, individual_workbook, render_individual_report
from ...reporting.plan import Action, roadmap_action
from ...reporting.summary import ExecutiveSummary, executive_summary
from ...scoring import (
    CohortFilter,
    PeerComparison,
    Progress,
    Roadmap,
    Scorecard,
    TargetComparison,
    Trend,
    applicable_answers,
    build_roadmap,
    compare_scorecards,
    compare_through,
    compare_with_profile,
    default_profile,
    progress_to_date,
    score_answers,
)
from ..reports import cached_pdf
from .context import Visit, questionnaire_for
from .radar import Radar, radar


@dataclass
class Results:
    """The results page's content."""

    scorecard: Scorecard
    profiles: tuple[TargetProfile, ...]
    profile: TargetProfile | None
    comparison: TargetComparison | None
    roadmap: Roadmap
    chart: Radar | None
    trend: Trend | None
    peers: PeerComparison
    summary: ExecutiveSummary
    actions: tuple[Action, ...]  # the roadmap in words: workstream, cause, owner, effort, lift
    progress: Progress | None = None  # against the chosen profile, since the previous assessment


def choose_profile(profiles: tuple[TargetProfile, ...], wanted: str | None) -> TargetProfile | None:
    """The profile the reader asked for, else the production baseline, else the first."""
    by_id = {p.id: p for p in profiles}
    return by_id.get(wanted or "") or default_profile(profiles)


def build_results(visit: Visit, wanted_profile: str | None) -> Results:
    """Score the visit's answers and compare them with the chosen profile and the previous assessment."""
    questionnaire = visit.questionnaire
    scorecard = score_answers(questionnaire, applicable_answers(questionnaire, visit.answers))
    profiles = current_catalog().profiles_for(questionnaire)
    profile = choose_profile(profiles, wanted_profile)
    comparison = compare_with_profile(questionnaire, scorecard, profile) if profile else None
    previous = _previous(visit)
    # The previous assessment is scored once, for both the trend and the progress to date;
    # on an earlier major version it is compared through the crosswalk, and progress
    # towards a profile (whose targets changed with the version) is not computed.
    same_family = previous is not None and previous[0].family == questionnaire.family
    before = (previous[0], score_answers(*previous)) if same_family else None
    roadmap = build_roadmap(questionnaire, scorecard, profile)
    actions = tuple(roadmap_action(questionnaire, item, "You answered") for item in roadmap.items)
    trend = compare_scorecards(before[1], scorecard) if before else _trend_across(visit, previous)
    peers = _peers(visit, scorecard)
    return Results(
        scorecard=scorecard,
        profiles=profiles,
        profile=profile,
        comparison=comparison,
        roadmap=roadmap,
        chart=_chart(questionnaire, scorecard, comparison),
        trend=trend,
        peers=peers,
        summary=executive_summary(
            questionnaire, scorecard, actions, comparison, peers if peers.shown else None, trend
        ),
        actions=actions,
        progress=_progress(before, comparison, profile),
    )


def _peers(visit: Visit, scorecard: Scorecard) -> PeerComparison:
    """The scorecard among all consenting peers, the assessed organisation left out."""
    return cohort_statistics(
        database.session,
        family_of(scorecard),
        CohortFilter(),
        scorecard=scorecard,
        exclude_organisation=visit.assessment.organisation_id,
    )


def report_pdf(visit: Visit, wanted_profile: str | None) -> bytes:
    """The PDF report of the visit's answers, from the cache when nothing it shows has changed."""
    questionnaire = visit.questionnaire
    answers = applicable_answers(questionnaire, visit.answers)
    profile = choose_profile(current_catalog().profiles_for(questionnaire), wanted_profile)
    # The previous assessment is read once: its answers feed the trend directly when they
    # are scored as these are (the same text, or a minor version that only rewords it);
    # otherwise the trend goes through the crosswalk between the two versions.
    earlier = _previous(visit)
    alike = earlier is not None and earlier[0].scoring_signature == questionnaire.scoring_signature
    previous = earlier[1] if alike else None
    across = None if alike else _trend_across(visit, earlier)
    shown_organisation = _shown_organisation(visit)
    # Peer figures move as other organisations answer, so they are part of what the PDF shows.
    peers = _peers(visit, score_answers(questionnaire, answers))
    shown = [
        answers,
        previous,
        across.to_dict() if across else None,
        shown_organisation,
        profile.id if profile else None,
        peers.to_dict(),
    ]
    return cached_pdf(
        shown,
        questionnaire,
        DEFAULT_BRANDING,
        lambda timeout: render_individual_report(
            questionnaire,
            answers,
            shown_organisation,
            profiles=(profile,) if profile else (),
            previous_answers=previous,
            trend_across=across,
            peers=peers,
            methodology=current_methodology(questionnaire),
            timeout=timeout,
        ),
    )


def _shown_organisation(visit: Visit) -> dict[str, str]:
    """The organisation as a report's cover gives it: its name, industry, size and region."""
    organisation = visit.assessment.organisation
    return {
        "name": organisation.name,
        "industry": label_of(INDUSTRIES, organisation.industry),
        "size": label_of(SIZE_BANDS, organisation.size_band),
        "region": label_of(REGIONS, organisation.region),
    }


def _previous(visit: Visit) -> tuple[Questionnaire, dict[str, str]] | None:
    """The questionnaire and applicable answers of the assessment this one retakes, if any."""
    previous_id = visit.assessment.previous_id
    previous = database.session.get(Assessment, previous_id) if previous_id is not None else None
    if previous is None or not previous.respondents:
        return None
    questionnaire = questionnaire_for(previous.questionnaire_version)
    answers = answers_of(database.session, previous.respondents[0].id)
    return questionnaire, applicable_answers(questionnaire, answers)


def workbook_xlsx(visit: Visit, wanted_profile: str | None) -> bytes:
    """The visit's answers, scores, targets, roadmap and outcome facts as an Excel workbook."""
    questionnaire = visit.questionnaire
    return individual_workbook(
        questionnaire,
        applicable_answers(questionnaire, visit.answers),
        {"name": visit.assessment.organisation.name},
        profile=choose_profile(current_catalog().profiles_for(questionnaire), wanted_profile),
        generated_on=date.today().isoformat(),
    )


def deck_pptx(visit: Visit, wanted_profile: str | None) -> bytes:
    """The visit's summary, scores against the chosen profile (and peers, when enough have
    answered), roadmap and outcome facts as a PowerPoint deck."""
    questionnaire = visit.questionnaire
    answers = applicable_answers(questionnaire, visit.answers)
    profile = choose_profile(current_catalog().profiles_for(questionnaire), wanted_profile)
    return individual_deck(
        questionnaire,
        answers,
        _shown_organisation(visit),
        profiles=(profile,) if profile else (),
        peers=_peers(visit, score_answers(questionnaire, answers)),
    )


def _trend_across(visit: Visit, previous: tuple[Questionnaire, dict[str, str]] | None) -> Trend | None:
    """The trend from an assessment on an earlier major version, through the crosswalk
    between the two; None without a previous assessment or a crosswalk."""
    if previous is None:
        return None
    crosswalk = current_catalog().crosswalk(previous[0], visit.questionnaire)
    if crosswalk is None:
        return None
    questionnaire = visit.questionnaire
    answers = applicable_answers(questionnaire, visit.answers)
    return compare_through(crosswalk, previous[0], previous[1], questionnaire, answers)


def _chart(questionnaire: Questionnaire, scorecard: Scorecard, comparison: TargetComparison | None):
    """The radar of dimension scores, with the profile's targets when one is chosen."""
    dimensions = [d for d in scorecard.dimensions if d.score is not None]
    series = [("Your scores", "series-you", [d.score for d in dimensions])]
    if comparison is not None:
        targets = {gap.ref: gap.target for gap in comparison.dimensions}
        if all(d.id in targets for d in dimensions):
            series.insert(0, (comparison.title, "series-target", [targets[d.id] for d in dimensions]))
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    return radar([d.title for d in dimensions], series, low, high)


def _progress(
    before: tuple[Questionnaire, Scorecard] | None,
    comparison: TargetComparison | None,
    profile: TargetProfile | None,
) -> Progress | None:
    """Progress to date towards the chosen profile since the assessment this one retakes."""
    if before is None or comparison is None or profile is None:
        return None
    questionnaire, card = before
    return progress_to_date(compare_with_profile(questionnaire, card, profile), comparison)
