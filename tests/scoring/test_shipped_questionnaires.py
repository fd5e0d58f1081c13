"""Every shipped questionnaire scores, compares with each of its profiles and plans a roadmap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.questionnaire import load_profiles, load_questionnaire
from assessment.questionnaire.model import QuestionKind
from assessment.scoring import (
    build_roadmap,
    compare_with_profile,
    question_applies,
    score_answers,
)

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "questionnaires").glob("*.profiles.yaml"))


@pytest.mark.parametrize("profiles_path", SHIPPED, ids=lambda p: p.name)
@pytest.mark.parametrize("pick", [0, -1], ids=["lowest-options", "highest-options"])
def test_a_shipped_questionnaire_answered_throughout_meets_its_profiles_only_at_the_top(profiles_path, pick):
    questionnaire = load_questionnaire(str(profiles_path).replace(".profiles.yaml", ".yaml"))
    profiles = load_profiles(profiles_path, questionnaire)
    answers = {q.id: q.options[0].id for q in questionnaire.questions_of_kind(QuestionKind.SCOPING)}
    for question in questionnaire.questions_of_kind(QuestionKind.MATURITY):
        if question_applies(questionnaire, question, answers):
            answers[question.id] = sorted(question.options, key=lambda o: o.value)[pick].id
    card = score_answers(questionnaire, answers)
    assert card.completeness == 1.0
    for profile in profiles:
        comparison = compare_with_profile(questionnaire, card, profile)
        assert comparison.meets_profile == (pick == -1)
        roadmap = build_roadmap(questionnaire, card, profile)
        assert (roadmap.items == ()) == (pick == -1)
        json.dumps(card.to_dict(benchmark=comparison))
        json.dumps(roadmap.to_dict())
