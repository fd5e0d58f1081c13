"""Importing anonymised prior results (CSV) as peer records; the cohort rules still apply.

The format, one assessment per row, comma-separated, UTF-8, with a header row:

    organisation,family,completed_at,consented,completeness,industry,size,region,overall,
    dimension:<dimension id>...,question:<question id>...[,demo]

- organisation: an opaque key (never a name); rows with the same key are one organisation.
- family: the questionnaire family, "<questionnaire id>@<major version>", e.g. example@1.
- completed_at: ISO 8601 date or date-time, e.g. 2025-03-31 or 2025-03-31T14:00:00+00:00.
- consented, demo: true/false (also yes/no, 1/0); demo is optional and defaults to false.
- completeness: a number from 0 to 1.
- overall, dimension:*, question:*: numbers; empty when there is no score.

Parsing takes lines already read (a text stream or any iterable of strings), never a
path, and reports every bad field as "row N, field F: message" (the header is row 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..questionnaire.problems import Pointed, ProblemsError
from .cohort import PeerRecord

REQUIRED = (
    "organisation",
    "family",
    "completed_at",
    "consented",
    "completeness",
    "industry",
    "size",
    "region",
    "overall",
)
TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0"}


@dataclass(frozen=True)
class CohortProblem(Pointed):
    """One bad field of an imported cohort file, at "row N, field F"."""

    row: int
    field: str
    message: str

    @property
    def where(self) -> str:
        return f"row {self.row}, field {self.field}"


class CohortImportError(ProblemsError, ValueError):
    """An imported cohort with problems; nothing of it is used."""


def parse_cohort_csv(lines: Iterable[str]) -> tuple[PeerRecord, ...]:
    """Peer records from CSV lines; CohortImportError lists every problem found."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise CohortImportError([CohortProblem(1, "-", "the file is empty; expected a header row")])
    header = [name.strip() for name in header]
    problems = _header_problems(header)
    if problems:
        raise CohortImportError(problems)
    records = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        row_number = reader.line_num
        if len(row) != len(header):
            problems.append(
                CohortProblem(row_number, "-", f"expected {len(header)} fields, found {len(row)}")
            )
            continue
        record, row_problems = _record(row_number, dict(zip(header, (c.strip() for c in row), strict=True)))
        problems += row_problems
        if record is not None:
            records.append(record)
    if problems:
        raise CohortImportError(problems)
    return tuple(records)


def _header_problems(header: list[str]) -> list[CohortProblem]:
    """Missing, unknown and repeated columns."""
    problems = [
        CohortProblem(1, name, "required column is missing") for name in REQUIRED if name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(CohortProblem(1, name, "column appears twice"))
        seen.add(name)
        known = name in REQUIRED or name == "demo"
        prefixed = name.partition(":")[0] in ("dimension", "question") and name.partition(":")[2]
        if not known and not prefixed:
            problems.append(CohortProblem(1, name, "unknown column"))
    return problems


def _record(row: int, cells: dict[str, str]) -> tuple[PeerRecord | None, list[CohortProblem]]:
    """One peer record from a row's cells, or the row's problems."""
    problems: list[CohortProblem] = []

    def fail(name: str, message: str) -> None:
        """Record a problem with one field of this row."""
        problems.append(CohortProblem(row, name, message))

    for name in ("organisation", "family"):
        if not cells[name]:
            fail(name, "must not be empty")
    try:
        completed_at = datetime.fromisoformat(cells["completed_at"])
    except ValueError:
        fail("completed_at", f"{cells['completed_at']!r} is not an ISO 8601 date or date-time")
        completed_at = datetime.min
    consented = _boolean(cells["consented"], "consented", fail)
    demo = _boolean(cells.get("demo", "") or "false", "demo", fail)
    completeness = _number(cells["completeness"], "completeness", fail, required=True)
    if completeness is not None and not 0 <= completeness <= 1:
        fail("completeness", f"{completeness:g} is not between 0 and 1")
    overall = _number(cells["overall"], "overall", fail)
    scores = {name: _number(value, name, fail) for name, value in cells.items() if ":" in name}
    if problems:
        return None, problems
    record = PeerRecord(
        organisation=cells["organisation"],
        family=cells["family"],
        completed_at=completed_at,
        consented=bool(consented),
        completeness=completeness or 0.0,
        industry=cells["industry"],
        size=cells["size"],
        region=cells["region"],
        score=overall,
        dimensions=_prefixed(scores, "dimension"),
        questions=_prefixed(scores, "question"),
        demo=bool(demo),
    )
    return record, []


def _boolean(text: str, name: str, fail) -> bool | None:
    """true/yes/1 or false/no/0, any case."""
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    fail(name, f"{text!r} is not true or false")
    return None


def _number(text: str, name: str, fail, required: bool = False) -> float | None:
    """A finite number, or None for an empty optional cell."""
    if not text:
        if required:
            fail(name, "must not be empty")
        return None
    try:
        value = float(text)
    except ValueError:
        fail(name, f"{text!r} is not a number")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        fail(name, f"{text!r} is not a finite number")
        return None
    return value


def _prefixed(scores: dict[str, float | None], prefix: str) -> dict[str, float]:
    """The scores of columns "<prefix>:<id>", keyed by id, without empty cells."""
    return {
        name.partition(":")[2]: value
        for name, value in scores.items()
        if name.partition(":")[0] == prefix and value is not None
    }
