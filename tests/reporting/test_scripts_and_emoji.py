"""Every script and emoji in user text prints with a glyph, and right-to-left text keeps to itself.

A character a font lacks is drawn as its glyph 0, .notdef: an empty box. The PDF is read
back for any glyph 0 (`missing_glyphs`); emoji come from Noto Color Emoji, characters no
font has are printed as their code point, and user text is isolated for the bidirectional
algorithm so an Arabic note does not reorder the English sentence after it.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from datetime import date

import pytest
from markupsafe import Markup

from assessment.reporting import Branding, render_group_report, render_individual_report
from assessment.reporting.pdf import printable
from assessment.scoring import Participant
from tests.support.machine import fonts, poppler
from tests.support.reports import HOSTILE_TEXTS, full_answers, missing_glyphs, page_words, pdf_text

#: 152 characters, shortened on the cover after its first Arabic words: the Chinese takes
#: the first line, so the Arabic and the note after it share the second.
ARABIC_NOTES = "咨询" * 28 + " " + "ملاحظات طويلة جداً " * 5
ORGANISATION = {
    "name": "Northwind 🚚 咨询有限公司",
    **HOSTILE_TEXTS,
    "notes": ARABIC_NOTES,
    "odd": "a\x1bb\ue000c",
}


@pytest.fixture(scope="module")
def rendered(flagship, tmp_path_factory):
    """A report whose organisation and brand names hold emoji and five scripts, rendered once."""
    pdf = render_individual_report(
        flagship,
        full_answers(flagship, seed=5),
        ORGANISATION,
        branding=Branding(name="وكالة 咨询 🚀 Advisory"),
        generated_on=date(2026, 12, 2),
    )
    path = tmp_path_factory.mktemp("scripts") / "report.pdf"
    path.write_bytes(pdf)
    return pdf, path


def page_count(path) -> int:
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def embedded_fonts(path) -> str:
    return subprocess.run([poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout


def test_no_character_prints_as_an_empty_box(rendered):
    fonts(
        "Noto Sans Arabic",
        "Noto Sans Hebrew",
        "Noto Sans Devanagari",
        "Noto Sans CJK SC",
        "Noto Serif CJK SC",
    )
    fonts("Noto Color Emoji", packages="fonts-noto-color-emoji")
    pdf, path = rendered
    assert missing_glyphs(pdf) == []
    assert "Noto-Color-Emoji" in embedded_fonts(path)


def test_a_glyph_0_is_found_when_a_font_lacks_a_character(rendered):
    """The check above can fail: a private-use character printed as it is shows glyph 0."""
    from weasyprint import HTML

    assert missing_glyphs(HTML(string="<p>a \ue000 b</p>").write_pdf()) != []


def test_characters_no_font_has_are_printed_as_their_code_points(rendered, tmp_path):
    _, path = rendered
    assert "a[U+001B]b[U+E000]c" in pdf_text(path.read_bytes(), tmp_path)
    assert printable("tab\tand\nnew line, emoji 🚀") == "tab\tand\nnew line, emoji 🚀"
    assert printable("x\ue000\x00y") == "x[U+E000][U+0000]y"
    assert printable(Markup("<b>\ue000</b>")) == Markup("<b>\ue000</b>")  # our own markup is trusted
    assert printable(3.5) == 3.5


def test_chinese_headings_are_set_in_the_simplified_chinese_serif(rendered):
    fonts("Noto Serif CJK SC", "Noto Sans CJK SC")
    listed = embedded_fonts(rendered[1])
    assert "Noto-Serif-CJK-SC" in listed  # the cover title's 咨询有限公司
    assert "CJK-JP" not in listed


def test_an_arabic_note_does_not_reorder_the_english_after_it(rendered):
    """The cover prints the shortened note, then "(152 characters in all; in full in the
    appendix)": read left to right on the page, the parenthesis is whole and in order, and
    the Arabic is all to its left (not "152( …<Arabic> characters in all")."""
    _, path = rendered
    words = page_words(path, 1)
    (anchor,) = [(x, y) for word, x, y in words if word == "characters"]
    line = sorted((x, word) for word, x, y in words if abs(y - anchor[1]) < 3)
    text = " ".join(word for _, word in line)
    assert f"({len(ARABIC_NOTES)} characters in all; in" in text
    opening = next(x for x, word in line if word == f"({len(ARABIC_NOTES)}")
    arabic = [x for x, word in line if is_arabic(word)]
    assert arabic and max(arabic) < opening


def is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def test_an_arabic_role_keeps_its_score_after_it(flagship, tmp_path):
    """ "Gaps between roles" prints "<role> (3.2)": after an Arabic role the figure and its
    brackets stay in order, to the right of the role, instead of "3.2) <role>)"."""
    roles = ["مدير المخاطر", "Engineering"]
    respondents = [Participant(roles[i % 2], full_answers(flagship, seed=i)) for i in range(6)]
    path = tmp_path / "group.pdf"
    path.write_bytes(render_group_report(flagship, respondents, {"name": "Northwind"}))
    scores = []
    for page in range(1, int(page_count(path)) + 1):
        words = page_words(path, page)
        for _, _, y in [w for w in words if is_arabic(w[0])]:
            line = sorted((x, word) for word, x, other in words if abs(other - y) < 3)
            for (_, left), (_, right) in itertools.pairwise(line):
                if re.fullmatch(r"\(?\d\.\d\)?", right) and is_arabic(left):
                    scores.append(right)
    assert scores, "no Arabic role with its score was found"
    assert all(re.fullmatch(r"\(\d\.\d\)", score) for score in scores), scores


def test_an_arabic_word_that_starts_a_cover_line_is_never_split(flagship, tmp_path):
    """A Chinese name fills the cover title's first line; the Arabic after it moves to the next
    line whole, not with its first letter left at the end of the first (the language mark on
    the Arabic once let WeasyPrint break the word there)."""
    fonts("Noto Sans CJK JP", "Noto Sans Arabic")
    name = "北京人工智能咨询有限公司 · مؤسسة الذكاء الاصطناعي"
    pdf = render_individual_report(flagship, full_answers(flagship, seed=6), {"name": name})
    lines = [
        "".join(ch for ch in line if ch not in "\u202a\u202b\u202c\u202d\u202e").strip()
        for line in pdf_text(pdf, tmp_path).splitlines()[:12]
    ]
    assert any("مؤسسة" in line for line in lines), lines
    assert not any(line.endswith(" م") for line in lines), lines
