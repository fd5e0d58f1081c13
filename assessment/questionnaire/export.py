"""The loaded questionnaire as plain JSON-ready data (the `show --json` contract)."""

from __future__ import annotations

from .model import Group, Question, Questionnaire
from .targets import TargetProfile


def _number(value: float | None) -> float | int | None:
    """Whole numbers as ints, so 3.0 prints as 3."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _group(group: Group) -> dict:
    return {
        "id": group.id,
        "title": group.title,
        "weight": _number(group.weight),
        "rollup": group.rollup.value if group.rollup else None,
        "groups": [_group(g) for g in group.groups],
    }


def _question(question: Question) -> dict:
    return {
        "id": question.id,
        "kind": question.kind.value,
        "dimension": question.dimension,
        "group": question.group,
        "text": question.text,
        "help": question.help,
        "weight": _number(question.weight),
        "critical": question.critical,
        "risk": question.risk.value,
        "covers": list(question.covers),
        "references": [
            {"framework": r.framework, "id": r.id, "edition": r.edition, "title": r.title}
            for r in question.references
        ],
        "no_direct_equivalent": question.no_direct_equivalent,
        "not_applicable": question.not_applicable,
        "unknown": question.unknown,
        "applies_when": [{"question": c.question, "any_of": list(c.any_of)} for c in question.applies_when],
        "depends_on": list(question.depends_on),
        "options": [
            {
                "id": o.id,
                "label": o.label,
                "value": _number(o.value),
                "evidence": o.evidence,
                "recommendation": o.recommendation,
            }
            for o in question.options
        ],
        "fact": None
        if question.fact is None
        else {
            "type": question.fact.type.value,
            "unit": question.fact.unit,
            "min": question.fact.minimum,
            "max": question.fact.maximum,
        },
    }


def profile_as_dict(profile: TargetProfile) -> dict:
    """A target profile as plain data."""

    def targets(key: str, entries) -> list[dict]:
        return [
            {
                key: t.ref,
                "target": _number(t.target),
                "rationale": t.rationale,
                "advisory": t.advisory,
                "basis": list(t.basis),
            }
            for t in entries
        ]

    return {
        "id": profile.id,
        "title": profile.title,
        "description": profile.description,
        "dimensions": targets("dimension", profile.dimensions),
        "groups": targets("group", profile.groups),
        "questions": targets("question", profile.questions),
    }


def questionnaire_as_dict(questionnaire: Questionnaire, profiles: tuple[TargetProfile, ...] = ()) -> dict:
    """Everything a client needs to render or score the questionnaire."""
    rules = questionnaire.scoring
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "content_hash": questionnaire.content_hash,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "language": questionnaire.language,
        "listed": questionnaire.listed,
        "levels": [
            {"value": _number(level.value), "name": level.name, "description": level.description}
            for level in questionnaire.levels
        ],
        "scoring": {
            tier: {"rollup": rule.rollup.value, "level": rule.level.value, "majority": rule.majority}
            for tier, rule in (
                ("group", rules.group),
                ("dimension", rules.dimension),
                ("overall", rules.overall),
            )
        }
        | {"unknown_value": "lowest" if rules.unknown_value is None else _number(rules.unknown_value)},
        "owners": [{"id": o.id, "label": o.label} for o in questionnaire.owners],
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "description": d.description,
                "weight": _number(d.weight),
                "rollup": d.rollup.value if d.rollup else None,
                "applies_when": [{"question": c.question, "any_of": list(c.any_of)} for c in d.applies_when],
                "groups": [_group(g) for g in d.groups],
            }
            for d in questionnaire.dimensions
        ],
        "questions": [_question(q) for q in questionnaire.questions],
        "translations": sorted(questionnaire.translations),
        "profiles": [profile_as_dict(p) for p in profiles],
    }
