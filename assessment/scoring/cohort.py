"""Peer cohorts: how an organisation compares with consenting peers.

Eligibility: consented, not demo data, completeness >= 0.8, the same questionnaire
family, and only the latest assessment per organisation; then optional filters by
industry, size and region. Disclosure follows the cohort size n:
  n < 10   nothing is shown (the reason says so);
  10..29   median and quartiles, marked indicative;
  n >= 30  also percentile ranks = 100 x (below + half of ties) / n.
Quartiles use the "inclusive" method (linear interpolation between order statistics,
numpy's default), so they are always within the observed range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median, quantiles

from ..questionnaire.model import Questionnaire
from .group import GroupScorecard
from .scorecard import Scorecard

MIN_COMPLETENESS = 0.8
MIN_SHOWN = 10
MIN_PERCENTILES = 30
COMMON_SHARE = 0.6  # "common practice you lack": at least this share of peers at the bar
RARE_SHARE = 0.3  # "differentiator": at most this share of peers at the bar
PRACTICE_BAR = 3.0  # the level at which a practice counts as in place


@dataclass(frozen=True)
class PeerRecord:
    """One anonymised, completed assessment of a peer organisation."""

    organisation: str  # an opaque key, never a name
    family: str  # Questionnaire.family, e.g. "example@1"
    completed_at: datetime
    consented: bool
    completeness: float
    industry: str
    size: str
    region: str
    score: float | None
    dimensions: Mapping[str, float] = field(default_factory=dict)
    questions: Mapping[str, float] = field(default_factory=dict)
    demo: bool = False  # generated demo data never joins a real cohort


@dataclass(frozen=True)
class CohortFilter:
    """Which peers to compare with; None means any."""

    industry: str | None = None
    size: str | None = None
    region: str | None = None

    def admits(self, record: PeerRecord) -> bool:
        """True when the record matches every set filter."""
        return all(
            wanted is None or wanted == actual
            for wanted, actual in (
                (self.industry, record.industry),
                (self.size, record.size),
                (self.region, record.region),
            )
        )


@dataclass(frozen=True)
class Cohort:
    """The eligible peers: one latest, consented, complete record per organisation."""

    family: str
    filter: CohortFilter
    records: tuple[PeerRecord, ...]

    @property
    def size(self) -> int:
        """The number of organisations in the cohort (always shown)."""
        return len(self.records)


def build_cohort(
    records: Sequence[PeerRecord],
    family: str,
    cohort_filter: CohortFilter = CohortFilter(),
    exclude_organisation: str | None = None,
) -> Cohort:
    """Select eligible peers: latest per organisation first, then the filters."""
    latest: dict[str, PeerRecord] = {}
    for record in records:
        if (
            not record.consented
            or record.demo
            or record.completeness < MIN_COMPLETENESS
            or record.family != family
            or record.organisation == exclude_organisation
        ):
            continue
        current = latest.get(record.organisation)
        # Equal timestamps are broken by content (see _newer), so input order never matters.
        if current is None or _newer(record, current):
            latest[record.organisation] = record
    chosen = sorted(
        (r for r in latest.values() if cohort_filter.admits(r)), key=lambda r: r.organisation
    )
    return Cohort(family, cohort_filter, tuple(chosen))


def _newer(record: PeerRecord, current: PeerRecord) -> bool:
    """True when `record` should replace `current` as the organisation's latest."""
    if record.completed_at != current.completed_at:
        return record.completed_at > current.completed_at
    return repr(record) > repr(current)  # an arbitrary but order-independent tie-break


@dataclass(frozen=True)
class PeerStat:
    """Where one figure stands among peers."""

    ref: str  # "overall" or a dimension id
    yours: float | None
    peers: int
    median: float
    q1: float
    q3: float
    percentile: float | None  # only from MIN_PERCENTILES peers

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.ref,
            "yours": self.yours,
            "peers": self.peers,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "percentile": self.percentile,
        }


@dataclass(frozen=True)
class PeerPractice:
    """How common a practice (a question at the bar or above) is among peers."""

    question: str
    yours: float | None
    peers: int
    share_at_bar: float
    flag: str | None  # "common-practice-you-lack", "differentiator" or None

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "question": self.question,
            "yours": self.yours,
            "peers": self.peers,
            "share_at_bar": self.share_at_bar,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class PeerComparison:
    """A scorecard against a cohort, disclosed only as far as the cohort size allows."""

    cohort_size: int
    shown: bool
    indicative: bool
    reason: str
    overall: PeerStat | None
    dimensions: tuple[PeerStat, ...]
    practices: tuple[PeerPractice, ...]

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "cohort_size": self.cohort_size,
            "shown": self.shown,
            "indicative": self.indicative,
            "reason": self.reason,
            "overall": self.overall.to_dict() if self.overall else None,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "practices": [p.to_dict() for p in self.practices],
        }


def disclosure(n: int) -> tuple[bool, bool, str]:
    """What a cohort of `n` organisations may show: (shown, indicative, the reason in words).

    Nothing below MIN_SHOWN peers; medians without percentile ranks below MIN_PERCENTILES.
    """
    if n < MIN_SHOWN:
        return False, False, f"only {n} comparable organisations; peer figures need at least {MIN_SHOWN}"
    if n < MIN_PERCENTILES:
        return True, True, f"{n} organisations: indicative only (percentile ranks need {MIN_PERCENTILES})"
    return True, False, f"{n} organisations"


def compare_with_peers(scorecard: Scorecard, cohort: Cohort, bar: float = PRACTICE_BAR) -> PeerComparison:
    """Position a scorecard in a cohort; `bar` is the level a practice counts as in place."""
    return _compare(
        scorecard.score,
        {d.id: d.score for d in scorecard.dimensions},
        {q.id: q.value for d in scorecard.dimensions for q in d.questions},
        cohort,
        bar,
    )


def compare_group_with_peers(
    questionnaire: Questionnaire, group: GroupScorecard, cohort: Cohort, bar: float = PRACTICE_BAR
) -> PeerComparison:
    """Position a workshop's room in a cohort by its medians: the room is one organisation.

    The dimensions and questions compared are those that apply to at least one respondent,
    in the order a scorecard lists them, so a room of one compares as its scorecard does.
    """
    asked = {q.id for card in group.cards for d in card.dimensions for q in d.questions}
    medians = {s.question: s.median for s in group.questions}
    dimensions = [d.id for d in questionnaire.dimensions if d.id in group.applicable_dimensions]
    questions = [q.id for ref in dimensions for q in questionnaire.questions_in(ref) if q.id in asked]
    return _compare(
        group.score,
        {ref: group.dimensions.get(ref) for ref in dimensions},
        {qid: medians.get(qid) for qid in questions},
        cohort,
        bar,
    )


def _compare(
    score: float | None,
    dimensions: Mapping[str, float | None],
    questions: Mapping[str, float | None],
    cohort: Cohort,
    bar: float,
) -> PeerComparison:
    """Overall, dimension and practice figures against the cohort, as far as its size allows."""
    n = cohort.size
    shown, indicative, reason = disclosure(n)
    if not shown:
        return PeerComparison(n, False, False, reason, None, (), ())
    ranks = not indicative
    records = cohort.records
    overall = _stat("overall", score, [r.score for r in records], ranks)
    stats = tuple(
        stat
        for ref, yours in dimensions.items()
        if (stat := _stat(ref, yours, [r.dimensions.get(ref) for r in records], ranks))
    )
    practices = tuple(
        practice
        for ref, yours in questions.items()
        if (practice := _practice(ref, yours, [r.questions.get(ref) for r in records], bar))
    )
    return PeerComparison(n, True, indicative, reason, overall, stats, practices)


def _stat(
    ref: str, yours: float | None, values: Sequence[float | None], ranks: bool
) -> PeerStat | None:
    """Median, quartiles and (optionally) your percentile rank; None without peer values."""
    present = sorted(v for v in values if v is not None)
    if len(present) < MIN_SHOWN:
        return None  # the same disclosure rule holds for each figure, not only the cohort
    q1, _, q3 = quantiles(present, n=4, method="inclusive")
    percentile = None
    if ranks and yours is not None and len(present) >= MIN_PERCENTILES:
        below = sum(v < yours for v in present)
        ties = sum(v == yours for v in present)
        percentile = 100.0 * (below + ties / 2) / len(present)
    return PeerStat(ref, yours, len(present), median(present), q1, q3, percentile)


def _practice(
    question: str, yours: float | None, values: Sequence[float | None], bar: float
) -> PeerPractice | None:
    """The share of peers at the bar and the flag for your answer; None with too few peers."""
    present = [v for v in values if v is not None]
    if len(present) < MIN_SHOWN:
        return None
    share = sum(v >= bar for v in present) / len(present)
    flag = None
    if yours is not None and yours < bar and share >= COMMON_SHARE:
        flag = "common-practice-you-lack"
    elif yours is not None and yours >= bar and share <= RARE_SHARE:
        flag = "differentiator"
    return PeerPractice(question, yours, len(present), share, flag)
