"""Malformed questionnaire files are refused whole, each problem named at its line.

Each case edits a small valid questionnaire. The edited text marks the line the
problem must be reported at with a trailing `#!` comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import QuestionnaireError, load_questionnaire

VALID = """\
kind: questionnaire
id: tiny
version: "1.0"
title: Tiny
concerns: concerns.yaml
levels:
  - {value: 1, name: Low}
  - {value: 2, name: Mid}
  - {value: 3, name: High}
owners:
  - {id: product, label: Product}
dimensions:
  - id: delivery
    title: Delivery
    groups:
      - id: testing
        title: Testing
questions:
  - id: scope
    kind: scoping
    text: Do you run agents?
    options:
      - {id: yes-agents, label: Yes}
      - {id: no-agents, label: No}
  - id: evals
    dimension: delivery
    group: testing
    text: How are changes evaluated?
    weight: 2
    covers: [evaluation-systems]
    references:
      nist-ai-rmf: [MS-2.1]
    applies_when:
      - {question: scope, any_of: [yes-agents]}
    options:
      - {id: low, value: 1, label: By hand}
      - {id: mid, value: 2, label: With a fixed set}
      - {id: high, value: 3, label: Automatically}
  - id: owner
    kind: ownership
    dimension: delivery
    text: Who owns releases?
translations:
  fr:
    title: Minuscule
"""

VOCABULARY = "production:\n  evaluation-systems: Evaluation\n  monitoring: Monitoring\n"

# (case id, text to replace, replacement with `#!` on the expected line, message fragment)
CASES = [
    (
        "yaml-syntax",
        "    text: How are changes evaluated?\n",
        "    text: How are changes: evaluated?  #!\n",
        "YAML syntax error: mapping values are not allowed",
    ),
    (
        "duplicate-key",
        "title: Tiny\n",
        "title: Tiny\ntitle: Tiny again  #!\n",
        "duplicate key 'title' (first at line 4)",
    ),
    (
        "misspelt-field",
        "    weight: 2\n",
        "    wieght: 2  #!\n",
        "questions[evals]: unknown field 'wieght' (did you mean 'weight'?)",
    ),
    (
        "missing-field",
        "    text: How are changes evaluated?\n",
        "",
        "questions[evals]: missing required field 'text'",
    ),
    (
        "wrong-type",
        "    weight: 2\n",
        "    weight: heavy  #!\n",
        'questions[evals].weight: expected a number, got "heavy"',
    ),
    (
        "bad-id",
        "  - id: evals\n",
        "  - id: Evals_1  #!\n",
        '"Evals_1" is not valid: Lower-case letters, digits and hyphens',
    ),
    (
        "unknown-kind",
        "    kind: ownership\n",
        "    kind: survey  #!\n",
        '"survey" is not one of: maturity, scoping, ownership',
    ),
    ("bad-version", 'version: "1.0"\n', 'version: "one"  #!\n', 'version: "one" is not valid: MAJOR.MINOR'),
    (
        "bad-reference",
        "      nist-ai-rmf: [MS-2.1]\n",
        "      nist-ai-rmf: [GOV-1]  #!\n",
        '"GOV-1" is not valid',
    ),
    (
        "unknown-reference",
        "      nist-ai-rmf: [MS-2.1]\n",
        "      nist-ai-rmf: [MS-2.1, MS-2.14]  #!\n",
        "questions[evals].references.nist-ai-rmf[2]: 'MS-2.14' is not a citable id of NIST AI RMF 1.0"
        " in the framework registry",
    ),
    (
        "reference-without-edition",
        "      nist-ai-rmf: [MS-2.1]\n",
        "      nist-ai-rmf: [MS-2.1]\n      owasp-llm: [LLM07]  #!\n",
        "'LLM07' is not a citable id of OWASP Top 10 for LLM Applications 2025 in the framework registry"
        " questionnaires/vocabularies/frameworks.yaml (did you mean 'LLM07:2025'?)",
    ),
    (
        "category-reference",
        "      nist-ai-rmf: [MS-2.1]\n",
        "      nist-ai-rmf: [MG-3]  #!\n",
        "'MG-3' is not a citable id of NIST AI RMF 1.0 in the framework registry"
        " questionnaires/vocabularies/frameworks.yaml (cite one below it: MG-3.1, MG-3.2)",
    ),
    (
        "control-objective-reference",
        "      nist-ai-rmf: [MS-2.1]\n",
        '      nist-ai-rmf: [MS-2.1]\n      iso-42001: ["9.1", A.6]  #!\n',
        "'A.6' is not a citable id of ISO/IEC 42001:2023 in the framework registry",
    ),
    (
        "duplicate-question",
        "  - id: owner\n",
        "  - id: scope  #!\n",
        "duplicate question id 'scope' (first at line 19)",
    ),
    (
        "unknown-dimension",
        "    dimension: delivery\n    group: testing\n",
        "    dimension: delivry  #!\n    group: testing\n",
        "unknown dimension 'delivry' (known: delivery)",
    ),
    (
        "unknown-group",
        "    group: testing\n",
        "    group: testin  #!\n",
        "unknown group 'testin' in dimension 'delivery'",
    ),
    (
        "scoping-unknown-question",
        "      - {question: scope, any_of: [yes-agents]}\n",
        "      - {question: scoop, any_of: [yes-agents]}  #!\n",
        "applies_when refers to unknown question 'scoop'",
    ),
    (
        "scoping-later-question",
        "      - {question: scope, any_of: [yes-agents]}\n",
        "      - {question: owner, any_of: [product]}  #!\n",
        "refers to question 'owner', which is not asked before this point",
    ),
    (
        "scoping-unknown-option",
        "      - {question: scope, any_of: [yes-agents]}\n",
        "      - {question: scope, any_of: [maybe]}  #!\n",
        "question 'scope' has no option 'maybe'",
    ),
    (
        "value-outside-levels",
        "      - {id: high, value: 3, label: Automatically}\n",
        "      - {id: high, value: 7, label: Automatically}  #!\n",
        "value 7 is outside the declared levels (1 to 3)",
    ),
    (
        "options-out-of-order",
        "      - {id: high, value: 3, label: Automatically}\n",
        "      - {id: high, value: 2, label: Automatically}  #!\n",
        "options must be listed from least to most mature",
    ),
    (
        "unknown-concern",
        "    covers: [evaluation-systems]\n",
        "    covers: [evaluation-systems, telepathy]  #!\n",
        "concern 'telepathy' is not in the vocabulary",
    ),
    (
        "missing-vocabulary",
        "concerns: concerns.yaml\n",
        "concerns: missing.yaml  #!\n",
        "cannot use the concern vocabulary",
    ),
    (
        "ownership-with-options",
        "    text: Who owns releases?\n",
        "    text: Who owns releases?\n    options:  #!\n      - {id: a, label: A}\n"
        "      - {id: b, label: B}\n",
        "ownership questions are answered with an owner",
    ),
    (
        "critical-scoping",
        "    kind: scoping\n",
        "    kind: scoping\n    critical: true  #!\n",
        "'critical' only applies to maturity questions, not scoping ones",
    ),
    (
        "reserved-option-id",
        "      - {id: low, value: 1, label: By hand}\n",
        "      - {id: unknown, value: 1, label: By hand}  #!\n",
        "option id 'unknown' is reserved",
    ),
    (
        "levels-out-of-order",
        "  - {value: 2, name: Mid}\n",
        "  - {value: 0.5, name: Mid}  #!\n",
        "level values must increase down the list",
    ),
    (
        "unknown-translation-key",
        "    title: Minuscule\n",
        "    title: Minuscule\n    questions.nope.text: Non  #!\n",
        "translation key 'questions.nope.text' names no text",
    ),
    (
        "self-dependency",
        "    weight: 2\n",
        "    weight: 2\n    depends_on: [evals]  #!\n",
        "a question cannot depend on itself",
    ),
    (
        "empty-dimension",
        "questions:\n",
        "  - id: empty  #!\n    title: Nothing here\nquestions:\n",
        "dimension 'empty' has no maturity questions",
    ),
    ("top-level-list", None, "- just a list  #!\n", "expected a mapping at the top of the file"),
    ("empty-file", None, "#!\n", "the file is empty"),
]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "concerns.yaml").write_text(VOCABULARY)
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text)
    return path


def marked_line(text: str) -> int:
    """The line carrying `#!`, or the line the removed text stood on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip().endswith("#!"):
            return number
    raise AssertionError("no #! marker")


def test_the_unedited_file_is_valid(tmp_path):
    questionnaire = load_questionnaire(write(tmp_path, VALID))
    assert [q.id for q in questionnaire.questions] == ["scope", "evals", "owner"]


@pytest.mark.parametrize(("case", "old", "new", "message"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_refused_with_line_and_message(tmp_path, case, old, new, message):
    if old is None:
        text = new
    else:
        assert old in VALID, case
        text = VALID.replace(old, new, 1)
    # A removed line is reported at the item that lost it: the question's first line.
    expected = (
        marked_line(text)
        if "#!" in text
        else marked_line(VALID.replace("  - id: evals\n", "  - id: evals  #!\n"))
    )
    path = write(tmp_path, text)
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(path)
    found = [(p.line, p.message) for p in refused.value.problems]
    assert any(line == expected and message in text_ for line, text_ in found), found
    assert all(p.file.endswith("questionnaire.yaml") for p in refused.value.problems)


def test_every_problem_is_reported_at_once(tmp_path):
    text = (
        VALID.replace("    weight: 2\n", "    wieght: 2\n")
        .replace("    group: testing\n", "    group: testin\n")
        .replace("      - {id: high, value: 3,", "      - {id: high, value: 9,")
    )
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(write(tmp_path, text))
    messages = " | ".join(p.message for p in refused.value.problems)
    assert "unknown field 'wieght'" in messages
    assert "unknown group 'testin'" in messages
    assert "value 9 is outside the declared levels" in messages


def test_problems_print_as_file_line_message(tmp_path):
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(write(tmp_path, VALID.replace("    weight: 2\n", "    weight: -1\n")))
    (problem,) = refused.value.problems
    assert str(problem).endswith(
        "questionnaire.yaml:29: questions[evals].weight: must be greater than 0, got -1"
    )


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write(tmp_path, "")
    path.write_bytes(VALID.encode() + b"\n# caf\xe9\n")
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(path)
    assert refused.value.problems[0].message == "the file is not valid UTF-8"
    assert refused.value.problems[0].line == VALID.count("\n") + 2
