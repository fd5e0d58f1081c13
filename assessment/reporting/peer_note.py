"""What a report says about peers besides the figures: who they are, why none are shown,
and which practices are common among them or rare."""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..scoring import PeerComparison
from ..scoring.cohort import PRACTICE_BAR

#: Who the peers are when they come from this service's own consenting organisations.
ON_THIS_SERVICE = "real organisations on this service that agreed to anonymised comparison"


def imported_source(name: str) -> str:
    """Who the peers are when they come from peer data a consultant imported."""
    return f"organisations in the imported peer data “{name}” that agreed to anonymised comparison"


#: The most practices a report lists of each kind.
PRACTICES_SHOWN = 5


@dataclass(frozen=True)
class PracticeRow:
    """A practice and how common it is among the peers."""

    text: str
    share: float  # of the peers, at the bar or above


@dataclass(frozen=True)
class PeerNote:
    """The words around the peer figures."""

    source: str  # who the peers are, e.g. ON_THIS_SERVICE
    reason: str | None  # why no figure is shown, when peers were looked for
    bar: str  # the level a practice counts from, in words ("3 Defined")
    lacking: tuple[PracticeRow, ...] = ()  # common among peers, below the bar here
    standing_out: tuple[PracticeRow, ...] = ()  # rare among peers, at the bar or above here


def peer_note(questionnaire: Questionnaire, peers: PeerComparison | None, source: str) -> PeerNote:
    """The note for a comparison (or for none): most common lacking practices first, rarest
    differentiators first, ties in questionnaire order."""
    named = {level.value: level.name for level in questionnaire.levels}
    bar = f"{PRACTICE_BAR:g} {named.get(PRACTICE_BAR, '')}".strip()
    if peers is None or not peers.shown:
        return PeerNote(source, peers.reason if peers is not None else None, bar)
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}

    def rows(flag: str, most_common_first: bool) -> tuple[PracticeRow, ...]:
        chosen = sorted(
            (p for p in peers.practices if p.flag == flag),
            key=lambda p: (-p.share_at_bar if most_common_first else p.share_at_bar, order[p.question]),
        )
        return tuple(
            PracticeRow(questionnaire.question(p.question).text, p.share_at_bar)
            for p in chosen[:PRACTICES_SHOWN]
        )

    return PeerNote(source, None, bar, rows("common-practice-you-lack", True), rows("differentiator", False))
