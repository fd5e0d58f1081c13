"""Room scores survive the trip through stored JSON: the same figures, the same classes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.questionnaire.model import QuestionKind
from assessment.scoring import Participant, score_group
from assessment.scoring.scorecard import AnswerStatus
from assessment.scoring.stored import RoomScores, StoredFormatError, from_json, to_json
from tests.support.scoring import answers_for, questionnaire_and_answers

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same_room(back: RoomScores, scores: RoomScores) -> None:
    """Equal field by field, the fields left out of dataclass comparison included."""
    assert back == scores
    assert (back.group is None) == (scores.group is None)
    if scores.group is not None:
        assert back.group.cards == scores.group.cards
        assert back.group.room == scores.group.room
        assert back.group.to_dict() == scores.group.to_dict()
        assert [q.question for q in back.group.divergent] == [q.question for q in scores.group.divergent]


@SETTINGS
@given(
    st.data(),
    questionnaire_and_answers().flatmap(lambda case: st.just(case[0])),
)
def test_any_rooms_scores_come_back_from_json_equal(data, questionnaire):
    answer_sets = data.draw(st.lists(answers_for(questionnaire), min_size=0, max_size=5))
    respondents = [
        Participant(data.draw(st.sampled_from(("product", "security", "data"))), answers, str(number))
        for number, answers in enumerate(answer_sets)
    ]
    maturity = [q for q in questionnaire.questions if q.kind is QuestionKind.MATURITY]
    agreed = {}
    if maturity and data.draw(st.booleans()):
        question = data.draw(st.sampled_from(maturity))
        agreed[question.id] = data.draw(st.sampled_from(question.option_ids))
    group = score_group(questionnaire, respondents, agreed) if respondents else None
    progress = tuple((len(answers), len(questionnaire.questions)) for answers in answer_sets)
    scores = RoomScores(group, progress)

    text = to_json(scores)
    back = from_json(RoomScores, text)
    assert_same_room(back, scores)
    assert to_json(back) == text  # a second trip changes nothing
    json.loads(text)  # plain JSON that any reader can audit


def test_enums_come_back_as_enums_and_tuples_as_tuples(flagship):
    answers = {q.id: q.option_ids[0] for q in flagship.questions if q.kind is QuestionKind.MATURITY}
    scores = RoomScores(score_group(flagship, [Participant("Product", answers, "1")]), ((3, 40),))
    back = from_json(RoomScores, to_json(scores))
    question = back.group.cards[0].dimensions[0].questions[0]
    assert isinstance(question.status, AnswerStatus) and isinstance(question.scale, tuple)
    assert back.progress == ((3, 40),) and isinstance(back.progress[0], tuple)


@pytest.mark.parametrize(
    "text",
    ['{"group": null}', '{"group": null, "progress": [["1", 2]]}', '{"group": 3, "progress": []}', "[]"],
)
def test_text_of_another_shape_is_refused_not_half_read(text):
    with pytest.raises(StoredFormatError):
        from_json(RoomScores, text)
