"""Keeping the stored figures of assessments current, under the current scoring rules.

- A respondent's answer changes only their own summary. In a self-assessment the
  respondent is the organisation, so the assessment's summary (its peer-cohort row) is
  refreshed too; in a workshop the room's summary is only marked stale, because scoring
  the room on every participant's autosave is work nobody is waiting for.
- An autosave of a self-assessment (`answer_saved`) scores nothing: it marks the
  assessment's summary stale in the answer's transaction, and whoever reads the stored
  figures of self-assessments (the peer figures of a results page, `assessment init`)
  first recomputes the stale ones (`refresh_stale`). Scoring the whole questionnaire and
  rewriting the summary on every answer was half of an autosave's time.
- A workshop's room summary is computed from the room's answers (agreed, else the low
  median, by the individual rules) when the workshop closes, and whenever it is stale.
- `refresh_outdated` recomputes every summary that is missing, stale or was computed
  under older rules; `assessment init` runs it, so stored figures follow the rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..extensions import questionnaire_for
from ..persistence import (
    Assessment,
    AssessmentKind,
    Respondent,
    Workshop,
    answers_of,
    mark_stale,
    outdated,
    summarise,
    summarise_respondent,
)
from ..persistence.summaries import lock_stale, mark_answers_changed, stale_self_assessments
from ..questionnaire import Questionnaire
from ..scoring import Participant, applicable_answers, score_answers, score_group


def answer_changed(
    session: Session, respondent: Respondent, questionnaire: Questionnaire, answers: Mapping[str, str]
) -> None:
    """Refresh what one respondent's changed answers change (no commit)."""
    card = score_answers(questionnaire, applicable_answers(questionnaire, answers))
    assessment = respondent.assessment
    summarise_respondent(session, respondent.id, assessment.id, card)
    if assessment.kind == AssessmentKind.SELF:
        summarise(session, assessment, card)
    else:
        mark_stale(session, assessment.id)


def answer_saved(
    session: Session, respondent: Respondent, questionnaire: Questionnaire, answers: Mapping[str, str]
) -> None:
    """After one autosaved answer: a self-assessment's stored figures are marked stale, to be
    recomputed when read; a participant's are refreshed as `answer_changed` does (no commit)."""
    assessment = respondent.assessment
    if assessment.kind == AssessmentKind.SELF and mark_answers_changed(session, assessment.id):
        return
    answer_changed(session, respondent, questionnaire, answers)  # a participant, or no summary yet


def stale_in_family(session: Session, family: str) -> bool:
    """Whether any self-assessment of a cohort family has stored figures waiting to be recomputed."""
    return bool(stale_self_assessments(session, family))


def refresh_stale(session: Session, family: str) -> int:
    """Recompute the stale stored figures of a family's self-assessments, in a transaction
    that writes; how many (no commit). Each summary still stale once locked is recomputed
    from the answers committed by then."""
    count = 0
    for assessment_id in stale_self_assessments(session, family):
        if lock_stale(session, assessment_id):
            refresh_assessment(session, session.get(Assessment, assessment_id))
            count += 1
    return count


def refresh_assessment(session: Session, assessment: Assessment) -> None:
    """Recompute every stored figure of one assessment: each respondent's and its own (no commit)."""
    questionnaire = questionnaire_for(assessment.questionnaire_version)
    people = []
    for respondent in assessment.respondents:
        answers = applicable_answers(questionnaire, answers_of(session, respondent.id))
        summarise_respondent(session, respondent.id, assessment.id, score_answers(questionnaire, answers))
        people.append(Participant(respondent.role or "", answers, str(respondent.id)))
    if assessment.kind == AssessmentKind.SELF:
        summarise(session, assessment, score_answers(questionnaire, people[0].answers if people else {}))
    elif people:
        summarise(session, assessment, score_group(questionnaire, people, _agreed(session, assessment)).room)


def refresh_outdated(session: Session) -> int:
    """Recompute the summaries that are missing, stale or made under older rules; how many."""
    ids = outdated(session)
    for assessment_id in ids:
        refresh_assessment(session, session.get(Assessment, assessment_id))
    return len(ids)


def _agreed(session: Session, assessment: Assessment) -> dict[str, str]:
    """The answers a workshop's room agreed on, by question."""
    workshop = session.scalar(select(Workshop).where(Workshop.assessment_id == assessment.id))
    return {a.question_id: a.option_id for a in workshop.agreed_answers} if workshop else {}
