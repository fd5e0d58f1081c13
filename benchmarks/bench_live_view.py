"""What a look at a 200-person workshop costs.  Run:  .venv/bin/python benchmarks/bench_live_view.py

Builds a workshop of 200 generated participants with every applicable question of the
flagship answered (on SQLite, in a temporary folder), then prints medians of:
- the live figures (`live_results`) for a state of the room seen for the first time,
  which scores every participant: the baseline;
- the same figures for a state already seen, as a revealed room or a polling live view
  asks for them, as a ratio to the baseline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment import create_app
from assessment.cli.demo import ROLE_BIAS, demo_answers
from assessment.extensions import current_catalog, database
from assessment.persistence import record_answer, register_questionnaire, upgrade
from assessment.persistence.workspaces import Workshop
from assessment.services.accounts import sign_up, workspace_scope
from assessment.services.workshops import DEFAULT_ROLES, WorkshopSettings, create_workshop, join
from assessment.web.workshops.live import live_results
from assessment.web.workshops.room_scores import room_scores

PARTICIPANTS = 200


def build_workshop(app) -> int:
    """A workshop of PARTICIPANTS generated participants who answered everything; its id."""
    with app.app_context():
        upgrade(database.engine)
        db = database.session
        questionnaire = current_catalog().get("ai-execution")
        account = sign_up(db, "bench@example.com", "correct horse battery", "Bench", "Bench")
        scope = workspace_scope(db, account, account.memberships[0].workspace_id)
        client = scope.add_client("Bench client", "insurance", "5000-19999", "europe")
        version, _ = register_questionnaire(db, questionnaire)
        settings = WorkshopSettings("Bench", False, DEFAULT_ROLES, "production-baseline")
        workshop = create_workshop(db, client, version, settings)
        rng = random.Random(1)
        for number in range(PARTICIPANTS):
            role = number % len(DEFAULT_ROLES)
            respondent, _ = join(db, workshop, DEFAULT_ROLES[role], f"Participant {number}")
            for question, value in demo_answers(questionnaire, rng, ROLE_BIAS.get(role, 0.0), 1.0).items():
                record_answer(db, respondent.id, question, value, 1)
        db.commit()
        return workshop.id


def look(app, workshop_id: int) -> float:
    """Seconds for one request's live figures."""
    with app.test_request_context():
        workshop = database.session.get(Workshop, workshop_id)
        start = time.perf_counter()
        live_results(workshop)
        elapsed = time.perf_counter() - start
        database.session.close()
    return elapsed


def main() -> None:
    """Time first looks (memo cleared each time) and repeated looks, and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench"})
        workshop_id = build_workshop(app)
        look(app, workshop_id)  # warm-up: the questionnaire, the database file
        first, again = [], []
        for _ in range(runs):
            room_scores.clear()
            first.append(look(app, workshop_id))
            again.append(look(app, workshop_id))
    baseline, seen = statistics.median(first), statistics.median(again)
    print(f"live figures of {PARTICIPANTS} participants, a new room state: median {baseline * 1000:.0f} ms")
    print(
        f"the same figures for a state already seen: median {seen * 1000:.0f} ms, "
        f"{seen / baseline:.2f}x the new state"
    )


if __name__ == "__main__":
    main()
