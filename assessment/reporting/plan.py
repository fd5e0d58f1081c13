"""The roadmap as a plan in words: each action's workstream, cause, suggested owner and lift.

Shared by the reports, the workbook, the deck and the results page, so every one of them
says the same thing about the same action.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..scoring import RoadmapItem
from ..scoring.roadmap import HORIZONS


@dataclass(frozen=True)
class Action:
    """A roadmap item in words."""

    item: RoadmapItem
    dimension: str  # the workstream
    because: str
    owner: str = ""  # the suggested owner, "No clear owner", or "" when no activity applies
    lifts: str = ""  # what closing it lifts beyond the question itself
    activities: tuple[str, ...] = ()  # for the name-owners action: the activities, in words

    @property
    def effort(self) -> str:
        """The effort band, capitalised for a table cell."""
        return self.item.effort.capitalize()


#: Who names owners where the ownership map has none: the programme's sponsor decides.
SPONSOR = "The AI programme's sponsor"


def roadmap_action(questionnaire: Questionnaire, item: RoadmapItem, answered: str = "Answered") -> Action:
    """A roadmap item in words: its workstream, the answer that caused it ("Answered ..."),
    its suggested owner and what it lifts."""
    workstream = questionnaire.dimension(item.dimension).title if item.dimension else ""
    if item.names_owners:
        activities = tuple(questionnaire.question(a).text for a in item.activities)
        because = (
            f"The ownership map names nobody, or nobody knew who, for {len(activities)} "
            f"{'activity' if len(activities) == 1 else 'activities'} that other actions here need"
        )
        return Action(item, workstream, because, SPONSOR, activities=activities)
    question = questionnaire.question(item.question)
    if item.answer:
        because = f"{answered} “{question.describe(item.answer)}” to “{question.text}”"
    else:
        # A find-out action already quotes its question; repeating it says nothing more.
        named = question.text in item.action
        because = "Unanswered" if named else f"“{question.text}” is unanswered"
        because += ", and counts as the lowest level"
    owner = ""
    if item.owner is not None:
        owner = questionnaire.owner_words(item.owner)
    elif item.owner_activity is not None:
        owner = "No clear owner"
    return Action(item, workstream, because, owner, _lifts(questionnaire, item, workstream))


def _lifts(questionnaire: Questionnaire, item: RoadmapItem, workstream: str) -> str:
    """What an action lifts beyond its own question, when it is among the fewest changes
    that lift its dimension a level; "" otherwise."""
    if item.lifts is None:
        return ""
    level = f"level {item.lifts:g} {questionnaire.level_at(item.lifts).name}"
    if item.lift_changes == 1:
        return f"On its own, lifts {workstream} to {level}."
    return f"One of {item.lift_changes} changes that together lift {workstream} to {level}."


def by_horizon(actions: Sequence[Action]) -> tuple[tuple[str, tuple[Action, ...]], ...]:
    """The actions of each roadmap horizon, in rank order."""
    return tuple((h, tuple(a for a in actions if a.item.horizon == h)) for h in HORIZONS)
