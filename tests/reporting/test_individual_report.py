"""The individual report: every section, its numbers, hostile text printed literally, tagged PDF."""

from __future__ import annotations

import io
import subprocess
import time
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.questionnaire.methodology import methodology_html
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.reporting import render_individual_report
from assessment.scoring import score_answers
from tests.support.machine import fonts, poppler
from tests.support.reports import (
    HOSTILE_NAME,
    HOSTILE_TEXTS,
    QUESTIONNAIRES,
    full_answers,
    page_words,
    pdf_text,
)

LONG_WORD = "W" * 100_000


@pytest.fixture(scope="module")
def rendered(flagship, catalog, tmp_path_factory):
    """One full report with hostile organisation text, rendered once for the module."""
    answers = full_answers(flagship, seed=7)
    organisation = {"name": HOSTILE_NAME, **HOSTILE_TEXTS, "notes": LONG_WORD}
    pdf = render_individual_report(
        flagship,
        answers,
        organisation,
        profiles=catalog.profiles_for(flagship.id)[1:3],
        previous_answers=full_answers(flagship, seed=8),
        methodology=methodology_html(QUESTIONNAIRES),
        generated_on=date(2025, 3, 7),
    )
    tmp = tmp_path_factory.mktemp("individual")
    return pdf, pdf_text(pdf, tmp), score_answers(flagship, answers), tmp


def test_report_has_every_section_in_order(rendered):
    _, text, _, _ = rendered
    sections = [
        "Contents",
        "Executive summary",
        "Against the targets",
        "Dimension by dimension",
        "Roadmap",
        "Who owns what",
        "Framework view",
        "Since the previous assessment",
        "Appendix: the answers",
        "Methodology",
    ]
    positions = [text.rindex(s) for s in sections]
    assert positions == sorted(positions)
    for framework in ("NIST AI RMF 1.0", "ISO/IEC 42001:2023", "EU AI Act", "Govern (GV)", "Article 14"):
        assert framework in text


@pytest.mark.slow  # pypdf reads all 21 pages' text
def test_every_framework_reference_is_printed_with_its_edition_and_title(rendered, flagship):
    pdf, _, _, _ = rendered
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    text = words.replace("- ", "-")  # a title may break after its hyphen ("Human-Agent")
    for citation in (
        "ISO/IEC 42001:2023 A.6.2.4 — AI system verification and validation",
        "NIST AI RMF 1.0 MG-2.4 — Mechanisms and responsibilities exist",
        "Regulation (EU) 2024/1689 Art 50 — Transparency obligations for providers and deployers",
        "NIST AI 600-1 2.2 — Confabulation",
        "OWASP Top 10 for LLM Applications 2025 LLM07:2025 — System Prompt Leakage",
        "OWASP Top 10 for Agentic Applications 2026 ASI10 — Rogue Agents",
    ):
        assert citation in text, citation
    cited = {r.citation for q in flagship.maturity_questions for r in q.references}
    missing = [c for c in cited if " ".join(c.split()) not in text]
    assert not missing, missing[:5]


def test_headline_numbers_match_the_scorecard(rendered, flagship):
    _, text, card, _ = rendered
    assert f"{card.score:.1f}" in text
    assert f"{card.level:g} {card.level_name}" in text or card.level_name in text
    assert f"{round(card.completeness * 100)}%" in text
    for dimension in card.dimensions:
        assert f"{dimension.score:.1f}" in text


def test_profiles_are_labelled_as_targets_and_no_peer_figure_is_invented(rendered):
    _, text, _, _ = rendered
    assert "target: production baseline" in " ".join(text.split()).lower()
    assert "We never show invented industry averages" in " ".join(text.split())
    assert "Peer median" not in text


def test_each_dimension_table_marks_every_target_the_answer_falls_short_of(rendered, catalog, flagship):
    """A question's target is the profile's own target for it, else its dimension's, capped at
    the question's best option; the table says "not met" exactly where the answer is below it."""
    _, text, card, _ = rendered
    expected = 0
    for profile in catalog.profiles_for(flagship.id)[1:3]:
        own = {t.ref: t.target for t in profile.questions}
        by_dimension = {t.ref: t.target for t in profile.dimensions}
        for dimension in card.dimensions:
            for score in dimension.questions:
                question = flagship.question(score.id)
                target = own.get(score.id, by_dimension.get(dimension.id))
                if target is None:
                    continue
                target = min(target, max(o.value for o in question.options if o.value is not None))
                expected += score.value is None or score.value < target
    # The chapter's pages: its name is in their running header (and the contents page's list).
    pages = text.split("\f")
    chapter = "".join(p for p in pages if "Dimension by dimension" in p and "Contents" not in p)
    assert expected > 0
    # One more in the chapter's opening sentence, which explains the mark.
    assert chapter.count("not met") == expected + 1
    assert "Production baseline target" in " ".join(chapter.split())


def test_the_answers_appendix_gives_every_question_its_answer_and_level(rendered, flagship):
    """Each question is printed over the words of its answer and, when scored, the answer's level."""
    _, text, _, _ = rendered
    pages = text.split("\f")
    chapter = " ".join(p for p in pages if "Appendix: the answers" in p and "Contents" not in p)
    # A hyphen at the end of a line comes out of pdftotext joined ("high-" "risk" -> "highrisk").
    appendix = " ".join(chapter.split()).replace("-", "")
    answers = full_answers(flagship, seed=7)
    levels = {level.value: level.name for level in flagship.levels}
    checked = 0
    for question in flagship.questions:
        answer = answers.get(question.id)
        if answer in question.option_ids:
            option = question.option(answer)
            words = option.label
            if option.value is not None and question.dimension is not None:
                words += f" ({option.value:g} {levels[option.value]})"
        else:
            ownership = question.kind.value == "ownership"
            words = flagship.owner_words(answer) if ownership else question.describe(answer)
        expected = f"{' '.join(question.text.split())} {' '.join(words.split())}".replace("-", "")
        assert expected in appendix, question.id
        checked += 1
    assert checked == len(flagship.questions)


def test_latin_text_is_set_without_a_cjk_face(flagship, tmp_path):
    """Arrows and other symbols come from Noto Sans Symbols: a report with no CJK text embeds
    no CJK font (it once pulled one in for "→")."""
    fonts("Noto Sans Symbols")
    path = tmp_path / "report.pdf"
    pdf = render_individual_report(flagship, full_answers(flagship, seed=3), {"name": "Plain Ltd"})
    path.write_bytes(pdf)
    pdffonts = poppler("pdffonts")
    embedded = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-Symbols" in embedded
    assert "CJK" not in embedded


def test_hostile_text_appears_literally(rendered):
    _, text, _, _ = rendered
    flat = "".join(text.replace("\u200b", "").split())
    assert "".join(HOSTILE_NAME.split()) in flat
    assert "@importurl(http://example.com/x.css);" in flat
    assert '<linkrel="attachment"' in flat
    assert "株式会社テクノロジー" in flat
    # The cover shortens the 100,000-character answer and points to the appendix...
    assert "W" * 120 + "…(100,000charactersinall;infullintheappendix)" in flat


def test_long_text_is_printed_in_full_in_its_appendix(rendered):
    """...which prints it whole (the zero-width spaces are break opportunities, not text)."""
    _, text, _, tmp = rendered
    assert "Appendix: text in full" in text
    assert LONG_WORD in "".join(body_text(tmp / "report.pdf").replace("\u200b", "").split())


@pytest.mark.slow  # lays out 100,000 characters
def test_a_100000_character_name_renders_in_full_within_the_time_limit(flagship, tmp_path):
    start = time.perf_counter()
    pdf = render_individual_report(flagship, full_answers(flagship, seed=7), {"name": LONG_WORD}, timeout=60)
    assert time.perf_counter() - start < 60
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    flat = "".join(body_text(path).replace("\u200b", "").split())
    assert LONG_WORD in flat
    # The cover, the summary and the document title carry a short form.
    assert "W" * 80 + "…Shortenedhere:thenamehas100,000charactersandisgiveninfullintheappendix." in flat
    assert "W" * 120 + "…(100,000charactersinall;infullintheappendix)" in flat
    assert PdfReader(io.BytesIO(pdf)).metadata.title.endswith("W" * 100 + "...")


def body_text(path) -> str:
    """The text of every page without its running header and footer (pdftotext cropped to the
    A4 page's body, inside the 24 mm top and 22 mm bottom margins), so a text that runs over
    several pages reads as one."""
    pdftotext = poppler("pdftotext")
    return subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-x", "0", "-y", "68", "-W", "595", "-H", "712", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def test_right_to_left_text_uses_installed_fonts(rendered):
    _, _, _, tmp = rendered
    fonts("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans CJK JP")
    embedded = subprocess.run(
        [poppler("pdffonts"), str(tmp / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Arabic" in embedded and "CJK" in embedded and "Hebrew" in embedded
    # Every font is embedded (the "emb" column), so the PDF reads the same anywhere.
    rows = [line.split() for line in embedded.splitlines()[2:]]
    assert rows and all("yes" in row[-5:-2][0] for row in rows)


def test_pdf_is_tagged_with_title_and_language(rendered):
    pdf, _, _, _ = rendered
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith("AI execution maturity assessment: Acme")


def test_pages_render_as_images(rendered):
    _, _, _, tmp = rendered
    pdftoppm = poppler("pdftoppm")
    subprocess.run(
        [pdftoppm, "-r", "30", "-f", "1", "-l", "3", "-png", str(tmp / "report.pdf"), str(tmp / "page")],
        check=True,
    )
    assert len(list(tmp.glob("page-*.png"))) == 3


def test_radar_is_vector_with_every_axis_labelled_around_it(rendered):
    """The radar keeps its labels as text, one per dimension, placed clockwise from the top."""
    pdf, _, card, tmp = rendered
    reader = PdfReader(io.BytesIO(pdf))
    page = next(
        i for i, p in enumerate(reader.pages, 1) if p.extract_text().startswith("Against the targets")
    )
    words = page_words(tmp / "report.pdf", page)
    text = [w for w, _, _ in words]
    # The legend exists only inside the chart, so finding it as text shows the chart is not a picture.
    assert "Your" in text and "scores" in text and "baseline" in text
    # The chart is 120 mm wide with the figure's 6.6:4.9 shape, so it spans about 253 pt above its legend.
    legend_y = next(y for w, _, y in words if w == "Your")
    chart = [(w, x, y) for w, x, y in words if legend_y - 255 < y < legend_y]
    labels = [next((x, y) for w, x, y in chart if w == d.title.split()[0]) for d in card.dimensions]
    (top_x, top_y), *others = labels
    centre_x = 595 / 2
    assert abs(top_x - centre_x) < 40 and all(top_y < y for _, y in others)
    # Clockwise from the top: the right-hand spokes come first, then the left-hand ones.
    half = len(others) // 2
    assert all(x > centre_x + 40 for x, _ in others[:half])
    assert all(x < centre_x - 40 for x, _ in others[-half:])
    assert others[0][1] < others[half - 1][1] and others[-1][1] < others[-half][1]


def test_the_charts_are_tagged_figures_with_alternative_text(flagship, catalog, rendered):
    pdf, _, _, _ = rendered
    alternatives = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alternatives.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    first_target = catalog.profiles_for(flagship.id)[1].title
    assert alternatives == [
        f"Bar chart of each dimension's score against the {first_target} target; the numbers are in"
        " the table of the chapter “Against the targets”.",
        "Radar chart of dimension scores against the targets; the numbers are in the table below.",
    ]


def test_unanswered_questions_are_said_to_count_as_level_one(flagship, rendered, tmp_path):
    skipped = [q for q in flagship.questions if q.dimension == "governance" and q.critical]
    answers = {k: v for k, v in full_answers(flagship, seed=7).items() if k not in {q.id for q in skipped}}
    pdf = render_individual_report(flagship, answers, {"name": "Skippy"})
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    n = len(skipped)
    assert f"Incomplete: {n} unanswered questions count as level 1 Initial, exactly as" in flat
    assert f"{n} of them are critical, and each holds its dimension at level 1." in flat
    named = "; ".join(f"“{q.text}”" for q in skipped)
    assert f"Incomplete. {n} unanswered questions count as level 1, among them the critical {named}" in flat
    assert score_answers(flagship, answers).dimension("governance").level == 1
    assert "Incomplete" not in rendered[1]  # every question answered


def test_a_chapter_with_nothing_to_show_is_left_out_with_its_contents_entry(catalog, tmp_path):
    quick = catalog.get("quick-check")  # no ownership questions
    assert not [q for q in quick.questions if q.kind.value == "ownership"]
    text = pdf_text(render_individual_report(quick, full_answers(quick, seed=3), {"name": "Quick"}), tmp_path)
    assert "Who owns what" not in text and "ownership questions" not in text
    assert "Roadmap" in text and "Framework view" in text


def test_a_question_answered_not_applicable_is_never_shown_as_not_met(catalog, tmp_path):
    example = catalog.get("example")
    baseline = TargetProfile(
        "p", "Profile", "Targets.", "example", questions=(Target("edge-cases", 3, "why"),)
    )
    answers = {
        "scope-agents": "none",
        "eval-changes": "recorded",
        "edge-cases": "n/a",
        "rollback": "scripted",
    }
    path = tmp_path / "na.pdf"
    path.write_bytes(render_individual_report(example, answers, {"name": "N/A Ltd"}, profiles=[baseline]))
    layout = subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    rows = [
        line for line in layout.stdout.splitlines() if "How are unusual inputs found and handled?" in line
    ]
    heat_row = next(
        line for line in rows if "Not applicable" in line and line.rstrip().endswith(("3", "met"))
    )
    assert "not met" not in heat_row and heat_row.rstrip().endswith("3")


@pytest.mark.parametrize(
    "name",
    [
        "Northwind "
        + "Transatlantic Mutual Assurance and Reinsurance Holdings " * 5
        + "plc",  # 300 characters
        "株式会社" + "テクノロジー未来総合研究所東京本社" * 6 + "グループ",  # 118 wide characters
    ],
    ids=["300-characters", "118-cjk-characters"],
)
def test_a_long_name_is_shortened_on_the_cover_and_given_whole_in_the_appendix(flagship, name, tmp_path):
    from pypdf import PdfReader

    if not name.isascii():
        # Without a CJK face the name has no glyphs, and the cover's text does not read back.
        fonts("Noto Sans CJK JP")
    pdf = render_individual_report(
        flagship, full_answers(flagship, seed=3), {"name": name, "industry": "Insurance"}
    )
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    cover, following = pages[0], pages[1]
    assert "in full in the appendix" in cover and "Prepared by" in cover and "Insurance" in cover
    assert "Contents" in following and "Prepared by" not in following  # nothing spilt off the cover
    assert name[:20] in cover
    in_full = " ".join(p for p in pages if "Text in full" in p or "text in full" in p)
    assert name.replace(" ", "") in in_full.replace(" ", "").replace("\u200b", "")
