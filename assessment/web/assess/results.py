"""The results page and the downloads of one organisation's assessment.

The page and the PDF show one view model, `reporting.build_individual_report`, built from
the same inputs (`ReportInputs`: the answers, the chosen target, the previous assessment
and the peers, each read once): they cannot disagree. The page adds what only a browser
shows: the SVG radar (drawn in the page's own markup under its strict CSP), the choice of
profile and of the basis it is compared on (claimed or evidenced figures), and the peers'
reason when there are no peer figures yet.

Why one module: the inputs, the page's view model and every download read the same
assessment the same way; split, the page and the PDF could drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ...extensions import current_catalog, current_methodology, database
from ...persistence import Assessment, answers_of, cohort_statistics
from ...persistence.summaries import family_of
from ...questionnaire import Questionnaire, TargetProfile
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS, label_of
from ...reporting import (
    DEFAULT_BRANDING,
    ReviewInputs,
    individual_deck,
    individual_workbook,
    render_individual_report,
)
from ...reporting.context import IndividualReport, build_individual_report, report_date
from ...reporting.plan import Action
from ...reporting.review import ReviewView
from ...reporting.summary import ExecutiveSummary
from ...scoring import (
    CohortFilter,
    PeerComparison,
    Progress,
    Scorecard,
    TargetComparison,
    Trend,
    applicable_answers,
    compare_through,
    default_profile,
    score_answers,
)
from ...scoring.lift import PlannedAction
from ...services import scorekeeping
from ...services.plan import done_actions
from ...services.review_figures import review_inputs
from ..portfolio import ReportPortfolio, report_portfolio
from ..reports import PreparedReport, prepare_report, rendered
from .context import Visit, questionnaire_for
from .radar import Radar, radar


@dataclass(frozen=True)
class ReportInputs:
    """Everything an organisation's results are computed from, read once per request."""

    questionnaire: Questionnaire
    answers: Mapping[str, str]  # the applicable ones
    organisation: Mapping[str, str]  # as a report's cover gives it
    profile: TargetProfile | None
    #: The assessment this one retakes: its questionnaire and applicable answers.
    previous: tuple[Questionnaire, Mapping[str, str]] | None
    trend_across: Trend | None  # from an earlier major version, through the crosswalk
    peers: PeerComparison
    review: ReviewInputs  # the respondent's reviews and evidence, judged today
    #: The previous assessment's plan actions marked done (None without a previous one).
    done: tuple[PlannedAction, ...] | None = None
    #: The organisation's AI initiatives judged against these answers (None without any).
    portfolio: ReportPortfolio | None = None

    @property
    def profiles(self) -> tuple[TargetProfile, ...]:
        return (self.profile,) if self.profile else ()

    @property
    def same_family(self) -> tuple[Questionnaire, Mapping[str, str]] | None:
        """The previous assessment when it is on a version of this questionnaire's family."""
        previous = self.previous
        return previous if previous and previous[0].family == self.questionnaire.family else None

    def previous_arguments(self) -> dict:
        """The previous assessment as the report builders take it (None when there is none
        of this family; across major versions the trend comes as `trend_across`)."""
        previous = self.same_family
        return {
            "previous_answers": previous[1] if previous else None,
            "previous_questionnaire": previous[0] if previous else None,
            "trend_across": self.trend_across,
        }

    def review_arguments(self) -> dict:
        """The reviews and the previous plan's done actions as the report builders take them."""
        return {
            "review": self.review,
            "done_actions": self.done,
            "portfolio": self.portfolio.review if self.portfolio else None,
        }

    def cache_key(self) -> list:
        """What a report of these inputs shows, for the report cache."""
        previous = self.same_family
        return [
            self.answers,
            [previous[0].content_hash, previous[1]] if previous else None,
            self.trend_across.to_dict() if self.trend_across else None,
            self.organisation,
            self.profile.id if self.profile else None,
            self.peers.to_dict(),  # peer figures move as other organisations answer
            self.review.cache_key(self.answers),  # a review, evidence item or expiry changes it
            [[a.ref, a.title, sorted(a.planned.items())] for a in self.done]
            if self.done is not None
            else None,
            self.portfolio.shown if self.portfolio else None,  # an initiative or gate answer changes it
        ]


@dataclass
class Results:
    """The results page: the report's view model, and what only the page shows."""

    report: IndividualReport
    profiles: tuple[TargetProfile, ...]  # every profile the reader may choose
    peers: PeerComparison  # shown or not, with the reason
    chart: Radar | None
    basis: str = "claimed"  # what the profile is compared on: "claimed" or "evidenced"

    @property
    def scorecard(self) -> Scorecard:
        return self.report.scorecard

    @property
    def profile(self) -> TargetProfile | None:
        return self.report.profiles[0] if self.report.profiles else None

    @property
    def comparison(self) -> TargetComparison | None:
        """The profile compared on the chosen basis."""
        comparisons = self.report.evidenced_comparisons if self.evidenced else self.report.comparisons
        return comparisons[0] if comparisons else None

    @property
    def evidenced(self) -> bool:
        """Whether the profile is compared on the evidenced figures."""
        return self.basis == "evidenced"

    @property
    def basis_card(self) -> Scorecard:
        """The scorecard the profile is compared on."""
        return self.review.evidenced if self.evidenced else self.report.scorecard

    @property
    def review(self) -> ReviewView:
        """Claimed against evidenced figures (always given on the page)."""
        assert self.report.review is not None
        return self.report.review

    @property
    def trend(self) -> Trend | None:
        return self.report.trend

    @property
    def summary(self) -> ExecutiveSummary:
        return self.report.summary

    @property
    def actions(self) -> tuple[Action, ...]:
        """The roadmap in words (workstream, cause, owner, effort, lift), in plan order."""
        return tuple(action for _, actions in self.report.horizons for action in actions)

    @property
    def progress(self) -> Progress | None:
        """Progress towards the chosen profile since the previous assessment (claimed figures:
        the previous assessment's are claimed)."""
        return self.report.progress[0] if self.report.progress and not self.evidenced else None


BASES = ("claimed", "evidenced")


def choose_basis(wanted: str | None) -> str:
    """The basis the reader asked for; claimed for anything else."""
    return wanted if wanted in BASES else BASES[0]


def choose_profile(profiles: tuple[TargetProfile, ...], wanted: str | None) -> TargetProfile | None:
    """The profile the reader asked for, else the production baseline, else the first."""
    by_id = {p.id: p for p in profiles}
    return by_id.get(wanted or "") or default_profile(profiles)


def report_inputs(visit: Visit, wanted_profile: str | None) -> ReportInputs:
    """Read what the visit's results are computed from: answers, target, previous, peers."""
    questionnaire = visit.questionnaire
    answers = applicable_answers(questionnaire, visit.answers)
    previous = _previous(visit)
    same_family = previous is not None and previous[0].family == questionnaire.family
    profile = choose_profile(current_catalog().profiles_for(questionnaire), wanted_profile)
    return ReportInputs(
        questionnaire=questionnaire,
        answers=answers,
        organisation=_shown_organisation(visit),
        profile=profile,
        previous=previous,
        trend_across=None if same_family else _trend_across(questionnaire, answers, previous),
        peers=_peers(visit, score_answers(questionnaire, answers)),
        review=review_inputs(database.session, visit.respondent.id, date.today()),
        done=_done(visit),
        portfolio=report_portfolio(visit.assessment.organisation_id, questionnaire, answers, profile)
        if visit.is_self_assessment
        else None,
    )


def report_of(inputs: ReportInputs, **presentation) -> IndividualReport:
    """The one view model of the inputs (`presentation`: charts, the reader's voice)."""
    return build_individual_report(
        inputs.questionnaire,
        inputs.answers,
        inputs.organisation,
        report_date(),
        DEFAULT_BRANDING.print_accent,
        inputs.profiles,
        peers=inputs.peers,
        **inputs.previous_arguments(),
        **inputs.review_arguments(),
        **presentation,
    )


def build_results(visit: Visit, wanted_profile: str | None, wanted_basis: str | None = None) -> Results:
    """The results page's content for the visit, against the chosen profile on the chosen basis."""
    inputs = report_inputs(visit, wanted_profile)
    report = report_of(inputs, charts=False, answered="You answered")
    basis = choose_basis(wanted_basis)
    return Results(
        report=report,
        profiles=current_catalog().profiles_for(inputs.questionnaire),
        peers=inputs.peers,
        chart=_chart(inputs.questionnaire, report, basis),
        basis=basis,
    )


def report_pdf(visit: Visit, wanted_profile: str | None) -> bytes:
    """The PDF report of the visit's answers, from the cache when nothing it shows has changed."""
    return rendered(individual_report(visit, wanted_profile))


def individual_report(visit: Visit, wanted_profile: str | None) -> PreparedReport:
    """The visit's report against the chosen profile, keyed by everything it shows."""
    inputs = report_inputs(visit, wanted_profile)
    return prepare_report(
        inputs.cache_key(),
        inputs.questionnaire,
        DEFAULT_BRANDING,
        lambda timeout: render_individual_report(
            inputs.questionnaire,
            inputs.answers,
            inputs.organisation,
            profiles=inputs.profiles,
            peers=inputs.peers,
            **inputs.previous_arguments(),
            **inputs.review_arguments(),
            methodology=current_methodology(inputs.questionnaire),
            timeout=timeout,
        ),
    )


def workbook_xlsx(visit: Visit, wanted_profile: str | None) -> bytes:
    """The visit's answers, scores, targets, roadmap and outcome facts as an Excel workbook."""
    questionnaire = visit.questionnaire
    answers = applicable_answers(questionnaire, visit.answers)
    profile = choose_profile(current_catalog().profiles_for(questionnaire), wanted_profile)
    judged = None
    if visit.is_self_assessment:  # a participant's own results leave the client's portfolio out
        judged = report_portfolio(visit.assessment.organisation_id, questionnaire, answers, profile)
    return individual_workbook(
        questionnaire,
        answers,
        {"name": visit.assessment.organisation.name},
        profile=profile,
        generated_on=date.today().isoformat(),
        portfolio=judged.review if judged else None,
    )


def deck_pptx(visit: Visit, wanted_profile: str | None) -> bytes:
    """The visit's summary, scores against the chosen profile (and peers, when enough have
    answered), roadmap and outcome facts as a PowerPoint deck."""
    inputs = report_inputs(visit, wanted_profile)
    return individual_deck(
        inputs.questionnaire,
        inputs.answers,
        inputs.organisation,
        profiles=inputs.profiles,
        peers=inputs.peers,
    )


#: How long a results page waits for SQLite's write lock to refresh peers' stored figures.
REFRESH_WAIT_MS = 100


def _peers(visit: Visit, scorecard: Scorecard) -> PeerComparison:
    """The scorecard among all consenting peers, the assessed organisation left out.

    Self-assessments' stored figures are recomputed when read: any the family has waiting
    are recomputed first, in a write transaction of their own, and committed. A page never
    queues behind another writer for this: when SQLite's write lock is taken, the figures
    are read as stored (at most a few answers behind), and the next reader refreshes them."""
    db = database.session
    if scorekeeping.stale_in_family(db, family_of(scorecard)) and database.try_start_writing(REFRESH_WAIT_MS):
        scorekeeping.refresh_stale(db, family_of(scorecard))
        db.commit()
    return cohort_statistics(
        database.session,
        family_of(scorecard),
        CohortFilter(),
        scorecard=scorecard,
        exclude_organisation=visit.assessment.organisation_id,
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


def _done(visit: Visit) -> tuple[PlannedAction, ...] | None:
    """The actions of the previous assessment's plan marked done; None when this is no retake."""
    previous_id = visit.assessment.previous_id
    return done_actions(database.session, previous_id) if previous_id is not None else None


def _previous(visit: Visit) -> tuple[Questionnaire, dict[str, str]] | None:
    """The questionnaire and applicable answers of the assessment this one retakes, if any."""
    previous_id = visit.assessment.previous_id
    previous = database.session.get(Assessment, previous_id) if previous_id is not None else None
    if previous is None or not previous.respondents:
        return None
    questionnaire = questionnaire_for(previous.questionnaire_version)
    answers = answers_of(database.session, previous.respondents[0].id)
    return questionnaire, applicable_answers(questionnaire, answers)


def _trend_across(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    previous: tuple[Questionnaire, Mapping[str, str]] | None,
) -> Trend | None:
    """The trend from an assessment on an earlier major version, through the crosswalk
    between the two; None without a previous assessment or a crosswalk."""
    if previous is None:
        return None
    crosswalk = current_catalog().crosswalk(previous[0], questionnaire)
    if crosswalk is None:
        return None
    return compare_through(crosswalk, previous[0], previous[1], questionnaire, answers)


def _chart(questionnaire: Questionnaire, report: IndividualReport, basis: str = BASES[0]) -> Radar | None:
    """The radar of dimension scores, with the profile's targets when one is chosen."""
    dimensions = [d for d in report.scorecard.dimensions if d.score is not None]
    series = [("Your scores (claimed)", "series-you", [d.score for d in dimensions])]
    comparisons = report.evidenced_comparisons if basis == "evidenced" else report.comparisons
    if comparisons:
        comparison = comparisons[0]
        targets = {gap.ref: gap.target for gap in comparison.dimensions}
        if all(d.id in targets for d in dimensions):
            series.insert(0, (comparison.title, "series-target", [targets[d.id] for d in dimensions]))
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    return radar([d.title for d in dimensions], series, low, high)
