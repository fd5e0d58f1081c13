"""Immutable objects a loaded questionnaire is made of.

Everything here is a frozen dataclass holding tuples, so a loaded questionnaire can be
shared between requests and threads without anyone changing it under another's feet.
The loader builds these objects only from a file that passed every check.

Why one module: the questionnaire's parts refer to one another (a question to its facts,
options, owners and conditions, the questionnaire to all of them), and reading them
together is how an author learns the model. Target profiles, translations and the checks
live in modules of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

#: Questionnaire purposes: what an organisation is assessed with, and the per-initiative gate.
ASSESSMENT = "assessment"
PRODUCTION_GATE = "production-gate"
#: Answer codes that are not option ids.
NOT_APPLICABLE = "n/a"
UNKNOWN = "unknown"
#: The owner code for "nobody owns this" in ownership questions.
NOBODY = "nobody"
#: The words for those codes, and for no answer, wherever an answer is shown.
SPECIAL_ANSWER_WORDS = MappingProxyType(
    {NOT_APPLICABLE: "Not applicable to us", UNKNOWN: "Don't know", NOBODY: "Nobody"}
)
NOT_ANSWERED_WORDS = "Not answered"
#: Joins the owner ids of an activity several functions share ("product+security").
OWNER_SEPARATOR = "+"
#: The most functions one answer may name as sharing an activity: an activity that more
#: functions share has, for practical purposes, no owner.
MAX_SHARED_OWNERS = 3


def owner_ids(code: str) -> tuple[str, ...]:
    """The owner ids an ownership answer names ("product+security" -> both)."""
    return tuple(code.split(OWNER_SEPARATOR)) if code else ()


def owner_code(ids) -> str:
    """The stored answer for a set of owners: sorted, so the same owners give the same code."""
    return OWNER_SEPARATOR.join(sorted(set(ids)))


class FactType(StrEnum):
    """What an outcome fact is measured in."""

    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Fact:
    """What an outcome fact accepts: its type, its unit and its range (both ends included)."""

    type: FactType
    unit: str = ""
    minimum: float | str | None = None  # ISO dates for date facts
    maximum: float | str | None = None

    def normalise(self, raw: str) -> str:
        """The stored form of an answer ("1,200" -> "1200"); ValueError says what is wrong."""
        value = raw.strip()
        if self.type is FactType.DATE:
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                raise ValueError("Enter a date as year-month-day, for example 2026-03-31.") from None
            low = date.fromisoformat(self.minimum) if self.minimum else None
            high = date.fromisoformat(self.maximum) if self.maximum else None
            if (low and parsed < low) or (high and parsed > high):
                raise ValueError(f"Enter a date {_range_words(low, high)}.")
            return parsed.isoformat()
        digits = value.replace(",", "").replace("\u202f", "").replace(" ", "")
        try:
            number = float(digits) if digits else float("nan")
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"Enter a number{self._unit_words()}, for example 12.")
        if self.type is FactType.INTEGER and number != int(number):
            raise ValueError(f"Enter a whole number{self._unit_words()}.")
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValueError(
                f"Enter a number {_range_words(self.minimum, self.maximum)}{self._unit_words()}."
            )
        return str(int(number)) if self.type is FactType.INTEGER else f"{number:.10g}"

    def accepts(self, code: str) -> bool:
        """True when `code` is already in stored form and within range."""
        try:
            return self.normalise(code) == code
        except ValueError:
            return False

    def _unit_words(self) -> str:
        return f" ({self.unit})" if self.unit else ""


def _range_words(low, high) -> str:
    """ "from 0 to 100", "of at least 0", "of at most 2026-12-31" """

    def shown(value) -> str:
        return f"{value:g}" if isinstance(value, float | int) else str(value)

    dates = isinstance(low, date) or isinstance(high, date)
    if low is not None and high is not None:
        return f"from {shown(low)} to {shown(high)}"
    if low is not None:
        return f"on or after {low}" if dates else f"of at least {shown(low)}"
    if high is not None:
        return f"on or before {high}" if dates else f"of at most {shown(high)}"
    return ""


class QuestionKind(StrEnum):
    """What a question is for."""

    MATURITY = "maturity"  # scored: its options carry values
    SCOPING = "scoping"  # decides which other questions apply; not scored
    OWNERSHIP = "ownership"  # "who owns this?": answered with owners, scored for clarity
    FACT = "fact"  # an outcome figure (a count, a duration, a date): asked and shown, never scored


class Rollup(StrEnum):
    """How the scores of a node's children combine into the node's score."""

    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    SUM = "sum"
    MINIMUM = "min"


class LevelRule(StrEnum):
    """How a node's level follows from its score and its children."""

    STAIRCASE = "staircase"  # highest L held by most of the weight and every critical question
    FLOOR = "floor"  # highest declared level whose value is at or below the score
    WEAKEST = "weakest"  # the lowest level among the children (for the overall level)
    NONE = "none"  # the model declares no level at this tier


class Risk(StrEnum):
    """How much harm a gap in this question can do; multiplies roadmap priority."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def factor(self) -> int:
        """The multiplier used when ranking recommendations."""
        return {"low": 1, "medium": 2, "high": 3}[self.value]


#: The frameworks a question may cite, by the key used under `references`, in the order
#: reports list them. Editions and the ids of each live in the framework registry
#: (`questionnaires/vocabularies/frameworks.yaml`, read by `frameworks.py`).
FRAMEWORKS: Mapping[str, str] = MappingProxyType(
    {
        "nist-ai-rmf": "NIST AI RMF 1.0",
        "nist-ai-600-1": "NIST AI 600-1",
        "iso-42001": "ISO/IEC 42001:2023",
        "eu-ai-act": "EU AI Act",
        "owasp-llm": "OWASP Top 10 for LLM Applications 2025",
        "owasp-agentic": "OWASP Top 10 for Agentic Applications 2026",
    }
)


@dataclass(frozen=True)
class Level:
    """One rung of the maturity scale, such as 3 Defined."""

    value: float
    name: str
    description: str = ""


@dataclass(frozen=True)
class Option:
    """One answer to a question.

    `value` is None for scoping questions, whose options are not scored.
    """

    id: str
    label: str
    value: float | None = None
    evidence: str = ""
    recommendation: str = ""


@dataclass(frozen=True)
class Condition:
    """`question` answered with one of `any_of`.

    In `applies_when` an unanswered `question` counts as holding: what a scoping answer
    governs applies until the answer says it does not, so leaving a scoping question
    blank can never take questions out of the score. In `readiness_when` an unanswered
    `question` does not hold.
    """

    question: str
    any_of: tuple[str, ...]

    def holds(self, answers: Mapping[str, str]) -> bool:
        """True when the question is unanswered or answered with an accepted option."""
        answer = answers.get(self.question)
        return answer is None or answer in self.any_of

    def answered_with(self, answers: Mapping[str, str]) -> bool:
        """True only when the question was answered with an accepted option."""
        return answers.get(self.question) in self.any_of


@dataclass(frozen=True)
class Reference:
    """A pointer into a public framework, e.g. ("nist-ai-rmf", "GV-2.1").

    `edition` and `title` come from the framework registry when the questionnaire is
    loaded; they do not take part in equality, which is the framework and the id.
    """

    framework: str
    id: str
    edition: str = field(default="", compare=False)
    title: str = field(default="", compare=False)

    @property
    def citation(self) -> str:
        """The reference as reports print it: `edition id — title` (no title when unknown)."""
        edition = self.edition or FRAMEWORKS[self.framework]
        return f"{edition} {self.id} — {self.title}" if self.title else f"{edition} {self.id}"


@dataclass(frozen=True)
class Owner:
    """A function that can own a lifecycle activity (Product, Security, ...)."""

    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question as the respondent sees it, with everything scoring needs."""

    id: str
    kind: QuestionKind
    text: str
    help: str = ""
    dimension: str | None = None
    group: str | None = None
    weight: float = 1.0
    critical: bool = False
    risk: Risk = Risk.MEDIUM
    covers: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    #: Why no framework has a close equivalent, when the question cites none on purpose.
    no_direct_equivalent: str = ""
    options: tuple[Option, ...] = ()
    not_applicable: bool = False
    unknown: bool = True
    applies_when: tuple[Condition, ...] = ()
    depends_on: tuple[str, ...] = ()
    fact: Fact | None = None  # for fact questions: what they accept
    #: The ownership question (activity) whose owner is suggested for this question's actions.
    owned_by: str | None = None

    def option(self, option_id: str) -> Option:
        """The option with this id; KeyError names the question when there is none."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(f"question {self.id} has no option {option_id!r}")

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the options, in the order they are shown."""
        return tuple(option.id for option in self.options)

    def describe(self, code: str | None) -> str:
        """The words for an answer code: an option's label, "Don't know", "Not applicable to us",
        "Nobody", "Not answered" (for no answer or ""), else the code (an owner id, whose
        label the questionnaire's owners give: see `Questionnaire.answer_words`)."""
        if not code:
            return NOT_ANSWERED_WORDS
        if code in SPECIAL_ANSWER_WORDS:
            return SPECIAL_ANSWER_WORDS[code]
        if self.fact is not None:
            return f"{code} {self.fact.unit}".strip()
        return next((o.label for o in self.options if o.id == code), code)

    def accepts(self, code: str) -> bool:
        """True when `code` is a valid answer to this question (an option or a special code)."""
        if code == UNKNOWN:
            return self.unknown
        if code == NOT_APPLICABLE:
            return self.not_applicable
        if self.fact is not None:
            return self.fact.accepts(code)
        return code in self.option_ids


@dataclass(frozen=True)
class Group:
    """A sub-group of a dimension (a topic; in OWASP SAMM, a practice or a stream)."""

    id: str
    title: str
    description: str = ""
    weight: float = 1.0
    rollup: Rollup | None = None  # None: the questionnaire's default for groups
    groups: tuple[Group, ...] = ()
    owned_by: str | None = None  # see Question.owned_by; for every question of the group

    def walk(self):
        """This group and every group below it, depth first."""
        yield self
        for child in self.groups:
            yield from child.walk()


def _trail_to(group: Group, group_id: str | None) -> tuple[Group, ...]:
    """The groups from `group` down to the one with `group_id`; () when it is not below."""
    if group.id == group_id:
        return (group,)
    for child in group.groups:
        if trail := _trail_to(child, group_id):
            return (group, *trail)
    return ()


@dataclass(frozen=True)
class Dimension:
    """A scored area of maturity, such as governance and risk."""

    id: str
    title: str
    description: str = ""
    weight: float = 1.0
    rollup: Rollup | None = None  # None: the questionnaire's default for dimensions
    applies_when: tuple[Condition, ...] = ()
    groups: tuple[Group, ...] = ()
    #: When these scoping answers are given, the dimension is scored and shown in full
    #: but stays out of the overall level and index (readiness for something planned).
    readiness_when: tuple[Condition, ...] = ()
    readiness_label: str = ""
    owned_by: str | None = None  # see Question.owned_by; for every question of the dimension

    def is_readiness_only(self, answers: Mapping[str, str]) -> bool:
        """True when the answers mark this dimension as readiness only."""
        return bool(self.readiness_when) and all(c.answered_with(answers) for c in self.readiness_when)

    def all_groups(self) -> tuple[Group, ...]:
        """Every group of this dimension at any depth, depth first."""
        return tuple(g for top in self.groups for g in top.walk())


@dataclass(frozen=True)
class TierRule:
    """The roll-up and level rule for one tier of the tree (group, dimension, overall)."""

    rollup: Rollup
    level: LevelRule = LevelRule.NONE
    #: For the staircase: the share of applicable weight that must be at or above a
    #: level (strictly more than this share) for the level to be held.
    majority: float = 0.5


@dataclass(frozen=True)
class ScoringRules:
    """How answers become scores and levels, as the questionnaire declares it."""

    group: TierRule = TierRule(Rollup.WEIGHTED_MEAN)
    dimension: TierRule = TierRule(Rollup.WEIGHTED_MEAN, LevelRule.STAIRCASE)
    overall: TierRule = TierRule(Rollup.WEIGHTED_MEAN, LevelRule.WEAKEST)
    #: "Don't know" counts as this value in headline figures; None means the lowest level.
    unknown_value: float | None = None


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """A loaded, validated questionnaire: the unit that answers are pinned to.

    Two loaded questionnaires are equal when they have the same id and content hash.
    """

    id: str
    version: str
    title: str
    content_hash: str
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    description: str = ""
    language: str = "en"
    listed: bool = True
    #: What the questionnaire is for: an assessment, or a production gate answered per AI
    #: initiative (never offered as an assessment; see questionnaire/gate.py).
    purpose: str = "assessment"
    scoring: ScoringRules = ScoringRules()
    owners: tuple[Owner, ...] = ()
    concerns: frozenset[str] = frozenset()
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    path: str = ""
    #: The YAML text the questionnaire was built from; its data is what content_hash hashes.
    text: str = field(default="", repr=False)
    #: The Markdown file (beside the questionnaire) that explains how this questionnaire
    #: is scored; "" for the folder's shared methodology.md.
    methodology: str = ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Questionnaire):
            return NotImplemented
        return (self.id, self.content_hash) == (other.id, other.content_hash)

    def __hash__(self) -> int:
        return hash((self.id, self.content_hash))

    @property
    def is_assessment(self) -> bool:
        """True unless this questionnaire is a production gate, answered per initiative."""
        return self.purpose == ASSESSMENT

    @property
    def family(self) -> str:
        """Versions that share the major version number are comparable in cohorts."""
        return f"{self.id}@{self.version.split('.')[0]}"

    @property
    def lowest_level(self) -> Level:
        """The bottom of the scale."""
        return min(self.levels, key=lambda level: level.value)

    @property
    def highest_level(self) -> Level:
        """The top of the scale."""
        return max(self.levels, key=lambda level: level.value)

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError when there is none."""
        try:
            return self._questions_by_id[question_id]
        except KeyError:
            raise KeyError(f"{self.id} has no question {question_id!r}") from None

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; KeyError when there is none."""
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(f"{self.id} has no dimension {dimension_id!r}")

    def questions_in(self, dimension_id: str) -> tuple[Question, ...]:
        """The maturity and ownership questions shown with a dimension, in order."""
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    @property
    def maturity_questions(self) -> tuple[Question, ...]:
        """The scored questions, in order."""
        return self.questions_of_kind(QuestionKind.MATURITY)

    @property
    def facts(self) -> tuple[Question, ...]:
        """The outcome facts, in order."""
        return self.questions_of_kind(QuestionKind.FACT)

    def answer_words(self, question: Question, code: str | None) -> str:
        """Any stored answer to `question` in words: an option's label, a fact's figure, an
        owner or shared owners, "Nobody", "Not applicable to us", "Don't know", "Not answered"."""
        if question.kind is QuestionKind.OWNERSHIP:
            return self.owner_words(code)
        return question.describe(code)

    def owner_words(self, code: str | None) -> str:
        """An ownership answer in words: "Product", "Product and Security (shared)", "Nobody"."""
        if not code or code in (NOBODY, UNKNOWN, NOT_APPLICABLE):
            return Question("", QuestionKind.OWNERSHIP, "").describe(code)
        labels = {o.id: o.label for o in self.owners}
        names = [labels.get(owner, owner) for owner in owner_ids(code)]
        if len(names) == 1:
            return names[0]
        return f"{', '.join(names[:-1])} and {names[-1]} (shared)"

    @property
    def scoring_signature(self) -> tuple:
        """Everything that decides a score: the levels, the dimensions and groups with their
        weights and rules, and each question's place, weight, conditions and option values.
        Two texts with the same signature (a minor version that only rewords or annotates)
        score the same answers the same way, so their results compare like for like."""
        return (
            tuple((level.value, level.name) for level in self.levels),
            self.scoring,
            tuple(replace(d, title="", description="", owned_by=None, groups=()) for d in self.dimensions),
            tuple((d.id, g.id, g.weight, g.rollup) for d in self.dimensions for g in d.all_groups()),
            tuple(
                (
                    q.id,
                    q.kind,
                    q.dimension,
                    q.group,
                    q.weight,
                    q.critical,
                    q.risk,
                    q.applies_when,
                    q.not_applicable,
                    q.unknown,
                    tuple((o.id, o.value) for o in q.options),
                )
                for q in self.questions
            ),
        )

    def activity_for(self, question_id: str) -> str | None:
        """The ownership question whose owner answers for a question's actions: the nearest
        `owned_by` of the question, its group and the groups above it, then its dimension."""
        question = self.question(question_id)
        if question.owned_by or question.dimension is None:
            return question.owned_by
        dimension = self.dimension(question.dimension)
        for top in dimension.groups:
            trail = _trail_to(top, question.group)
            for group in reversed(trail):
                if group.owned_by:
                    return group.owned_by
        return dimension.owned_by

    def questions_of_kind(self, kind: QuestionKind) -> tuple[Question, ...]:
        """All questions of one kind, in order."""
        return tuple(q for q in self.questions if q.kind == kind)

    def level_at(self, value: float) -> Level:
        """The declared level with exactly this value."""
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(f"{self.id} has no level {value!r}")

    @property
    def _questions_by_id(self) -> Mapping[str, Question]:
        # Built on first use and cached on the frozen instance.
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = MappingProxyType({q.id: q for q in self.questions})
            object.__setattr__(self, "_index", cached)
        return cached
