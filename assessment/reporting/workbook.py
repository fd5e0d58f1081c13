"""Excel workbooks of an assessment: the figures a consultant reworks into their own material.

One sheet each for the summary, the scores, the targets, the roadmap, the answers, the
outcome facts and, when one is given, the AI initiative portfolio (for a workshop: the
room's scores, every participant's answers and the room's figures). Numbers are numeric
cells, answers are in words, and every figure comes from the same scoring as the results
page and the PDF. No cell is ever a formula: text that a spreadsheet would run (it begins
with = + - @) is stored as text.

Why one module: one function per sheet over the shared cell writer that keeps formulas
out; the individual and the group workbook share most sheets.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..questionnaire import QuestionKind, Questionnaire, TargetProfile
from ..scoring import (
    Participant,
    build_roadmap,
    compare_group_with_profile,
    compare_with_profile,
    room_answers,
    score_answers,
    score_group,
)
from ..scoring.portfolio import PortfolioReview
from .context import roadmap_action
from .portfolio import SHEET_HEADER, sheet_rows

#: Leading characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WIDEST = 80  # characters: longer text wraps


def individual_workbook(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    organisation: Mapping[str, str],
    profile: TargetProfile | None = None,
    generated_on: str = "",
    portfolio: PortfolioReview | None = None,
) -> bytes:
    """One organisation's assessment as an .xlsx file; with `portfolio` (its initiatives judged
    against these answers), a Portfolio sheet."""
    card = score_answers(questionnaire, answers)
    comparison = compare_with_profile(questionnaire, card, profile) if profile else None
    roadmap = build_roadmap(questionnaire, card, profile)
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    rows = [
        *_identity(questionnaire, organisation, generated_on),
        ("Overall level", card.level),
        ("Overall level name", card.level_name or ""),
        ("Maturity index", _round(card.score)),
        ("Completeness", _round(card.completeness)),
        ("Confidence", card.confidence),
        ("Unanswered questions (count as the lowest level)", card.counts.missing),
    ]
    if comparison is not None:
        rows += [
            ("Target profile", comparison.title),
            ("Meets the profile", "yes" if comparison.meets_profile else "no"),
            ("Share of the way to the target", _round(comparison.percent_to_target)),
            ("Required targets missed", len(comparison.blocking)),
        ]
    _table(summary, ("Figure", "Value"), rows)

    targets = {gap.ref: gap for gap in comparison.dimensions} if comparison else {}
    _table(
        book.create_sheet("Scores"),
        (
            "Dimension",
            "Score",
            "Level",
            "Level name",
            "Completeness",
            "Readiness only",
            "Target level",
            "Level gap",
        ),
        [
            (
                d.title,
                _round(d.score),
                d.level,
                d.level_name or "",
                _round(d.completeness),
                "yes" if d.readiness_only else "no",
                targets[d.id].target if d.id in targets else None,
                targets[d.id].gap if d.id in targets else None,
            )
            for d in card.dimensions
        ],
    )
    if comparison is not None:
        names = _names(questionnaire)
        _table(
            book.create_sheet("Targets"),
            ("Target on", "Tier", "Target level", "Compared figure", "Status", "Advisory", "Basis"),
            [
                (
                    names.get(gap.ref, gap.ref),
                    gap.tier.value,
                    gap.target,
                    _round(gap.compared),
                    "met" if gap.met else "not met",
                    "yes" if gap.advisory else "no",
                    "; ".join(gap.basis),
                )
                for gap in comparison.gaps
            ],
        )
    _roadmap_sheet(book, questionnaire, roadmap)
    _answers_sheet(book, questionnaire, [("Answer", answers)])
    _facts_sheet(book, questionnaire, [("Answer", answers)])
    _portfolio_sheet(book, questionnaire, portfolio)
    return _bytes(book)


def group_workbook(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    organisation: Mapping[str, str],
    agreed: Mapping[str, str] | None = None,
    profile: TargetProfile | None = None,
    generated_on: str = "",
    portfolio: PortfolioReview | None = None,
) -> bytes:
    """A workshop's room as an .xlsx file: the room's figures and every participant's answers;
    with `portfolio` (the client's initiatives judged against the room's answers), a Portfolio sheet."""
    group = score_group(questionnaire, respondents, agreed)
    room = score_answers(questionnaire, room_answers(questionnaire, respondents, agreed))
    comparison = compare_group_with_profile(questionnaire, group, profile) if profile else None
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    rows = [
        *_identity(questionnaire, organisation, generated_on),
        ("Participants", len(respondents)),
        ("Room's overall level", room.level),
        ("Room's overall level name", room.level_name or ""),
        ("Room's maturity index", _round(room.score)),
    ]
    if comparison is not None:
        rows += [
            ("Target profile", comparison.title),
            ("The room meets the profile", "yes" if comparison.meets_profile else "no"),
            ("Share of the way to the target", _round(comparison.percent_to_target)),
        ]
    _table(summary, ("Figure", "Value"), rows)
    _table(
        book.create_sheet("Scores"),
        (
            "Dimension",
            "Room's score",
            "Room's level",
            "Level name",
            "Participants' median",
            "Lowest",
            "Highest",
        ),
        [
            (
                d.title,
                _round(d.score),
                d.level,
                d.level_name or "",
                *_spread(group, d.id),
            )
            for d in room.dimensions
        ],
    )
    _roadmap_sheet(book, questionnaire, build_roadmap(questionnaire, room, profile))
    columns = [(f"{r.role} {index}", r.answers) for index, r in enumerate(respondents, 1)]
    _answers_sheet(book, questionnaire, columns)
    _facts_sheet(book, questionnaire, columns)
    _portfolio_sheet(book, questionnaire, portfolio)
    return _bytes(book)


def _identity(questionnaire: Questionnaire, organisation: Mapping[str, str], generated_on: str) -> list:
    """The summary's first rows: who, on which questionnaire text, when."""
    return [
        ("Organisation", organisation.get("name", "")),
        ("Questionnaire", f"{questionnaire.title} {questionnaire.version}"),
        ("Questionnaire text fingerprint", questionnaire.content_hash[:12]),
        ("Generated on", generated_on),
    ]


def _spread(group, dimension_id: str) -> tuple:
    """(median, lowest, highest) of the participants' scores for a dimension, or blanks."""
    scores = [d.score for card in group.cards if (d := card.dimension(dimension_id)) and d.score is not None]
    if not scores:
        return (None, None, None)
    return (_round(group.dimensions.get(dimension_id)), _round(min(scores)), _round(max(scores)))


def _roadmap_sheet(book: Workbook, questionnaire: Questionnaire, roadmap) -> None:
    """The plan: each action with its workstream, suggested owner, effort and what it lifts."""
    rows = []
    for rank, item in enumerate(roadmap.items, 1):
        action = roadmap_action(questionnaire, item)
        levels = (None, None) if item.names_owners else (item.value, item.target)
        rows.append(
            (
                rank,
                item.horizon,
                item.action,
                "; ".join(action.activities),
                action.dimension,
                action.owner,
                action.effort,
                action.because,
                *levels,
                action.lifts,
                "yes" if item.critical else "no",
                "yes" if item.find_out else "no",
                _round(item.priority),
            )
        )
    _table(
        book.create_sheet("Roadmap"),
        (
            "Rank",
            "Horizon",
            "Action",
            "Activities without a clear owner",
            "Workstream",
            "Suggested owner",
            "Effort",
            "Because",
            "From level",
            "To level",
            "Lifts",
            "Critical",
            "Find out first",
            "Priority",
        ),
        rows,
    )


def _answers_sheet(book: Workbook, questionnaire: Questionnaire, columns) -> None:
    """Every question with the answer of each column's respondent, in words and as a level."""
    titles = {d.id: d.title for d in questionnaire.dimensions}
    header = ["Dimension", "Question", "Kind", "Critical"]
    for name, _ in columns:
        header += [name, f"{name}: level"]
    rows = []
    for question in questionnaire.questions:
        if question.kind is QuestionKind.FACT:
            continue  # on their own sheet, as numbers
        row = [titles.get(question.dimension or "", "Scope"), question.text, question.kind.value]
        row.append("yes" if question.critical else "")
        for _, answers in columns:
            code = answers.get(question.id)
            if question.kind is QuestionKind.OWNERSHIP:
                words = questionnaire.owner_words(code) if code else "Not answered"
            else:
                words = question.describe(code)
            level = question.option(code).value if code in question.option_ids else None
            row += [words, level if question.kind is QuestionKind.MATURITY else None]
        rows.append(tuple(row))
    _table(book.create_sheet("Answers"), tuple(header), rows)


def _facts_sheet(book: Workbook, questionnaire: Questionnaire, columns) -> None:
    """Outcome facts as numbers (or dates), with their unit; "Don't know" and blanks as words."""
    if not questionnaire.facts:
        return
    header = ["Outcome fact", "Unit"] + [name for name, _ in columns]
    rows = []
    for fact in questionnaire.facts:
        row = [fact.text, fact.fact.unit]
        for _, answers in columns:
            code = answers.get(fact.id)
            if code and code[0].isdigit() and fact.fact.type.value != "date":
                row.append(float(code) if "." in code or "e" in code else int(code))
            else:
                row.append(fact.describe(code) if fact.fact.type.value != "date" or not code else code)
        rows.append(tuple(row))
    _table(book.create_sheet("Outcome facts"), tuple(header), rows)


def _portfolio_sheet(book: Workbook, questionnaire: Questionnaire, portfolio: PortfolioReview | None) -> None:
    """One row per initiative (see `reporting.portfolio.sheet_rows`), when a portfolio is given."""
    if portfolio is None or not (portfolio.initiatives or portfolio.retired):
        return
    _table(book.create_sheet("Portfolio"), SHEET_HEADER, sheet_rows(questionnaire, portfolio))


def _names(questionnaire: Questionnaire) -> dict[str, str]:
    names = {d.id: d.title for d in questionnaire.dimensions}
    names |= {g.id: g.title for d in questionnaire.dimensions for g in d.all_groups()}
    names |= {q.id: q.text for q in questionnaire.questions}
    return names


def _table(sheet, header: Sequence[str], rows) -> None:
    """A header row, then the rows; text never becomes a formula; columns sized to their text."""
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # openpyxl took it for a formula: it is text
                cell.quotePrefix = True
            if isinstance(cell.value, str) and len(cell.value) > WIDEST:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(sheet.columns, 1):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST, max(10, longest + 2))
    sheet.freeze_panes = "A2"


def _cell(value):
    """What a cell holds: numbers as numbers, everything else as text."""
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
