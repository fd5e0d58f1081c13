"""What a look at a 200-person workshop costs.  Run:  .venv/bin/python benchmarks/bench_live_view.py

Builds a workshop of 200 generated participants with every applicable question of the
flagship answered (on SQLite, in a temporary folder), then prints medians of:

- the live figures (`live_results`) for a state of the room no server has seen, which
  scores every participant: the baseline of the figures;
- the same figures for a state another app server already stored in the database
  (this server's memory cleared), and for a state this server holds in memory, as ratios
  to the baseline;
- a poll of `live.json` as the page's script makes it, through the app (the facilitator
  signed in), with the ETag of the panel it shows: after one participant changed an answer
  (200, scored and rendered: the baseline of the polls) and when nothing changed (304),
  in server time and bytes of body.
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

from sqlalchemy import delete, select

from assessment import create_app
from assessment.cli.demo import ROLE_BIAS, demo_answers
from assessment.extensions import current_catalog, database
from assessment.persistence import Answer, Respondent, record_answer, upgrade
from assessment.persistence.room_scores import StoredRoomScores
from assessment.persistence.workspaces import Workshop
from assessment.questionnaire import QuestionKind
from assessment.services.workshops import DEFAULT_ROLES
from assessment.web.workshops.live import live_results
from assessment.web.workshops.room_scores import room_scores
from tests.support import factories

PARTICIPANTS = 200
EMAIL = "bench@example.com"


def build_workshop(app) -> int:
    """A workshop of PARTICIPANTS generated participants who answered everything; its id."""
    with app.app_context():
        upgrade(database.engine)
        db = database.session
        questionnaire = current_catalog().get("ai-execution")
        scope = factories.consultant(db, EMAIL, "Bench")
        workshop = factories.workshop(db, scope, questionnaire, "Bench", target="production-baseline")
        rng = random.Random(1)
        factories.participants(
            db,
            workshop,
            (
                (DEFAULT_ROLES[role], demo_answers(questionnaire, rng, ROLE_BIAS.get(role, 0.0), 1.0))
                for role in (number % len(DEFAULT_ROLES) for number in range(PARTICIPANTS))
            ),
        )
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


def forget(app, stored: bool) -> None:
    """Clear this server's memory of room states, and the database's too when `stored` is False."""
    with app.app_context():
        room_scores().clear()
        if not stored:
            database.session.execute(delete(StoredRoomScores))
            database.session.commit()


class Room:
    """One participant whose answer the benchmark changes between polls."""

    def __init__(self, app, workshop_id: int) -> None:
        with app.app_context():
            db = database.session
            workshop = db.get(Workshop, workshop_id)
            self.respondent = db.scalar(
                select(Respondent.id).where(Respondent.assessment_id == workshop.assessment_id).limit(1)
            )
            questionnaire = current_catalog().get("ai-execution")
            question = next(q for q in questionnaire.questions if q.kind is QuestionKind.MATURITY)
            self.question, self.options = question.id, question.option_ids[:2]
            self.seq = db.scalar(
                select(Answer.client_seq).where(
                    Answer.respondent_id == self.respondent, Answer.question_id == self.question
                )
            )
        self.app = app

    def change(self) -> None:
        """Save a newer answer of the participant: a state of the room nobody has seen."""
        self.seq += 1
        with self.app.app_context():
            value = self.options[self.seq % 2]
            record_answer(database.session, self.respondent, self.question, value, self.seq)
            database.session.commit()


def poll(client, url: str, etag: str | None) -> tuple[float, int, int, str]:
    """One poll: (seconds, status, bytes of body, ETag)."""
    headers = {"If-None-Match": f'"{etag}"'} if etag else {}
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = time.perf_counter() - start
    return elapsed, response.status_code, len(response.data), response.get_etag()[0]


def main() -> None:
    """Time the figures and the polls, and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
        )
        workshop_id = build_workshop(app)
        look(app, workshop_id)  # warm-up: the questionnaire, the database file
        first, loaded, again = [], [], []
        for _ in range(runs):
            forget(app, stored=False)
            first.append(look(app, workshop_id))
            again.append(look(app, workshop_id))
            forget(app, stored=True)
            loaded.append(look(app, workshop_id))

        client = app.test_client()
        client.post("/account/login", data={"email": EMAIL, "password": factories.PASSWORD})
        url = f"/workspaces/1/workshops/{workshop_id}/live.json"
        room = Room(app, workshop_id)
        _, _, _, etag = poll(client, url, None)
        changed, unchanged = [], []
        for _ in range(runs):
            room.change()
            changed.append(poll(client, url, etag))
            etag = changed[-1][3]
            unchanged.append(poll(client, url, etag))
    assert {c[1] for c in changed} == {200} and {u[1] for u in unchanged} == {304}

    baseline = statistics.median(first)
    print(f"live figures of {PARTICIPANTS} participants, a new room state: median {baseline * 1000:.0f} ms")
    for label, times in (
        ("stored by another app server", loaded),
        ("already seen by this server", again),
    ):
        seen = statistics.median(times)
        print(f"the same figures, {label}: median {seen * 1000:.0f} ms, {seen / baseline:.2f}x the new state")
    full = statistics.median(c[0] for c in changed)
    bytes_full = statistics.median(c[2] for c in changed)
    print(
        f"a poll after an answer changed (200): median {full * 1000:.0f} ms, "
        f"{bytes_full / 1000:.1f} KB of body"
    )
    empty = statistics.median(u[0] for u in unchanged)
    bytes_empty = statistics.median(u[2] for u in unchanged)
    print(
        f"a poll of an unchanged room (304): median {empty * 1000:.1f} ms, {bytes_empty:.0f} bytes of body: "
        f"{empty / full:.3f}x the changed poll's time"
    )


if __name__ == "__main__":
    main()
