"""The AI initiative register: what an organisation records about each initiative, and its CSV.

An initiative is one AI use case, product or agent the organisation is exploring, piloting
or running. The register holds the facts a portfolio decision needs (owner, stage, value,
cost, risk, agents and autonomy, dates); its production gate answers sit beside it. This
module is pure: the persistence layer stores records, the CSV import reads them, and the
portfolio rules (`portfolio.py`) judge them.

Why one module: the record, its vocabularies, the rules one field must keep and the CSV
that carries a whole register are one contract. The web form checks a single initiative
with `field_problems` and the import checks every row with the same rules, so they can
never disagree about what a register may hold.

The CSV (`write_register`, `parse_register`): a header row naming the columns, then one
initiative per row. Columns are `COLUMNS` and then one per gate question id holding its
answer code (blank: unanswered). Only `name` is required; a blank cell takes the record's
default. Vocabularies accept their ids or labels in any case ("Very high", "very-high");
uses_agents is yes or no; dates are YYYY-MM-DD; numbers are plain digits with a full stop
for decimals. The file may start with a UTF-8 byte order mark and use `;` or `,` between
cells. Every bad field is reported as "Row N, column: message" (the header is row 1), and
a file with any problem gives no records at all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from .cells import FORMULA_STARTS, cell

#: Stages, in the order an initiative moves through them.
STAGES = MappingProxyType(
    {
        "idea": "Idea",
        "experiment": "Experiment",
        "pilot": "Pilot",
        "production": "Production",
        "retired": "Retired",
    }
)
#: The stages that take a delivery team's time now: work in progress.
IN_FLIGHT = ("experiment", "pilot")
#: Expected value bands, lowest first; the top two count as high value in the matrix.
VALUE_BANDS = MappingProxyType({"low": "Low", "medium": "Medium", "high": "High", "very-high": "Very high"})
HIGH_VALUE = ("high", "very-high")
#: The organisation's own risk tier for the initiative.
RISK_TIERS = MappingProxyType({"low": "Low", "medium": "Medium", "high": "High"})
#: Where the initiative falls under the EU AI Act (Articles 5, 6 and 50 and Annex III).
EU_AI_ACT_CLASSES = MappingProxyType(
    {
        "not-assessed": "Not yet assessed",
        "out-of-scope": "Outside the Act",
        "minimal": "Minimal risk",
        "limited": "Transparency obligations (Article 50)",
        "high-risk": "High-risk (Article 6)",
        "prohibited": "Prohibited practice (Article 5)",
    }
)
#: The organisation's role for the initiative under the EU AI Act (Article 3).
EU_ROLES = MappingProxyType(
    {
        "not-applicable": "Not applicable",
        "provider": "Provider",
        "deployer": "Deployer",
        "importer": "Importer",
        "distributor": "Distributor",
    }
)


@dataclass(frozen=True)
class InitiativeRecord:
    """One initiative as the register holds it, with its gate answers (question id -> code).

    `key` identifies it within its portfolio (the database id as text, or the CSV row's
    name); `autonomy` is the id of the autonomy tier an agent initiative asks for, or ""
    when it uses no agents.
    """

    key: str
    name: str
    stage: str = "idea"
    owner: str = ""
    sponsor: str = ""
    value_band: str = "medium"
    value_measure: str = ""
    annual_cost: float | None = None
    team_size: int | None = None
    delivery_team: str = ""
    risk_tier: str = "medium"
    eu_ai_act: str = "not-assessed"
    eu_role: str = "not-applicable"
    uses_agents: bool = False
    autonomy: str = ""
    vendors: str = ""
    models: str = ""
    started: date | None = None
    target_date: date | None = None
    gate_answers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def in_flight(self) -> bool:
        """True while the initiative takes its team's time (an experiment or a pilot)."""
        return self.stage in IN_FLIGHT

    @property
    def high_value(self) -> bool:
        """True when its expected value is in the top two bands."""
        return self.value_band in HIGH_VALUE


#: The register's columns, in the order the CSV writes them; gate question ids follow.
COLUMNS = (
    "name",
    "owner",
    "stage",
    "sponsor",
    "value_band",
    "value_measure",
    "annual_cost",
    "team_size",
    "delivery_team",
    "risk_tier",
    "eu_ai_act",
    "eu_role",
    "uses_agents",
    "autonomy",
    "vendors",
    "models",
    "started",
    "target_date",
)
#: Free-text fields and the most characters each may hold (the database's column lengths).
TEXT_LENGTHS = MappingProxyType(
    {
        "name": 200,
        "owner": 200,
        "sponsor": 200,
        "value_measure": 500,
        "delivery_team": 200,
        "vendors": 500,
        "models": 500,
    }
)
VOCABULARIES = MappingProxyType(
    {
        "stage": STAGES,
        "value_band": VALUE_BANDS,
        "risk_tier": RISK_TIERS,
        "eu_ai_act": EU_AI_ACT_CLASSES,
        "eu_role": EU_ROLES,
    }
)
YES, NO = "yes", "no"
_YES_WORDS = frozenset({"yes", "y", "true", "1"})
_NO_WORDS = frozenset({"no", "n", "false", "0", ""})
#: An autonomy tier id: the gate rules name the tiers, the register only keeps the id's form.
TIER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_COST = 1e12
MAX_TEAM = 100_000
MAX_ROWS = 500
MAX_BYTES = 1024 * 1024
#: Characters no one-line field may hold (control characters, line and paragraph separators).
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


class RegisterError(ValueError):
    """A register, a row or one initiative refused; `problems` lists everything wrong, each a
    sentence naming where; `fields` maps a field name to its message when one initiative
    was checked (the web form shows each beside its field)."""

    def __init__(self, problems: Iterable[str], fields: Mapping[str, str] | None = None) -> None:
        self.problems = list(problems)
        self.fields = dict(fields or {})
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class Register:
    """A parsed register file: its records, the columns it had (canonical names, so an import
    changes only what the file gives) and the row each record came from."""

    records: tuple[InitiativeRecord, ...]
    columns: tuple[str, ...]
    #: The file's row number of each record (the header is row 1).
    rows: tuple[int, ...] = ()
    #: With `keep_going`: (row, message) for each problem of the rows left out of `records`.
    problems: tuple[tuple[int, str], ...] = ()


def _default(name: str):
    """The record's default for a field."""
    return InitiativeRecord.__dataclass_fields__[name].default


def _shown(text: str) -> str:
    """A value quoted in a message, cut short when long."""
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _key(text: str) -> str:
    """How vocabulary words are matched: any case, spaces, hyphens and underscores alike."""
    return "-".join(text.casefold().replace("_", " ").replace("-", " ").split())


_LOOKUPS = {
    name: {_key(word): ident for ident, label in vocabulary.items() for word in (ident, label)}
    for name, vocabulary in VOCABULARIES.items()
}


def _number(text: str, whole: bool, limit: float) -> tuple[float | None, str]:
    """A non-negative number from a cell ("" -> None), or a message saying what is wrong."""
    plain = text.replace(" ", "")
    if not plain:
        return None, ""
    if not _NUMBER.fullmatch(plain):
        example = "12" if whole else "12000 or 1500.50"
        return None, f"{_shown(text)} is not a number; write digits only, for example {example}."
    value = float(plain)
    if value < 0:
        return None, f"{_shown(text)} is negative; it must be 0 or more."
    if whole and not value.is_integer():
        return None, f"{_shown(text)} is not a whole number."
    if value > limit:
        return None, f"{_shown(text)} is more than {limit:,.0f}."
    return value, ""


def _date(text: str) -> tuple[date | None, str]:
    """A date from a YYYY-MM-DD cell ("" -> None), or a message."""
    if not text:
        return None, ""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text), ""
    except ValueError:
        pass
    return None, f"{_shown(text)} is not a date written YYYY-MM-DD, for example 2026-03-31."


def _read(values: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """One initiative's fields from text (missing or blank: the default), and its problems by field."""
    got = {name: (values.get(name) or "").strip() for name in COLUMNS}
    fields: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name in COLUMNS:
        text = got[name]
        if name in TEXT_LENGTHS:
            fields[name] = text
            if any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in text):
                problems[name] = "holds a control character or a line break; keep it to one line of text."
            elif len(text) > TEXT_LENGTHS[name]:
                problems[name] = f"is {len(text)} characters long; at most {TEXT_LENGTHS[name]} are allowed."
            elif name == "name" and not text:
                problems[name] = "is empty; every initiative needs a name."
        elif name in VOCABULARIES:
            fields[name] = _LOOKUPS[name].get(_key(text)) if text else _default(name)
            if fields[name] is None:
                problems[name] = f"{_shown(text)} is not one of {', '.join(VOCABULARIES[name])}."
        elif name == "uses_agents":
            fields[name] = text.casefold() in _YES_WORDS
            if text.casefold() not in _YES_WORDS | _NO_WORDS:
                problems[name] = f"{_shown(text)} is not yes or no."
        elif name == "autonomy":
            fields[name] = text.lower()
            if text and not TIER_ID.fullmatch(text.lower()):
                problems[name] = f"{_shown(text)} is not an autonomy tier id (letters, digits and hyphens)."
            elif text and not fields["uses_agents"] and "uses_agents" not in problems:
                problems[name] = "is given but uses_agents is no; leave it blank or set uses_agents to yes."
        elif name in ("annual_cost", "team_size"):
            whole = name == "team_size"
            number, message = _number(text, whole, MAX_TEAM if whole else MAX_COST)
            fields[name] = int(number) if whole and number is not None else number
            if message:
                problems[name] = message
        else:  # started, target_date
            fields[name], message = _date(text)
            if message:
                problems[name] = message
    started, target = fields["started"], fields["target_date"]
    if started and target and target < started:
        problems["target_date"] = f"{target.isoformat()} is before started ({started.isoformat()})."
    return fields, problems


def field_problems(values: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with one initiative's fields (text keyed by column name, as a form or a CSV
    row gives them; missing or blank fields take the record's defaults), by field name."""
    return _read(values)[1]


def read_fields(values: Mapping[str, str]) -> dict[str, object]:
    """One initiative's typed fields, keyed by column name (ids for vocabularies, numbers, dates,
    uses_agents a bool); RegisterError lists every problem as "field: message"."""
    fields, problems = _read(values)
    if problems:
        raise RegisterError([f"{name}: {message}" for name, message in problems.items()], problems)
    return fields


def _number_text(value: float | int | None) -> str:
    """A number as the CSV writes it: plain digits, never an exponent, exact when read back."""
    if value is None:
        return ""
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def record_values(record: InitiativeRecord) -> dict[str, str]:
    """The register fields of a record as text, keyed by column: what the CSV and a form show."""
    values = {name: getattr(record, name) for name in COLUMNS}
    values["annual_cost"] = _number_text(record.annual_cost)
    values["team_size"] = "" if record.team_size is None else str(record.team_size)
    values["uses_agents"] = YES if record.uses_agents else NO
    for name in ("started", "target_date"):
        values[name] = values[name].isoformat() if values[name] else ""
    return values


def _formula_like(text: str) -> bool:
    """True when a spreadsheet would run the cell, or it already carries the apostrophe that
    stops one (so that apostrophe survives a round trip)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def _to_cell(text: str) -> str:
    return "'" + text if text.startswith("'") and _formula_like(text) else cell(text)


def _from_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and _formula_like(text) else text


def write_register(records: Iterable[InitiativeRecord], gate_question_ids: Sequence[str]) -> str:
    """The register as CSV text (comma-separated, CRLF lines): the columns, then one column per
    gate question. A cell a spreadsheet would run as a formula starts with an apostrophe,
    which `parse_register` takes off again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *gate_question_ids])
    for record in records:
        values = record_values(record)
        answers = [record.gate_answers.get(question, "") for question in gate_question_ids]
        writer.writerow([_to_cell(text) for text in (*(values[name] for name in COLUMNS), *answers)])
    return out.getvalue()


def parse_register(
    text: str, gate_question_ids: Sequence[str], gate_codes: Mapping[str, tuple[str, ...]]
) -> tuple[InitiativeRecord, ...]:
    """The records of a register file (each keyed by its name); RegisterError lists every
    problem in the file. `gate_codes` gives the answer codes each gate question accepts (a
    question without an entry is not checked here)."""
    return read_register(text, gate_question_ids, gate_codes).records


def read_register(
    text: str,
    gate_question_ids: Sequence[str],
    gate_codes: Mapping[str, tuple[str, ...]],
    keep_going: bool = False,
) -> Register:
    """`parse_register`, with the columns the file had and each record's row. With `keep_going`,
    rows with problems are left out and their problems returned (a caller that checks more,
    such as the import against stored initiatives, then reports everything at once); a
    problem with the file as a whole (size, header, number of rows) still raises."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_BYTES:
        raise RegisterError([f"The file is {size:,} bytes; at most 1 MB ({MAX_BYTES:,} bytes) is accepted."])
    rows = _rows(text.removeprefix("\ufeff"))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RegisterError(
            ["Row 1: the file is empty; its first row must name the columns, including name."]
        )
    columns, header_problems = _header(rows[0], rows[1:], gate_question_ids)
    if header_problems:
        raise RegisterError(header_problems)
    filled = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    if len(filled) > MAX_ROWS:
        raise RegisterError([f"The file has {len(filled)} initiatives; at most {MAX_ROWS} are accepted."])
    gate_columns = [c for c in columns if c and c not in COLUMNS]
    choices = {question: {code.casefold(): code for code in codes} for question, codes in gate_codes.items()}
    records, numbers, named, problems = [], [], {}, []
    for number, row in filled:
        if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
            problems.append(
                (number, f"Row {number}: it has {len(row)} cells but the first row names {len(columns)}.")
            )
            continue
        cells = {c: _from_cell(v.strip()) for c, v in zip(columns, row, strict=False) if c}
        fields, row_problems = _read(cells)
        messages = [f"Row {number}, {name}: {message}" for name, message in row_problems.items()]
        name = fields["name"]
        if name and "name" not in row_problems:
            if name.casefold() in named:
                messages.insert(
                    0, f"Row {number}, name: {_shown(name)} is also the name in row {named[name.casefold()]}."
                )
            named.setdefault(name.casefold(), number)
        answers = {}
        for question in gate_columns:
            code = cells.get(question, "")
            if not code:
                continue
            allowed = choices.get(question)
            answers[question] = allowed.get(code.casefold()) if allowed is not None else code
            if answers[question] is None:
                words = ", ".join(gate_codes[question])
                messages.append(
                    f"Row {number}, {question}: {_shown(code)} is not an answer; the answers are {words}."
                )
        problems += [(number, message) for message in messages]
        if not messages:
            records.append(InitiativeRecord(key=name, **fields, gate_answers=MappingProxyType(answers)))
            numbers.append(number)
    if problems and not keep_going:
        raise RegisterError([message for _, message in problems])
    return Register(tuple(records), tuple(c for c in columns if c), tuple(numbers), tuple(problems))


def _rows(text: str) -> list[list[str]]:
    """The file's rows, split on `;` when the first line has more of them than commas."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise RegisterError([f"Row {reader.line_num}: the file is not readable as CSV ({error})."]) from None


def _header(
    header: list[str], rows: list[list[str]], gate_question_ids: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The canonical name of each column ("" for a nameless, empty one) and the header's problems."""
    gate = {question.casefold(): question for question in gate_question_ids}
    columns, problems = [], []
    for index, raw in enumerate(header):
        title = raw.strip().removeprefix("\ufeff")
        as_field = "_".join(title.casefold().replace("-", " ").split())
        column = as_field if as_field in COLUMNS else gate.get(title.casefold(), "")
        if not title:
            if any(index < len(row) and row[index].strip() for row in rows):
                problems.append(f"Row 1, column {index + 1}: it has no name but holds values.")
        elif not column:
            problems.append(
                f"Row 1, {title}: unknown column; the columns are {', '.join(COLUMNS)}"
                + (f" and the gate's questions {', '.join(gate_question_ids)}." if gate_question_ids else ".")
            )
        elif column in columns:
            problems.append(f"Row 1, {title}: the column appears twice.")
        columns.append(column)
    if "name" not in columns:
        problems.insert(
            0, "Row 1, name: the column is missing; the first row must name the columns, including name."
        )
    return columns, problems
