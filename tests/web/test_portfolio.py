"""The AI initiative portfolio's pages: the register, the gate, the matrix, the what-if."""

from __future__ import annotations

import pytest

from assessment.questionnaire import load_directory
from assessment.scoring import build_roadmap, score_answers
from assessment.scoring.portfolio import review_portfolio
from assessment.scoring.register import InitiativeRecord
from assessment.web.portfolio_matrix import matrix
from tests.support.portfolio import ORGANISATION_READY, gate_folder


@pytest.fixture(scope="module")
def gate_catalog(tmp_path_factory):
    return load_directory(gate_folder(tmp_path_factory.mktemp("gate")))


def test_each_initiative_lands_in_the_quadrant_its_value_and_readiness_say(gate_catalog):
    questionnaire = gate_catalog.get("example")
    gate = gate_catalog.gate_for(questionnaire)
    scorecard = score_answers(questionnaire, ORGANISATION_READY)
    done = {"tested": "yes", "can-roll-back": "yes"}
    records = [
        InitiativeRecord("1", "Claims triage", value_band="very-high", gate_answers=done),
        InitiativeRecord("2", "Fraud scoring", value_band="high", gate_answers={"tested": "no"}),
        InitiativeRecord("3", "Meeting notes", value_band="low", gate_answers=done),
        InitiativeRecord("4", "Chat widget", value_band="medium"),
        InitiativeRecord("5", "Also ready", value_band="very-high", gate_answers=done),
    ]
    review = review_portfolio(
        gate, questionnaire, scorecard, build_roadmap(questionnaire, scorecard), records
    )
    chart = matrix(review)
    placed = {point.name: chart.quadrant_at(point.x, point.y) for point in chart.points}
    assert placed == {
        "Claims triage": "scale-now",
        "Also ready": "scale-now",
        "Fraud scoring": "fix-then-scale",
        "Meeting notes": "rethink",
        "Chat widget": "stop",
    }
    assert all(point.quadrant == placed[point.name] for point in chart.points)
    # Ready ones sit right of the ready line, the others left of it; numbered in ranked order.
    for point in chart.points:
        assert (point.x >= chart.ready_x) == (point.quadrant in ("scale-now", "rethink"))
    assert [p.number for p in chart.points] == [1, 2, 3, 4, 5]
    # Two initiatives at the same readiness and band do not hide one another.
    same = [(p.x, p.y) for p in chart.points if p.name in ("Claims triage", "Also ready")]
    assert same[0] != same[1]
