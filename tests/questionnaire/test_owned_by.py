"""`owned_by`: which activity of the ownership map answers for a question's actions.

A dimension, a group or a maturity question may name an ownership question; the nearest
declaration wins (question, then its group and the groups above it, then its dimension).
The loader refuses a name that is not an ownership question, at its line. The flagship
(ai-execution 2.1) ties every maturity question to an activity it asks about.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from assessment.questionnaire import QuestionnaireError, load_questionnaire
from assessment.questionnaire.model import QuestionKind
from assessment.scoring import build_roadmap, question_applies, score_answers

ROOT = Path(__file__).resolve().parents[2]

VALID = """\
kind: questionnaire
id: owned
version: "1.0"
title: Owned
levels:
  - {value: 1, name: Low}
  - {value: 2, name: Mid}
  - {value: 3, name: High}
owners:
  - {id: product, label: Product}
  - {id: security, label: Security}
dimensions:
  - id: delivery
    title: Delivery
    owned_by: own-releases
    groups:
      - id: testing
        title: Testing
        owned_by: own-evaluation
        groups:
          - id: unit
            title: Unit tests
          - id: suites
            title: Suites
            owned_by: own-security
      - id: release
        title: Release
      - id: map
        title: Who owns what
  - id: support
    title: Support
questions:
  - id: scope
    kind: scoping
    text: Do you run agents?
    options:
      - {id: yes-agents, label: "Yes"}
      - {id: no-agents, label: "No"}
  - id: evals
    dimension: delivery
    group: unit
    text: How are changes evaluated?
    options:
      - {id: low, value: 1, label: By hand}
      - {id: high, value: 3, label: Automatically}
  - id: suite-check
    dimension: delivery
    group: suites
    text: How are suites kept current?
    options:
      - {id: low, value: 1, label: Never}
      - {id: high, value: 3, label: On every change}
  - id: suite-signoff
    dimension: delivery
    group: suites
    owned_by: own-releases
    text: Who signs off a suite?
    options:
      - {id: low, value: 1, label: Nobody}
      - {id: high, value: 3, label: The release owner}
  - id: release-gate
    dimension: delivery
    group: release
    text: How are releases gated?
    options:
      - {id: low, value: 1, label: Not at all}
      - {id: high, value: 3, label: By a checklist}
  - id: on-call
    dimension: support
    text: Who is on call?
    options:
      - {id: low, value: 1, label: Whoever is around}
      - {id: high, value: 3, label: A rota}
  - id: own-releases
    kind: ownership
    dimension: delivery
    group: map
    text: Who owns releases?
  - id: own-evaluation
    kind: ownership
    dimension: delivery
    group: map
    text: Who owns evaluation?
  - id: own-security
    kind: ownership
    dimension: delivery
    group: map
    text: Who owns security testing?
"""

# (case id, text to replace, replacement with `#!` on the expected line, the whole message)
CASES = [
    (
        "question-names-unknown-question",
        "    owned_by: own-releases\n    text: Who signs off a suite?\n",
        "    owned_by: own-relases  #!\n    text: Who signs off a suite?\n",
        "questions[suite-signoff].owned_by: owned_by refers to unknown question 'own-relases'",
    ),
    (
        "nested-group-names-unknown-question",
        "            owned_by: own-security\n",
        "            owned_by: own-securty  #!\n",
        "dimensions[delivery].groups[testing].groups[suites].owned_by: "
        "owned_by refers to unknown question 'own-securty'",
    ),
    (
        "group-names-unknown-question",
        "        owned_by: own-evaluation\n",
        "        owned_by: evaluation  #!\n",
        "dimensions[delivery].groups[testing].owned_by: owned_by refers to unknown question 'evaluation'",
    ),
    (
        "dimension-names-unknown-question",
        "    owned_by: own-releases\n    groups:\n",
        "    owned_by: releases  #!\n    groups:\n",
        "dimensions[delivery].owned_by: owned_by refers to unknown question 'releases'",
    ),
    (
        "dimension-names-a-maturity-question",
        "    owned_by: own-releases\n    groups:\n",
        "    owned_by: release-gate  #!\n    groups:\n",
        "dimensions[delivery].owned_by: owned_by must name an ownership question (an activity); "
        "'release-gate' is not one",
    ),
    (
        "question-names-a-scoping-question",
        "    owned_by: own-releases\n    text: Who signs off a suite?\n",
        "    owned_by: scope  #!\n    text: Who signs off a suite?\n",
        "questions[suite-signoff].owned_by: owned_by must name an ownership question (an activity); "
        "'scope' is not one",
    ),
    (
        "nested-group-names-a-maturity-question",
        "            owned_by: own-security\n",
        "            owned_by: suite-check  #!\n",
        "dimensions[delivery].groups[testing].groups[suites].owned_by: owned_by must name an ownership "
        "question (an activity); 'suite-check' is not one",
    ),
    (
        "ownership-question-with-owned-by",
        "    text: Who owns security testing?\n",
        "    text: Who owns security testing?\n    owned_by: own-releases  #!\n",
        "questions[own-security].owned_by: 'owned_by' only applies to maturity questions, not ownership ones",
    ),
    (
        "scoping-question-with-owned-by",
        "    text: Do you run agents?\n",
        "    text: Do you run agents?\n    owned_by: own-releases  #!\n",
        "questions[scope].owned_by: 'owned_by' only applies to maturity questions, not scoping ones",
    ),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text)
    return path


def marked_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip().endswith("#!"):
            return number
    raise AssertionError("no #! marker")


@pytest.fixture(scope="module")
def owned(tmp_path_factory):
    return load_questionnaire(write(tmp_path_factory.mktemp("owned"), VALID))


@pytest.mark.parametrize(("case", "old", "new", "message"), CASES, ids=[c[0] for c in CASES])
def test_an_owned_by_that_names_no_ownership_question_is_refused_at_its_line(
    tmp_path, case, old, new, message
):
    assert VALID.count(old) == 1, case
    text = VALID.replace(old, new)
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(write(tmp_path, text))
    found = [(p.line, p.message) for p in refused.value.problems]
    assert (marked_line(text), message) in found, found
    assert len(found) == 1, found  # nothing else is wrong with the file


def test_every_wrong_owned_by_is_reported_at_once(tmp_path):
    text = VALID.replace(
        "            owned_by: own-security\n", "            owned_by: nobody-here\n"
    ).replace("    owned_by: own-releases\n    groups:\n", "    owned_by: on-call\n    groups:\n")
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(write(tmp_path, text))
    messages = [p.message for p in refused.value.problems]
    assert len(messages) == 2, messages
    assert any("unknown question 'nobody-here'" in m for m in messages)
    assert any("'on-call' is not one" in m for m in messages)


@pytest.mark.parametrize(
    ("question", "activity"),
    [
        ("evals", "own-evaluation"),  # its group says nothing: the group above it does
        ("suite-check", "own-security"),  # its own group is nearer than the group above
        ("suite-signoff", "own-releases"),  # the question's own owned_by wins over its group's
        ("release-gate", "own-releases"),  # no group says: the dimension's
        ("on-call", None),  # nobody says: no activity, so no owner to suggest
    ],
)
def test_the_nearest_owned_by_names_the_activity(owned, question, activity):
    assert owned.activity_for(question) == activity


def test_a_suggested_owner_follows_the_nearest_activity(owned):
    answers = {
        "scope": "yes-agents",
        **{q: "low" for q in ("evals", "suite-check", "suite-signoff", "release-gate", "on-call")},
        "own-releases": "product",
        "own-evaluation": "security",
        "own-security": "nobody",
    }
    card = score_answers(owned, answers)
    items = {i.question: i for i in build_roadmap(owned, card).items}
    assert (items["evals"].owner_activity, items["evals"].owner) == ("own-evaluation", "security")
    assert (items["suite-signoff"].owner_activity, items["suite-signoff"].owner) == (
        "own-releases",
        "product",
    )
    assert items["suite-check"].owner_activity == "own-security" and items["suite-check"].unowned
    assert items["on-call"].owner_activity is None and not items["on-call"].unowned
    naming = items["name-owners"]
    assert naming.activities == ("own-security",)


def test_owned_by_changes_no_score(tmp_path, owned):
    plain = VALID.replace("    owned_by: own-releases\n", "").replace(
        "        owned_by: own-evaluation\n", ""
    )
    plain = plain.replace("            owned_by: own-security\n", "")
    unowned = load_questionnaire(write(tmp_path, plain))
    assert unowned.activity_for("evals") is None
    assert unowned.scoring_signature == owned.scoring_signature


# ------------------------------------------------------------------ the flagship

FLAGSHIP = load_questionnaire(ROOT / "questionnaires" / "ai-execution.yaml")
ACTIVITIES = {q.id for q in FLAGSHIP.questions_of_kind(QuestionKind.OWNERSHIP)}


def test_the_flagship_is_2_1_and_ties_every_practice_to_an_activity_of_its_ownership_map():
    assert FLAGSHIP.version == "2.1"
    assert len(ACTIVITIES) == 13
    untied = [q.id for q in FLAGSHIP.maturity_questions if FLAGSHIP.activity_for(q.id) not in ACTIVITIES]
    assert untied == []


@pytest.mark.parametrize(
    ("question", "activity"),
    [
        ("own-accountable-owner", "own-map-use-case-approval"),  # the dimension's
        ("prio-intake", "own-map-use-case-approval"),  # its group's (the dimension names none)
        ("prio-pilot-exit", "own-map-value-tracking"),  # its group's
        ("prio-capacity", "own-map-funding"),  # its own, over its group's
        ("gov-inventory", "own-map-governance-coordination"),  # the dimension's
        ("gov-bias", "own-map-risk-acceptance"),  # its group's, over the dimension's
        ("gov-risk-assessment", "own-map-risk-acceptance"),  # its own, over the dimension's
        ("prod-evaluation", "own-map-evaluation"),
        ("prod-incidents", "own-map-incidents"),
        ("agent-permissions", "own-map-agent-permissions"),
        ("agent-recovery", "own-map-incidents"),
    ],
)
def test_flagship_activities_follow_the_nearest_owned_by(question, activity):
    assert FLAGSHIP.activity_for(question) == activity


def scoping_combinations():
    """Every combination of answers to the flagship's scoping questions that apply."""
    combinations = [{}]
    for question in FLAGSHIP.questions_of_kind(QuestionKind.SCOPING):
        combinations = [
            {**c, question.id: option} if question_applies(FLAGSHIP, question, c) else c
            for c in combinations
            for option in question.option_ids
        ]
    return list({tuple(sorted(c.items())): c for c in combinations}.values())


def test_whatever_the_scope_a_practice_that_is_asked_has_its_activity_asked_too():
    combinations = scoping_combinations()
    assert len(combinations) > 50
    missing = set()
    for answers, question in itertools.product(combinations, FLAGSHIP.maturity_questions):
        if question_applies(FLAGSHIP, question, answers):
            activity = FLAGSHIP.question(FLAGSHIP.activity_for(question.id))
            if not question_applies(FLAGSHIP, activity, answers):
                missing.add((question.id, activity.id))
    assert missing == set()


def test_every_flagship_action_has_an_activity_and_its_owner():
    answers = {"scope-build-buy": "both", "scope-agents": "in-production", "scope-eu-high-risk": "likely"}
    answers["scope-eu-role"] = "both"
    for question in FLAGSHIP.questions:
        if question.id in answers or not question_applies(FLAGSHIP, question, answers):
            continue
        if question.kind is QuestionKind.MATURITY:
            answers[question.id] = question.options[0].id
        elif question.kind is QuestionKind.OWNERSHIP:
            answers[question.id] = "compliance+legal"
    roadmap = build_roadmap(FLAGSHIP, score_answers(FLAGSHIP, answers))
    assert len(roadmap.items) == len(FLAGSHIP.maturity_questions)  # every practice, at its lowest
    assert all(i.owner_activity in ACTIVITIES and i.owner == "compliance+legal" for i in roadmap.items)
    assert FLAGSHIP.owner_words("compliance+legal") == "Compliance and Legal (shared)"
