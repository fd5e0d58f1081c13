"""What changed and why: predicted lift against the actual change, for any done actions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessment.scoring.lift import PlannedAction, what_changed
from assessment.scoring.trend import Change, Trend

VALUES = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0])
QUESTIONS = [f"q{n}" for n in range(6)]


def _change(ref, before, after):
    direction = "same" if before == after else ("up" if after > before else "down")
    return Change(ref, before, after, direction)


@st.composite
def cases(draw):
    """A trend over six questions and done actions addressing some of them."""
    changes = tuple(_change(q, draw(VALUES), draw(VALUES)) for q in QUESTIONS)
    actions = []
    for n in range(draw(st.integers(0, 3))):
        addressed = draw(st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=3, unique=True))
        planned = {q: (draw(VALUES), draw(VALUES)) for q in addressed}
        actions.append(PlannedAction(str(n + 1), f"Action {n + 1}", planned))
    return Trend("1", "1", None, (), changes, ()), tuple(actions)


@given(cases())
def test_predicted_is_the_planned_rise_and_actual_the_summed_change(case):
    trend, done = case
    result = what_changed(done, trend, {})
    by_ref = {c.ref: c for c in trend.questions}
    for lift in result.lifts:
        planned = lift.action.planned
        assert lift.predicted == sum(max(0.0, to - start) for start, to in planned.values())
        assert lift.actual == sum(by_ref[q].after - by_ref[q].before for q in planned)


@given(cases())
def test_every_moved_question_is_explained_or_unexplained(case):
    trend, done = case
    result = what_changed(done, trend, {})
    addressed = {q for action in done for q in action.planned}
    moved = {c.ref for c in trend.questions if c.direction != "same"}
    assert {r.change.ref for r in result.questions} == moved
    assert {r.change.ref for r in result.unexplained} == moved - addressed


def test_verdicts_in_words():
    trend = Trend(
        "1",
        "1",
        None,
        (),
        (_change("a", 1, 3), _change("b", 1, 2), _change("c", 1, 4), _change("d", 2, 2), _change("e", 3, 2)),
        (),
    )
    done = [PlannedAction(q, q, {q: (1.0, 3.0)}) for q in "abcde"]
    verdicts = {lift.action.ref: lift.verdict for lift in what_changed(done, trend, {}).lifts}
    assert verdicts == {
        "a": "as planned",
        "b": "part of the planned lift",
        "c": "more than planned",
        "d": "no change",
        "e": "went down",
    }


def test_a_question_that_cannot_be_compared_is_not_credited():
    trend = Trend("1", "1", None, (), (Change("a", None, 3.0, "new"),), ())
    (lift,) = what_changed([PlannedAction("1", "x", {"a": (1.0, 3.0)})], trend, {}).lifts
    assert lift.actual is None and lift.verdict == "not comparable"
