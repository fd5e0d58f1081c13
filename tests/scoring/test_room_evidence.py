"""The room's evidenced figures: drawn from validated answers only, with an agreed answer
standing only behind a participant's identical, validated answer."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.questionnaire.model import QuestionKind
from assessment.scoring import Participant, room_answers, score_answers
from assessment.scoring.evidence import REVIEWED_KINDS, Review, ReviewStatus, evidenced_room_answers
from tests.support.scoring import answers_for, questionnaires

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 3, 7)
EPS = 1e-9


@st.composite
def workshops(draw):
    """A questionnaire, one to four participants with random answers, random validations of
    their answers, and random agreed answers to some maturity questions."""
    questionnaire = draw(questionnaires())
    respondents, reviews = [], []
    for index in range(draw(st.integers(1, 4))):
        answers = draw(answers_for(questionnaire))
        respondents.append(Participant(f"role {index % 2}", answers, str(index)))
        reviewed = [
            q.id for k in REVIEWED_KINDS for q in questionnaire.questions_of_kind(k) if q.id in answers
        ]
        chosen = draw(st.lists(st.sampled_from(reviewed), unique=True)) if reviewed else []
        reviews.append({qid: Review(ReviewStatus.VALIDATED, answers[qid]) for qid in chosen})
    agreed = {}
    for question in questionnaire.questions_of_kind(QuestionKind.MATURITY):
        if draw(st.booleans()):
            agreed[question.id] = draw(st.sampled_from(question.option_ids))
    return questionnaire, respondents, reviews, agreed


def _at_most(evidenced, claimed):
    if claimed is None:
        return evidenced is None
    return evidenced is not None and evidenced <= claimed + EPS


@SETTINGS
@given(workshops())
def test_the_rooms_evidenced_figures_never_exceed_its_claimed_ones(case):
    questionnaire, respondents, reviews, agreed = case
    claimed = score_answers(questionnaire, room_answers(questionnaire, respondents, agreed))
    evidenced = score_answers(
        questionnaire, evidenced_room_answers(questionnaire, respondents, reviews, agreed, TODAY)
    )
    assert _at_most(evidenced.score, claimed.score)
    assert _at_most(evidenced.level, claimed.level)
    for dimension in claimed.dimensions:
        other = evidenced.dimension(dimension.id)
        assert other is not None
        assert _at_most(other.score, dimension.score), dimension.id
        assert _at_most(other.level, dimension.level), dimension.id


@SETTINGS
@given(workshops())
def test_validating_every_answer_gives_the_claimed_room_where_agreed_answers_were_given(case):
    """With every answer validated, the room is the claimed room, except for an agreed answer
    that no participant gave: the agreement alone is no evidence."""
    questionnaire, respondents, _, agreed = case
    everything = [
        {qid: Review(ReviewStatus.VALIDATED, value) for qid, value in r.answers.items()} for r in respondents
    ]
    claimed = room_answers(questionnaire, respondents, agreed)
    evidenced = evidenced_room_answers(questionnaire, respondents, everything, agreed, TODAY)
    unbacked = {
        qid for qid, value in agreed.items() if not any(r.answers.get(qid) == value for r in respondents)
    }
    assert {q: v for q, v in claimed.items() if q not in unbacked} == evidenced


def test_an_agreed_answer_stands_only_behind_a_validated_identical_answer(flagship):
    question = flagship.maturity_questions[0]
    low, high = question.option_ids[0], question.option_ids[-1]
    scope = {q.id: q.option_ids[0] for q in flagship.questions_of_kind(QuestionKind.SCOPING)}
    respondents = [
        Participant("A", {**scope, question.id: high}),
        Participant("B", {**scope, question.id: low}),
    ]
    agreed = {question.id: high}
    nothing = evidenced_room_answers(flagship, respondents, [{}, {}], agreed, TODAY)
    assert question.id not in nothing  # not the middle of the room: unanswered
    other = [{}, {question.id: Review(ReviewStatus.VALIDATED, low)}]
    assert question.id not in evidenced_room_answers(flagship, respondents, other, agreed, TODAY)
    backed = [{question.id: Review(ReviewStatus.VALIDATED, high)}, {}]
    assert evidenced_room_answers(flagship, respondents, backed, agreed, TODAY)[question.id] == high
    lapsed = [{question.id: Review(ReviewStatus.VALIDATED, high, date(2026, 1, 1))}, {}]
    assert question.id not in evidenced_room_answers(flagship, respondents, lapsed, agreed, TODAY)
