"""The consensus round on the live view: a card per question the room may agree on, and the
picker that opens a card for any of them, not only the most divergent.

The room agrees on maturity questions (the questions scored on the levels: an agreed answer
stands for the room's answer in its levels and roadmap); ownership, scoping and fact
questions have no agreed answer. The picker searches those questions by their words, id and
dimension: the facilitator's page lists the matches of `?q=` without a script, and live.js
narrows the same list as the facilitator types. `?question=ID` opens that question's card
below the picker, unless it is already one of the divergent cards (which follow the picker).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...questionnaire import Question, QuestionKind, Questionnaire
from ...scoring import GroupScorecard, QuestionSpread
from .bars import answer_parts, segments

#: The longest search the picker reads (longer text is cut, never an error).
MAX_SEARCH = 200


def question_card(questionnaire: Questionnaire, spread: QuestionSpread, agreed: str | None) -> dict:
    """One question's card: its first-round spread and the agreed answer when recorded."""
    return _card(questionnaire, questionnaire.question(spread.question), spread, agreed)


def _card(questionnaire: Questionnaire, question: Question, spread: QuestionSpread | None, agreed) -> dict:
    """The card's figures and the agreed-answer form's options."""
    return {
        "id": question.id,
        "text": question.text,
        "dimension": questionnaire.dimension(question.dimension).title,
        "agreement": spread.agreement if spread else None,
        "median": spread.median if spread else None,
        "segments": segments(answer_parts(questionnaire, question, spread.distribution)) if spread else [],
        "options": [(o.id, o.label) for o in question.options],
        "agreed": agreed,
        "agreed_label": questionnaire.answer_words(question, agreed) if agreed else "",
    }


def agreeable(questionnaire: Questionnaire, question_id: str) -> Question | None:
    """The question the room may agree on with this id, or None."""
    try:
        question = questionnaire.question(question_id)
    except KeyError:
        return None
    return question if question.kind is QuestionKind.MATURITY else None


@dataclass(frozen=True)
class PickerEntry:
    """One question in the picker: what it shows, what a search matches, and whether the
    current search shows it."""

    id: str
    text: str
    dimension: str
    haystack: str  # id, words and dimension, in lower case: what a search matches
    shown: bool


@dataclass(frozen=True)
class Picker:
    """The picker as the page shows it: the search, its matches, and the opened card."""

    search: str
    searched: bool  # a search was sent (even an empty one, which lists every question)
    entries: tuple[PickerEntry, ...]
    chosen: dict | None  # the opened card, unless it is one of the divergent cards
    chosen_id: str  # the opened question's id ("" when none or unknown)
    problem: str  # why `?question=` opened nothing ("" when it did, or was not given)

    @property
    def query(self) -> dict[str, str]:
        """The search as a query argument, to keep it in the links it lists."""
        return {"q": self.search} if self.searched else {}

    @property
    def matches(self) -> int:
        """How many questions the search shows."""
        return sum(entry.shown for entry in self.entries)


def words(search: str) -> list[str]:
    """The words of a search, in lower case."""
    return search[:MAX_SEARCH].casefold().split()


def picker(
    questionnaire: Questionnaire,
    group: GroupScorecard | None,
    divergent: list[dict],
    agreed: dict[str, str],
    search: str | None,
    question_id: str,
) -> Picker:
    """The picker for a search (None when none was sent) and the question it opened."""
    wanted = words(search or "")
    entries = []
    for question in questionnaire.maturity_questions:
        dimension = questionnaire.dimension(question.dimension).title
        haystack = " ".join((question.id, question.text, dimension)).casefold()
        shown = search is not None and all(word in haystack for word in wanted)
        entries.append(PickerEntry(question.id, question.text, dimension, haystack, shown))
    chosen, problem = None, ""
    question = agreeable(questionnaire, question_id) if question_id else None
    if question_id and question is None:
        problem = f"No question “{question_id[:64]}” of this questionnaire can be agreed on."
    elif question is not None and all(card["id"] != question.id for card in divergent):
        spread = next((s for s in group.questions if s.question == question.id), None) if group else None
        chosen = _card(questionnaire, question, spread, agreed.get(question.id))
    return Picker(
        search=(search or "")[:MAX_SEARCH],
        searched=search is not None,
        entries=tuple(entries),
        chosen=chosen,
        chosen_id=question.id if question else "",
        problem=problem,
    )


def chosen_args(question: str, search: str | None) -> dict[str, str]:
    """The query that keeps the opened card and the picker's search (only those given)."""
    args = {"question": question} if question else {}
    return args | ({"q": search} if search is not None else {})


def chosen_view(question: str, search: str | None) -> tuple[str, ...]:
    """What the facilitator's panel shows beyond the room: its part of the ETag."""
    return (question, "" if search is None else "q:" + search)
