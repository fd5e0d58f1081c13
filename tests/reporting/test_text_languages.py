"""User text in another script is cut into runs, each with the language its script points
to, so the PDF can say which voice reads it; Latin text keeps the document's English."""

from __future__ import annotations

import pytest

from assessment.reporting.scripts import language_of, language_runs, marked_languages


def test_a_name_in_three_scripts_is_cut_into_a_run_per_script():
    assert language_runs("Acme شركة 株式会社 🚚") == [
        ("Acme ", None),
        ("شركة", "ar"),
        (" ", None),
        ("株式会社", "zh"),
        (" 🚚", None),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("株式会社テクノロジー", "ja"),  # kana decides Japanese, whatever Han is beside it
        ("삼성전자", "ko"),
        ("חברת הטכנולוגיה", "he"),
        ("咨询有限公司", "zh"),  # Han alone: guessed Chinese
        ("Northwind", None),
        ("Ελληνικά", None),  # a script named nowhere keeps the document's language
        ("شركة Acme", None),  # mixed: no one language for the whole
    ],
)
def test_the_script_names_the_language_only_where_it_points_to_one(text, language):
    assert language_of(text) == language


def test_the_runs_are_escaped_and_marked_with_their_language():
    assert str(marked_languages("<b>شركة</b>")) == '&lt;b&gt;<span lang="ar">شركة</span>&lt;/b&gt;'


def test_break_opportunities_and_punctuation_stay_inside_a_run():
    assert language_runs("株\u200b式、会社") == [("株\u200b式、会社", "zh")]
