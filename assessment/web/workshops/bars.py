"""The stacked bars of the live view: which answers a bar is made of, in which order and colour.

A colour means the same answer on every row of every bar. A maturity answer is coloured by
the level its option stands at (five tones, `level-1` lowest to `level-5` highest; a scale
of another length is spread over those five), "Don't know" and "Not applicable to us" by
tones of their own, and parts run from the lowest level to the highest. An ownership answer
is coloured by the owner's fixed position in the questionnaire's list of owners
(`owner-1` to `owner-16`), an answer naming several owners by the `shared` tone, "Nobody"
by `nobody`; parts run in the owners' order. The position of a part within its row never
decides its colour, and every bar keeps its legend (colour is never the only carrier).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...questionnaire import Question, Questionnaire
from ...questionnaire.model import NOBODY, NOT_APPLICABLE, OWNER_SEPARATOR, UNKNOWN

#: How many level tones the stylesheet defines (`bar__part--level-1` .. `--level-5`).
LEVEL_TONES = 5
#: How many owner tones the stylesheet defines (`bar__part--owner-1` .. `--owner-16`):
#: every questionnaire's owners must fit (tests/web/test_consensus.py checks the shipped ones).
OWNER_TONES = 16


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar, positioned in percent of the bar's width."""

    label: str
    count: int
    x: float
    width: float
    tone: str  # the colour's CSS modifier: "level-3", "owner-2", "unknown", ...


def segments(parts: list[tuple[str, int, str]]) -> list[Segment]:
    """Stacked-bar parts for (label, count, tone) triples, in the order given, skipping empty ones."""
    total = sum(count for _, count, _ in parts) or 1
    placed, x = [], 0.0
    for label, count, tone in parts:
        if count:
            width = 100 * count / total
            placed.append(Segment(label, count, round(x, 2), round(width, 2), tone))
            x += width
    return placed


def level_tone(questionnaire: Questionnaire, value: float) -> str:
    """The tone of a value on the questionnaire's scale: its nearest level's rank, spread over
    the five level tones (a five-level scale maps one to one; ties go to the lower level)."""
    levels = sorted(level.value for level in questionnaire.levels)
    rank = min(range(len(levels)), key=lambda i: (abs(levels[i] - value), levels[i]))
    if len(levels) == 1:
        return "level-1"
    return f"level-{1 + round(rank * (LEVEL_TONES - 1) / (len(levels) - 1))}"


def level_parts(questionnaire: Questionnaire, counts: Mapping[float, int]) -> list[tuple[str, int, str]]:
    """(label, count, tone) per level of the scale, lowest first, from counts by level value."""
    return [
        (level.name, counts.get(level.value, 0), level_tone(questionnaire, level.value))
        for level in sorted(questionnaire.levels, key=lambda level: level.value)
    ]


def answer_parts(
    questionnaire: Questionnaire, question: Question, distribution: Mapping[str, int]
) -> list[tuple[str, int, str]]:
    """(label, count, tone) for a maturity question's answers: options by their level, lowest
    first, then "Don't know" and "Not applicable to us"."""

    def place(code: str) -> tuple:
        if code == UNKNOWN:
            return (1, 0.0, 0)
        if code == NOT_APPLICABLE:
            return (2, 0.0, 0)
        option = question.option(code)
        return (0, option.value, question.option_ids.index(code))

    parts = []
    for code in sorted(distribution, key=place):
        if code == UNKNOWN:
            tone = "unknown"
        elif code == NOT_APPLICABLE:
            tone = "na"
        else:
            tone = level_tone(questionnaire, question.option(code).value)
        parts.append((questionnaire.answer_words(question, code), distribution[code], tone))
    return parts


def owner_tone(questionnaire: Questionnaire, code: str) -> str:
    """The tone of an ownership answer: the owner's position in the questionnaire's list."""
    if code == NOBODY:
        return "nobody"
    if code == UNKNOWN:
        return "unknown"
    if code == NOT_APPLICABLE:
        return "na"
    if OWNER_SEPARATOR in code:
        return "shared"
    position = next((i for i, owner in enumerate(questionnaire.owners) if owner.id == code), None)
    if position is None or position >= OWNER_TONES:
        return "shared"  # never reached with the shipped questionnaires (a test checks it)
    return f"owner-{position + 1}"


def owner_parts(
    questionnaire: Questionnaire, question: Question, counts: Mapping[str, int]
) -> list[tuple[str, int, str]]:
    """(label, count, tone) for an ownership question's answers: single owners in the
    questionnaire's order, then shared answers, "Nobody" and "Don't know"."""
    order = {owner.id: i for i, owner in enumerate(questionnaire.owners)}
    last = len(order)

    def place(code: str) -> tuple:
        if code == NOBODY:
            return (last + 2, code)
        if code in (UNKNOWN, NOT_APPLICABLE):
            return (last + 3, code)
        if OWNER_SEPARATOR in code:
            return (last + 1, code)
        return (order.get(code, last), code)

    return [
        (questionnaire.answer_words(question, code), counts[code], owner_tone(questionnaire, code))
        for code in sorted(counts, key=place)
    ]
