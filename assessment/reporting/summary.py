"""The executive summary: one page that says where an organisation stands and what to do first.

Shared by the individual report, the group report (for the room's answers) and the web
results page, so the three lead with the same words. Every sentence is decided here from
the scorecard, the plan and the comparisons; templates only print it.

Strengths and gaps are statements about the organisation, not the questionnaire's
questions: the words of the option it chose. A cumulative option ("As above, and owners
report ...") is stated by what it adds, since "as above" means nothing out of context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..questionnaire import UNKNOWN, Question, Questionnaire
from ..scoring import AnswerStatus, PeerComparison, Scorecard, TargetComparison, Trend
from ..scoring.roadmap import HORIZONS
from .context import Action

#: How a cumulative option begins: what follows is what it adds to the level below.
AS_ABOVE = "As above, and "
#: How many strengths and gaps the page states.
SHOWN = 3


@dataclass(frozen=True)
class Finding:
    """A statement about the organisation, with the practice it is about."""

    statement: str
    practice: str  # the question's text, for a reader who wants the source
    dimension: str
    value: float | None


@dataclass(frozen=True)
class ExecutiveSummary:
    """What the one-page summary says."""

    headline: str  # where the organisation stands, without its subject ("is at level 2, ...")
    first: str  # the one thing to do first ("" when nothing is to be done)
    level_meaning: str  # what the overall level means, in the scale's words
    standing: tuple[str, ...]  # target progress, peer position and trend, where they exist
    strengths: tuple[Finding, ...]
    gaps: tuple[Finding, ...]
    priorities: tuple[Action, ...]  # the first 90 days of the plan


def statement(question: Question, answer: str | None) -> str:
    """An answer as a statement about the organisation: the chosen option's words (what a
    cumulative option adds), or that the answer is not known."""
    if answer in question.option_ids:
        label = " ".join(question.option(answer).label.split())
        if label.startswith(AS_ABOVE):
            rest = label[len(AS_ABOVE) :]
            label = rest[:1].upper() + rest[1:]
        return first_sentence(label)
    if answer == UNKNOWN:
        return f"Nobody who answered knew: {question.text}"
    return f"Not answered: {question.text}"


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence (a summary states; the chapters explain)."""
    for index, char in enumerate(text):
        if (
            char in ".!?"
            and index + 1 < len(text)
            and text[index + 1] == " "
            and text[index + 2 : index + 3].isupper()
        ):
            return text[: index + 1]
    return text


def executive_summary(
    questionnaire: Questionnaire,
    scorecard: Scorecard,
    actions: Sequence[Action],
    comparison: TargetComparison | None = None,
    peers: PeerComparison | None = None,
    trend: Trend | None = None,
) -> ExecutiveSummary:
    """The executive summary of a scorecard and its plan. The headline leaves out its
    subject, which the page prints first ("Northwind Freight" or "The room")."""
    priorities = tuple(a for a in actions if a.item.horizon == HORIZONS[0])
    first = priorities[0] if priorities else (actions[0] if actions else None)
    return ExecutiveSummary(
        headline=_headline(questionnaire, scorecard, comparison),
        first=f"Do first: {_first_words(first)}" if first else "",
        level_meaning=_level_meaning(questionnaire, scorecard),
        standing=_standing(comparison, peers, trend),
        strengths=_strengths(questionnaire, scorecard),
        gaps=_gaps(questionnaire, scorecard, actions),
        priorities=priorities,
    )


def _headline(questionnaire: Questionnaire, scorecard: Scorecard, comparison: TargetComparison | None) -> str:
    """What follows the subject: "is at level 2, Developing, short of the “Production
    baseline” target; Governance and risk holds it back most." """
    if scorecard.level is None:
        return "has not answered enough to be placed on a level yet."
    level = f"is at level {scorecard.level:g}, {scorecard.level_name}"
    weakest = scorecard.weakest
    held = ""
    if weakest is not None and scorecard.level < questionnaire.highest_level.value:
        held = f"{weakest.title} holds it back most"
    if comparison is not None and comparison.meets_profile:
        return f"{level}, and meets the “{comparison.title}” target" + (f"; {held}." if held else ".")
    if comparison is not None:
        return f"{level}, short of the “{comparison.title}” target" + (f"; {held}." if held else ".")
    return f"{level}" + (f"; {held}." if held else ".")


def _first_words(action: Action) -> str:
    """The first action's words (its owner is beside it in the 90-day list)."""
    text = action.item.action.rstrip(".")
    if action.activities:
        text += f" ({len(action.activities)} {'activity' if len(action.activities) == 1 else 'activities'})"
    return f"{text}."


def _level_meaning(questionnaire: Questionnaire, scorecard: Scorecard) -> str:
    """The scale's description of the overall level."""
    if scorecard.level is None:
        return ""
    level = questionnaire.level_at(scorecard.level)
    return f"Level {level.value:g}, {level.name}: {level.description}" if level.description else ""


def _standing(
    comparison: TargetComparison | None, peers: PeerComparison | None, trend: Trend | None
) -> tuple[str, ...]:
    """Where the figures stand against the target, peers and the previous assessment."""
    lines = []
    if comparison is not None and comparison.percent_to_target is not None:
        missed = len(comparison.blocking)
        lines.append(
            f"{comparison.percent_to_target:.0%} of the way to the “{comparison.title}” target, "
            "measured from the lowest level"
            + (
                f"; {missed} required {'target is' if missed == 1 else 'targets are'} missed."
                if missed
                else "."
            )
        )
    if peers is not None and peers.shown and peers.overall is not None:
        stat = peers.overall
        place = (
            f"at the {ordinal(round(stat.percentile))} percentile of"
            if stat.percentile is not None
            else "beside"
        )
        lines.append(
            f"Among {peers.cohort_size} peer organisations, {place} their maturity index "
            f"(peer median {stat.median:.1f}, middle half {stat.q1:.1f} to {stat.q3:.1f})."
        )
    if trend is not None and trend.overall is not None and trend.overall.before is not None:
        change = trend.overall
        lines.append(
            f"Since the previous assessment the maturity index went {change.before:.1f} → "
            f"{change.after:.1f} ({change.summary()})."
            if change.after is not None
            else "The previous assessment's index cannot be compared with this one."
        )
    return tuple(lines)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ..."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _strengths(questionnaire: Questionnaire, scorecard: Scorecard) -> tuple[Finding, ...]:
    """The best-scored practices, as statements (critical and heavy ones first among equals)."""
    scored = [
        q for d in scorecard.dimensions for q in d.questions if q.status is AnswerStatus.SCORED and q.value
    ]
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    best = sorted(scored, key=lambda q: (-(q.value or 0), not q.critical, -q.weight, order[q.id]))[:SHOWN]
    return tuple(_finding(questionnaire, q.id, q.answer, q.value) for q in best)


def _gaps(
    questionnaire: Questionnaire, scorecard: Scorecard, actions: Sequence[Action]
) -> tuple[Finding, ...]:
    """The plan's first gaps (naming owners aside), each stated as the practice stands today.

    Gaps in known practice come first: what nobody knew is already on the page twice, in
    the caution about unanswered questions and as "find out" actions in the first 90 days,
    so it only fills the list when fewer gaps are known."""
    values = {q.id: q.value for d in scorecard.dimensions for q in d.questions}
    planned = [a.item for a in actions if not a.item.names_owners]
    chosen = ([i for i in planned if not i.find_out] + [i for i in planned if i.find_out])[:SHOWN]
    return tuple(
        _finding(questionnaire, i.question, i.answer or None, values.get(i.question)) for i in chosen
    )


def _finding(
    questionnaire: Questionnaire, question_id: str, answer: str | None, value: float | None
) -> Finding:
    """One statement with its source question and dimension."""
    question = questionnaire.question(question_id)
    dimension = questionnaire.dimension(question.dimension).title if question.dimension else ""
    return Finding(statement(question, answer), question.text, dimension, value)
