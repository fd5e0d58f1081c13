"""PowerPoint decks of a workshop: the room's figures for a consultant to rework into their own.

The deck has a title slide, the room at a glance (respondents, level, median index,
completeness and confidence), each dimension's median with the lowest and highest scores
as a native bar chart and a table, participation by role, the roadmap of the room's
answers, the questions the room disagreed on and the outcome figures it gave. The figures
come from the same group report context as the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pptx.util import Inches

from ..questionnaire import Questionnaire, TargetProfile
from ..scoring import Cohort, Participant
from .branding import Branding
from .context import report_date
from .deck import (
    NEUTRAL,
    NO_TARGET,
    TEXT_LIMIT,
    cover,
    file_title,
    findings,
    first_90_days,
    level,
    level_words,
    one,
    one_value,
    percent,
    roadmap,
    target_caption,
    target_cells,
    target_of,
    verdict,
)
from .group_context import GroupReport, build_group_report
from .pdf import NO_VALUE
from .peer_note import ON_THIS_SERVICE
from .slides import BODY, Box, Deck, fitted


def group_deck(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    organisation: Mapping[str, str],
    *,
    agreed: Mapping[str, str] | None = None,
    cohort: Cohort | None = None,
    peer_source: str = ON_THIS_SERVICE,
    profiles: Sequence[TargetProfile] = (),
    branding: Branding = NEUTRAL,
    generated_on: date | None = None,
) -> bytes:
    """A workshop's room as a .pptx file, against the first of `profiles`; with a `cohort`, the
    peers' medians are shown as far as the cohort's size allows."""
    day = generated_on or date.today()
    report = build_group_report(
        questionnaire,
        respondents,
        organisation,
        report_date(day),
        branding.print_accent,
        agreed,
        cohort,
        peer_source,
        profiles[:1],
    )
    deck = Deck(branding, file_title(questionnaire, organisation), "AI execution maturity workshop", day)
    cover(deck, questionnaire, organisation, report.generated_on, "AI execution maturity · workshop report")
    _glance(deck, report)
    if report.summary:
        findings(deck, deck.slide("Gaps and strengths of the room"), report.summary, BODY.top)
        first_90_days(deck, report.summary)
    _scores(deck, report)
    deck.paged_table(
        "Participation by role",
        ["Role", "Respondents", "Median index"],
        [[fitted(r.role, TEXT_LIMIT), str(r.respondents), one(r.score)] for r in report.group.roles],
        [4, 1.5, 1.5],
    )
    roadmap(deck, report.horizons)
    if report.divergent:
        rows = [
            [
                d.text,
                d.dimension,
                percent(d.agreement),
                level(d.median),
                "\n".join(f"{label}: {n}" for label, n in d.distribution),
            ]
            for d in report.divergent
        ]
        deck.paged_table(
            "Where the room disagreed",
            ["Question", "Dimension", "Agreement", "Median", "Answers"],
            rows,
            [4, 2, 1.2, 1, 2.6],
            "Agreement is 100% when everyone gave the same answer: these are worth discussing first.",
        )
    if report.facts:
        deck.paged_table(
            "Outcomes the room gave",
            ["In the last 12 months, unless stated", "Median (range, answers)", "Don't know"],
            [[f.text, f.shown, str(f.unknown)] for f in report.facts],
            [4, 2.5, 1.2],
            "Figures participants gave as context; they are not verified here and never change a level.",
        )
    return deck.save()


def _glance(deck: Deck, report: GroupReport) -> None:
    """The room at a glance: respondents, the room's level, median index, completeness and
    confidence, and where the room stands against the first target."""
    group, room, top = report.group, report.group.room, report.questionnaire.highest_level.value
    roles = len(report.roles)
    slide = deck.slide("The room at a glance")
    room_level = level_words(room.level, room.level_name) if room else NO_VALUE
    deck.figures(
        slide,
        [
            ("Respondents", str(group.respondents), f"From {roles} role{'s' * (roles != 1)}"),
            ("Room level", room_level, "Of the room's answers"),
            ("Median index", f"{one(group.score)} / {level(top)}", "Median of the respondents' indexes"),
            (
                "Completeness",
                percent(room.completeness) if room else NO_VALUE,
                f"Confidence {room.confidence}" if room else "",
            ),
        ],
    )
    statement = [verdict("The room", report.summary)] if report.summary else []
    missing = sum(q.unanswered for q in group.questions)
    if missing:
        lowest = level(report.questionnaire.lowest_level.value)
        statement.append(
            f"{missing} answer{'s are' if missing != 1 else ' is'} missing across the room; each counts as "
            f"level {lowest}, exactly as “don't know” does."
        )
    deck.text(slide, Box(BODY.left, Inches(2.9), BODY.width, Inches(1.5)), statement, 16)


def _scores(deck: Deck, report: GroupReport) -> None:
    """Each dimension's median, lowest and highest score (and target level) as a native chart,
    then as a table with the room's level and its gap to the target."""
    questionnaire, top = report.questionnaire, report.questionnaire.highest_level.value
    comparison = report.comparisons[0] if report.comparisons else None
    pairs = [(d, s) for d, s in zip(questionnaire.dimensions, report.dimensions, strict=True) if s.scores]
    series = [
        ("Median", [one_value(s.median) for _, s in pairs]),
        ("Lowest", [one_value(s.low) for _, s in pairs]),
        ("Highest", [one_value(s.high) for _, s in pairs]),
    ]
    if comparison is not None:
        series.append((f"{comparison.title} target", [target_of(comparison, d.id) for d, _ in pairs]))
    if report.peers:
        peers = {s.ref: s.median for s in report.peers.dimensions}
        series.append(("Peer median", [one_value(peers.get(d.id)) for d, _ in pairs]))
    slide = deck.slide("Scores across the room")
    deck.bar_chart(
        slide,
        BODY,
        [s.title for _, s in pairs],
        series,
        top,
        "Bar chart of each dimension's median, lowest and highest score across the room; "
        "the figures are in the next slide's table.",
    )
    room = {d.id: d for d in report.group.room.dimensions} if report.group.room else {}
    header = ["Dimension", "Room level", "Median", "Lowest", "Highest"]
    header += ["Target level", "Level gap"] if comparison else []
    rows = []
    for dimension, spread in pairs:
        own = room.get(dimension.id)
        row = [
            spread.title,
            level_words(own.level, own.level_name) if own else NO_VALUE,
            one(spread.median),
            one(spread.low),
            one(spread.high),
        ]
        rows.append(row + (target_cells(comparison.target(dimension.id)) if comparison else []))
    caption = target_caption(comparison, "the room ") if comparison else NO_TARGET
    deck.paged_table("The room's scores", header, rows, [4, 2, 1, 1, 1, 1.3, 1.3][: len(header)], caption)
