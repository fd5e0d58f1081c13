"""Every stored answer code has one set of words, wherever it is shown."""

from assessment.questionnaire import NOBODY, NOT_APPLICABLE, UNKNOWN, QuestionKind
from assessment.web.assess.forms import answer_choices


def test_every_answer_code_reads_the_same_in_words(flagship):
    maturity = next(q for q in flagship.questions if q.kind is QuestionKind.MATURITY and q.not_applicable)
    owned = flagship.questions_of_kind(QuestionKind.OWNERSHIP)[0]
    option = maturity.options[0]
    assert flagship.answer_words(maturity, option.id) == option.label
    assert flagship.answer_words(maturity, NOT_APPLICABLE) == "Not applicable to us"
    assert flagship.answer_words(maturity, UNKNOWN) == "Don't know"
    assert flagship.answer_words(maturity, None) == "Not answered"
    assert flagship.answer_words(owned, NOBODY) == "Nobody"
    assert flagship.answer_words(owned, "product+security") == "Product and Security (shared)"


def test_the_form_offers_the_answers_in_the_same_words(flagship):
    maturity = next(q for q in flagship.questions if q.kind is QuestionKind.MATURITY and q.not_applicable)
    for code, words in answer_choices(flagship, maturity):
        assert words == flagship.answer_words(maturity, code)
