"""Production gate rules: how a gate questionnaire's answers meet the organisation's maturity.

A production gate is a questionnaire of its own (`purpose: production-gate`), answered once
per AI initiative. Its rules file (`kind: gate-rules`) says, for each gate question, which
questions of the organisation's assessment it relies on and the value each must reach,
which scoping question the initiative register answers (does it use agents?), the
readiness an initiative needs to count as ready, the default limit on initiatives in
flight per delivery team, and the autonomy tiers an agent may ask for with the
organisation's answers each tier needs. How the rules are applied is in
`assessment.scoring.portfolio`; this module only loads and checks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .checks import items
from .model import PRODUCTION_GATE, QuestionKind, Questionnaire
from .problems import Problem, QuestionnaireError
from .schema import schema_problems
from .source import Document


@dataclass(frozen=True)
class AutonomyTier:
    """How far an agent may act on its own, and the organisation's answers that allow it."""

    id: str
    label: str
    description: str = ""
    #: Organisation question id -> the value its answer must reach.
    needs: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class GateRules:
    """A checked gate-rules file."""

    gate: str
    questionnaire: str
    agents_question: str
    ready_at: float
    wip_limit: int
    #: Gate question id -> {organisation question id: value needed}.
    needs: Mapping[str, Mapping[str, float]]
    autonomy: tuple[AutonomyTier, ...]
    path: str = ""

    def tier(self, tier_id: str) -> AutonomyTier | None:
        """The autonomy tier with this id, or None."""
        return next((tier for tier in self.autonomy if tier.id == tier_id), None)

    def tier_index(self, tier_id: str) -> int:
        """Where a tier stands from least (0) to most autonomous; -1 for an unknown id."""
        return next((i for i, tier in enumerate(self.autonomy) if tier.id == tier_id), -1)


@dataclass(frozen=True)
class Gate:
    """A gate questionnaire with its rules: what the portfolio needs to judge initiatives."""

    questionnaire: Questionnaire
    rules: GateRules

    @property
    def items(self):
        """The gate's checklist items (its maturity questions), in order."""
        return self.questionnaire.maturity_questions

    @property
    def asked(self):
        """The gate questions a person answers: every one but the one the register answers."""
        return tuple(q for q in self.questionnaire.questions if q.id != self.rules.agents_question)


def gate_rules_from(
    document: Document, gate: Questionnaire | None, organisation: Questionnaire | None
) -> GateRules:
    """Check a parsed gate-rules document against the two questionnaires it joins, and build it.

    QuestionnaireError lists every problem: a gate or assessment that is not loaded, a
    gate whose purpose is not production-gate, a question that is not where the rules say,
    a needed value no option of the question offers, or tiers whose needs shrink.
    """
    problems = schema_problems(document, "gate-rules")
    if problems:
        raise QuestionnaireError(problems)
    data = document.data
    if gate is None:
        problems.append(document.problem(("gate",), f"no questionnaire '{data['gate']}' is loaded"))
    elif gate.purpose != PRODUCTION_GATE:
        problems.append(
            document.problem(
                ("gate",), f"'{gate.id}' is not a production gate: give it 'purpose: production-gate'"
            )
        )
    if organisation is None:
        problems.append(
            document.problem(("questionnaire",), f"no questionnaire '{data['questionnaire']}' is loaded")
        )
    if problems:
        raise QuestionnaireError(problems)
    problems += _gate_problems(document, gate)
    for gate_question, needs in data["needs"].items():
        problems += _needs_problems(document, ("needs", gate_question), needs, organisation)
    previous: dict[str, float] = {}
    for index, tier in items(data, "autonomy"):
        problems += _needs_problems(document, ("autonomy", index, "needs"), tier["needs"], organisation)
        if index == 0 and tier["needs"]:
            problems.append(document.problem(("autonomy", 0, "needs"), "the first tier must need nothing"))
        for question, value in previous.items():
            if tier["needs"].get(question, float("-inf")) < value:
                problems.append(
                    document.problem(
                        ("autonomy", index, "needs"),
                        f"tier '{tier['id']}' needs less of {question} than the tier before it ({value:g})",
                    )
                )
        previous = dict(tier["needs"])
    if problems:
        raise QuestionnaireError(problems)
    return GateRules(
        gate=data["gate"],
        questionnaire=data["questionnaire"],
        agents_question=data["agents_question"],
        ready_at=float(data["ready_at"]),
        wip_limit=int(data["wip_limit"]),
        needs=MappingProxyType(
            {
                item: MappingProxyType({q: float(v) for q, v in needs.items()})
                for item, needs in data["needs"].items()
            }
        ),
        autonomy=tuple(
            AutonomyTier(
                t["id"],
                t["label"],
                t.get("description", ""),
                MappingProxyType({q: float(v) for q, v in t["needs"].items()}),
            )
            for t in data["autonomy"]
        ),
        path=document.file,
    )


def _gate_problems(document: Document, gate: Questionnaire) -> list[Problem]:
    """The agents question is a yes/no scoping question, and every `needs` key is a gate item."""
    problems = []
    data = document.data
    try:
        agents = gate.question(data["agents_question"])
    except KeyError:
        agents = None
    if agents is None or agents.kind is not QuestionKind.SCOPING or set(agents.option_ids) != {"yes", "no"}:
        problems.append(
            document.problem(
                ("agents_question",),
                f"'{data['agents_question']}' must be a yes/no scoping question of {gate.id}",
            )
        )
    items_ = {q.id for q in gate.maturity_questions}
    for gate_question in data["needs"]:
        if gate_question not in items_:
            problems.append(
                document.problem(
                    ("needs", gate_question), f"'{gate_question}' is not a maturity question of {gate.id}"
                )
            )
    return problems


def _needs_problems(
    document: Document, path: tuple, needs: dict, organisation: Questionnaire
) -> list[Problem]:
    """Each needed question is a maturity question of the assessment with an option of that value."""
    problems = []
    for question_id, value in needs.items():
        try:
            question = organisation.question(question_id)
        except KeyError:
            question = None
        if question is None or question.kind is not QuestionKind.MATURITY:
            problems.append(
                document.problem(
                    path + (question_id,), f"'{question_id}' is not a maturity question of {organisation.id}"
                )
            )
        elif value not in {option.value for option in question.options}:
            problems.append(
                document.problem(path + (question_id,), f"no option of {question_id} has the value {value:g}")
            )
    return problems
