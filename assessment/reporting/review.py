"""Claimed against evidenced figures, and who signed off which answer, for reports and the page.

The storage layer gives plain values (`ReviewInputs`: each answer's review, the evidence
behind it and who decided, and the day the figures are for); this module scores the
evidenced answers (`scoring.evidence`), counts where the answers stand and puts each
answer's evidence and decision into words. Files are named with their size, never
opened: a report prints what was offered, not its content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..questionnaire import Questionnaire
from ..scoring import DimensionScore, Participant, Scorecard, score_answers
from ..scoring.evidence import (
    REVIEWED_KINDS,
    Review,
    ReviewStatus,
    ReviewSummary,
    evidenced_answers,
    evidenced_room_answers,
    is_expired,
    standing,
    summarise_review,
)


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence item behind an answer, as plain values."""

    note: str = ""
    links: tuple[str, ...] = ()
    files: tuple[tuple[str, int], ...] = ()  # (file name, size in bytes)
    expires: date | None = None
    added_by: str = ""

    def to_list(self) -> list:
        """JSON-ready, for the report cache."""
        return [self.note, list(self.links), [list(f) for f in self.files], _day(self.expires), self.added_by]


@dataclass(frozen=True)
class Decision:
    """Who validated or challenged an answer, when, and what they said."""

    reviewer: str
    reviewed_on: date
    comment: str = ""

    def to_list(self) -> list:
        """JSON-ready, for the report cache."""
        return [self.reviewer, self.reviewed_on.isoformat(), self.comment]


@dataclass(frozen=True)
class ReviewInputs:
    """One respondent's reviews, evidence and decisions by question id, and the day to judge
    expiry on (given, never read from the clock here)."""

    today: date
    reviews: Mapping[str, Review] = field(default_factory=dict)
    evidence: Mapping[str, tuple[EvidenceItem, ...]] = field(default_factory=dict)
    decisions: Mapping[str, Decision] = field(default_factory=dict)

    def cache_key(self, answers: Mapping[str, str]) -> list:
        """What a report shows of the review: every review, item and decision, and where each
        answer stands on `today` (so a lapsed validation changes the key, a new day does not)."""
        return [
            sorted(
                [
                    qid,
                    r.status.value,
                    r.value,
                    _day(r.expires),
                    r.believed,
                    str(standing(r, answers.get(qid), self.today)),
                ]
                for qid, r in self.reviews.items()
            ),
            sorted([qid, [item.to_list() for item in items]] for qid, items in self.evidence.items()),
            sorted([qid, decision.to_list()] for qid, decision in self.decisions.items()),
        ]


@dataclass(frozen=True)
class AnswerReview:
    """One answer's standing in words, its decision and its evidence."""

    status: ReviewStatus
    words: str  # "Validated by A. Reviewer on 3 March 2026", "Claimed: not reviewed yet", ...
    comment: str
    believed: str  # for a challenge: the answer the reviewer believes, in words
    evidence: tuple[EvidenceItem, ...]
    reviewed: bool = False  # whether a reviewer ever decided on it (standing or not)

    @property
    def shown(self) -> bool:
        """Whether the appendix prints it: a decision or evidence (not every bare claim)."""
        return self.reviewed or bool(self.evidence)


@dataclass(frozen=True)
class LevelPair:
    """A figure as claimed and as evidenced."""

    title: str
    claimed_score: float | None
    claimed_level: float | None
    claimed_name: str | None
    evidenced_score: float | None
    evidenced_level: float | None
    evidenced_name: str | None

    @property
    def lower(self) -> bool:
        """Whether the evidenced level falls below the claimed one."""
        return (self.evidenced_level or 0) < (self.claimed_level or 0)


@dataclass(frozen=True)
class ReviewView:
    """Everything a report or the results page shows of the review."""

    evidenced: Scorecard
    summary: ReviewSummary
    overall: LevelPair
    dimensions: tuple[LevelPair, ...]
    answers: Mapping[str, AnswerReview]  # by question id, answered maturity and ownership questions
    reviewers: tuple[str, ...]
    #: What else the reader must know of how the evidenced figures were drawn (a workshop's room).
    note: str = ""

    @property
    def reviewed(self) -> bool:
        """Whether any answer has been validated or challenged (standing or not)."""
        return bool(self.reviewers)

    @property
    def line(self) -> str:
        """The summary in one sentence (see `summary_line`)."""
        return summary_line(self.summary)


def summary_line(summary: ReviewSummary) -> str:
    """'14 of 40 answers validated (35%), 2 challenged, 1 lapsed because its evidence
    expired', with the changed answers too when there are any."""
    share = round(summary.validated_share * 100)
    words = [
        f"{summary.validated} of {summary.answered} answers validated ({share}%)",
        f"{summary.challenged} challenged",
    ]
    if summary.expired:
        words.append(
            f"{summary.expired} lapsed because {'its' if summary.expired == 1 else 'their'} evidence expired"
        )
    if summary.changed:
        words.append(f"{summary.changed} changed since {'its' if summary.changed == 1 else 'their'} review")
    return ", ".join(words)


def build_review_view(
    questionnaire: Questionnaire, answers: Mapping[str, str], claimed: Scorecard, inputs: ReviewInputs
) -> ReviewView:
    """Score the evidenced answers and put every reviewed answer's standing into words."""
    evidenced = score_answers(
        questionnaire, evidenced_answers(questionnaire, answers, inputs.reviews, inputs.today)
    )
    summary = summarise_review(
        questionnaire, [answers], [inputs.reviews], [inputs.evidence.keys()], inputs.today
    )
    reviewed = [q for kind in REVIEWED_KINDS for q in questionnaire.questions_of_kind(kind)]
    views = {
        question.id: _answer_review(questionnaire, question.id, answers.get(question.id), inputs)
        for question in reviewed
        if question.id in answers
    }
    return ReviewView(
        evidenced=evidenced,
        summary=summary,
        overall=_pair("Overall", claimed.score, claimed.level, claimed.level_name, evidenced),
        dimensions=tuple(_dimension_pair(d, evidenced.dimension(d.id)) for d in claimed.dimensions),
        answers=views,
        reviewers=tuple(sorted({d.reviewer for d in inputs.decisions.values()})),
    )


#: How a workshop's evidenced figures are drawn, in the report's words.
ROOM_NOTE = (
    "The counts are over every participant's answers. The room's evidenced figures draw the room's "
    "answers, by the usual rules, from the answers that stand validated; an answer the room agreed "
    "counts only when a participant gave that very answer and it stands validated, and is otherwise "
    "unanswered."
)


def build_room_review_view(
    questionnaire: Questionnaire,
    respondents: Sequence[Participant],
    reviews: Sequence[ReviewInputs],
    agreed: Mapping[str, str] | None,
    claimed: Scorecard,
) -> ReviewView:
    """A workshop's review: the room scored on its participants' evidenced answers beside
    `claimed` (the room's scorecard), and every participant's answers counted by where they
    stand. `reviews` run in step with `respondents`, all judged on the same day. No answer is
    put into words: the consultants' review page lists them."""
    today = reviews[0].today if reviews else date.min  # no participant: no day matters
    evidenced = score_answers(
        questionnaire,
        evidenced_room_answers(questionnaire, respondents, [r.reviews for r in reviews], agreed, today),
    )
    summary = summarise_review(
        questionnaire,
        [r.answers for r in respondents],
        [r.reviews for r in reviews],
        [r.evidence.keys() for r in reviews],
        today,
    )
    return ReviewView(
        evidenced=evidenced,
        summary=summary,
        overall=_pair("Room", claimed.score, claimed.level, claimed.level_name, evidenced),
        dimensions=tuple(_dimension_pair(d, evidenced.dimension(d.id)) for d in claimed.dimensions),
        answers={},
        reviewers=tuple(sorted({d.reviewer for r in reviews for d in r.decisions.values()})),
        note=ROOM_NOTE,
    )


def _pair(title, score, level, name, evidenced: Scorecard) -> LevelPair:
    return LevelPair(title, score, level, name, evidenced.score, evidenced.level, evidenced.level_name)


def _dimension_pair(claimed: DimensionScore, evidenced: DimensionScore | None) -> LevelPair:
    return LevelPair(
        claimed.title,
        claimed.score,
        claimed.level,
        claimed.level_name,
        evidenced.score if evidenced else None,
        evidenced.level if evidenced else None,
        evidenced.level_name if evidenced else None,
    )


def _answer_review(
    questionnaire: Questionnaire, question_id: str, value: str | None, inputs: ReviewInputs
) -> AnswerReview:
    """An answer's review in words: who decided what and when, or why it is claimed."""
    review = inputs.reviews.get(question_id)
    decision = inputs.decisions.get(question_id)
    status = standing(review, value, inputs.today)
    who = f" by {decision.reviewer} on {report_day(decision.reviewed_on)}" if decision else ""
    believed = ""
    if review is None:
        words = "Claimed: not reviewed yet"
    elif is_expired(review, value, inputs.today):
        words = f"Claimed: validated{who}, but its evidence expired on {report_day(review.expires)}"
    elif review.value != value:
        words = f"Claimed: reviewed{who}, but the answer has changed since"
    elif status is ReviewStatus.VALIDATED:
        words = f"Validated{who}"
    else:
        words = f"Challenged{who}"
        question = questionnaire.question(question_id)
        believed = questionnaire.answer_words(question, review.believed) if review.believed else ""
    return AnswerReview(
        status,
        words,
        decision.comment if decision else "",
        believed,
        tuple(inputs.evidence.get(question_id, ())),
        review is not None,
    )


def report_day(day: date | None) -> str:
    """A date as readers write it (7 March 2025); "" for none."""
    return f"{day.day} {day:%B %Y}" if day else ""


def file_size(size: int) -> str:
    """A file's size in words: "812 bytes", "14 KB", "2.3 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
