"""The format additions of content 2.0: outcome facts, shared owners, cumulative levels and
crosswalks between major versions. Each bad file is refused with its line; each good one
behaves as a respondent and a consultant would expect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.questionnaire import (
    QuestionnaireError,
    load_questionnaire,
    owner_code,
)
from assessment.scoring import compare_through, validate_answers

FIVE = """\
    options:
      - {id: a, value: 1, label: By hand}
      - {id: b, value: 2, label: A fixed set}
      - {id: c, value: 3, label: A fixed set for every change}
      - {id: d, value: 4, label: "As above, and automated"}
      - {id: e, value: 5, label: "As above, and refreshed from incidents"}
"""

EARLIER = f"""\
kind: questionnaire
id: tiny
version: "1.2"
title: Tiny
levels:
  - {{value: 1, name: One}}
  - {{value: 2, name: Two}}
  - {{value: 3, name: Three}}
  - {{value: 4, name: Four}}
  - {{value: 5, name: Five}}
owners:
  - {{id: product, label: Product}}
  - {{id: security, label: Security}}
dimensions:
  - {{id: delivery, title: Delivery}}
  - {{id: risk, title: Risk}}
questions:
  - id: scope
    kind: scoping
    text: Do you build AI?
    options:
      - {{id: build, label: We build}}
      - {{id: buy, label: We buy}}
  - id: evals
    dimension: delivery
    text: How are changes tested?
{FIVE}  - id: releases
    dimension: delivery
    text: How are releases staged?
{FIVE}  - id: mixed
    dimension: risk
    text: How are data and staff use controlled?
{FIVE}  - id: owner
    kind: ownership
    dimension: delivery
    text: Who owns releases?
"""

MIXED = "  - id: mixed\n    dimension: risk\n    text: How are data and staff use controlled?\n" + FIVE
ADDED = (
    "  - id: staff-data\n    dimension: risk\n    text: How is staff use of AI controlled?\n"
    + FIVE
    + "  - id: pilots\n    kind: fact\n    text: How many AI pilots started in the last 12 months?\n"
    "    fact: {type: integer, unit: pilots, min: 0, max: 10000}\n"
)
LATER = (
    EARLIER.replace('version: "1.2"', 'version: "2.0"\ncumulative_levels: true')
    .replace(MIXED, "")
    .replace("  - id: owner\n", ADDED + "  - id: owner\n")
)

CROSSWALK = """\
kind: crosswalk
questionnaire: tiny
from: {version: "1.2", file: archive/tiny-1.2.yaml}
to: {version: "2.0"}
description: Tiny 2.0 splits the mixed risk question.
questions:
  - {from: scope, to: scope, options: {build: build, buy: buy}}
  - {from: evals, to: evals, options: {a: a, b: b, c: c, d: d, e: e}}
  - from: releases
    to: releases
    options: {a: a, b: b, c: c, d: d, e: null}
    note: Level five now asks for refreshes from incidents.
  - {from: mixed, to: null, note: Split in two; the old answer mixed both.}
  - {from: owner, to: owner}
"""


def write_folder(tmp_path: Path, later: str = LATER, crosswalk: str = CROSSWALK) -> Path:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "tiny-1.2.yaml").write_text(EARLIER, encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(later, encoding="utf-8")
    (tmp_path / "tiny.crosswalk.yaml").write_text(crosswalk, encoding="utf-8")
    return tmp_path


def load_folder(folder: Path):
    from assessment.questionnaire.catalog import load_directory

    return load_directory(folder)


def refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    return "\n".join(str(p) for p in caught.value.problems)


# ------------------------------------------------------------------ cumulative levels


def test_a_cumulative_questionnaire_refuses_an_upper_level_that_does_not_include_the_one_below(tmp_path):
    text = LATER.replace('label: "As above, and automated"}', "label: Automated}  #!")
    message = refusal(tmp_path, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.endswith("#!"))
    assert f"q.yaml:{line}:" in message
    assert "levels are cumulative" in message and "must begin with 'As above, and '" in message


def test_without_the_declaration_levels_are_not_checked_for_cumulative_wording(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(EARLIER.replace('label: "As above, and automated"', "label: Automated"), encoding="utf-8")
    assert load_questionnaire(path).version == "1.2"


# ------------------------------------------------------------------ outcome facts


def test_a_fact_is_loaded_with_its_type_unit_and_range_and_is_never_scored(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(LATER, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    (fact,) = questionnaire.facts
    assert (fact.fact.type.value, fact.fact.unit, fact.fact.minimum, fact.fact.maximum) == (
        "integer",
        "pilots",
        0,
        10000,
    )
    assert fact.id not in {q.id for q in questionnaire.maturity_questions}
    assert fact.describe("12") == "12 pilots"


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("{type: integer, min: 10, max: 1}", "'max' (1) is below 'min' (10)"),
        ("{type: date, min: 2026-02-30}", "'2026-02-30' is not a date"),
        ("{type: date, min: 3}", "'min' of a date fact must be a date"),
        ("{type: integer, min: soon}", "'min' of a integer fact must be a number"),
    ],
)
def test_a_fact_with_an_impossible_range_is_refused(tmp_path, fact, message):
    text = LATER.replace("fact: {type: integer, unit: pilots, min: 0, max: 10000}", f"fact: {fact}")
    assert message in refusal(tmp_path, text)


def test_a_fact_with_options_or_scoring_fields_is_refused(tmp_path):
    text = LATER.replace("    fact: {type: integer", "    weight: 2\n" + FIVE + "    fact: {type: integer")
    message = refusal(tmp_path, text)
    assert "fact questions are answered with a figure: remove 'options'" in message
    assert "'weight' only applies to maturity questions, not fact ones" in message


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    path = tmp_path_factory.mktemp("later") / "tiny.yaml"
    path.write_text(LATER, encoding="utf-8")
    return load_questionnaire(path)


@pytest.mark.parametrize(
    ("typed", "stored"), [("12", "12"), (" 1,200 ", "1200"), ("0", "0"), ("10000", "10000"), ("3.0", "3")]
)
def test_a_typed_figure_is_stored_in_one_form(later, typed, stored):
    assert later.question("pilots").fact.normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("twelve", "Enter a number (pilots), for example 12."),
        ("2.5", "Enter a whole number (pilots)."),
        ("-1", "Enter a number from 0 to 10000 (pilots)."),
        ("10001", "Enter a number from 0 to 10000 (pilots)."),
        ("nan", "Enter a number (pilots), for example 12."),
        ("", "Enter a number (pilots), for example 12."),
    ],
)
def test_a_figure_outside_its_type_or_range_gets_a_specific_error(later, typed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        later.question("pilots").fact.normalise(typed)


@given(st.integers(min_value=0, max_value=10000))
def test_every_whole_number_in_range_is_accepted_in_its_stored_form(later, number):
    fact = later.question("pilots").fact
    assert fact.accepts(fact.normalise(f"{number:,}"))
    problems = validate_answers(later, {"pilots": str(number)})
    assert not problems


def test_an_answer_not_in_stored_form_is_refused_by_validation(later):
    (problem,) = validate_answers(later, {"pilots": "1,200"})
    assert problem.code == "invalid-fact"


# ------------------------------------------------------------------ shared owners


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("product", None),
        ("product+security", None),
        ("nobody", None),
        ("security+product", "unknown-owner"),  # not in stored (sorted) form
        ("product+product", "unknown-owner"),
        ("product+legal", "unknown-owner"),
        ("nobody+product", "unknown-owner"),
    ],
)
def test_an_ownership_answer_names_one_owner_or_several_that_share_it(later, code, problem):
    found = validate_answers(later, {"owner": code})
    assert [p.code for p in found] == ([problem] if problem else [])


def test_more_than_three_owners_is_refused_because_nobody_would_really_own_it(tmp_path):
    text = LATER.replace(
        "  - {id: security, label: Security}\n",
        "  - {id: security, label: Security}\n  - {id: legal, label: Legal}\n  - {id: risk, label: Risk}\n",
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    (problem,) = validate_answers(
        questionnaire, {"owner": owner_code(["product", "security", "legal", "risk"])}
    )
    assert problem.code == "too-many-owners"
    assert questionnaire.owner_words("legal+product+security") == "Legal, Product and Security (shared)"


def test_an_owner_id_too_long_to_store_three_of_is_refused(tmp_path):
    text = LATER.replace("{id: security, label: Security}", "{id: security-and-privacy-office, label: S}")
    assert "owner id 'security-and-privacy-office' is longer than 20 characters" in refusal(tmp_path, text)


# ------------------------------------------------------------------ crosswalks


def test_a_sound_crosswalk_joins_the_archived_version_to_the_served_one(tmp_path):
    catalog = load_folder(write_folder(tmp_path))
    assert not catalog.refused
    later = catalog.get("tiny")
    earlier = catalog.archived["tiny@1"]
    crosswalk = catalog.crosswalk(earlier, later)
    assert crosswalk is not None and crosswalk.new_questions == ("staff-data", "pilots")
    assert catalog.crosswalk(later, later) is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  - {from: mixed, to: null, note: Split in two; the old answer mixed both.}\n",
            "",
            "'mixed' of tiny 1.2 is not in the crosswalk",
        ),
        ("to: releases\n", "to: relases\n", "tiny 2.0 has no question 'relases'"),
        (
            "{from: owner, to: owner}",
            "{from: owner, to: evals}",
            "'owner' is a ownership question but 'evals' is a maturity one",
        ),
        ("e: e}}", "e: f}}", "'evals' has no option 'f'"),
        ("d: d, e: e}}", "d: d}}", "option 'e' of 'evals' is missing"),
        (
            "    note: Level five now asks for refreshes from incidents.\n",
            "",
            "some answers to 'releases' are not carried: say why in 'note'",
        ),
        (
            "{from: mixed, to: null, note: Split in two; the old answer mixed both.}",
            "{from: mixed, to: null}",
            "'mixed' maps to nothing: say why in 'note'",
        ),
        (
            "{from: mixed, to: null, note: Split in two; the old answer mixed both.}",
            "{from: mixed, to: evals, options: {a: a, b: b, c: c, d: d, e: e}}",
            "'evals' already carries the answers of 'evals'",
        ),
        ('from: {version: "1.2"', 'from: {version: "1.1"', "expected tiny 1.1, found tiny 1.2"),
    ],
)
def test_a_crosswalk_that_disagrees_with_either_version_is_refused_at_its_line(tmp_path, old, new, message):
    assert old in CROSSWALK
    folder = write_folder(tmp_path, crosswalk=CROSSWALK.replace(old, new))
    catalog = load_folder(folder)
    problems = "\n".join(str(p) for p in catalog.refused.get(str(folder / "tiny.crosswalk.yaml"), []))
    problems = problems or "\n".join(str(p) for found in catalog.refused.values() for p in found)
    assert message in problems
    assert "tiny.crosswalk.yaml:" in problems
    assert not catalog.crosswalks


def test_carrying_answers_keeps_what_means_the_same_and_says_why_the_rest_is_left(tmp_path):
    catalog = load_folder(write_folder(tmp_path))
    crosswalk = catalog.crosswalks["tiny@1"]
    carried = crosswalk.carry(
        {"scope": "build", "evals": "c", "releases": "e", "mixed": "d", "owner": "product+security"}
    )
    assert dict(carried.answers) == {"scope": "build", "evals": "c", "owner": "product+security"}
    assert {d.question: d.reason for d in carried.dropped} == {
        "releases": "Level five now asks for refreshes from incidents.",
        "mixed": "Split in two; the old answer mixed both.",
    }


def test_the_trend_across_versions_compares_only_like_for_like_questions(tmp_path):
    catalog = load_folder(write_folder(tmp_path))
    earlier, later = catalog.archived["tiny@1"], catalog.get("tiny")
    crosswalk = catalog.crosswalk(earlier, later)
    before = {"scope": "build", "evals": "b", "releases": "e", "mixed": "a"}
    after = {"scope": "build", "evals": "d", "releases": "e", "staff-data": "a", "pilots": "3"}
    trend = compare_through(crosswalk, earlier, before, later, after)
    assert trend.before_version == "1.2" and trend.after_version == "2.0"
    assert trend.like_for_like == (1, 3)  # only evals: releases' old answer is not carried
    assert [(c.ref, c.before, c.after, c.direction) for c in trend.questions] == [("evals", 2.0, 4.0, "up")]
    (delivery,) = trend.dimensions
    assert (delivery.ref, delivery.before, delivery.after) == ("delivery", 2.0, 4.0)
    reasons = {n.ref: n.reason for n in trend.not_comparable}
    assert reasons["releases"] == "Level five now asks for refreshes from incidents."
    assert reasons["risk"] == "No question of this dimension carries over from 1.2."
    assert reasons["staff-data"] == "New in 2.0: no counterpart in 1.2."
    assert reasons["mixed"] == "Split in two; the old answer mixed both."
