"""Excel workbooks: read back with openpyxl, every figure equals the scoring's, answers are
in words, and no text a client typed can become a formula."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessment.reporting import group_workbook, individual_workbook
from assessment.scoring import (
    Participant,
    applicable_answers,
    build_roadmap,
    compare_with_profile,
    room_answers,
    score_answers,
)
from tests.support.reports import full_answers

HOSTILE = '=HYPERLINK("https://evil.example","click")'


def rows(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]


@pytest.fixture(scope="module")
def answers(flagship):
    chosen = full_answers(flagship, seed=11)
    chosen["out-pilots-started"], chosen["out-weeks-to-production"] = "24", "26.5"
    chosen["own-map-use-case-approval"] = "legal+product"
    return applicable_answers(flagship, chosen)


@pytest.fixture(scope="module")
def profile(catalog, flagship):
    return next(p for p in catalog.profiles_for(flagship) if p.id == "production-baseline")


@pytest.fixture(scope="module")
def book(flagship, answers, profile):
    data = individual_workbook(
        flagship, answers, {"name": HOSTILE}, profile=profile, generated_on="2026-12-02"
    )
    return load_workbook(io.BytesIO(data))


def test_an_individual_workbook_has_one_sheet_per_part(book):
    assert book.sheetnames == ["Summary", "Scores", "Targets", "Roadmap", "Answers", "Outcome facts"]


def test_its_figures_equal_the_scorecard_and_the_comparison(book, flagship, answers, profile):
    card = score_answers(flagship, answers)
    comparison = compare_with_profile(flagship, card, profile)
    summary = dict(rows(book["Summary"]))
    assert summary["Overall level"] == card.level
    assert summary["Maturity index"] == round(card.score, 2)
    assert summary["Meets the profile"] == ("yes" if comparison.meets_profile else "no")
    assert summary["Required targets missed"] == len(comparison.blocking)
    scores = {row[0]: row for row in rows(book["Scores"])}
    for dimension in card.dimensions:
        row = scores[dimension.title]
        assert (row[1], row[2]) == (round(dimension.score, 2), dimension.level)
    assert len(rows(book["Targets"])) == len(comparison.gaps)
    assert all(row[6] for row in rows(book["Targets"]))  # every target names its basis
    roadmap = build_roadmap(flagship, card, profile)
    plan = rows(book["Roadmap"])
    assert [row[2] for row in plan] == [item.action for item in roadmap.items]
    assert [row[1] for row in plan] == [item.horizon for item in roadmap.items]
    for row, item in zip(plan, roadmap.items, strict=True):
        unowned = [flagship.question(a).text for a in item.activities]
        assert row[3] == ("; ".join(unowned) or None)  # only the name-owners action lists activities
        assert row[6].lower() == item.effort


def test_answers_are_in_words_and_facts_are_numbers(book, flagship, answers):
    answered = {row[1]: row for row in rows(book["Answers"])}
    question = flagship.question("own-accountable-owner")
    row = answered[question.text]
    assert row[4] == question.describe(answers[question.id])
    if answers[question.id] in question.option_ids:
        assert row[5] == question.option(answers[question.id]).value
    approval = answered[flagship.question("own-map-use-case-approval").text]
    assert approval[4] == "Legal and Product (shared)"
    facts = {row[0]: row for row in rows(book["Outcome facts"])}
    assert facts[flagship.question("out-pilots-started").text][1:] == ("pilots", 24)
    assert facts[flagship.question("out-weeks-to-production").text][2] == 26.5


def test_text_that_looks_like_a_formula_stays_text(book):
    cell = book["Summary"]["B2"]
    assert cell.value == HOSTILE and cell.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def test_a_group_workbook_gives_the_room_and_every_participant(flagship, profile):
    respondents = [
        Participant(role, applicable_answers(flagship, full_answers(flagship, seed=i)))
        for i, role in enumerate(["Product", "Engineering", "Security"])
    ]
    data = group_workbook(flagship, respondents, {"name": "Acme"}, profile=profile)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "Scores", "Roadmap", "Answers", "Outcome facts"]
    room = score_answers(flagship, room_answers(flagship, respondents, None))
    summary = dict(rows(book["Summary"]))
    assert summary["Participants"] == 3 and summary["Room's overall level"] == room.level
    header = [c.value for c in book["Answers"][1]]
    assert header[4:] == [
        "Product 1",
        "Product 1: level",
        "Engineering 2",
        "Engineering 2: level",
        "Security 3",
        "Security 3: level",
    ]
