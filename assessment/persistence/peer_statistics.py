"""Peer figures among stored summaries, all selected in SQL.

`cohort_statistics` reads only the partial indexes of the summaries `summaries.summarise`
flagged as cohort entries, ordered by score: one index walk per figure counts the peers,
those below "yours" and the ties, and OFFSET walks from the nearer end fetch the few order
statistics the median and quartiles need, on SQLite and PostgreSQL alike. No window
function or sort runs, and only those values reach Python.

The rules and the arithmetic are those of `assessment.scoring.cohort` (eligibility,
latest per organisation before the filters, disclosure by cohort size, "inclusive"
quartiles, percentile rank = 100 x (below + half of ties) / n), so the SQL figures
equal the pure `build_cohort` / `compare_with_peers` figures on the same data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, func, literal, select, union_all
from sqlalchemy.orm import Session

from ..scoring.cohort import (
    MIN_PERCENTILES,
    MIN_SHOWN,
    CohortFilter,
    PeerComparison,
    PeerStat,
    disclosure,
)
from ..scoring.scorecard import Scorecard
from .summaries import AssessmentSummary, DimensionSummary

OVERALL = "overall"  # the ref of the overall index, as in PeerStat
ANY_PEERS = CohortFilter()  # no industry, size or region filter


def cohort_statistics(
    session: Session,
    family: str,
    cohort_filter: CohortFilter = ANY_PEERS,
    scorecard: Scorecard | None = None,
    exclude_organisation: int | None = None,
) -> PeerComparison:
    """Median, quartiles and percentile ranks among eligible stored peers, all selected in SQL.

    The result is the pure engine's `PeerComparison`, without question-level practices
    (summaries store dimension scores, not answers).

    With a scorecard, "yours" and the percentile ranks are its figures and the dimensions
    are its applicable ones in questionnaire order; without one, every stored dimension
    by id. Pass the assessed organisation as `exclude_organisation` so it is not its own peer.
    """
    yours: dict[str, float | None] = {}
    if scorecard is not None:
        yours = {OVERALL: scorecard.score} | {d.id: d.score for d in scorecard.dimensions}
    wanted = [ref for ref in yours if ref != OVERALL] if scorecard is not None else None
    sources = _sources(family, cohort_filter, exclude_organisation)
    n, counts = _counts(session, sources, yours, wanted)
    shown, indicative, reason = disclosure(n)
    if not shown:
        return PeerComparison(n, False, False, reason, None, (), ())
    stats = _order_statistics(session, sources, counts, yours, ranks=not indicative)
    order = wanted if wanted is not None else sorted(set(stats) - {OVERALL})
    dimensions = tuple(stats[ref] for ref in order if ref in stats)
    return PeerComparison(n, True, indicative, reason, stats.get(OVERALL), dimensions, ())


@dataclass(frozen=True)
class _Source:
    """Where one kind of figure lives: its cohort rows (filters applied), ref and score columns."""

    conditions: tuple
    ref: Any  # a column when the rows hold several figures, else a literal
    score: Any
    several: bool

    def values(self, ref: str) -> tuple:
        """The conditions selecting the present values of one figure."""
        if self.several:
            return (*self.conditions, self.ref == ref, self.score.is_not(None))
        return (*self.conditions, self.score.is_not(None))


def _sources(
    family: str, cohort_filter: CohortFilter, exclude_organisation: int | None
) -> tuple[_Source, _Source]:
    """The overall and the dimension figures of the cohort entries.

    Every condition is on a column of the partial "entries" indexes, so the scans are index-only;
    the bare `in_cohort` condition is what lets both planners match the indexes' WHERE.
    """
    sources = []
    for model in (AssessmentSummary, DimensionSummary):
        conditions = [model.family == family, model.in_cohort]
        for column, value in (
            (model.industry, cohort_filter.industry),
            (model.size_band, cohort_filter.size),
            (model.region, cohort_filter.region),
        ):
            if value is not None:
                conditions.append(column == value)
        if exclude_organisation is not None:
            conditions.append(model.organisation_id != exclude_organisation)
        if model is DimensionSummary:
            sources.append(_Source(tuple(conditions), model.dimension_id, model.score, several=True))
        else:
            sources.append(_Source(tuple(conditions), literal(OVERALL), model.overall_score, several=False))
    return sources[0], sources[1]


def _counts(
    session: Session,
    sources: tuple[_Source, _Source],
    yours: Mapping[str, float | None],
    wanted: list[str] | None,
) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """The cohort size, and per figure the peers with a value, below "yours" and tied with it."""
    overall, dimensions = sources

    def tallies(source: _Source, ref: str) -> list:
        """Count, below and ties of one figure (zero below and tied without "yours")."""
        mine = yours.get(ref)
        if mine is None:
            return [func.count(source.score), literal(0), literal(0)]
        mine = literal(mine, Float)
        return [
            func.count(source.score),
            func.count().filter(source.score < mine),
            func.count().filter(source.score == mine),
        ]

    parts = [select(literal(OVERALL), func.count(), *tallies(overall, OVERALL)).where(*overall.conditions)]
    if wanted is None:
        # Every stored dimension, no "yours": one grouped walk of the index in dimension order.
        parts.append(
            select(dimensions.ref, literal(0), *tallies(dimensions, ""))
            .where(*dimensions.conditions, dimensions.score.is_not(None))
            .group_by(dimensions.ref)
        )
    else:
        # One index range per dimension, each with its own "yours": no CASE evaluated per row.
        parts += [
            select(literal(ref), literal(0), *tallies(dimensions, ref)).where(*dimensions.values(ref))
            for ref in dict.fromkeys(wanted)
        ]
    n, counts = 0, {}
    for ref, rows, peers, below, ties in session.execute(union_all(*parts)):
        if ref == OVERALL:
            n = rows
        counts[ref] = (peers, below or 0, ties or 0)
    return n, counts


def _order_statistics(
    session: Session,
    sources: tuple[_Source, _Source],
    counts: Mapping[str, tuple[int, int, int]],
    yours: Mapping[str, float | None],
    ranks: bool,
) -> dict[str, PeerStat]:
    """Fetch, per figure, only the order statistics the quartiles and median read, by index order."""
    overall, dimensions = sources
    fetches = []
    for ref, (peers, _, _) in counts.items():
        if peers < MIN_SHOWN:
            continue  # the same disclosure rule holds for each figure, not only the cohort
        source = overall if ref == OVERALL else dimensions
        for first in _pairs(peers):
            # Walk the index from the nearer end, so a pair costs at most half the figure's values.
            descending = first > peers - 2 - first
            pair = (
                select(source.score.label("score"))
                .where(*source.values(ref))
                .order_by(source.score.desc() if descending else source.score)
                .offset(peers - 2 - first if descending else first)
                .limit(2)
                .subquery()
            )
            fetches.append(select(literal(ref), literal(first), pair.c.score))
    pairs: dict[tuple[str, int], list[float]] = {}
    if fetches:
        for ref, first, score in session.execute(union_all(*fetches)):
            pairs.setdefault((ref, first), []).append(score)
    picked: dict[str, dict[int, float]] = {}
    for (ref, first), scores in pairs.items():
        # A pair comes back in either order; sorted, it is the values at `first` and `first + 1`.
        picked.setdefault(ref, {}).update(enumerate(sorted(scores), start=first))
    stats = {}
    for ref, data in picked.items():
        n, below, ties = counts[ref]
        percentile = None
        if ranks and yours.get(ref) is not None and n >= MIN_PERCENTILES:
            percentile = 100.0 * (below + ties / 2) / n
        q1, q3 = _quartile(data, n, 1), _quartile(data, n, 3)
        stats[ref] = PeerStat(ref, yours.get(ref), n, _median(data, n), q1, q3, percentile)
    return stats


def _pairs(n: int) -> set[int]:
    """The first positions of the pairs statistics.quantiles and statistics.median read."""
    m = n - 1
    return {m // 4, m * 3 // 4, m // 2}


def _quartile(data: Mapping[int, float], n: int, i: int) -> float:
    """The i-th "inclusive" quartile, with the arithmetic of statistics.quantiles."""
    j, delta = divmod(i * (n - 1), 4)
    return (data[j] * (4 - delta) + data[j + 1] * delta) / 4


def _median(data: Mapping[int, float], n: int) -> float:
    """The median, with the arithmetic of statistics.median."""
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2
