"""The worked example of questionnaires/methodology.md, recomputed by the engine.

If a rule changes, this test fails until the example (and its figures) are rewritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire.model import UNKNOWN, Condition, Dimension
from assessment.questionnaire.targets import Target, TargetProfile
from assessment.scoring import compare_with_profile, progress_to_date, score_answers
from tests.support.scoring import build, maturity, scoping

METHODOLOGY = Path(__file__).parents[2] / "questionnaires" / "methodology.md"
PLANNED = (Condition("scope-agents", ("planned",)),)


def questionnaire():
    """Governance as in the example, three more dimensions and agents as readiness."""
    questions = [scoping("scope-agents", ("in-production", "planned", "none"))]
    questions.append(maturity("risk", "governance", weight=2.0, critical=True))
    questions += [maturity(f"gov{n}", "governance") for n in range(1, 5)]
    questions.append(maturity("d2-critical", "d2", critical=True))
    questions += [maturity(f"d2-{n}", "d2") for n in range(9)]
    questions += [maturity(f"d3-{n}", "d3") for n in range(5)]
    questions += [maturity(f"d4-{n}", "d4") for n in range(10)]
    questions.append(maturity("agent-limits", "agentic", critical=True))
    dimensions = (
        Dimension("governance", "Governance"),
        Dimension("d2", "Second"),
        Dimension("d3", "Third"),
        Dimension("d4", "Fourth"),
        Dimension(
            "agentic",
            "Agentic readiness",
            applies_when=(Condition("scope-agents", ("in-production", "planned")),),
            readiness_when=PLANNED,
            readiness_label="Readiness for agents you plan",
        ),
    )
    return build(dimensions, tuple(questions))


def level(value: int) -> str:
    """The option id of a level in the factory's questions (o1 is level 1)."""
    return f"o{value}"


def answers(risk: int, d2: list[int], d3: list[int]) -> dict[str, str]:
    """The example's answers, with the parts that changed between the two assessments."""
    given = {"scope-agents": "planned", "risk": level(risk), "gov1": level(4), "gov2": level(4)}
    given["gov3"] = UNKNOWN  # and gov4 is left unanswered
    given |= {f"d2-{n}": level(v) for n, v in enumerate(d2[1:])} | {"d2-critical": level(d2[0])}
    given |= {f"d3-{n}": level(v) for n, v in enumerate(d3)}
    given |= {f"d4-{n}": level(3) for n in range(9)} | {"d4-9": level(2)}
    return given | {"agent-limits": level(1)}


NOW = answers(3, [2, 4, 4, 4, 3, 3, 3, 3, 3, 2], [3, 3, 3, 4, 4])
BEFORE = answers(2, [1, 4, 4, 4, 3, 3, 3, 3, 3, 2], [2, 2, 2, 4, 4])
PROFILE = TargetProfile(
    "example",
    "Example",
    "Level 3 everywhere and 4 on risk.",
    "built",
    dimensions=tuple(Target(d, 3, "why") for d in ("governance", "d2", "d3", "d4")),
    questions=(Target("risk", 4, "why"),),
)


def test_the_governance_dimension_scores_and_levels_as_the_methodology_says():
    card = score_answers(questionnaire(), NOW)
    governance = card.dimension("governance")
    assert governance.score == pytest.approx(16 / 6) and governance.level == 3
    assert card.incomplete_note() == "incomplete: 1 unanswered question counts as level 1"
    stronger = score_answers(questionnaire(), NOW | {"gov3": level(4), "gov4": level(4)})
    assert stronger.dimension("governance").score == pytest.approx(22 / 6)
    assert stronger.dimension("governance").level == 3  # the critical risk assessment holds it
    assert "2.67" in METHODOLOGY.read_text() and "3.67" in METHODOLOGY.read_text()


def test_the_index_and_level_leave_the_readiness_dimension_out():
    card = score_answers(questionnaire(), NOW)
    assert [(d.id, d.level) for d in card.headline_dimensions] == [
        ("governance", 3),
        ("d2", 2),
        ("d3", 3),
        ("d4", 3),
    ]
    assert [round(d.score, 2) for d in card.headline_dimensions] == [2.67, 3.1, 3.4, 2.9]
    assert round(card.score, 1) == 3.0 and card.level == 2
    assert card.weakest.id == "d2"  # the dimension the results name as setting the level
    (agentic,) = card.readiness_dimensions
    assert agentic.level == 1 and agentic.readiness_label == "Readiness for agents you plan"


def test_percent_to_target_and_progress_to_date_match_the_example():
    q = questionnaire()
    now = compare_with_profile(q, score_answers(q, NOW), PROFILE)
    before = compare_with_profile(q, score_answers(q, BEFORE), PROFILE)
    assert [round(g.percent, 2) for g in now.gaps] == [1, 0.5, 1, 1, 0.67]
    assert round(now.percent_to_target, 2) == 0.83 and not now.meets_profile
    assert [g.ref for g in now.blocking] == ["d2", "risk"]
    assert [round(g.percent, 2) for g in before.gaps] == [0.5, 0, 0.5, 1, 0.33]
    assert round(before.percent_to_target, 2) == 0.47
    progress = progress_to_date(before, now)
    assert round(progress.overall, 2) == 0.69
    assert progress.of("d2").progress == 0.5 and progress.of("d4").status == "already met"
    text = METHODOLOGY.read_text()
    for figure in ("**83%**", "47%", "**69%**", "50%", "67%"):
        assert figure in text
