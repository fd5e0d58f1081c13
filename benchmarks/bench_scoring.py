"""Timing of the scoring engine.

Run from the repository root:

    .venv/bin/python benchmarks/bench_scoring.py

Times scoring one 50-question response and a workshop of 200 respondents with
time.perf_counter over repeated runs, and prints each median in milliseconds and as a
ratio against a baseline measured in the same run (a plain Python loop summing 50
values), so results from different machines can be compared.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.questionnaire.model import (
    Dimension,
    Group,
    Level,
    Option,
    Owner,
    Question,
    QuestionKind,
    Questionnaire,
)
from assessment.scoring import Participant, score_answers, score_group

ROLES = ("product", "engineering", "data-science", "platform", "security", "compliance")


def questionnaire() -> Questionnaire:
    """5 dimensions x 2 groups x 5 questions = 50 maturity questions on a 1-5 scale."""
    levels = tuple(Level(float(v), f"L{v}") for v in range(1, 6))
    dimensions, questions = [], []
    for d in range(5):
        groups = (Group(f"d{d}-a", "A"), Group(f"d{d}-b", "B", weight=2.0))
        dimensions.append(Dimension(f"d{d}", f"Dimension {d}", groups=groups))
        for n in range(10):
            options = tuple(Option(f"o{v}", f"level {v}", float(v)) for v in range(1, 6))
            questions.append(
                Question(
                    f"d{d}-q{n}",
                    QuestionKind.MATURITY,
                    "text",
                    dimension=f"d{d}",
                    group=groups[n % 2].id,
                    weight=1.0 + n % 3,
                    critical=n == 0,
                    not_applicable=True,
                    options=options,
                )
            )
    owners = (Owner("product", "Product"), Owner("security", "Security"))
    return Questionnaire(
        "bench", "1.0", "Bench", "hash", levels, tuple(dimensions), tuple(questions), owners=owners
    )


def answers(q: Questionnaire, rnd: random.Random) -> dict[str, str]:
    """Random answers, mostly options, some don't know and n/a."""
    codes = ["o1", "o2", "o3", "o4", "o5", "unknown", "n/a"]
    weights = [3, 3, 3, 3, 3, 1, 1]
    return {question.id: rnd.choices(codes, weights)[0] for question in q.questions}


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and print."""
    rnd = random.Random(42)
    q = questionnaire()
    one = answers(q, rnd)
    room = [Participant(rnd.choice(ROLES), answers(q, rnd)) for _ in range(200)]
    values = [rnd.random() for _ in range(50)]

    def baseline() -> float:
        """The reference workload: a plain loop summing 50 floats."""
        total = 0.0
        for value in values:
            total += value
        return total

    base = median_seconds(baseline, 2000)
    single = median_seconds(lambda: score_answers(q, one), 200)
    group = median_seconds(lambda: score_group(q, room), 10)
    print(f"baseline (sum of 50 floats): {base * 1e6:9.2f} us")
    print(f"score one 50-question response: {single * 1e3:8.3f} ms  ({single / base:,.0f}x baseline)")
    print(f"score a group of 200 respondents: {group * 1e3:6.1f} ms  ({group / base:,.0f}x baseline)")


if __name__ == "__main__":
    main()
