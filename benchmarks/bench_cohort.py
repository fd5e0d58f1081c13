"""Timing of SQL peer-cohort statistics over 100,000 stored assessment summaries.

Run from the repository root:

    .venv/bin/python benchmarks/bench_cohort.py [--postgres URL] [--rows 100000] [--repeat 7] [--no-vacuum]

Fills a fresh SQLite file (and, with --postgres, a fresh database created on that
server and dropped afterwards) with GENERATED assessment summaries, five dimension
summaries each, then times `cohort_statistics` with time.perf_counter and prints each
median in milliseconds and as a ratio against a baseline measured in the same run on the
same rows: `SELECT family, count(*), avg(overall_score) ... GROUP BY family`. The target
is a ratio of at most 3. The data is random (with a mix of consent, demo, completeness
and families, so the eligibility rules do work) and says so: it describes no real organisation.
The rows carry the cohort flags `summarise` would keep (see `elect`), and PostgreSQL is
vacuumed after the fill unless --no-vacuum (see `fill`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from assessment.persistence import (
    Assessment,
    AssessmentSummary,
    DimensionSummary,
    Organisation,
    QuestionnaireVersion,
    cohort_statistics,
    make_engine,
    upgrade,
)
from assessment.questionnaire.catalog import load_directory
from assessment.questionnaire.model import QuestionKind
from assessment.scoring import CohortFilter, Scorecard, score_answers
from assessment.scoring.cohort import MIN_COMPLETENESS

FAMILIES = (("ai-execution@1", 0.7), ("ai-execution@2", 0.2), ("quick-check@1", 0.1))
DIMENSIONS = ("ownership", "prioritization", "governance", "production", "agentic")
INDUSTRIES = ("finance", "health", "retail", "public", "energy", "software")
SIZES = ("small", "medium", "large", "enterprise")
REGIONS = ("eu", "uk", "us", "apac")
START = datetime(2026, 1, 1, tzinfo=UTC)
BATCH = 20_000


def generate(rows: int, seed: int = 7) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Generated organisations, assessments, summaries and dimension summaries."""
    rng = random.Random(seed)
    organisations = [
        {
            "id": i,
            "name": f"generated {i}",
            "industry": rng.choice(INDUSTRIES),
            "size_band": rng.choice(SIZES),
            "region": rng.choice(REGIONS),
            "created_at": START,
        }
        for i in range(1, rows * 2 // 5 + 1)
    ]
    assessments, summaries, dimensions = [], [], []
    families, weights = zip(*FAMILIES, strict=True)
    for i in range(1, rows + 1):
        organisation = rng.choice(organisations)
        at = START + timedelta(minutes=rng.randrange(500_000))
        consented, demo = rng.random() < 0.7, rng.random() < 0.03
        assessments.append(
            {
                "id": i,
                "kind": "self",
                "questionnaire_version_id": 1,
                "organisation_id": organisation["id"],
                "status": "closed",
                "benchmark_consent": consented,
                "is_demo": demo,
                "created_at": at,
                "closed_at": at,
            }
        )
        family = rng.choices(families, weights)[0]
        summaries.append(
            {
                "assessment_id": i,
                "questionnaire_id": family.split("@")[0],
                "family": family,
                "organisation_id": organisation["id"],
                "industry": organisation["industry"],
                "size_band": organisation["size_band"],
                "region": organisation["region"],
                "consented": consented,
                "is_demo": demo,
                "completeness": rng.choice((0.5, 0.75, 0.8, 0.9, 1.0, 1.0)),
                "overall_score": round(rng.uniform(1, 5), 2),
                "overall_level": float(rng.randint(1, 5)),
                "completed_at": at,
                "computed_at": at,
            }
        )
        dimensions += [
            {"assessment_id": i, "dimension_id": d, "score": round(rng.uniform(1, 5), 2), "level": 3.0}
            for d in DIMENSIONS
        ]
    elect(summaries)
    copied = ("family", "organisation_id", "industry", "size_band", "region", "in_cohort")
    for row in dimensions:
        row |= {name: summaries[row["assessment_id"] - 1][name] for name in copied}
    return organisations, assessments, summaries, dimensions


def elect(summaries: list[dict]) -> None:
    """Set `in_cohort` as summarise keeps it: the latest eligible row per organisation and family."""
    entries: dict[tuple[int, str], dict] = {}
    for row in summaries:
        row["in_cohort"] = False
        if not row["consented"] or row["is_demo"] or row["completeness"] < MIN_COMPLETENESS:
            continue
        key = (row["organisation_id"], row["family"])
        current = entries.get(key)
        if current is None or (row["completed_at"], row["assessment_id"]) > (
            current["completed_at"],
            current["assessment_id"],
        ):
            entries[key] = row
    for row in entries.values():
        row["in_cohort"] = True


def fill(engine: Engine, data: tuple[list[dict], ...], vacuum: bool = True) -> float:
    """Bulk insert the generated rows (executemany in batches); the seconds it took.

    On PostgreSQL, `vacuum` also sets the visibility map, as autovacuum soon does after bulk inserts.
    """
    version = {
        "id": 1,
        "questionnaire_id": "ai-execution",
        "version": "1.0",
        "content_hash": "g" * 64,
        "title": "generated",
        "source_path": "generated",
        "source": "generated",
        "registered_at": START,
    }
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(insert(QuestionnaireVersion), [version])
        for model, rows in zip(
            (Organisation, Assessment, AssessmentSummary, DimensionSummary), data, strict=True
        ):
            for offset in range(0, len(rows), BATCH):
                connection.execute(insert(model), rows[offset : offset + BATCH])
    # Fresh planner statistics, as autovacuum would give. Without the visibility map a fresh
    # PostgreSQL table makes index-only scans visit the heap, a state autovacuum ends soon after.
    command = "VACUUM ANALYZE" if vacuum and engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(command))
    return time.perf_counter() - started


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `action` in milliseconds, after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def yours() -> Scorecard:
    """One scored flagship response, for the percentile ranks."""
    questionnaire = load_directory(Path(__file__).resolve().parents[1] / "questionnaires").get("ai-execution")
    rng = random.Random(1)
    answers = {
        q.id: rng.choice(q.option_ids) for q in questionnaire.questions if q.kind is QuestionKind.MATURITY
    }
    answers |= {"scope-agents": "piloting", "scope-eu-high-risk": "likely"}
    return score_answers(questionnaire, answers)


def run(name: str, engine: Engine, data: tuple[list[dict], ...], repeat: int, vacuum: bool = True) -> None:
    """Fill one engine and print the medians and ratios."""
    upgrade(engine)
    seconds = fill(engine, data, vacuum)
    print(
        f"\n{name}: inserted {len(data[2]):,} summaries and {len(data[3]):,} dimension rows"
        f" in {seconds:.1f} s{'' if vacuum else ' (no VACUUM)'}"
    )
    card = yours()
    with Session(engine) as session:
        baseline = median_ms(
            lambda: session.execute(
                select(
                    AssessmentSummary.family, func.count(), func.avg(AssessmentSummary.overall_score)
                ).group_by(AssessmentSummary.family)
            ).all(),
            repeat,
        )
        print(f"  {'baseline GROUP BY family':<44} {baseline:9.1f} ms   1.00x")
        cases = {
            "cohort_statistics, all peers": CohortFilter(),
            "cohort_statistics, industry=finance": CohortFilter(industry="finance"),
        }
        for label, cohort_filter in cases.items():
            stats = cohort_statistics(session, "ai-execution@1", cohort_filter, card)
            elapsed = median_ms(
                lambda f=cohort_filter: cohort_statistics(session, "ai-execution@1", f, card), repeat
            )
            print(
                f"  {label:<44} {elapsed:9.1f} ms {elapsed / baseline:6.2f}x  (cohort {stats.cohort_size:,})"
            )


def fresh_postgres(server_url: str) -> tuple[str, Callable[[], None]]:
    """Create a throwaway database on the server; its URL and a function that drops it."""
    name = f"bench_cohort_{int(time.time())}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        """Drop the throwaway database."""
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    """Parse the arguments and run on SQLite, then PostgreSQL when given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server URL (a database is created)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-vacuum", action="store_true", help="only ANALYZE PostgreSQL after the fill")
    options = parser.parse_args()
    data = generate(options.rows)
    print(f"GENERATED data: {options.rows:,} assessment summaries (random, not real organisations)")
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        try:
            run(f"SQLite {sqlite_version(engine)}", engine, data, options.repeat)
        finally:
            engine.dispose()
    if options.postgres:
        url, drop = fresh_postgres(options.postgres)
        engine = make_engine(url)
        try:
            run("PostgreSQL", engine, data, options.repeat, vacuum=not options.no_vacuum)
        finally:
            engine.dispose()
            drop()


def sqlite_version(engine: Engine) -> str:
    """The SQLite library version (window functions need 3.25)."""
    with engine.connect() as connection:
        return connection.execute(text("select sqlite_version()")).scalar_one()


if __name__ == "__main__":
    main()
