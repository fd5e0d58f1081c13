"""PowerPoint decks of one organisation's assessment: the pieces a consultant reworks into their own.

The deck has a title slide, the executive summary, the first 90 days, the dimension scores against the first
chosen target as a native bar chart, the same figures as a table, the roadmap by horizon
and the outcome facts (a workshop's deck is in `group_deck`). Every figure comes from the
same report context as the PDF and is rounded as the PDF prints it: one decimal for scores,
whole percentages. The pieces both decks share (title slide, roadmap, the sentence on where
an organisation stands) are here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pptx.util import Inches

from ..questionnaire import Questionnaire, TargetProfile
from ..scoring import PeerComparison, TargetComparison, TargetGap
from .branding import Branding
from .context import IndividualReport, build_individual_report, report_date
from .pdf import COVER_LIMIT, NO_VALUE
from .peer_note import ON_THIS_SERVICE
from .plan import Action
from .slides import BODY, Box, Deck, fitted
from .summary import ExecutiveSummary, Finding

NEUTRAL = Branding()
ROADMAP = ("#", "Action", "Workstream", "Suggested owner", "Effort", "From → to", "Critical")
ROADMAP_WIDTHS = (0.5, 5.2, 2.2, 2.2, 0.9, 1.1, 0.9)
PRIORITIES = ("#", "Action", "Workstream", "Suggested owner", "Effort")
PRIORITY_WIDTHS = (0.5, 6.6, 2.4, 2.4, 1.0)
TEXT_LIMIT = 120  # display width of user text other than the title (organisation fields, roles)
NO_TARGET = "No target profile was chosen."


def individual_deck(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    organisation: Mapping[str, str],
    *,
    profiles: Sequence[TargetProfile] = (),
    peers: PeerComparison | None = None,
    peer_source: str = ON_THIS_SERVICE,
    branding: Branding = NEUTRAL,
    generated_on: date | None = None,
) -> bytes:
    """One organisation's assessment as a .pptx file, against the first of `profiles`; peers'
    medians are shown when `peers` may be disclosed."""
    day = generated_on or date.today()
    report = build_individual_report(
        questionnaire,
        answers,
        organisation,
        report_date(day),
        branding.print_accent,
        profiles[:1],
        peers=peers,
        peer_source=peer_source,
    )
    deck = Deck(branding, file_title(questionnaire, organisation), "AI execution maturity report", day)
    cover(deck, questionnaire, organisation, report.generated_on, "AI execution maturity report")
    _summary(deck, report)
    first_90_days(deck, report.summary)
    _scores(deck, report)
    roadmap(deck, report.horizons)
    card = report.scorecard
    if card.facts:
        rows = [
            [questionnaire.question(q).text, questionnaire.question(q).describe(a)] for q, a in card.facts
        ]
        deck.paged_table(
            "Outcomes so far",
            ["In the last 12 months, unless stated", "Answer"],
            rows,
            [3, 1],
            "Figures given as context for the scores; they are not verified here and never change a level.",
        )
    return deck.save()


def _summary(deck: Deck, report: IndividualReport) -> None:
    """The executive summary: the verdict and what to do first, level, index and completeness,
    then three gaps and three strengths stated about the organisation."""
    card, top, summary = report.scorecard, report.questionnaire.highest_level.value, report.summary
    slide = deck.slide("Executive summary")
    deck.figures(
        slide,
        [
            ("Overall level", level_words(card.level, card.level_name), "Set by the weakest dimension"),
            ("Maturity index", f"{one(card.score)} / {level(top)}", "Weighted mean of the dimension scores"),
            ("Completeness", percent(card.completeness), f"Confidence {card.confidence}"),
        ],
    )
    statement = [verdict(display_name(report.organisation), summary)]
    if report.incomplete:
        statement.append(f"{report.incomplete}, exactly as “don't know” does.")
    deck.text(slide, Box(BODY.left, Inches(2.8), BODY.width, Inches(0.9)), statement, 16)
    findings(deck, slide, summary)


def verdict(who: str, summary: ExecutiveSummary) -> str:
    """The summary's headline sentence with its subject, and the one thing to do first."""
    return f"{who} {summary.headline}" + (f" {summary.first}" if summary.first else "")


def findings(deck: Deck, slide, summary: ExecutiveSummary, top: int = Inches(3.7)) -> None:
    """Three gaps and three strengths, side by side, each with its workstream and level."""
    left = Box(BODY.left, top, BODY.width // 2 - Inches(0.2), Inches(3.2))
    right = Box(left.left + BODY.width // 2 + Inches(0.2), left.top, left.width, left.height)
    gaps = [(f.statement, _where(f)) for f in summary.gaps]
    deck.points(slide, left, "Gaps", gaps, "No gaps: every answer meets its target.")
    strengths = [(f.statement, _where(f)) for f in summary.strengths]
    deck.points(slide, right, "Strengths", strengths, "No scored answers yet.")


def _where(finding: Finding) -> str:
    """A finding's workstream, and its level where it has one."""
    return finding.dimension + (f", level {level(finding.value)}" if finding.value is not None else "")


def first_90_days(deck: Deck, summary: ExecutiveSummary) -> None:
    """The plan's first 90 days: each action with its workstream, suggested owner and effort."""
    if not summary.priorities:
        return
    rows = [
        [str(n), _action_text(a), a.dimension, a.owner or NO_VALUE, a.effort]
        for n, a in enumerate(summary.priorities, 1)
    ]
    caption = "Ordered by dependency and impact. Effort: small to find out or climb a level, medium for two."
    deck.paged_table("The first 90 days", PRIORITIES, rows, PRIORITY_WIDTHS, caption)


def _action_text(action: Action) -> str:
    """An action, with the activities it names owners for when it is the name-owners action."""
    return "\n".join([action.item.action, *(f"• {a}" for a in action.activities)])


def _scores(deck: Deck, report: IndividualReport) -> None:
    """Each dimension's score beside its target level (and the peers' median when shown), as a
    native chart, then as a table with levels and gaps."""
    card, top = report.scorecard, report.questionnaire.highest_level.value
    comparison = report.comparisons[0] if report.comparisons else None
    peers = {s.ref: s.median for s in report.peers.dimensions} if report.peers else None
    dimensions = [d for d in card.dimensions if d.score is not None]
    series = [("Your scores", [one_value(d.score) for d in dimensions])]
    if comparison is not None:
        series.append((f"{comparison.title} target", [target_of(comparison, d.id) for d in dimensions]))
    if peers is not None:
        series.append(("Peer median", [one_value(peers.get(d.id)) for d in dimensions]))
    slide = deck.slide("Scores against the target" if comparison else "Dimension scores")
    against = " beside its target level" if comparison else ""
    description = f"Bar chart of each dimension's score{against}; the figures are in the next slide's table."
    deck.bar_chart(slide, BODY, [d.title for d in dimensions], series, top, description)

    header = ["Dimension", "Score", "Level"] + (["Target level", "Level gap"] if comparison else [])
    header += ["Peer median"] if peers is not None else []
    rows = []
    for d in card.dimensions:
        row = [
            d.title + (" (readiness)" if d.readiness_only else ""),
            one(d.score),
            level_words(d.level, d.level_name),
        ]
        if comparison is not None:
            row += target_cells(comparison.target(d.id))
        if peers is not None:
            row.append(one(peers.get(d.id)))
        rows.append(row)
    caption = target_caption(comparison) if comparison else NO_TARGET
    deck.paged_table("Against the targets", header, rows, [4, 1, 2, 1.3, 1.3, 1.3][: len(header)], caption)


def cover(deck: Deck, questionnaire: Questionnaire, organisation: Mapping[str, str], day: str, kicker: str):
    """The title slide: the organisation's name (shortened as the PDF's cover shortens it, and
    then given in full in the slide's notes), the questionnaire and version, the date, the brand."""
    name = str(organisation.get("name", ""))
    title = display_name(organisation)
    note = []
    if title != name:
        note = [f"Shortened here: the name has {len(name):,} characters and is given in full in the notes."]
    details = [
        f"{key.replace('_', ' ').capitalize()}: {fitted(value, TEXT_LIMIT)}"
        for key, value in organisation.items()
        if key != "name" and isinstance(value, str) and value
    ]
    facts = [
        f"{questionnaire.title}, version {questionnaire.version}",
        *details,
        day,
        f"Prepared by {fitted(deck.branding.name, TEXT_LIMIT)}",
    ]
    slide = deck.cover(kicker, title, note, facts)
    if note:
        deck.notes(slide, f"Organisation name in full: {name}")


def roadmap(deck: Deck, horizons: Sequence[tuple[str, Sequence[Action]]]) -> None:
    """The roadmap by horizon, the first 90 days first, ranked across horizons, on as many
    slides as each horizon needs."""
    rank = 0
    for horizon, actions in horizons:
        if not actions:
            continue
        rows = []
        for action in actions:
            rank += 1
            item = action.item
            steps = NO_VALUE if item.names_owners else f"{level(item.value)} → {level(item.target)}"
            rows.append(
                [
                    str(rank),
                    _action_text(action),
                    action.dimension,
                    action.owner or NO_VALUE,
                    action.effort,
                    steps,
                    "yes" if item.critical else "",
                ]
            )
        title = (
            "Roadmap: readiness for what you plan" if horizon == "Readiness" else f"Roadmap: next {horizon}"
        )
        deck.paged_table(title, ROADMAP, rows, ROADMAP_WIDTHS)
    if not rank:
        deck.text(deck.slide("Roadmap"), BODY, ["No actions: every answered question meets its target."], 18)


def target_caption(comparison: TargetComparison, whose: str = "") -> str:
    """One line on the target: how far along, and whether it is met."""
    missed = len(comparison.blocking)
    if comparison.meets_profile:
        met = "meets the profile"
    else:
        met = f"does not meet the profile: {missed} required {'target is' if missed == 1 else 'targets are'}"
        met += " missed"
    return (
        f"{comparison.title}: {percent(comparison.percent_to_target)} of the way to the target; {whose}{met}."
    )


def target_of(comparison: TargetComparison, ref: str) -> float | None:
    """The target level on a dimension, or None when the profile sets none."""
    gap = comparison.target(ref)
    return gap.target if gap else None


def target_cells(gap: TargetGap | None) -> list[str]:
    """A target's cells: its level and its level gap ("met" when there is none), or dashes."""
    if gap is None:
        return [NO_VALUE, NO_VALUE]
    return [level(gap.target), level(gap.gap) if gap.gap else "met"]


def display_name(organisation: Mapping[str, str]) -> str:
    """The organisation's name as a title: shortened as the PDF's cover shortens it."""
    return fitted(str(organisation.get("name", "")), COVER_LIMIT)


def file_title(questionnaire: Questionnaire, organisation: Mapping[str, str]) -> str:
    """The title in the file's properties."""
    return f"{questionnaire.title}: {display_name(organisation)}"


def level_words(value: float | None, name: str | None) -> str:
    """A level with its name ("2 Developing"), or a dash."""
    return NO_VALUE if value is None else f"{level(value)} {name or ''}".strip()


def one(value: float | None) -> str:
    """A score as the PDF prints it: one decimal, or a dash."""
    return NO_VALUE if value is None else f"{value:.1f}"


def one_value(value: float | None) -> float | None:
    """A score as a chart value, rounded as `one` prints it."""
    return None if value is None else round(value, 1)


def level(value: float | None) -> str:
    """A level as the PDF prints it (2, 2.5), or a dash."""
    return NO_VALUE if value is None else f"{value:g}"


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return NO_VALUE if value is None else f"{round(value * 100)}%"
