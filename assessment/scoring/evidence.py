"""Claimed and evidenced answers: what a reviewer's sign-off leaves standing.

Every answer is *claimed* until a reviewer validates it. A validation stands only while
(a) the answer is still the one the reviewer saw, and (b) the evidence behind it has not
expired: an answer stays evidenced while at least one of its evidence items is current,
an item without an expiry date is always current, and a validation with no evidence at
all (the reviewer saw it for themselves) does not expire. A *challenged* answer carries
the reviewer's comment and the level they believe; it still counts as claimed.

The evidenced figures score only the answers that stand validated; every other maturity
or ownership answer counts as unanswered under the methodology, so an evidenced figure
can never exceed its claimed one. Scoping and fact answers describe the organisation, not
its maturity, and are kept as given, so both figures score the same questions. So is
"not applicable": it says what is in scope, and scores nothing either way. Counting an
unvalidated "n/a" as unanswered would give a dimension a figure (the floor) that its
claimed side does not have; a reviewer who doubts an "n/a" challenges it instead.

A workshop's room is scored the same way (`evidenced_room_answers`): the room's answers
are drawn, by the usual rules, from each participant's evidenced answers. An answer the
room agreed after discussion stands for the room's evidenced figures only when at least
one participant gave that very answer and it stands validated: the agreement itself is
not evidence. Otherwise the room's answer to that question counts as unanswered, not as
the middle of the evidenced answers, so an evidenced room figure never exceeds its
claimed one either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from assessment.questionnaire.model import NOT_APPLICABLE, QuestionKind, Questionnaire

from .room import Participant, room_answers

#: The kinds of answer a reviewer signs off; the others are context, kept as given.
REVIEWED_KINDS = (QuestionKind.MATURITY, QuestionKind.OWNERSHIP)


class ReviewStatus(StrEnum):
    """Where a reviewer left an answer."""

    CLAIMED = "claimed"
    VALIDATED = "validated"
    CHALLENGED = "challenged"


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on one answer, with what it was made on."""

    status: ReviewStatus
    #: The answer the reviewer reviewed: a later, different answer is claimed again.
    value: str
    #: Until when the evidence behind it holds (see `validity_end`); None: no end.
    expires: date | None = None
    #: For a challenge: the option the reviewer believes is right.
    believed: str | None = None


def validity_end(expiries: Iterable[date | None]) -> date | None:
    """The last day evidence items with these expiry dates keep a validation standing.

    No evidence, or any item without an expiry date, gives no end; otherwise the latest
    expiry (an answer stands while one of its items is current)."""
    ends = list(expiries)
    if not ends or any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def standing(review: Review | None, value: str | None, today: date) -> ReviewStatus:
    """Where an answer stands today: a review of another value, or one whose evidence has
    expired, leaves it claimed."""
    if review is None or value is None or review.value != value:
        return ReviewStatus.CLAIMED
    if review.expires is not None and review.expires < today:
        return ReviewStatus.CLAIMED
    return review.status


def is_expired(review: Review | None, value: str | None, today: date) -> bool:
    """Whether a validation of this very answer has lapsed because its evidence expired."""
    return (
        review is not None
        and review.status is ReviewStatus.VALIDATED
        and review.value == value
        and review.expires is not None
        and review.expires < today
    )


def evidenced_answers(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    reviews: Mapping[str, Review],
    today: date,
) -> dict[str, str]:
    """The answers the evidenced figures score: validated ones, and the context answers
    (scoping, facts and "not applicable")."""
    reviewed = {question.id for kind in REVIEWED_KINDS for question in questionnaire.questions_of_kind(kind)}
    return {
        question_id: value
        for question_id, value in answers.items()
        if question_id not in reviewed
        or value == NOT_APPLICABLE
        or standing(reviews.get(question_id), value, today) is ReviewStatus.VALIDATED
    }


def evidenced_room_answers(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    reviews: Sequence[Mapping[str, Review]],
    agreed: Mapping[str, str] | None,
    today: date,
) -> dict[str, str]:
    """The room's answers for its evidenced figures (see the module's docstring): `reviews`
    run in step with `respondents`, each participant's reviews by question id."""
    evidenced = [
        Participant(
            respondent.role,
            evidenced_answers(questionnaire, respondent.answers, decided, today),
            respondent.id,
        )
        for respondent, decided in zip(respondents, reviews, strict=True)
    ]
    agreed = agreed or {}
    backed = {
        question_id: value
        for question_id, value in agreed.items()
        if any(
            respondent.answers.get(question_id) == value
            and standing(decided.get(question_id), value, today) is ReviewStatus.VALIDATED
            for respondent, decided in zip(respondents, reviews, strict=True)
        )
    }
    room = room_answers(questionnaire, evidenced, backed)
    return {
        question_id: value
        for question_id, value in room.items()
        if question_id not in agreed.keys() - backed.keys()
    }


@dataclass(frozen=True)
class ReviewSummary:
    """How much of an assessment a reviewer has signed off."""

    answered: int  # maturity and ownership answers given
    validated: int
    challenged: int
    claimed: int  # neither, including the lapsed ones below
    expired: int  # validated, but the evidence behind it has expired
    changed: int  # reviewed, but the answer has changed since
    with_evidence: int  # answers with at least one evidence item

    @property
    def validated_share(self) -> float:
        """The share of given answers that stand validated (0 when nothing is answered)."""
        return self.validated / self.answered if self.answered else 0.0

    def to_dict(self) -> dict:
        """JSON-ready figures."""
        return {
            "answered": self.answered,
            "validated": self.validated,
            "challenged": self.challenged,
            "claimed": self.claimed,
            "expired": self.expired,
            "changed": self.changed,
            "with_evidence": self.with_evidence,
            "validated_share": round(self.validated_share, 4),
        }


def summarise_review(
    questionnaire: Questionnaire,
    answers: Iterable[Mapping[str, str]],
    reviews: Iterable[Mapping[str, Review]],
    evidenced: Iterable[Iterable[str]],
    today: date,
) -> ReviewSummary:
    """Count one or more respondents' answers by where they stand (the three iterables run
    in step: each respondent's answers, reviews, and the questions they gave evidence for)."""
    reviewed = {question.id for kind in REVIEWED_KINDS for question in questionnaire.questions_of_kind(kind)}
    counts = dict.fromkeys(("answered", "validated", "challenged", "claimed", "expired", "changed"), 0)
    with_evidence = 0
    for given, decided, backed in zip(answers, reviews, evidenced, strict=True):
        backed = set(backed)
        for question_id, value in given.items():
            if question_id not in reviewed:
                continue
            counts["answered"] += 1
            with_evidence += question_id in backed
            review = decided.get(question_id)
            status = standing(review, value, today)
            counts[status.value] += 1
            counts["expired"] += is_expired(review, value, today)
            counts["changed"] += review is not None and review.value != value
    return ReviewSummary(with_evidence=with_evidence, **counts)
