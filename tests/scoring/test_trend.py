"""Retaking an assessment: what went up, down, appeared, and what cannot be compared."""

from __future__ import annotations

import pytest

from assessment.questionnaire.model import Dimension
from assessment.scoring import compare_scorecards, score_answers
from assessment.scoring.trend import Change
from tests.support.scoring import build, maturity


def test_a_retake_of_the_same_version_shows_each_change(example):
    before = score_answers(
        example, {"scope-agents": "none", "eval-changes": "manual-set", "rollback": "scripted"}
    )
    after = score_answers(
        example,
        {
            "scope-agents": "planned",
            "eval-changes": "recorded",
            "rollback": "scripted",
            "agent-limits": "listed",
        },
    )
    trend = compare_scorecards(before, after)
    questions = {c.ref: c.direction for c in trend.questions}
    assert questions == {"eval-changes": "up", "rollback": "same"}
    assert {c.ref: c.direction for c in trend.dimensions} == {"delivery": "up"}
    assert {n.ref: n.reason for n in trend.not_comparable} == {
        "agents": "scoped out before",
        "agent-limits": "scoped out before",
        "edge-cases": "no value before (missing)",
    }
    assert trend.to_dict()["overall"]["direction"] in ("up", "down", "same")


def test_across_versions_questions_match_by_id_and_the_rest_is_listed():
    dims = (Dimension("d", "D"), Dimension("e", "E"))
    old = build(
        dims,
        (maturity("kept", "d"), maturity("gone", "d"), maturity("moved", "d"), maturity("rescaled", "d")),
        version="1.0",
    )
    new = build(
        dims,
        (
            maturity("kept", "d"),
            maturity("added", "d"),
            maturity("moved", "e"),
            maturity("rescaled", "d", values=(0, 1, 2, 3)),
        ),
        version="1.1",
    )
    before = score_answers(old, {"kept": "o3", "gone": "o2", "moved": "o1", "rescaled": "o1"})
    after = score_answers(new, {"kept": "o2", "added": "o5", "moved": "o2", "rescaled": "o2"})
    trend = compare_scorecards(before, after)
    assert {c.ref: c.direction for c in trend.questions} == {
        "kept": "down",
        "added": "new",
        "gone": "removed",
    }
    reasons = {n.ref: n.reason for n in trend.not_comparable}
    assert reasons["moved"] == "moved from dimension d to e"
    assert reasons["rescaled"].startswith("answer scale changed")
    assert reasons["e"] == "no score on one side"  # e had no questions in 1.0
    assert (trend.before_version, trend.after_version) == ("1.0", "1.1")


def test_different_questionnaires_cannot_be_compared(example, samm):
    card = score_answers(example, {"scope-agents": "none"})
    other = score_answers(samm, {})
    with pytest.raises(ValueError, match="different questionnaires"):
        compare_scorecards(card, other)


def test_a_change_is_put_in_words_no_finer_than_the_figures_beside_it():
    # 2.24 and 2.76 print as 2.2 and 2.8: the words say 0.6, which a reader can check, not 0.5.
    assert Change("overall", 2.24, 2.76, "up").summary() == "up 0.6"
    assert Change("overall", 2.74, 2.66, "down").summary() == "down, by less than 0.1"
    # 2.70 and 2.68 both print as 2.7: the words must not claim more than a reader can see.
    assert Change("overall", 2.70, 2.68, "down").summary() == "down, by less than 0.1"
    assert Change("d", 2.0, 2.6, "up", 2.0, 3.0).summary() == "up 0.6; level 2 to 3"
    assert Change("d", 3.0, 3.0, "down", 3.0, 2.0).summary() == "down: the same score; level 3 to 2"
    assert Change("d", 3.0, 3.0, "same").summary() == "no change"
    assert Change("q", None, 3.0, "new").summary() == "new"
