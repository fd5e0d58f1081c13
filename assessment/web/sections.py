"""The pages of an assessment: a scope page, the pages of each dimension that applies, then
the outcome facts.

A dimension's maturity questions are one page, or one page per top-level group when
there are more than PAGE_LENGTH of them; its "who owns this?" questions follow on pages
of their own, split the same way. A group that is still too long is cut into parts, so
no page holds more than PAGE_LENGTH questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import MAX_SHARED_OWNERS, Question, QuestionKind, Questionnaire
from ..scoring import question_applies

SCOPE = "scope"
FACTS = "outcomes"
#: The most questions one page holds.
PAGE_LENGTH = 10


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
    facts = tuple(q for q in questionnaire.facts if q.dimension is None)
    if facts:
        sections += _parts(
            Section(
                FACTS,
                "Outcomes so far",
                "A few figures that put your answers in context. They are shown beside your "
                "scores and never change a level. Give your best estimate, or choose Don't know.",
                facts,
            )
        )
    return tuple(sections)


def _dimension_pages(questionnaire: Questionnaire, dimension) -> list[Section]:
    """A dimension's maturity pages, then its ownership pages."""
    questions = questionnaire.questions_in(dimension.id)
    maturity = tuple(q for q in questions if q.kind is not QuestionKind.OWNERSHIP)
    owners = tuple(q for q in questions if q.kind is QuestionKind.OWNERSHIP)
    pages = _by_group(Section(dimension.id, dimension.title, dimension.description, maturity), dimension)
    pages += _by_group(
        Section(
            f"{dimension.id}-owners",
            "Who owns what",
            "For each activity, the function that owns it today. Where several functions share "
            f"it, choose each of them (up to {MAX_SHARED_OWNERS}); where none does, choose Nobody.",
            owners,
        ),
        dimension,
    )
    return pages


def _by_group(page: Section, dimension) -> list[Section]:
    """The page as it is, or one page per top-level group of the dimension when it is too long."""
    if not page.questions:
        return []
    if len(page.questions) <= PAGE_LENGTH or not dimension.groups:
        return _parts(page)
    pages = []
    known = {g.id for g in dimension.all_groups()}
    loose = tuple(q for q in page.questions if q.group not in known)
    if loose:
        pages += _parts(Section(page.id, page.title, page.description, loose))
    for group in dimension.groups:
        ids = {g.id for g in group.walk()}
        part = tuple(q for q in page.questions if q.group in ids)
        if part:
            owners = page.id.endswith("-owners")  # their groups are titled "Who owns ..." already
            title = group.title if owners else f"{page.title}: {group.title}"
            description = group.description or page.description
            pages += _parts(Section(f"{group.id}-owners" if owners else group.id, title, description, part))
    return pages


def _parts(page: Section) -> list[Section]:
    """The page cut into parts of at most PAGE_LENGTH questions ("… (part 2 of 3)")."""
    if len(page.questions) <= PAGE_LENGTH:
        return [page]
    count = -(-len(page.questions) // PAGE_LENGTH)
    size = -(-len(page.questions) // count)  # even parts: 11 questions make 6 and 5, not 10 and 1
    return [
        Section(
            page.id if n == 0 else f"{page.id}-{n + 1}",
            f"{page.title} (part {n + 1} of {count})",
            page.description,
            page.questions[n * size : (n + 1) * size],
        )
        for n in range(count)
    ]


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
    # Every page, not only those that apply: a page that does not apply adds no question,
    # and each page's questions are then checked once, not twice (autosaves ask this).
    applicable = [
        q
        for section in all_sections(questionnaire)
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
