"""An organisation's AI initiative portfolio: its register, the gate answers, CSV in and out.

Every object is reached through its owner: an initiative through its portfolio
(`initiative_in` raises LookupError for one of another portfolio), a portfolio through
its organisation. One initiative is checked with the register's own rules
(`scoring.register.field_problems`), so the web form and the CSV import refuse the same
things, and a refusal is a RegisterError listing every problem.

The gate questionnaire's scoping question about agents (`agents_question`, "gate-agents"
in the shipped gate) is never answered by people: `record_of` answers it yes or no from
the register's `uses_agents`, and answers given to it are ignored.

Why one module: the form, the import, the export and the gate answers share the ownership
checks, the merging of given fields into stored ones and the pinning of answers to a gate
version; split apart, each would restate them.

Services flush but never commit: the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..persistence import GateAnswer, Initiative, Portfolio, register_questionnaire
from ..persistence.engine import upsert
from ..persistence.models import utcnow
from ..questionnaire import Questionnaire
from ..questionnaire.model import NOT_APPLICABLE, PRODUCTION_GATE, UNKNOWN, Question, QuestionKind
from ..scoring.register import (
    COLUMNS,
    NO,
    YES,
    InitiativeRecord,
    RegisterError,
    field_problems,
    read_fields,
    read_register,
    record_values,
    write_register,
)

#: The shipped gate's scoping question on agents, answered from the register.
AGENTS_QUESTION = "gate-agents"
#: The bounds of a portfolio's work-in-progress limit (initiatives in flight per team).
MIN_WIP, MAX_WIP = 1, 100


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: initiatives created, updated, and matched but left as they were."""

    created: int
    updated: int
    unchanged: int


def portfolio_for(db: Session, organisation_id: int, create: bool = False) -> Portfolio | None:
    """The organisation's portfolio; made when `create` and it has none (two first visits at
    once make one: the insert leaves an existing row alone)."""
    query = select(Portfolio).where(Portfolio.organisation_id == organisation_id)
    found = db.scalar(query)
    if found is not None or not create:
        return found
    now = utcnow()
    db.flush()
    db.execute(
        upsert(db, Portfolio)
        .values(organisation_id=organisation_id, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["organisation_id"])
    )
    return db.scalar(query)


def initiatives(db: Session, portfolio: Portfolio) -> list[Initiative]:
    """The portfolio's initiatives, by name (any case), with their gate answers."""
    found = db.scalars(
        select(Initiative)
        .where(Initiative.portfolio_id == portfolio.id)
        .options(selectinload(Initiative.gate_answers))
    )
    return sorted(found, key=lambda initiative: (initiative.name.casefold(), initiative.id))


def initiative_in(db: Session, portfolio: Portfolio, initiative_id: int) -> Initiative:
    """The initiative with this id if it belongs to the portfolio; LookupError otherwise."""
    found = db.scalar(
        select(Initiative).where(Initiative.id == initiative_id, Initiative.portfolio_id == portfolio.id)
    )
    if found is None:
        raise LookupError(f"No initiative {initiative_id} in this portfolio.")
    return found


def _owned(portfolio: Portfolio, initiative: Initiative) -> None:
    """LookupError unless the initiative belongs to the portfolio."""
    if initiative.portfolio_id != portfolio.id:
        raise LookupError(f"No initiative {initiative.id} in this portfolio.")


def _name_taken(db: Session, portfolio: Portfolio, name: str, initiative: Initiative | None) -> bool:
    """True when another initiative of the portfolio has this name, ignoring case."""
    mine = initiative.id if initiative is not None else None
    return any(
        other.name.casefold() == name.casefold() and other.id != mine for other in initiatives(db, portfolio)
    )


def save_initiative(
    db: Session, portfolio: Portfolio, values: Mapping[str, str], initiative: Initiative | None = None
) -> Initiative:
    """A new initiative, or `initiative` changed, from text values keyed by column name.

    Fields missing from `values` keep their current value (a new initiative: the record's
    default); other keys are ignored. RegisterError lists every problem as "field:
    message" and keeps them by field in `fields`; nothing changes then."""
    if initiative is not None:
        _owned(portfolio, initiative)
    current = record_values(record_of(initiative)) if initiative is not None else {}
    merged = {**current, **{name: values[name] for name in COLUMNS if name in values}}
    problems = field_problems(merged)
    name = (merged.get("name") or "").strip()
    if "name" not in problems and _name_taken(db, portfolio, name, initiative):
        problems["name"] = f'"{name}" is already the name of another initiative in this portfolio.'
    if problems:
        raise RegisterError([f"{field}: {message}" for field, message in problems.items()], problems)
    if initiative is None:
        initiative = Initiative(portfolio_id=portfolio.id)
        db.add(initiative)
    for field, value in read_fields(merged).items():
        setattr(initiative, field, value)
    db.flush()
    return initiative


def delete_initiative(db: Session, portfolio: Portfolio, initiative: Initiative) -> None:
    """Remove an initiative of the portfolio, with its gate answers."""
    _owned(portfolio, initiative)
    db.delete(initiative)
    db.flush()


def _check_gate(gate: Questionnaire) -> None:
    if gate.purpose != PRODUCTION_GATE:
        raise ValueError(f"{gate.id} is not a production gate questionnaire.")


def _asked(gate: Questionnaire, agents_question: str) -> list[Question]:
    """The gate questions people answer: all but the one the register answers."""
    return [question for question in gate.questions if question.id != agents_question]


def _codes(question: Question) -> tuple[str, ...]:
    """The answer codes a gate question accepts (as `Question.accepts` does), in order."""
    special = (UNKNOWN,) * question.unknown + (NOT_APPLICABLE,) * question.not_applicable
    return (*question.option_ids, *special)


def _answer_problem(question: Question, code: str) -> str:
    """The message for a code the question does not accept."""
    if question.fact is not None or question.kind is QuestionKind.OWNERSHIP:
        return f'"{code}" is not an answer to this question.'
    return f'"{code}" is not an answer; the answers are {", ".join(_codes(question))}.'


def _pin(db: Session, initiative: Initiative, gate: Questionnaire, agents_question: str) -> None:
    """Pin the initiative's answers to this gate version; when they were pinned to another,
    keep those whose question is still asked and still accepts the code, drop the rest."""
    version, _ = register_questionnaire(db, gate)
    if initiative.gate_version_id not in (None, version.id):
        asked = {question.id: question for question in _asked(gate, agents_question)}
        for answer in list(initiative.gate_answers):
            question = asked.get(answer.question_id)
            if question is None or not question.accepts(answer.code):
                initiative.gate_answers.remove(answer)
        db.flush()  # the dropped rows go before a new answer to the same question is added
    initiative.gate_version_id = version.id


def _apply(initiative: Initiative, wanted: Mapping[str, str]) -> bool:
    """Set these gate answers ("" removes one); True when anything changed."""
    stored = {answer.question_id: answer for answer in initiative.gate_answers}
    changed = False
    for question_id, code in wanted.items():
        answer = stored.get(question_id)
        if not code and answer is not None:
            initiative.gate_answers.remove(answer)
        elif code and answer is None:
            initiative.gate_answers.append(GateAnswer(question_id=question_id, code=code))
        elif code and answer.code != code:
            answer.code = code
        else:
            continue
        changed = True
    return changed


def answer_gate(
    db: Session,
    initiative: Initiative,
    gate: Questionnaire,
    answers: Mapping[str, str],
    agents_question: str = AGENTS_QUESTION,
) -> None:
    """Record gate answers (question id -> code; "" clears one; others are kept) and pin the
    initiative's answers to this gate version.

    Every code is checked with `Question.accepts`; a question the gate does not ask or a
    code it does not accept refuses all of them (RegisterError, nothing saved). An answer
    to `agents_question` is ignored: the register's uses_agents answers it. When the
    initiative's answers were pinned to another version of the gate, those whose question
    the new version still asks with the same code accepted are kept and the rest are
    dropped, so no answer is ever read against a question it was not given to."""
    _check_gate(gate)
    problems, wanted = [], {}
    for question_id, given in answers.items():
        if question_id == agents_question:
            continue
        code = (given or "").strip()
        try:
            question = gate.question(question_id)
        except KeyError:
            problems.append(f"{question_id}: the gate has no such question.")
            continue
        if code and not question.accepts(code):
            problems.append(f"{question_id}: {_answer_problem(question, code)}")
        wanted[question_id] = code
    if problems:
        raise RegisterError(problems)
    _pin(db, initiative, gate, agents_question)
    _apply(initiative, wanted)
    db.flush()


def record_of(initiative: Initiative, agents_question: str = AGENTS_QUESTION) -> InitiativeRecord:
    """The initiative as the register's pure record (keyed by its id), with its gate answers
    and `agents_question` answered yes or no from uses_agents."""
    answers = {answer.question_id: answer.code for answer in initiative.gate_answers}
    answers[agents_question] = YES if initiative.uses_agents else NO
    fields = {name: getattr(initiative, name) for name in COLUMNS}
    return InitiativeRecord(key=str(initiative.id), **fields, gate_answers=MappingProxyType(answers))


def records(
    db: Session, portfolio: Portfolio, agents_question: str = AGENTS_QUESTION
) -> tuple[InitiativeRecord, ...]:
    """The portfolio's initiatives as records, by name."""
    return tuple(record_of(initiative, agents_question) for initiative in initiatives(db, portfolio))


def set_wip_limit(db: Session, portfolio: Portfolio, limit: int | None) -> None:
    """Set the initiatives in flight per delivery team before it is flagged (None: the gate
    rules' default); ValueError unless a whole number from 1 to 100."""
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or not MIN_WIP <= limit <= MAX_WIP
    ):
        raise ValueError(f"The limit is a whole number from {MIN_WIP} to {MAX_WIP}, or none for the default.")
    portfolio.wip_limit = limit
    db.flush()


def import_register(
    db: Session, portfolio: Portfolio, text: str, gate: Questionnaire, agents_question: str = AGENTS_QUESTION
) -> ImportSummary:
    """Create and update the portfolio's initiatives from a register file, all or nothing.

    Rows are matched to initiatives by name, ignoring case. A matched initiative takes the
    file's value for each column the file has and keeps the rest; its gate answers are
    replaced for the gate columns the file has (a blank cell clears the answer) and pinned
    to this gate version. The whole file is checked before anything is written: any
    problem (RegisterError, each naming its row and column) changes nothing."""
    _check_gate(gate)
    asked = {question.id: question for question in _asked(gate, agents_question)}
    codes = {
        question.id: _codes(question)
        for question in asked.values()
        if question.fact is None and question.kind is not QuestionKind.OWNERSHIP
    }
    register = read_register(text, list(asked), codes, keep_going=True)
    given_fields = [column for column in register.columns if column in COLUMNS]
    given_answers = [column for column in register.columns if column not in COLUMNS]
    existing = {initiative.name.casefold(): initiative for initiative in initiatives(db, portfolio)}
    problems, plans = list(register.problems), []
    for row, record in zip(register.rows, register.records, strict=True):
        initiative = existing.get(record.name.casefold())
        values = record_values(record)
        if initiative is not None:
            values = record_values(record_of(initiative)) | {name: values[name] for name in given_fields}
        for field, message in field_problems(values).items():
            problems.append((row, f"Row {row}, {field}: {message}"))
        for question_id, code in record.gate_answers.items():
            if not asked[question_id].accepts(code):
                problems.append(
                    (row, f"Row {row}, {question_id}: {_answer_problem(asked[question_id], code)}")
                )
        wanted = {question_id: record.gate_answers.get(question_id, "") for question_id in given_answers}
        plans.append((initiative, values, wanted))
    if problems:
        raise RegisterError([message for _, message in sorted(problems, key=lambda problem: problem[0])])
    created = updated = 0
    for initiative, values, wanted in plans:
        fields = read_fields(values)
        if initiative is None:
            initiative = Initiative(portfolio_id=portfolio.id, **fields)
            db.add(initiative)
            created += 1
            new = changed = True
        else:
            new, changed = False, any(getattr(initiative, f) != value for f, value in fields.items())
            for field, value in fields.items():
                setattr(initiative, field, value)
        if given_answers and (initiative.gate_answers or any(wanted.values())):
            pinned = initiative.gate_version_id
            _pin(db, initiative, gate, agents_question)
            changed = _apply(initiative, wanted) or changed or pinned != initiative.gate_version_id
        updated += changed and not new
    db.flush()
    return ImportSummary(created, updated, len(plans) - created - updated)


def export_register(
    db: Session, portfolio: Portfolio, gate: Questionnaire, agents_question: str = AGENTS_QUESTION
) -> str:
    """The portfolio's register as CSV, with a column per gate question people answer; an
    answer the gate no longer accepts (pinned to an older version) is left blank."""
    _check_gate(gate)
    asked = _asked(gate, agents_question)
    written = []
    for record in records(db, portfolio, agents_question):
        answers = {
            question.id: record.gate_answers[question.id]
            for question in asked
            if question.accepts(record.gate_answers.get(question.id, ""))
        }
        written.append(replace(record, gate_answers=MappingProxyType(answers)))
    return write_register(written, [question.id for question in asked])
