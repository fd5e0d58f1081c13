"""PowerPoint decks: opened with python-pptx, every slide has its title, the chart is a native
chart whose data equals the scorecard's, the tables are native tables whose cells equal the
levels and targets, user text stays literal text, and the workspace's branding is applied."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from assessment.reporting import Branding, accept_logo, group_deck, individual_deck
from assessment.reporting.context import build_individual_report
from assessment.reporting.pdf import COVER_LIMIT, NO_VALUE, display_width
from assessment.scoring import (
    Participant,
    applicable_answers,
    build_roadmap,
    compare_with_peers,
    compare_with_profile,
    room_answers,
    score_answers,
    score_group,
)
from tests.support.reports import full_answers, random_peers

HOSTILE = '<script>alert(1)</script> & "Partners"'
ACCENT = "#7a1f5c"


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def slide_titled(deck, title: str):
    (slide,) = [s for s in deck.slides if s.shapes.title.text == title]
    return slide


def table_rows(slide) -> list[list[str]]:
    """The cells of the slide's one table, header first."""
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


def chart_of(slide):
    (shape,) = [s for s in slide.shapes if s.has_chart]
    return shape.chart


def words(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def runs(deck):
    """Every run of text on every slide, in text boxes and table cells."""
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from paragraph.runs


@pytest.fixture(scope="module")
def answers(flagship):
    chosen = full_answers(flagship, seed=11)
    chosen["out-pilots-started"] = "24"
    return applicable_answers(flagship, chosen)


@pytest.fixture(scope="module")
def profile(catalog, flagship):
    return next(p for p in catalog.profiles_for(flagship) if p.id == "production-baseline")


@pytest.fixture(scope="module")
def deck(flagship, answers, profile):
    data = individual_deck(
        flagship,
        answers,
        {"name": HOSTILE, "industry": "Retail"},
        profiles=[profile],
        branding=Branding(name="Northwind Advisory", accent=ACCENT),
        generated_on=date(2026, 3, 7),
    )
    return open_deck(data)


def test_an_individual_deck_is_widescreen_with_a_titled_slide_for_each_part(deck, flagship, answers, profile):
    assert deck.slide_width * 9 == deck.slide_height * 16
    card = score_answers(flagship, answers)
    roadmap = build_roadmap(flagship, card, profile)
    horizons = [h for h in ("90 days", "6 months", "12 months") if any(i.horizon == h for i in roadmap.items)]
    found = [re.sub(r" \(\d+ of \d+\)$", "", t) for t in titles(deck)]
    parts = list(dict.fromkeys(found))
    assert parts[:5] == [
        HOSTILE,
        "Executive summary",
        "The first 90 days",
        "Scores against the target",
        "Against the targets",
    ]
    assert found[-1] == "Outcomes so far"
    shown = [re.sub(r" \(\d+ of \d+\)$", "", t) for t in found if t.startswith("Roadmap: next")]
    assert list(dict.fromkeys(shown)) == [f"Roadmap: next {h}" for h in horizons]  # the first 90 days first


def test_the_title_slide_names_the_questionnaire_version_date_and_brand(deck, flagship):
    text = words(deck.slides[0])
    assert f"{flagship.title}, version {flagship.version}" in text
    assert "7 March 2026" in text and "Prepared by Northwind Advisory" in text and "Industry: Retail" in text


def test_the_chart_is_a_native_bar_chart_of_the_scores_against_the_target(deck, flagship, answers, profile):
    card = score_answers(flagship, answers)
    comparison = compare_with_profile(flagship, card, profile)
    slide = slide_titled(deck, "Scores against the target")
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    chart = chart_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == [d.title for d in card.dimensions]
    yours, target = plot.series
    assert yours.name == "Your scores" and target.name == "Production baseline target"
    assert list(yours.values) == [round(d.score, 1) for d in card.dimensions]
    assert list(target.values) == [comparison.target(d.id).target for d in card.dimensions]


def test_the_targets_table_gives_each_dimensions_score_level_target_and_gap(deck, flagship, answers, profile):
    card = score_answers(flagship, answers)
    comparison = compare_with_profile(flagship, card, profile)
    header, *rows = table_rows(slide_titled(deck, "Against the targets"))
    assert header == ["Dimension", "Score", "Level", "Target level", "Level gap"]
    assert len(rows) == len(card.dimensions)
    for row, dimension in zip(rows, card.dimensions, strict=True):
        gap = comparison.target(dimension.id)
        assert row[0].startswith(dimension.title)
        assert row[1] == f"{dimension.score:.1f}"
        assert row[2] == f"{dimension.level:g} {dimension.level_name}"
        assert row[3] == f"{gap.target:g}"
        assert row[4] == (f"{gap.gap:g}" if gap.gap else "met")
    caption = words(slide_titled(deck, "Against the targets"))
    assert f"{round(comparison.percent_to_target * 100)}% of the way to the target" in caption


def test_the_summary_gives_the_level_index_completeness_and_the_way_to_the_target(
    deck, flagship, answers, profile
):
    card = score_answers(flagship, answers)
    comparison = compare_with_profile(flagship, card, profile)
    text = words(slide_titled(deck, "Executive summary"))
    assert f"{card.level:g} {card.level_name}" in text and f"{card.score:.1f} / 5" in text
    assert f"{round(card.completeness * 100)}%" in text and f"Confidence {card.confidence}" in text
    summary = build_individual_report(flagship, answers, {"name": HOSTILE}, "", ACCENT, [profile]).summary
    assert f"{HOSTILE} {summary.headline} {summary.first}" in text  # the name, literally
    if comparison.meets_profile:
        assert "the “Production baseline” target" in summary.headline
    else:
        assert "short of the “Production baseline” target" in summary.headline
    assert "Gaps" in text and "Strengths" in text
    for finding in summary.gaps + summary.strengths:
        assert finding.statement in text  # statements about the organisation, not its questions


def test_the_first_90_days_name_a_suggested_owner_and_an_effort(deck, flagship, answers, profile):
    roadmap = build_roadmap(flagship, score_answers(flagship, answers), profile)
    rows = []
    for slide in deck.slides:
        if slide.shapes.title.text.startswith("The first 90 days"):
            header, *page = table_rows(slide)
            assert header == ["#", "Action", "Workstream", "Suggested owner", "Effort"]
            rows += page
    first = [item for item in roadmap.items if item.horizon == "90 days"]
    assert 0 < len(rows) == len(first) <= 7
    for row, item in zip(rows, first, strict=True):
        assert row[1].split("\n")[0] == item.action
        assert row[4] == item.effort.capitalize()
        assert row[3]  # a suggested owner, "No clear owner", or a dash where no activity applies
    if first[0].names_owners:  # naming owners is the sponsor's, and lists the unowned activities
        assert rows[0][3] == "The AI programme's sponsor"
        assert rows[0][1].split("\n")[1:] == [f"• {flagship.question(a).text}" for a in first[0].activities]


def test_the_roadmap_is_in_native_tables_of_eight_rows_at_most_and_in_rank_order(
    deck, flagship, answers, profile
):
    roadmap = build_roadmap(flagship, score_answers(flagship, answers), profile)
    actions, ranks = [], []
    for slide in deck.slides:
        if slide.shapes.title.text.startswith("Roadmap"):
            header, *rows = table_rows(slide)
            assert header[:6] == ["#", "Action", "Workstream", "Suggested owner", "Effort", "From → to"]
            assert 0 < len(rows) <= 8
            actions += [row[1].split("\n")[0] for row in rows]
            ranks += [int(row[0]) for row in rows]
    assert actions == [item.action for item in roadmap.items]
    assert ranks == list(range(1, len(roadmap.items) + 1))
    first = [
        row
        for slide in deck.slides
        if slide.shapes.title.text.startswith("Roadmap: next 90 days")
        for row in table_rows(slide)[1:]
    ]
    assert [row[5] for row in first] == [
        NO_VALUE if i.names_owners else f"{i.value:g} → {i.target:g}"
        for i in roadmap.items
        if i.horizon == "90 days"
    ]


def test_no_text_is_smaller_than_twelve_points(deck):
    sizes = [run.font.size for run in runs(deck)]
    assert sizes and all(size is not None and size >= Pt(12) for size in sizes)


def test_outcome_facts_are_in_a_table(deck, flagship):
    rows = table_rows(slide_titled(deck, "Outcomes so far"))
    assert [flagship.question("out-pilots-started").text, "24 pilots"] in rows


def test_the_branding_colours_the_rule_and_table_headers_and_names_the_brand_in_the_footer(deck):
    content = list(deck.slides)[1:]
    for slide in content:
        assert "Northwind Advisory" in words(slide)
    fills = [
        str(s.fill.fore_color.rgb) for s in content[0].shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
    ]
    assert ACCENT[1:].upper() in fills
    (table,) = [s.table for s in slide_titled(deck, "Against the targets").shapes if s.has_table]
    assert str(table.cell(0, 0).fill.fore_color.rgb) == ACCENT[1:].upper()
    assert deck.core_properties.author == "Northwind Advisory"


def test_a_logo_is_a_picture_on_the_title_slide_only_when_the_branding_has_one(flagship, answers):
    out = io.BytesIO()
    Image.new("RGB", (400, 100), "#123456").save(out, format="PNG")
    branded = Branding(name="Logo & Co", accent="#123456", logo=accept_logo(out.getvalue()))
    with_logo = open_deck(individual_deck(flagship, answers, {"name": "Acme"}, branding=branded))
    pictures = [s for s in with_logo.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].width == 4 * pictures[0].height  # proportions kept
    plain = open_deck(individual_deck(flagship, answers, {"name": "Acme"}))
    assert not [s for s in plain.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert "Execution Maturity" in words(plain.slides[0])  # our neutral theme's name instead


def test_a_very_long_name_is_shortened_on_the_title_slide_and_given_in_full_in_its_notes(flagship, answers):
    name = "Consolidated " + "Holdings and Partners " * 14  # 300 characters and more
    deck = open_deck(individual_deck(flagship, answers, {"name": name}))
    title = deck.slides[0].shapes.title.text
    assert title.endswith("…") and name.startswith(title[:-1]) and display_width(title) <= COVER_LIMIT
    assert f"the name has {len(name):,} characters" in words(deck.slides[0])
    assert name in deck.slides[0].notes_slide.notes_text_frame.text
    assert deck.core_properties.title.endswith(title)


def test_without_a_target_the_deck_shows_the_scores_alone(flagship, answers):
    deck = open_deck(individual_deck(flagship, answers, {"name": "Acme"}))
    assert "Dimension scores" in titles(deck)
    header = table_rows(slide_titled(deck, "Against the targets"))[0]
    assert header == ["Dimension", "Score", "Level"]
    assert "No target profile was chosen." in words(slide_titled(deck, "Against the targets"))
    assert [s.name for s in chart_of(slide_titled(deck, "Dimension scores")).plots[0].series] == [
        "Your scores"
    ]


def test_peers_medians_are_a_series_and_a_column_when_they_may_be_shown(flagship, answers, profile):
    peers = compare_with_peers(score_answers(flagship, answers), random_peers(flagship, 30, first_seed=200))
    deck = open_deck(individual_deck(flagship, answers, {"name": "Acme"}, profiles=[profile], peers=peers))
    series = chart_of(slide_titled(deck, "Scores against the target")).plots[0].series
    assert series[2].name == "Peer median"
    assert list(series[2].values) == [round(s.median, 1) for s in peers.dimensions]
    header, *rows = table_rows(slide_titled(deck, "Against the targets"))
    assert header[-1] == "Peer median" and [r[-1] for r in rows] == [
        f"{s.median:.1f}" for s in peers.dimensions
    ]


@pytest.fixture(scope="module")
def respondents(flagship):
    return [
        Participant(role, applicable_answers(flagship, full_answers(flagship, seed=i)))
        for i, role in enumerate(["Product", "Engineering", "Security", "Product"])
    ]


@pytest.fixture(scope="module")
def room_deck(flagship, respondents, profile):
    branding = Branding(name="Contoso", accent="#f0c000")  # light: headers in dark ink
    return open_deck(
        group_deck(flagship, respondents, {"name": "Acme"}, profiles=[profile], branding=branding)
    )


def test_a_group_deck_has_the_rooms_summary_spread_roles_roadmap_and_disagreement(
    room_deck, flagship, respondents
):
    found = titles(room_deck)
    parts = list(dict.fromkeys(re.sub(r" \(\d+ of \d+\)$", "", t) for t in found))
    assert parts[:7] == [
        "Acme",
        "The room at a glance",
        "Gaps and strengths of the room",
        "The first 90 days",
        "Scores across the room",
        "The room's scores",
        "Participation by role",
    ]
    assert "Roadmap: next 90 days" in parts
    assert any(t.startswith("Where the room disagreed") for t in found)
    group = score_group(flagship, respondents)
    room = score_answers(flagship, room_answers(flagship, respondents, None))
    text = words(slide_titled(room_deck, "The room at a glance"))
    assert f"The room is at level {room.level:g}, {room.level_name}" in text
    assert f"{group.score:.1f} / 5" in text
    assert f"{room.level:g} {room.level_name}" in text and f"Confidence {room.confidence}" in text


def test_the_group_chart_gives_each_dimensions_median_lowest_and_highest(room_deck, flagship, respondents):
    group = score_group(flagship, respondents)
    chart = chart_of(slide_titled(room_deck, "Scores across the room"))
    median, lowest, highest, target = chart.plots[0].series
    assert [median.name, lowest.name, highest.name] == ["Median", "Lowest", "Highest"]
    dimensions = flagship.dimensions
    scores = [[card.dimension(d.id).score for card in group.cards] for d in dimensions]
    assert list(median.values) == [round(group.dimensions[d.id], 1) for d in dimensions]
    assert list(lowest.values) == [round(min(s), 1) for s in scores]
    assert list(highest.values) == [round(max(s), 1) for s in scores]
    assert target.name == "Production baseline target"
    rows = table_rows(slide_titled(room_deck, "The room's scores"))[1:]
    assert [row[2] for row in rows] == [f"{group.dimensions[d.id]:.1f}" for d in dimensions]


def test_the_roles_table_counts_each_roles_respondents(room_deck, flagship, respondents):
    group = score_group(flagship, respondents)
    rows = table_rows(slide_titled(room_deck, "Participation by role"))[1:]
    assert rows == [[r.role, str(r.respondents), f"{r.score:.1f}"] for r in group.roles]
    assert ["Product", "2"] in [row[:2] for row in rows]


def test_a_light_accent_gets_dark_header_text(room_deck):
    (table,) = [s.table for s in slide_titled(room_deck, "Participation by role").shapes if s.has_table]
    header = table.cell(0, 0).text_frame.paragraphs[0].runs[0]
    assert str(table.cell(0, 0).fill.fore_color.rgb) == "F0C000" and str(header.font.color.rgb) != "FFFFFF"
