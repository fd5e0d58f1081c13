"""The group report: participation, spreads, divergence, role gaps, ownership and agreed scores."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.reporting import render_group_report
from assessment.scoring import (
    Participant,
    build_roadmap,
    compare_group_with_profile,
    room_answers,
    score_answers,
    score_group,
)
from tests.support.reports import HOSTILE_NAME, full_answers, pdf_text

ROLES = ["Engineering", "Product", "Security $x^2$", '<script>alert("role")</script>']


@pytest.fixture(scope="module")
def rendered(flagship, tmp_path_factory):
    """A twelve-person workshop with one agreed score, rendered once."""
    respondents = [Participant(ROLES[i % 4], full_answers(flagship, seed=i)) for i in range(12)]
    question = flagship.maturity_questions[0]
    pdf = render_group_report(
        flagship,
        respondents,
        {"name": HOSTILE_NAME},
        agreed={question.id: question.option_ids[2]},
        generated_on=date(2025, 3, 7),
    )
    return pdf_text(pdf, tmp_path_factory.mktemp("group")), question


def test_group_report_shows_every_workshop_section(rendered):
    text, _ = rendered
    flat = " ".join(text.split())
    for section in (
        "Participation",
        "Scores across the room",
        "Where the room disagreed",
        "Gaps between roles",
        "Ownership confusion",
        "Agreed scores",
        "Methodology",
    ):
        assert section in flat
    assert "12 respondents" in flat


def test_role_names_and_organisation_print_literally(rendered):
    text, _ = rendered
    flat = "".join(text.split())
    assert "Security$x^2$" in flat
    assert '<script>alert("role")</script>' in flat
    assert "".join(HOSTILE_NAME.split()) in flat


def test_agreed_score_sits_beside_the_first_round(rendered):
    text, question = rendered
    assert " ".join(question.text.split()[:5]) in " ".join(text.split())


def test_divergent_answers_are_counted_by_level(rendered, flagship):
    text, _ = rendered
    flat = " ".join(text.split())
    section = flat[flat.rindex("Where the room disagreed") : flat.rindex("Gaps between roles")]
    counts = re.findall(r"Level (\d), (\w+): (\d+)", section)
    names = {f"{level.value:g}": level.name for level in flagship.levels}
    assert counts and all(names[value] == name for value, name, _ in counts)
    # Each question's counts add up to at most the twelve respondents.
    assert all(int(n) <= 12 for _, _, n in counts)


def test_the_room_stands_against_the_target_and_gets_a_roadmap_from_its_answers(flagship, catalog, tmp_path):
    """The targets chapter gives each dimension's room median, the level of the room's answers,
    the target level and the level gap as the scoring engine counts them; the roadmap starts
    with the action the room's answers rank first."""
    respondents = [Participant(ROLES[i % 2], full_answers(flagship, seed=i)) for i in range(5)]
    question = flagship.maturity_questions[0]
    agreed = {question.id: question.option_ids[0]}
    baseline = next(p for p in catalog.profiles_for(flagship.id) if p.id == "production-baseline")
    pdf = render_group_report(flagship, respondents, {"name": "Room Ltd"}, agreed=agreed, profiles=[baseline])
    pages = pdf_text(pdf, tmp_path).split("\f")
    targets = " ".join(next(p for p in pages if "The room's median on each dimension" in p).split())
    group = score_group(flagship, respondents, agreed)
    comparison = compare_group_with_profile(flagship, group, baseline)
    for gap in comparison.dimensions:
        title = flagship.dimension(gap.ref).title
        shown_gap = f"{gap.gap:g}" if gap.gap else "met"
        level = group.room.dimension(gap.ref).level
        assert f"{title} {group.dimensions[gap.ref]:.1f} {level:g} {gap.target:g} {shown_gap}" in targets
    assert f"{round(comparison.percent_to_target * 100)}% of the way to the target" in targets

    # The plan's table, read in the order it is drawn (cell by cell, row by row).
    drawn = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    roadmap = " ".join(text for text in drawn if "Drawn from the room's answers" in text)
    room = room_answers(flagship, respondents, agreed)
    items = build_roadmap(flagship, score_answers(flagship, room), baseline).items
    # Some of the room's actions belong to activities nobody owns, so naming owners comes first.
    naming, first = items[0], items[1]
    assert naming.names_owners
    unowned = "; ".join(flagship.question(a).text for a in naming.activities)
    assert f"1 {naming.action} {unowned} The ownership map names nobody" in roadmap
    assert f"2 {first.action}" in roadmap
    assert f"The room answered “{flagship.question(first.question).describe(first.answer)}”" in roadmap


def test_without_a_profile_there_is_no_targets_chapter_but_still_a_roadmap(rendered):
    text, _ = rendered
    flat = " ".join(text.split())
    assert "Against the targets" not in flat and "Drawn from the room's answers" in flat


def test_the_room_s_outcome_figures_show_their_median_range_and_count(flagship, tmp_path):
    answers = [
        {"out-pilots-started": "8", "out-ai-incidents": "unknown"},
        {"out-pilots-started": "20", "out-ai-incidents": "unknown"},
        {"out-pilots-started": "12"},
        {"out-ai-incidents": "2"},
    ]
    respondents = [Participant("Product", a) for a in answers]
    text = pdf_text(render_group_report(flagship, respondents, {"name": "Acme"}), tmp_path)
    flat = " ".join(text.split())
    assert "Outcomes the room gave" in flat
    assert "12 pilots (from 8 to 20, 3 answers)" in flat
    assert "2 incidents (1 answer)" in flat
