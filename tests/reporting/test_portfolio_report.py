"""The portfolio chapter of the individual and group reports, the matrix's placement and the
workbook's Portfolio sheet."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from assessment.reporting import (
    group_workbook,
    individual_workbook,
    render_group_report,
    render_individual_report,
)
from assessment.reporting.charts import HIGH_VALUE_FROM, matrix_points
from assessment.reporting.context import build_individual_report
from assessment.reporting.portfolio import NAME_LIMIT, points
from assessment.scoring import Participant
from assessment.scoring.portfolio import QUADRANTS
from tests.support.machine import page_image, poppler
from tests.support.portfolio import HOSTILE_NAME, ORGANISATION, RECORDS, gate_catalog, small_portfolio
from tests.support.reports import pdf_text

TODAY = date(2026, 12, 3)
#: A4 is 595 points wide; report.css leaves a 20 mm right margin.
TEXT_RIGHT = 595.3 - 20 * 72 / 25.4


@pytest.fixture(scope="module")
def gate():
    return gate_catalog()


@pytest.fixture(scope="module")
def example(gate):
    return gate.get("example")


@pytest.fixture(scope="module")
def review(gate):
    return small_portfolio(gate)


@pytest.fixture(scope="module")
def rendered(example, review, tmp_path_factory):
    """The individual report with the portfolio, rendered once and kept for a look."""
    pdf = render_individual_report(
        example, ORGANISATION, {"name": "Acme"}, generated_on=TODAY, portfolio=review
    )
    tmp = tmp_path_factory.mktemp("portfolio")
    path = tmp / "kept.pdf"
    path.write_bytes(pdf)
    return pdf_text(pdf, tmp), path


def _chapter(text: str) -> str:
    """The chapter's pages, flattened to one line (the contents page left out)."""
    pages = [p for p in text.split("\f") if "AI initiative portfolio" in p and "Contents" not in p]
    return " ".join(" ".join(pages).split())


def test_the_chapter_is_listed_in_the_contents_and_ranks_every_live_initiative(rendered):
    text, _ = rendered
    contents = next(p for p in text.split("\f") if "Contents" in p)
    assert "AI initiative portfolio" in contents
    chapter = _chapter(text)
    assert "1 of 4 initiatives are ready for production; 3 are blocked." in chapter
    for name in ("Invoice matching", "Customer support agent", "Fraud scoring"):
        assert name in chapter
    assert "Old chatbot" not in chapter  # retired
    assert "1 retired initiative is left out." in chapter
    assert "Ranked for funding" in chapter
    # Cells come out of pdftotext column by column; the row's figures are all there.
    for cell in ("Very high", "92%", "79%", "33%", "Ready for", "Blocked", "Experiment", "Fix, then scale"):
        assert cell in chapter


def test_the_ready_initiative_is_under_scale_now(rendered):
    """In the quadrants under the matrix, "Invoice matching" is listed in the Scale now column."""
    _, path = rendered
    layout = subprocess.run(
        [poppler("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout.splitlines()
    heading = next(
        i for i, line in enumerate(layout) if "Scale now 1" in line and "Fix, then scale 2" in line
    )
    column = layout[heading].index("Scale now 1")
    listed = next(line for line in layout[heading:] if "• Invoice matching" in line)
    assert abs(listed.index("• Invoice matching") - column) <= 3
    other = next(line for line in layout[heading:] if "• Customer support agent" in line)
    assert other.index("• Customer support agent") < column - 10  # under Fix, then scale, on the left


def test_a_blocked_initiative_names_its_blocker_and_the_roadmap_action(rendered):
    chapter = _chapter(rendered[0])
    blocks = chapter[chapter.index("What blocks each initiative") :]
    assert "2. Customer support agent (Fix, then scale)" in blocks
    assert (
        "Autonomy asked for: Acts alone. The organisation's agentic readiness supports at most: "
        "Acts with approval" in blocks
    )
    assert (
        "“How quickly can a bad AI change be rolled back?” The organisation is at level 2 Developing "
        "and needs level 4 Managed. Action: Script the steps. (in the next 90 days)"
    ) in blocks
    assert (
        "“How are the limits of what each agent may do declared?” The organisation is at level 3 Defined"
        in blocks
    )
    # The initiative's own answer falls short of a critical gate item.
    assert (
        "3. Fraud scoring (Fix, then scale) • Is the initiative tested against a written set of cases before "
        "release? The initiative answered: Not tested. NOT IN PLACE"
    ) in blocks
    assert "Invoice matching (" not in blocks  # ready: nothing blocks it


def test_the_actions_that_unblock_the_most_and_the_teams_over_their_limit(rendered):
    chapter = _chapter(rendered[0])
    assert "The actions that unblock the most initiatives" in chapter
    actions = chapter[chapter.index("The actions that unblock the most") : chapter.index("What blocks each")]
    assert "Add limits on amounts and targets." in actions and "Script the steps." in actions
    assert "For: How are the limits of what each agent may" in actions
    assert actions.count("Customer support agent") == 2
    assert "Finance AI: 3 in flight against a limit of 2" in chapter
    assert "Risk:" not in chapter  # one initiative in flight: within the limit


def test_a_hostile_long_name_prints_as_text_shortened_and_wrapped(rendered):
    text, path = rendered
    flat = "".join(_chapter(text).split())
    assert '<script>alert("x")</script>' in flat.replace("\u200b", "")
    assert "…" in flat  # cut at NAME_LIMIT
    assert len(HOSTILE_NAME) > NAME_LIMIT
    pages = [
        i + 1
        for i, p in enumerate(text.split("\f"))
        if "AI initiative portfolio" in p and "Contents" not in p
    ]
    for page in pages:
        for right, word in _word_right_edges(path, page):
            assert right <= TEXT_RIGHT + 1, f"{word!r} runs into the margin on page {page}"


def _word_right_edges(path, page: int) -> list[tuple[float, str]]:
    html = subprocess.run(
        [poppler("pdftotext"), "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        errors="replace",
    ).stdout
    return [(float(x1), w) for x1, w in re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


def test_no_portfolio_or_an_empty_one_leaves_the_chapter_out(example, gate, tmp_path):
    empty = small_portfolio(gate, records=RECORDS[-1:])  # only a retired initiative
    assert not empty.initiatives
    for portfolio in (None, empty):
        report = build_individual_report(
            example, ORGANISATION, {"name": "Acme"}, "3 December 2026", "#1d4e89", portfolio=portfolio
        )
        assert report.portfolio is None and "portfolio.svg" not in report.charts
    pdf = render_individual_report(example, ORGANISATION, {"name": "Acme"}, portfolio=empty)
    text = pdf_text(pdf, tmp_path)
    assert "AI initiative portfolio" not in text and "Ranked for funding" not in text


def test_the_group_report_has_the_chapter_too(example, review, tmp_path):
    respondents = [Participant("Engineering", ORGANISATION), Participant("Product", ORGANISATION)]
    pdf = render_group_report(example, respondents, {"name": "Acme"}, generated_on=TODAY, portfolio=review)
    chapter = _chapter(pdf_text(pdf, tmp_path))
    assert "Ranked for funding" in chapter and "What blocks each initiative" in chapter
    assert "Action: Script the steps." in chapter
    bare = render_group_report(example, respondents, {"name": "Acme"}, generated_on=TODAY)
    assert "AI initiative portfolio" not in pdf_text(bare, tmp_path)


def test_the_matrix_places_each_initiative_in_its_quadrant(review):
    placed = points(review)
    assert [p.number for p in placed] == list(range(1, len(review.initiatives) + 1))
    for point, initiative in zip(placed, review.initiatives, strict=True):
        right = point.x >= review.ready_at
        top = point.y > HIGH_VALUE_FROM
        quadrant = {(True, True): "scale-now", (False, True): "fix-then-scale"}.get((right, top))
        quadrant = quadrant or ("rethink" if right else "stop")
        assert quadrant == initiative.quadrant, QUADRANTS[initiative.quadrant]


def test_points_sharing_a_band_spread_within_it_and_never_cross_the_value_line():
    rows = [(f"i{n}", band, 50.0, False) for n, band in enumerate(["high"] * 5 + ["medium"] * 5 + ["odd"])]
    placed = matrix_points(rows)
    high, medium, odd = placed[:5], placed[5:10], placed[10]
    assert all(p.y > HIGH_VALUE_FROM for p in high) and all(p.y < HIGH_VALUE_FROM for p in medium)
    assert len({p.y for p in high}) == 5  # none on top of another
    assert [p.y for p in high] == sorted((p.y for p in high), reverse=True)  # the first ranked on top
    assert odd.y == 0  # an unknown band counts as low
    assert matrix_points([("x", "high", 130.0, True)])[0].x == 100


def test_the_matrix_is_an_svg_with_the_quadrants_named(example, review):
    report = build_individual_report(
        example, ORGANISATION, {"name": "Acme"}, "3 December 2026", "#1d4e89", portfolio=review
    )
    svg = report.charts["portfolio.svg"].decode()
    for name in ("Scale now", "Fix, then scale", "Rethink", "Stop", "1 Invoice matching"):
        assert name in svg
    assert "&lt;script&gt;" in svg and "<script" not in svg


def _sheet_rows(data: bytes):
    book = load_workbook(io.BytesIO(data))
    sheet = book["Portfolio"]
    header = [c.value for c in sheet[1]]
    return book, [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def test_the_workbook_has_a_portfolio_sheet_with_one_row_per_initiative(example, review):
    records = (
        *RECORDS,
        RECORDS[0].__class__("9", '=HYPERLINK("https://evil.example","x")', value_band="low"),
    )
    portfolio = small_portfolio(records=records)
    book, rows = _sheet_rows(
        individual_workbook(example, ORGANISATION, {"name": "Acme"}, portfolio=portfolio)
    )
    assert book.sheetnames[-1] == "Portfolio"
    by_name = {r["Initiative"]: r for r in rows}
    assert len(rows) == len(records)  # the retired one too, marked so
    invoice = by_name["Invoice matching"]
    assert invoice["Readiness %"] == 91.7 and invoice["Status"] == "Ready for production"
    assert (
        invoice["Quadrant"] == "Scale now" and invoice["Stage"] == "Pilot" and invoice["Value"] == "Very high"
    )
    assert invoice["Blockers"] in ("", None)
    agent = by_name["Customer support agent"]
    assert agent["Uses agents"] == "yes" and agent["Autonomy asked for"] == "autonomous"
    assert "Script the steps." in agent["Blockers"] and "level 2 Developing" in agent["Blockers"]
    assert by_name[HOSTILE_NAME]["Status"] == "Blocked"  # the whole name, not shortened
    assert by_name["Old chatbot"]["Status"] == "Retired"
    sheet = book["Portfolio"]
    hostile = next(c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPER"))
    assert hostile.data_type == "s" and hostile.quotePrefix


def test_without_a_portfolio_the_workbooks_have_no_portfolio_sheet(example, review):
    book = load_workbook(io.BytesIO(individual_workbook(example, ORGANISATION, {"name": "Acme"})))
    assert "Portfolio" not in book.sheetnames
    respondents = [Participant("Engineering", ORGANISATION)]
    data = group_workbook(example, respondents, {"name": "Acme"}, portfolio=review)
    assert "Portfolio" in load_workbook(io.BytesIO(data)).sheetnames


def test_pages_for_a_look(rendered):
    """Page images of the chapter (kept in /tmp/look-reports/portfolio-*)."""
    text, path = rendered
    pages = [
        i + 1
        for i, p in enumerate(text.split("\f"))
        if "AI initiative portfolio" in p and "Contents" not in p
    ]
    assert pages, "the report has no portfolio chapter"
    for number in pages:
        assert page_image(path, number, f"/tmp/look-reports/portfolio-{number}").stat().st_size > 0


def test_a_character_no_font_draws_is_labelled_by_its_code_point_on_the_matrix():
    records = (RECORDS[0].__class__("1", "Private \ue000 use", value_band="high"),)
    (point,) = points(small_portfolio(records=records))
    assert point.label == "Private [U+E000] use"
