"""What the live view shows: completion, distributions, agreement, divergence, role gaps, ownership.

Computed from the stored answers by the scoring engine (score_group) once per state of
the room (see room_scores), so the facilitator, the presenter screen and the participants
see the same figures, and polls or a room opening its results do not score it again.
A poll that finds the room as it was costs less still: `live_etag` fingerprints
everything the panel shows in one query of aggregates, and a matching poll gets an empty
304 answer without the room being loaded, scored or rendered.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ...extensions import current_catalog, database, questionnaire_for
from ...persistence.room_scores import room_revision
from ...persistence.workspaces import Workshop
from ...questionnaire import Questionnaire, TargetProfile
from ...scoring import GroupScorecard, Participant, applicable_answers, score_group
from ...services.workshops import agreed_answers, answers_by_respondent
from ..sections import progress
from . import bars, consensus
from .bars import level_parts, owner_parts, segments
from .room_scores import RoomScores, room_scores

#: The templates the live panel is rendered from; a change to them changes every ETag.
PANEL_TEMPLATES = (
    "workshops/_live.html",
    "workshops/_bar.html",
    "workshops/_consensus_card.html",
    "workshops/_picker.html",
)
#: The modules that shape the panel beside this one; a change to them changes every ETag too.
PANEL_MODULES = (bars.__file__, consensus.__file__)

DIVERGENT_SHOWN = 10
#: An activity is contested when no answer has more than this share of the room.
CONTESTED_AT_MOST = 0.5


@dataclass(frozen=True)
class ParticipantProgress:
    """A participant's completion (named only when the workshop is not anonymous)."""

    label: str
    role: str
    answered: int
    total: int


@dataclass
class LiveResults:
    """Everything the live view shows about one workshop."""

    workshop: Workshop
    questionnaire: Questionnaire
    participants: list[ParticipantProgress]
    group: GroupScorecard | None
    dimensions: list[dict] = field(default_factory=list)
    divergent: list[dict] = field(default_factory=list)
    ownership: list[dict] = field(default_factory=list)
    targets: dict[str, float] = field(default_factory=dict)
    agreed: dict[str, str] = field(default_factory=dict)  # question id -> the room's agreed option

    @property
    def unanswered(self) -> int:
        """Answers still missing across the room, each counted at the lowest level."""
        return sum(spread.unanswered for spread in self.group.questions) if self.group else 0

    @property
    def completed(self) -> int:
        """Participants who answered every question that applies to them."""
        return sum(p.answered == p.total for p in self.participants)

    def summary_line(self) -> str:
        """The room in one line, for the page's polite status ("12 joined, 8 finished, median
        index 3.1"): the only part of the live view a screen reader hears change."""
        score = self.group.score if self.group else None
        median = f", median index {score:.1f}" if score is not None else ""
        return f"{len(self.participants)} joined, {self.completed} finished{median}"

    def summary(self) -> dict:
        """The figures as JSON (no participant names: this may be shown to the room)."""
        group = self.group
        return {
            "status": self.workshop.assessment.status,
            "results_visible": self.workshop.results_visible,
            "respondents": len(self.participants),
            "completed": self.completed,
            "score": group.score if group else None,
            "level": group.room.level if group else None,
            "unanswered": self.unanswered,
            "dimensions": [
                {k: d[k] for k in ("id", "title", "median", "level", "agreement", "target")}
                for d in self.dimensions
            ],
            "divergent": [{k: q[k] for k in ("id", "agreement", "median", "agreed")} for q in self.divergent],
            "role_gaps": [g.to_dict() for g in group.role_gaps] if group else [],
            "ownership": [
                {k: o[k] for k in ("id", "most_common", "share", "confused")} for o in self.ownership
            ],
            "agreed": [a.to_dict() for a in group.agreed] if group else [],
            "summary_line": self.summary_line(),
        }


def live_results(workshop: Workshop) -> LiveResults:
    """Score the workshop's answers as they stand now (once per state of the room, see room_scores)."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    rows = answers_by_respondent(database.session, workshop)
    agreed = agreed_answers(workshop)

    def compute() -> RoomScores:
        scored = [
            Participant(r.role or "", applicable_answers(questionnaire, answers), str(r.id))
            for r, answers in rows
        ]
        group = score_group(questionnaire, scored, agreed) if scored else None
        counts = tuple((done.answered, done.total) for done in (progress(questionnaire, a) for _, a in rows))
        return RoomScores(group, counts)

    inputs = [
        [questionnaire.id, questionnaire.version, questionnaire.content_hash],
        [[r.id, r.role, sorted(answers.items())] for r, answers in rows],
        sorted(agreed.items()),
    ]
    room = room_scores().get(workshop.id, inputs, compute)
    participants = [
        ParticipantProgress(respondent.name or f"Participant {index}", respondent.role or "", *counts)
        for index, ((respondent, _), counts) in enumerate(zip(rows, room.progress, strict=True), start=1)
    ]
    targets = _targets(workshop, questionnaire)
    results = LiveResults(workshop, questionnaire, participants, room.group, targets=targets, agreed=agreed)
    if room.group is not None:
        results.dimensions = _dimensions(questionnaire, results.group, results.targets)
        results.divergent = _divergent(questionnaire, results.group)
        results.ownership = _ownership(questionnaire, results.group)
    return results


def workshop_profile(workshop: Workshop, questionnaire: Questionnaire) -> TargetProfile | None:
    """The target profile the workshop was created with, if it chose one."""
    profiles = current_catalog().profiles_for(questionnaire)
    return next((p for p in profiles if p.id == workshop.target_profile), None)


def _targets(workshop: Workshop, questionnaire: Questionnaire) -> dict[str, float]:
    """The chosen target profile's target per dimension."""
    profile = workshop_profile(workshop, questionnaire)
    return {t.ref: t.target for t in profile.dimensions} if profile else {}


def _dimensions(questionnaire, group: GroupScorecard, targets) -> list[dict]:
    """Per dimension: median, the room's level, agreement, target, and where respondents sit."""
    cards = group.cards
    levels = questionnaire.levels
    room_levels = {d.id: d.level for d in group.room.dimensions}
    rows = []
    for dimension in questionnaire.dimensions:
        scores = [d.score for c in cards if (d := c.dimension(dimension.id)) and d.score is not None]
        counts = {level.value: sum(_nearest(levels, s) == level.value for s in scores) for level in levels}
        agreements = [
            q.agreement for q in group.questions if q.dimension == dimension.id and q.agreement is not None
        ]
        rows.append(
            {
                "id": dimension.id,
                "title": dimension.title,
                "median": group.dimensions.get(dimension.id),
                "level": room_levels.get(dimension.id),
                "agreement": sum(agreements) / len(agreements) if agreements else None,
                "target": targets.get(dimension.id),
                "scored": len(scores),
                "segments": segments(level_parts(questionnaire, counts)),
            }
        )
    return rows


def _nearest(levels, score: float) -> float:
    """The level value closest to a score (ties go to the lower level)."""
    return min(levels, key=lambda level: (abs(level.value - score), level.value)).value


def _divergent(questionnaire: Questionnaire, group: GroupScorecard) -> list[dict]:
    """The DIVERGENT_SHOWN least agreed questions as cards, in questionnaire order: which
    questions are shown follows the room, but a card never moves past another between two
    polls while the room discusses it (see consensus.question_card)."""
    agreed = {a.question: a.option for a in group.agreed}
    least = {spread.question: spread for spread in group.divergent[:DIVERGENT_SHOWN]}
    return [
        consensus.question_card(questionnaire, least[question.id], agreed.get(question.id))
        for question in questionnaire.maturity_questions
        if question.id in least
    ]


def _ownership(questionnaire: Questionnaire, group: GroupScorecard) -> list[dict]:
    """Per activity, who the room names as owner; confused when no owner has a majority."""
    rows = []
    for spread in group.ownership:
        question = questionnaire.question(spread.question)
        share = spread.most_common_share
        rows.append(
            {
                "id": spread.question,
                "text": question.text,
                "responses": spread.responses,
                "most_common": questionnaire.answer_words(question, spread.most_common)
                if spread.most_common
                else None,
                "share": share,
                "nobody_rate": spread.nobody_rate,
                "confused": spread.responses > 0 and (share or 0) <= CONTESTED_AT_MOST,
                "segments": segments(owner_parts(questionnaire, question, spread.counts)),
            }
        )
    return rows


def dimension_trend(before: LiveResults, after: LiveResults) -> list[dict]:
    """Per dimension, the earlier workshop's median beside this one's, with the change."""
    earlier = {d["id"]: d["median"] for d in before.dimensions}
    rows = []
    for dimension in after.dimensions:
        old, new = earlier.get(dimension["id"]), dimension["median"]
        change = new - old if old is not None and new is not None else None
        rows.append({"title": dimension["title"], "before": old, "after": new, "change": change})
    return rows


def live_etag(workshop: Workshop, presenter: bool, chosen: tuple[str, ...] = ()) -> str:
    """A validator of the live panel as `live_results` and the panel template would show it now,
    read without loading the answers: one query of aggregates over the room's rows (see
    persistence.room_scores.room_revision), the workshop's own fields, the view (the presenter
    screen shows less, the facilitator's names the card and search it opened: `chosen`), and the
    panel's templates and code. Compute it before the figures: a
    change landing in between is then served under the older validator, and only costs the next
    poll a full answer, never a stale panel kept as current."""
    assessment = workshop.assessment
    state = [
        _panel_code(),
        "presenter" if presenter else "facilitator",
        list(chosen),
        [workshop.id, workshop.title, workshop.anonymous, workshop.roles, workshop.target_profile],
        [workshop.results_visible, workshop.closes_at, assessment.status, assessment.closed_at],
        [assessment.questionnaire_version_id, assessment.is_demo],
        room_revision(database.session, workshop.id, workshop.assessment_id),
    ]
    text = json.dumps(state, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _panel_code() -> str:
    """A digest of the panel's templates and modules, once per app (a new release changes it)."""
    found = current_app.extensions.get("live_panel_code")
    if found is None:
        digest = hashlib.sha256(Path(__file__).read_bytes())
        for module in PANEL_MODULES:
            digest.update(Path(module).read_bytes())
        env = current_app.jinja_env
        for name in PANEL_TEMPLATES:
            digest.update(env.loader.get_source(env, name)[0].encode())
        found = current_app.extensions.setdefault("live_panel_code", digest.hexdigest())
    return found
