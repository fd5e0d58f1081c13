"""Peer figures in the individual report: shown only from a disclosed cohort, never invented."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from assessment.reporting import render_individual_report
from assessment.scoring import build_roadmap, compare_with_peers, score_answers
from tests.support.machine import fonts
from tests.support.reports import full_answers, page_words, pdf_text, random_peers


def test_a_cohort_of_thirty_shows_the_peer_median_in_chart_table_and_words(flagship, catalog, tmp_path):
    answers = full_answers(flagship, seed=7)
    card = score_answers(flagship, answers)
    peers = compare_with_peers(card, random_peers(flagship, 30))
    pdf = render_individual_report(
        flagship,
        answers,
        {"name": "Peerless Ltd"},
        profiles=catalog.profiles_for(flagship.id)[1:2],
        peers=peers,
    )
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Peer median" in flat  # the radar's legend and the table's column
    assert "Peers are 30 real organisations on this service" in flat
    overall = peers.overall
    middle = f"(middle half {overall.q1:.1f} to {overall.q3:.1f})"
    assert f"Their median maturity index is {overall.median:.1f} {middle}" in flat
    assert f"yours is at the {round(overall.percentile)}th percentile" in flat
    for stat in peers.dimensions:  # in the targets table and in each dimension's heading
        assert f"{stat.median:.1f}" in flat
        title = re.escape(flagship.dimension(stat.ref).title)
        heading = title + r" Level \S+ \S+ Score [\d.]+ / 5 · \d+% answered · [^·]* · peer median ([\d.]+)"
        assert re.search(heading, flat)[1] == f"{stat.median:.1f}"
    assert "We never show invented industry averages" not in flat


def test_fewer_than_ten_peers_show_nothing_and_say_why(flagship, tmp_path):
    answers = full_answers(flagship, seed=7)
    peers = compare_with_peers(score_answers(flagship, answers), random_peers(flagship, 9))
    pdf = render_individual_report(flagship, answers, {"name": "Early Ltd"}, peers=peers)
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Peer median" not in flat and "Peers are" not in flat
    assert "We never show invented industry averages" in flat


def test_with_two_targets_and_peers_the_legend_takes_two_rows_inside_the_chart(flagship, catalog, tmp_path):
    answers = full_answers(flagship, seed=7)
    peers = compare_with_peers(score_answers(flagship, answers), random_peers(flagship, 30))
    profiles = catalog.profiles_for(flagship.id)[1:3]
    pdf = render_individual_report(flagship, answers, {"name": "Peer Ltd"}, profiles=profiles, peers=peers)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    page = next(i for i, p in enumerate(pages, 1) if p.extract_text().startswith("Against the targets"))
    words = page_words(path, page)
    top = next(y for w, _, y in words if w == "Your")  # the legend's first entry
    entries = ("Your", "Production", "Regulated", "Peer")
    legend = {w: (x, y) for w, x, y in words if w in entries and top - 2 < y < top + 20}
    assert len(legend) == 4
    # The chart is 120 mm wide and centred on the A4 page: 127.6 pt to 467.7 pt.
    assert all(127 < x < 468 for x, _ in legend.values())
    assert len({round(y) for _, y in legend.values()}) == 2  # two rows of two


def test_the_executive_summary_is_one_page_even_with_everything_on_it(flagship, catalog):
    """The fullest summary: a long name, unanswered critical questions (a caution and find-out
    actions), two targets, peers, a trend and readiness for planned agents. It still fits on
    the one page after the contents, and it names every one of the first 90 days' actions."""
    fonts("Noto Sans", packages="fonts-noto-core")  # the report's type: a wider fallback overflows the page
    answers = full_answers(flagship, seed=7)
    for question in flagship.questions:
        if question.critical and question.dimension == "governance":
            answers.pop(question.id, None)
    answers["scope-agents"] = "piloting"
    answers["own-map-incidents"] = "nobody"
    previous = full_answers(flagship, seed=8)
    card = score_answers(flagship, answers)
    pdf = render_individual_report(
        flagship,
        answers,
        {"name": "Northwind Freight, Logistics and Cold-Chain Warehousing Group International"},
        profiles=catalog.profiles_for(flagship.id)[:2],
        peers=compare_with_peers(card, random_peers(flagship, 30)),
        previous_answers=previous,
    )
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    summary = [n for n, text in enumerate(pages) if "The first 90 days" in text and "Gaps" in text]
    assert len(summary) == 1, "the summary's first 90 days are on one page"
    page = pages[summary[0]]
    assert "Where it stands" in page and "Gaps" in page and "Strengths" in page
    assert "Incomplete:" in page and "peer" in page
    assert "Executive summary" not in pages[summary[0] + 1]  # nothing spills over, not even the header
    roadmap = build_roadmap(flagship, card, catalog.profiles_for(flagship.id)[0])
    first_90_days = [item for item in roadmap.items if item.horizon == "90 days"]
    assert 1 <= len(first_90_days) <= 7
    at = page.index("The first 90 days")
    for item in first_90_days:  # in the plan's order
        at = page.index(item.action, at) + len(item.action)
