"""The answers CSV reads without the questionnaire file: words, levels, times and the agreed answers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from tests.support.journeys import QUESTION, answer, join, join_code, make_workshop


def exported(consultant) -> list[dict[str, str]]:
    """The workshop's answers CSV, parsed into rows by column name."""
    response = consultant.get("/workspaces/1/workshops/1/answers.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_each_answer_row_carries_question_text_answer_label_level_and_utc_time(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, participants="named")
    before = datetime.now(UTC).replace(microsecond=0)
    answer(join(journey_app, join_code(journey_app), "Security", name="Ana"), "all-named")
    [row] = exported(consultant)
    assert list(row) == [
        "participant",
        "role",
        "question_id",
        "question",
        "answer_id",
        "answer",
        "level",
        "answered_at_utc",
    ]
    assert (row["participant"], row["role"], row["question_id"], row["answer_id"]) == (
        "Ana",
        "Security",
        QUESTION,
        "all-named",
    )
    assert row["question"].endswith("?") or len(row["question"]) > 20  # the question's own text
    assert row["answer"] and row["answer"] != "all-named"  # the option's label, in words
    assert row["level"] == "3"
    answered = datetime.fromisoformat(row["answered_at_utc"])
    assert answered.utcoffset() == timedelta(0) and before <= answered <= datetime.now(UTC) + timedelta(
        seconds=1
    )


def test_agreed_answers_follow_as_rows_of_their_own(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    answer(join(journey_app, join_code(journey_app)), "none-named")
    recorded = consultant.post(
        "/workspaces/1/workshops/1/agreed", data={"question": QUESTION, "option": "owners-report"}
    )
    assert recorded.status_code == 302
    rows = exported(consultant)
    assert [r["participant"] for r in rows] == ["Participant 1", "Agreed by the room"]
    agreed = rows[1]
    assert (agreed["question_id"], agreed["answer_id"], agreed["level"]) == (QUESTION, "owners-report", "4")
    assert agreed["question"] == rows[0]["question"] and agreed["answer"] not in ("", "owners-report")
    assert agreed["role"] == "" and agreed["answered_at_utc"].endswith("+00:00")


def test_a_formula_looking_name_and_role_stay_text(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, participants="named", roles="@SUM(A1)\nProduct")
    answer(join(journey_app, join_code(journey_app), "@SUM(A1)", name="=HYPERLINK(1)"), "all-named")
    [row] = exported(consultant)
    assert row["participant"] == "'=HYPERLINK(1)" and row["role"] == "'@SUM(A1)"
