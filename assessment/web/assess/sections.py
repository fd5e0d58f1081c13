"""The pages of an assessment: a scope page, then the pages of each dimension that applies.

A dimension's maturity questions are one page, or one page per top-level group when
there are more than PAGE_LENGTH of them; its "who owns this?" questions follow on a page
of their own, so no page runs much beyond ten questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...questionnaire import Question, QuestionKind, Questionnaire
from ...scoring import question_applies

SCOPE = "scope"
#: About the most questions one page holds before it is split by the dimension's groups.
PAGE_LENGTH = 12


@dataclass(frozen=True)
class Section:
    """One page of questions."""

    id: str
    title: str
    description: str
    questions: tuple[Question, ...]


def all_sections(questionnaire: Questionnaire) -> tuple[Section, ...]:
    """Every page, whether it applies or not."""
    sections = []
    scoping = tuple(
        q for q in questionnaire.questions if q.kind is QuestionKind.SCOPING and q.dimension is None
    )
    if scoping:
        sections.append(
            Section(
                SCOPE, "About your AI work", "These answers decide which questions apply to you.", scoping
            )
        )
    for dimension in questionnaire.dimensions:
        sections += _dimension_pages(questionnaire, dimension)
    return tuple(sections)


def _dimension_pages(questionnaire: Questionnaire, dimension) -> list[Section]:
    """A dimension's maturity page (or one per group when long), then its ownership page."""
    questions = questionnaire.questions_in(dimension.id)
    maturity = tuple(q for q in questions if q.kind is not QuestionKind.OWNERSHIP)
    owners = tuple(q for q in questions if q.kind is QuestionKind.OWNERSHIP)
    pages = []
    if len(maturity) > PAGE_LENGTH and dimension.groups:
        for group in dimension.groups:
            ids = {g.id for g in group.walk()}
            part = tuple(q for q in maturity if q.group in ids)
            if part:
                pages.append(Section(group.id, f"{dimension.title}: {group.title}", group.description, part))
        known = {g.id for g in dimension.all_groups()}
        loose = tuple(q for q in maturity if q.group not in known)
        if loose:
            pages.insert(0, Section(dimension.id, dimension.title, dimension.description, loose))
    elif maturity:
        pages.append(Section(dimension.id, dimension.title, dimension.description, maturity))
    if owners:
        pages.append(
            Section(
                f"{dimension.id}-owners",
                "Who owns what",
                "For each activity, the function that owns it today, or nobody.",
                owners,
            )
        )
    return pages


def applicable_questions(
    questionnaire: Questionnaire, section: Section, answers: dict[str, str]
) -> tuple[Question, ...]:
    """The questions of a page that apply, given the answers so far."""
    return tuple(q for q in section.questions if question_applies(questionnaire, q, answers))


def sections_that_apply(questionnaire: Questionnaire, answers: dict[str, str]) -> tuple[Section, ...]:
    """The pages with at least one question that applies."""
    return tuple(s for s in all_sections(questionnaire) if applicable_questions(questionnaire, s, answers))


@dataclass(frozen=True)
class Progress:
    """How far the respondent has got."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent answered."""
        return round(100 * self.answered / self.total) if self.total else 100


def progress(questionnaire: Questionnaire, answers: dict[str, str]) -> Progress:
    """Answered and total questions among those that apply."""
    applicable = [
        q
        for section in sections_that_apply(questionnaire, answers)
        for q in applicable_questions(questionnaire, section, answers)
    ]
    return Progress(sum(1 for q in applicable if q.id in answers), len(applicable))


def unanswered(questionnaire: Questionnaire, answers: dict[str, str]) -> list[tuple[Section, list[Question]]]:
    """Per page, the applicable questions still without an answer."""
    result = []
    for section in sections_that_apply(questionnaire, answers):
        missing = [q for q in applicable_questions(questionnaire, section, answers) if q.id not in answers]
        if missing:
            result.append((section, missing))
    return result
