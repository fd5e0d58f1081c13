"""Questionnaires built directly from the model, and hypothesis strategies for random ones."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from assessment.questionnaire.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Condition,
    Dimension,
    Group,
    Level,
    LevelRule,
    Option,
    Owner,
    Question,
    QuestionKind,
    Questionnaire,
    Risk,
    Rollup,
    ScoringRules,
    TierRule,
)

FIVE_LEVELS = tuple(
    Level(float(v), name)
    for v, name in enumerate(("Initial", "Developing", "Defined", "Managed", "Optimizing"), start=1)
)

#: Scales a questionnaire may declare besides 1-5: the rules must hold on each. Option
#: values are drawn from the levels and the half-way points between them.
SCALES = {
    "1-5": FIVE_LEVELS,
    "0-3": tuple(Level(float(v), n) for v, n in enumerate(("None", "Ad hoc", "Defined", "Managed"))),
    "1-4": tuple(Level(float(v), n) for v, n in enumerate(("Start", "Repeat", "Define", "Lead"), start=1)),
    "0-10": tuple(Level(float(v), f"Step {v}") for v in range(0, 11, 2)),
}

DEFAULT_RULES = ScoringRules()


def option_values(levels: tuple[Level, ...]) -> tuple[float, ...]:
    """The levels' values and the points half-way between neighbours."""
    values = sorted(level.value for level in levels)
    return tuple(sorted({*values, *((a + b) / 2 for a, b in itertools.pairwise(values))}))


def maturity(
    qid: str,
    dimension: str,
    values: tuple[float, ...] = (1, 2, 3, 4, 5),
    **fields,
) -> Question:
    """A maturity question with options o1, o2, ... valued `values`, recommending the next."""
    options = tuple(
        Option(
            f"o{n}",
            f"practice at {value:g}",
            float(value),
            recommendation=f"{qid}: go beyond {value:g}",
        )
        for n, value in enumerate(values, start=1)
    )
    return Question(
        qid,
        QuestionKind.MATURITY,
        f"How is {qid} done?",
        dimension=dimension,
        options=options,
        **fields,
    )


def scoping(qid: str, option_ids: tuple[str, ...] = ("yes", "no")) -> Question:
    """A scoping question."""
    return Question(
        qid, QuestionKind.SCOPING, f"Do you {qid}?", options=tuple(Option(o, o) for o in option_ids)
    )


def ownership(qid: str, dimension: str, **fields) -> Question:
    """An ownership question."""
    return Question(qid, QuestionKind.OWNERSHIP, f"Who owns {qid}?", dimension=dimension, **fields)


def build(
    dimensions: tuple[Dimension, ...],
    questions: tuple[Question, ...],
    scoring: ScoringRules = DEFAULT_RULES,
    levels: tuple[Level, ...] = FIVE_LEVELS,
    owners: tuple[Owner, ...] = (Owner("product", "Product"), Owner("security", "Security")),
    qid: str = "built",
    version: str = "1.0",
) -> Questionnaire:
    """A questionnaire from parts, with a fake content hash."""
    return Questionnaire(
        qid,
        version,
        "Built in a test",
        f"hash-{version}",
        levels,
        dimensions,
        questions,
        scoring=scoring,
        owners=owners,
    )


ROLLUPS = (Rollup.MEAN, Rollup.WEIGHTED_MEAN, Rollup.MINIMUM)


@st.composite
def questionnaires(draw, rollups=ROLLUPS, scales=tuple(SCALES)) -> Questionnaire:
    """Random questionnaires: a scale among `scales`, 1-3 dimensions, nested groups, weights,
    criticality, scoping."""
    levels = SCALES[draw(st.sampled_from(scales))]
    values_on_scale = option_values(levels)
    counter = iter(range(10_000))
    questions = [scoping("scope", ("yes", "planned", "no"))]
    dimensions = []
    for d in range(draw(st.integers(1, 3))):
        did = f"d{d}"
        groups = []
        leaves = []
        if draw(st.booleans()):
            for g in range(draw(st.integers(1, 2))):
                subgroups = tuple(
                    Group(
                        f"{did}g{g}s{s}",
                        "sub",
                        weight=draw(st.sampled_from((0.5, 1.0, 2.0))),
                        rollup=draw(st.sampled_from((None, *rollups))),
                    )
                    for s in range(draw(st.integers(0, 2)))
                )
                groups.append(
                    Group(
                        f"{did}g{g}",
                        "group",
                        weight=draw(st.sampled_from((1.0, 3.0))),
                        rollup=draw(st.sampled_from((None, *rollups))),
                        groups=subgroups,
                    )
                )
                leaves += [s.id for s in subgroups] or [f"{did}g{g}"]
        else:
            leaves = [None]
        scoped = draw(st.booleans())
        conditions = (Condition("scope", ("yes", "planned")),) if scoped else ()
        # A scoped dimension may be readiness only while what it governs is only planned.
        readiness = (Condition("scope", ("planned",)),) if scoped and draw(st.booleans()) else ()
        dimensions.append(
            Dimension(
                did,
                did,
                weight=draw(st.sampled_from((1.0, 2.0))),
                rollup=draw(st.sampled_from((None, *rollups))),
                applies_when=conditions,
                groups=tuple(groups),
                readiness_when=readiness,
                readiness_label="readiness for what you plan" if readiness else "",
            )
        )
        for leaf in leaves:
            for _ in range(draw(st.integers(1, 3))):
                values = tuple(
                    sorted(draw(st.sets(st.sampled_from(values_on_scale), min_size=2, max_size=5)))
                )
                questions.append(
                    maturity(
                        f"q{next(counter)}",
                        did,
                        values,
                        group=leaf,
                        weight=draw(st.sampled_from((0.5, 1.0, 2.0, 3.0))),
                        critical=draw(st.booleans()),
                        risk=draw(st.sampled_from(tuple(Risk))),
                        not_applicable=draw(st.booleans()),
                        unknown=draw(st.booleans()),
                        applies_when=conditions,
                    )
                )
        questions.append(ownership(f"own{d}", did, not_applicable=True, applies_when=conditions))
    scoring = ScoringRules(
        group=TierRule(
            draw(st.sampled_from(rollups)),
            draw(st.sampled_from((LevelRule.NONE, LevelRule.FLOOR, LevelRule.STAIRCASE))),
        ),
        dimension=TierRule(
            draw(st.sampled_from(rollups)),
            draw(st.sampled_from((LevelRule.STAIRCASE, LevelRule.FLOOR, LevelRule.WEAKEST))),
            draw(st.sampled_from((0.5, 0.6, 0.75))),
        ),
        overall=TierRule(
            draw(st.sampled_from(rollups)),
            draw(st.sampled_from((LevelRule.WEAKEST, LevelRule.FLOOR, LevelRule.STAIRCASE))),
        ),
    )
    return build(tuple(dimensions), tuple(questions), scoring, levels=levels)


@st.composite
def answers_for(draw, questionnaire: Questionnaire, missing: bool = True) -> dict[str, str]:
    """Valid random answers: a scoping answer (or, with `missing`, none), then any accepted
    code (or none) per question that applies."""
    scopes = ("yes", "planned", "no", None) if missing else ("yes", "planned", "no")
    scope = draw(st.sampled_from(scopes))
    answers = {} if scope is None else {"scope": scope}
    for question in questionnaire.questions:
        if question.kind is QuestionKind.SCOPING or not all(c.holds(answers) for c in question.applies_when):
            continue
        if question.kind is QuestionKind.OWNERSHIP:
            codes = [o.id for o in questionnaire.owners] + ["nobody", UNKNOWN, NOT_APPLICABLE]
        else:
            codes = list(question.option_ids)
            codes += [NOT_APPLICABLE] if question.not_applicable else []
            codes += [UNKNOWN] if question.unknown else []
        codes += [None] if missing else []
        code = draw(st.sampled_from(codes))
        if code is not None:
            answers[question.id] = code
    return answers


@st.composite
def questionnaire_and_answers(draw, rollups=ROLLUPS, missing: bool = True, scales=tuple(SCALES)):
    """A random questionnaire on any of `scales`, with random valid answers to it."""
    questionnaire = draw(questionnaires(rollups, scales))
    return questionnaire, draw(answers_for(questionnaire, missing))


#: Mixed answers to tests/data/samm-shaped.yaml, with the stream, practice and function
#: figures SAMM's arithmetic gives them.
SAMM_MIXED = {
    # plan / strategy: goals 1 + 0.5 + 0 = 1.5; roadmap 3 x 0.25 = 0.75 -> strategy 1.125
    "goals-1": "all",
    "goals-2": "half",
    "goals-3": "no",
    "roadmap-1": "some",
    "roadmap-2": "some",
    "roadmap-3": "some",
    # plan / policy: rules 3; compliance 0 -> policy 1.5; plan = (1.125 + 1.5) / 2 = 1.3125
    "rules-1": "all",
    "rules-2": "all",
    "rules-3": "all",
    "compliance-1": "no",
    "compliance-2": "no",
    "compliance-3": "no",
    # verify / testing: baseline 0.5 + 0.5 = 1; depth 1 + unknown (0) = 1 -> testing 1
    "baseline-1": "half",
    "baseline-2": "half",
    "depth-1": "all",
    "depth-2": "unknown",
    # verify / review: design 1 (one unanswered); code 2 -> review 1.5; verify 1.25
    "design-review-1": "all",
    "code-review-1": "all",
    "code-review-2": "all",
}
