"""`--cohort PEERS.csv [--same industry|size|region ...]`: peers from imported peer data.

A consultant's anonymised prior results (the CSV format of `scoring.cohort_import`)
become a cohort under the rules that hold for peers on this service: the latest
consented assessment of each organisation in the questionnaire's family, at least 80%
complete, never demo data; nothing shown below 10 organisations, indicative figures
below 30. `--same FIELD` keeps the peers whose FIELD equals the answers file's
`organisation.FIELD`, e.g. `--same industry` for peers in the same industry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from ..questionnaire import Questionnaire
from ..scoring import Cohort, CohortFilter, PeerComparison, PeerRecord, build_cohort
from ..services.peers import SAME_FIELDS, CohortRefused, decode_cohort_file, parse_cohort_text

Command = TypeVar("Command", bound=Callable)


class CohortFileError(ValueError):
    """A cohort file that cannot be used; each line of the message names one problem."""


@dataclass(frozen=True)
class ImportedCohort:
    """The peers an imported file holds for one questionnaire and organisation."""

    source: str  # the file's name, as reports print it
    cohort: Cohort

    def to_dict(self, comparison: PeerComparison) -> dict:
        """A comparison with these peers as JSON, with where they come from and how they were chosen."""
        chosen = self.cohort.filter
        return {
            "source": self.source,
            "filter": {f: getattr(chosen, f) for f in SAME_FIELDS if getattr(chosen, f) is not None},
            **comparison.to_dict(),
        }


def cohort_options(command: Command) -> Command:
    """Add --cohort and --same to a command."""
    command = click.option(
        "--same",
        "same",
        multiple=True,
        type=click.Choice(SAME_FIELDS),
        help="Compare only with peers of the organisation's own industry, size or region (repeatable).",
    )(command)
    return click.option(
        "--cohort",
        "cohort_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Anonymised prior results (CSV) to compare with as peers.",
    )(command)


@dataclass(frozen=True)
class PeerFile:
    """A cohort file read and checked once, and the --same fields to choose peers by."""

    path: Path
    records: tuple[PeerRecord, ...]
    same: tuple[str, ...]

    def peers_for(self, questionnaire: Questionnaire, organisation: Mapping[str, str]) -> ImportedCohort:
        """The file's eligible peers of one organisation; exit 1 naming the problem."""
        try:
            return cohort_for(self.records, self.path.name, questionnaire, organisation, self.same)
        except CohortFileError as error:
            _fail(self.path, error)


def peer_file(cohort_file: Path | None, same: tuple[str, ...]) -> PeerFile | None:
    """The file --cohort names, read once (None without --cohort); exit 1 naming every bad field."""
    if cohort_file is None:
        if same:
            raise click.UsageError("--same chooses among the peers of --cohort, which is missing")
        return None
    try:
        return PeerFile(cohort_file, read_cohort(cohort_file), same)
    except CohortFileError as error:
        _fail(cohort_file, error)


def _fail(path: Path, error: CohortFileError) -> NoReturn:
    """Print each line of the problem after the file's name, and exit 1."""
    click.echo("\n".join(f"{path}: {line}" for line in str(error).splitlines()), err=True)
    raise SystemExit(1)


def read_cohort(path: Path) -> tuple[PeerRecord, ...]:
    """Every record of a cohort file, read as an upload is; CohortFileError names each bad field."""
    try:
        return parse_cohort_text(decode_cohort_file(path.read_bytes()))
    except OSError as error:
        raise CohortFileError(f"cannot read the file ({error.strerror})") from None
    except CohortRefused as error:
        raise CohortFileError("\n".join(error.problems)) from None


def cohort_for(
    records: tuple[PeerRecord, ...],
    source: str,
    questionnaire: Questionnaire,
    organisation: Mapping[str, str],
    same: tuple[str, ...],
) -> ImportedCohort:
    """The eligible peers of `records` for this questionnaire and organisation.

    CohortFileError when the file holds no results for the questionnaire's family, or
    when --same names a field the organisation does not give.
    """
    families = sorted({r.family for r in records})
    if questionnaire.family not in families:
        held = ", ".join(families) or "none"
        raise CohortFileError(f"no results for {questionnaire.family} (the file holds: {held})")
    wanted = {}
    for field in same:
        value = str(organisation.get(field, "")).strip()
        if not value:
            raise CohortFileError(f"--same {field} needs the answers file to give organisation.{field}")
        wanted[field] = value
    return ImportedCohort(source, build_cohort(records, questionnaire.family, CohortFilter(**wanted)))
