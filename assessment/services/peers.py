"""Imported peer data: a workspace's anonymised prior results, kept as peer cohorts.

A consultant uploads a CSV in the format of `scoring.cohort_import`. It is checked whole
and stored exactly as uploaded, or refused whole with every bad field named. A workshop
may then be compared with one of its workspace's cohorts: the group report sets the
room's medians beside the peers' under the cohort rules (the latest consented assessment
per organisation, at least 80% complete, no demo rows, nothing shown below 10).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..persistence.workspaces import PeerCohort, Workshop
from ..questionnaire import Questionnaire
from ..questionnaire.problems import ProblemsError
from ..scoring import Cohort, CohortFilter, CohortImportError, PeerRecord, build_cohort, parse_cohort_csv

MAX_COHORT_BYTES = 5 * 1024 * 1024
MAX_COHORT_ROWS = 20_000
#: What peers may be required to share with the assessed organisation.
SAME_FIELDS = ("industry", "size", "region")
#: The most problems a refusal lists; a wholly wrong file would otherwise list thousands.
PROBLEMS_SHOWN = 20


class CohortRefused(ProblemsError, ValueError):
    """An upload that cannot become a cohort; `problems` says what to change, one per line."""

    def __init__(self, problems: list[str]) -> None:
        """Keep the problems (the first PROBLEMS_SHOWN, and how many more there were)."""
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - PROBLEMS_SHOWN:,} more problems")
        super().__init__(shown)


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded cohort file that passed every check: its text and its records."""

    text: str
    records: tuple[PeerRecord, ...]


def check_cohort_file(data: bytes) -> CheckedFile:
    """The text and records of an uploaded cohort file; CohortRefused when any of it is wrong."""
    if len(data) > MAX_COHORT_BYTES:
        raise CohortRefused([f"the file is larger than {MAX_COHORT_BYTES // 1024 // 1024} MB"])
    text = decode_cohort_file(data)
    records = parse_cohort_text(text)
    if not records:
        raise CohortRefused(["the file has a header but no results"])
    if len(records) > MAX_COHORT_ROWS:
        too_many = f"the file has {len(records):,} results; at most {MAX_COHORT_ROWS:,} are accepted"
        raise CohortRefused([too_many])
    return CheckedFile(text, records)


def decode_cohort_file(data: bytes) -> str:
    """A cohort file's text; CohortRefused when it is not UTF-8 (a byte-order mark is harmless)
    or holds a NUL character, which no database text column can store."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CohortRefused([f"the file is not UTF-8 text (byte {error.start + 1} is not)"]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise CohortRefused([f"line {line} holds a NUL character; a CSV file of results never does"])
    return text


def parse_cohort_text(text: str) -> tuple[PeerRecord, ...]:
    """The records of cohort CSV text; CohortRefused names every bad field by row."""
    try:
        return parse_cohort_csv(io.StringIO(text, newline=""))
    except CohortImportError as error:
        raise CohortRefused([str(problem) for problem in error.problems]) from None
    except csv.Error as error:  # for example a field longer than the csv module's limit
        raise CohortRefused([f"the file cannot be read as CSV ({error})"]) from None


def eligible_by_family(records: tuple[PeerRecord, ...]) -> dict[str, int]:
    """For each questionnaire family in the records, how many organisations count as peers."""
    return {family: build_cohort(records, family).size for family in sorted({r.family for r in records})}


def import_cohort(
    session: Session, workspace_id: int, account_id: int | None, name: str, filename: str, file: CheckedFile
) -> PeerCohort:
    """A new cohort of the workspace from a checked upload (see `check_cohort_file`)."""
    text, records = file.text, file.records
    cohort = PeerCohort(
        workspace_id=workspace_id,
        name=name,
        filename=filename[:255],
        content=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        rows=len(records),
        families=eligible_by_family(records),
        created_by_id=account_id,
    )
    session.add(cohort)
    session.flush()
    return cohort


def workshop_peers(workshop: Workshop, questionnaire: Questionnaire) -> Cohort | None:
    """The peers a workshop is compared with: its cohort's eligible organisations of the
    questionnaire's family, filtered by what they must share with the client; None without one."""
    cohort = workshop.peer_cohort
    if cohort is None:
        return None
    client = client_profile(workshop)
    wanted = {field: client[field] for field in workshop.peer_same or () if client.get(field)}
    return build_cohort(parse_cohort_text(cohort.content), questionnaire.family, CohortFilter(**wanted))


def workshop_peer_count(workshop: Workshop, questionnaire: Questionnaire) -> int | None:
    """How many peers `workshop_peers` gives, read from the counts stored at import unless
    filters apply (so the live page parses no file); None without a cohort."""
    if workshop.peer_cohort is None:
        return None
    if not workshop.peer_same:
        return workshop.peer_cohort.families.get(questionnaire.family, 0)
    return workshop_peers(workshop, questionnaire).size


def client_profile(workshop: Workshop) -> dict[str, str | None]:
    """The client organisation's industry, size and region, as a cohort file names them."""
    organisation = workshop.client.organisation
    return {"industry": organisation.industry, "size": organisation.size_band, "region": organisation.region}


def compare_workshop_with(workshop: Workshop, cohort: PeerCohort | None, same: tuple[str, ...] = ()) -> None:
    """Compare a workshop's room with a cohort of its own workspace (None: with no one), keeping
    the peers that share the `same` fields (industry, size, region) with the client."""
    if cohort is not None and cohort.workspace_id != workshop.workspace_id:
        raise ValueError("a workshop is compared only with a cohort of its own workspace")
    unknown = set(same) - set(SAME_FIELDS)
    if unknown:
        raise ValueError(f"peers cannot be chosen by {', '.join(sorted(unknown))}")
    workshop.peer_cohort = cohort
    workshop.peer_same = [field for field in SAME_FIELDS if field in same] if cohort is not None else None


def delete_peer_file(db: Session, cohort: PeerCohort) -> None:
    """Delete imported peer data; workshops compared with it are then compared with no one."""
    db.delete(cohort)
