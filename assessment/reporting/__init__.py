"""PDF reports: HTML templates, matplotlib charts and WeasyPrint, knowing nothing of HTTP.

`render_individual_report` and `render_group_report` take loaded questionnaires and
plain answer mappings and return PDF bytes; `individual_workbook` / `group_workbook` and
`individual_deck` / `group_deck` give the same figures as Excel workbooks and PowerPoint
decks. `ReportCache` and `report_key` let callers serve an unchanged report without
rendering it again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

from ..questionnaire import Questionnaire, TargetProfile
from ..scoring import Cohort, Participant, PeerComparison, Trend
from ..scoring.lift import PlannedAction
from ..scoring.portfolio import PortfolioReview
from .branding import Branding, BrandingError, accent_notice, accept_logo
from .cache import ReportCache, report_key, template_version
from .changes import ChangesView
from .context import build_individual_report, report_date
from .deck import individual_deck
from .group_context import build_group_report
from .group_deck import group_deck
from .pdf import DEFAULT_TIMEOUT, RenderTimeout, demoted, render_html, write_pdf
from .peer_note import ON_THIS_SERVICE, imported_source
from .review import Decision, EvidenceItem, ReviewInputs
from .workbook import group_workbook, individual_workbook

#: Our neutral theme, used when a workspace has no branding of its own.
DEFAULT_BRANDING = Branding()

__all__ = [
    "ON_THIS_SERVICE",
    "Branding",
    "BrandingError",
    "Decision",
    "EvidenceItem",
    "RenderTimeout",
    "ReportCache",
    "ReviewInputs",
    "accent_notice",
    "accept_logo",
    "group_deck",
    "group_workbook",
    "imported_source",
    "individual_deck",
    "individual_workbook",
    "render_group_report",
    "render_individual_report",
    "report_key",
    "template_version",
]


def render_individual_report(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    organisation: Mapping[str, str],
    *,
    profiles: Sequence[TargetProfile] = (),
    previous_answers: Mapping[str, str] | None = None,
    previous_questionnaire: Questionnaire | None = None,
    trend_across: Trend | None = None,
    peers: PeerComparison | None = None,
    peer_source: str = ON_THIS_SERVICE,
    branding: Branding = DEFAULT_BRANDING,
    methodology: str | None = None,
    generated_on: date | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    review: ReviewInputs | None = None,
    done_actions: Sequence[PlannedAction] | None = None,
    portfolio: PortfolioReview | None = None,
) -> bytes:
    """One organisation's report as PDF; AnswerError when the answers are invalid.

    `methodology` is trusted HTML (from `methodology_html`); `peers` (from the pure
    `compare_with_peers` or the stored `cohort_statistics`) is shown only when its cohort
    is large enough to disclose, and `peer_source` says in words who the peers are;
    profiles are labelled as targets. `trend_across` is the trend from an assessment on an
    earlier major version (from the pure `compare_through`), shown when there are no
    `previous_answers` of the same family (given on `previous_questionnaire`, this one
    when None). With `review`, claimed and evidenced figures side by side, a review summary
    page and each answer's evidence and reviewer in the appendix; with `done_actions` (the
    previous plan's actions marked done) and a previous assessment, what changed and why.
    With `portfolio` (`scoring.review_portfolio` over these answers), the portfolio chapter.
    """
    report = build_individual_report(
        questionnaire,
        answers,
        organisation,
        report_date(generated_on),
        branding.print_accent,
        profiles,
        previous_answers,
        peers,
        peer_source,
        trend_across,
        previous_questionnaire,
        review=review,
        done_actions=done_actions,
        portfolio=portfolio,
    )
    return _report_pdf("individual.html", report, branding, methodology, timeout)


def render_group_report(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    organisation: Mapping[str, str],
    *,
    agreed: Mapping[str, str] | None = None,
    cohort: Cohort | None = None,
    peer_source: str = ON_THIS_SERVICE,
    profiles: Sequence[TargetProfile] = (),
    branding: Branding = DEFAULT_BRANDING,
    methodology: str | None = None,
    generated_on: date | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    review: Sequence[ReviewInputs] | None = None,
    changes: ChangesView | None = None,
    portfolio: PortfolioReview | None = None,
) -> bytes:
    """A workshop's group report as PDF; AnswerError when any respondent's answers are invalid.

    With a `cohort`, the room's medians are compared with those peers (`peer_source` says
    who they are) as far as the cohort's size allows; with `profiles`, against those targets,
    and the roadmap is drawn from the room's answers (`scoring.room_answers`). With `review`
    (each participant's `ReviewInputs`, in step with `respondents`), the room's claimed and
    evidenced levels side by side and a review summary page; with `changes` (see
    `reporting.changes`), what changed since the client's previous workshop and why; with
    `portfolio` (`scoring.review_portfolio` over the room's answers), the portfolio chapter.
    """
    report = build_group_report(
        questionnaire,
        respondents,
        organisation,
        report_date(generated_on),
        branding.print_accent,
        agreed,
        cohort,
        peer_source,
        profiles,
        review,
        changes,
        portfolio,
    )
    return _report_pdf("group.html", report, branding, methodology, timeout)


def _report_pdf(template: str, report, branding: Branding, methodology: str | None, timeout: float) -> bytes:
    """A built report rendered through its template and written as PDF with its charts."""
    html = render_html(
        template,
        report=report,
        branding=branding,
        methodology=Markup(demoted(methodology or "")),  # noqa: S704
    )
    return write_pdf(html, report.charts, branding.logo, branding.print_accent, timeout)
