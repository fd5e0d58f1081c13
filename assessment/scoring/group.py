"""A workshop's answers together: spreads, agreement, role gaps, ownership confusion.

Every figure is a count, a median or a share over respondents, and every list is
sorted by a key of the questionnaire or the roles, so results never depend on the
order respondents arrive in. Per-question medians and agreement use option answers
follow the individual rules: over the respondents a question applies to, "don't know"
and no answer count as the lowest value in the median and the range (both are also
counted separately), and "not applicable" leaves the count. Agreement is measured over
the respondents who gave an answer on the scale or "don't know"; someone who has not
answered yet has no position to agree or disagree with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assessment.questionnaire.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    QuestionKind,
    Questionnaire,
)

from .answers import AnswerError, AnswerProblem, answers_given
from .ownership import OwnerSpread, owner_spread
from .roles import RoleGap, RoleScores, dimension_medians, median_of, role_gaps, role_scores
from .room import Participant, score_room
from .scorecard import Scorecard, lowest_values, score_answers


@dataclass(frozen=True)
class QuestionSpread:
    """How a room answered one maturity question."""

    question: str
    dimension: str
    distribution: Mapping[str, int]  # answer code -> respondents, in option order
    median: float | None  # "don't know" and no answer count as the lowest value
    low: float | None
    high: float | None
    agreement: float | None  # 1 - mean |value - median| / option range; 1 when all agree
    unknown: int
    not_applicable: int
    unanswered: int = 0  # respondents it applies to who have not answered it

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "dimension": self.dimension,
            "distribution": dict(self.distribution),
            "median": self.median,
            "low": self.low,
            "high": self.high,
            "agreement": self.agreement,
            "unknown": self.unknown,
            "not_applicable": self.not_applicable,
            "unanswered": self.unanswered,
        }


@dataclass(frozen=True)
class AgreedScore:
    """The facilitator's agreed answer beside the first-round spread."""

    question: str
    option: str
    value: float
    first_round: QuestionSpread

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "option": self.option,
            "value": self.value,
            "first_round": self.first_round.to_dict(),
        }


@dataclass(frozen=True)
class GroupScorecard:
    """A workshop's results."""

    respondents: int
    score: float | None  # median of the respondents' overall index
    dimensions: Mapping[str, float]  # dimension id -> median score
    questions: tuple[QuestionSpread, ...]
    roles: tuple[RoleScores, ...]
    role_gaps: tuple[RoleGap, ...]  # widest first
    ownership: tuple[OwnerSpread, ...]
    agreed: tuple[AgreedScore, ...] = field(default=())
    #: Each respondent's own scorecard, in the order given: spreads and room levels read
    #: these instead of scoring every respondent a second time.
    cards: tuple[Scorecard, ...] = field(default=(), repr=False, compare=False)
    #: The room's answers (agreed, else the low median) scored as one respondent's: the
    #: room's level and its distance to a profile.
    room: Scorecard | None = field(default=None, repr=False, compare=False)

    @cached_property
    def applicable_dimensions(self) -> frozenset[str]:
        """The dimensions that apply to at least one respondent: those that apply to the room."""
        return frozenset(d.id for card in self.cards for d in card.dimensions)

    @property
    def divergent(self) -> tuple[QuestionSpread, ...]:
        """Questions by agreement, lowest first (ties in questionnaire order)."""
        scored = [q for q in self.questions if q.agreement is not None]
        order = {q.question: i for i, q in enumerate(self.questions)}
        return tuple(sorted(scored, key=lambda q: (q.agreement, order[q.question])))

    def to_dict(self, divergent: int = 5) -> dict:
        """Plain JSON-friendly form, listing the `divergent` least agreed questions."""
        return {
            "respondents": self.respondents,
            "score": self.score,
            "dimensions": dict(self.dimensions),
            "questions": [q.to_dict() for q in self.questions],
            "divergent": [q.question for q in self.divergent[:divergent]],
            "roles": [r.to_dict() for r in self.roles],
            "role_gaps": [g.to_dict() for g in self.role_gaps],
            "ownership": [o.to_dict() for o in self.ownership],
            "agreed": [a.to_dict() for a in self.agreed],
            "room": None
            if self.room is None
            else {
                "score": self.room.score,
                "level": self.room.level,
                "level_name": self.room.level_name,
                "dimensions": {d.id: {"score": d.score, "level": d.level} for d in self.room.dimensions},
            },
        }


def score_group(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    agreed: Mapping[str, str] | None = None,
) -> GroupScorecard:
    """Score a workshop; AnswerError lists every problem of every respondent and agreed score."""
    problems: list[AnswerProblem] = []
    cards: list[tuple[Participant, Scorecard]] = []
    for index, respondent in enumerate(respondents, start=1):
        name = f"respondent {respondent.id or index}"
        try:
            cards.append((respondent, score_answers(questionnaire, respondent.answers)))
        except AnswerError as error:
            problems += [AnswerProblem(p.question, p.code, f"{name}: {p}") for p in error.problems]
    problems += _agreed_problems(questionnaire, agreed or {})
    if problems:
        raise AnswerError(problems)
    spreads = tuple(_spread(questionnaire, q.id, respondents) for q in _maturity(questionnaire))
    by_id = {s.question: s for s in spreads}
    roles = role_scores(questionnaire, cards)
    return GroupScorecard(
        respondents=len(cards),
        score=median_of([card.score for _, card in cards]),
        dimensions=dimension_medians(questionnaire, [card for _, card in cards]),
        questions=spreads,
        roles=roles,
        role_gaps=role_gaps(questionnaire, roles),
        ownership=tuple(owner_spread(questionnaire, q.id, respondents) for q in _ownership(questionnaire)),
        agreed=tuple(
            AgreedScore(qid, option, questionnaire.question(qid).option(option).value, by_id[qid])
            for qid, option in sorted((agreed or {}).items(), key=lambda kv: _order(questionnaire, kv[0]))
        ),
        cards=tuple(card for _, card in cards),
        room=score_room(questionnaire, respondents, agreed),
    )


def _maturity(questionnaire: Questionnaire):
    """The maturity questions, in order."""
    return questionnaire.questions_of_kind(QuestionKind.MATURITY)


def _ownership(questionnaire: Questionnaire):
    """The ownership questions, in order."""
    return questionnaire.questions_of_kind(QuestionKind.OWNERSHIP)


def _order(questionnaire: Questionnaire, question_id: str) -> int:
    """The position of a question in the questionnaire."""
    return next(i for i, q in enumerate(questionnaire.questions) if q.id == question_id)


def _agreed_problems(questionnaire: Questionnaire, agreed: Mapping[str, str]) -> list[AnswerProblem]:
    """Agreed scores must name a maturity question and one of its options."""
    problems = []
    maturity = {q.id: q for q in _maturity(questionnaire)}
    for qid in sorted(agreed, key=str):
        option = agreed[qid]
        if qid not in maturity:
            problems.append(
                AnswerProblem(str(qid), "unknown-question", f"agreed: {qid!r} is not a maturity question")
            )
        elif option not in maturity[qid].option_ids:
            problems.append(
                AnswerProblem(qid, "unknown-option", f"agreed: {qid}: {option!r} is not an option")
            )
    return problems


def _spread(
    questionnaire: Questionnaire, question_id: str, respondents: Sequence[Participant]
) -> QuestionSpread:
    """Distribution, median and agreement of one question over the respondents it applies to."""
    question = questionnaire.question(question_id)
    codes, unanswered = answers_given(questionnaire, question, (r.answers for r in respondents))
    counts = Counter(codes)
    order = [*question.option_ids, NOT_APPLICABLE, UNKNOWN]
    unknown_value, missing_value = lowest_values(questionnaire)
    answered = sorted(
        unknown_value if c == UNKNOWN else question.option(c).value for c in codes if c != NOT_APPLICABLE
    )
    values = sorted(answered + [missing_value] * unanswered)
    middle = median_of(values)
    agreement = None
    if answered:
        option_values = [o.value for o in question.options if o.value is not None]
        span = max(option_values) - min(option_values)
        centre = median_of(answered)
        deviation = sum(abs(v - centre) for v in answered) / len(answered)
        agreement = 1.0 if span == 0 else max(0.0, 1.0 - deviation / span)
    return QuestionSpread(
        question=question_id,
        dimension=question.dimension or "",
        distribution={code: counts[code] for code in order if counts[code]},
        median=middle,
        low=values[0] if values else None,
        high=values[-1] if values else None,
        agreement=agreement,
        unknown=counts[UNKNOWN],
        not_applicable=counts[NOT_APPLICABLE],
        unanswered=unanswered,
    )
