"""Building immutable objects from data that passed the schema and the cross-checks."""

from __future__ import annotations

import hashlib
import json
from types import MappingProxyType
from typing import Any

from .frameworks import FrameworkRegistry
from .model import (
    ASSESSMENT,
    FRAMEWORKS,
    Condition,
    Dimension,
    Fact,
    FactType,
    Group,
    Level,
    LevelRule,
    Option,
    Owner,
    Question,
    QuestionKind,
    Questionnaire,
    Reference,
    Risk,
    Rollup,
    ScoringRules,
    TierRule,
)
from .targets import Target, TargetProfile, TargetTier


def content_hash(data: Any) -> str:
    """SHA-256 of the canonical JSON of the parsed file.

    Comments and formatting do not change it; any change of content does, so each
    stored answer can be pinned to exactly the text its respondent saw.
    """
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_questionnaire(
    data: dict,
    concerns: frozenset[str],
    path: str,
    registry: FrameworkRegistry | None = None,
    text: str = "",
) -> Questionnaire:
    """The Questionnaire for a checked document; `registry` gives references their edition and title.

    `text` is the YAML the data was parsed from: kept with the hash of that same data, it
    is what registration stores, whatever the file on disk says by then.
    """
    levels = tuple(Level(float(v["value"]), v["name"], v.get("description", "")) for v in data["levels"])
    translations = MappingProxyType(
        {locale: MappingProxyType(dict(texts)) for locale, texts in data.get("translations", {}).items()}
    )
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", ""),
        language=data.get("language", "en"),
        listed=bool(data.get("listed", True)) and data.get("purpose", ASSESSMENT) == ASSESSMENT,
        purpose=data.get("purpose", ASSESSMENT),
        content_hash=content_hash(data),
        levels=levels,
        scoring=_scoring(data.get("scoring", {}), levels),
        owners=tuple(Owner(o["id"], o["label"]) for o in data.get("owners", [])),
        dimensions=tuple(_dimension(d) for d in data["dimensions"]),
        questions=tuple(_question(q, registry) for q in data["questions"]),
        concerns=concerns,
        translations=translations,
        path=path,
        text=text,
        methodology=data.get("methodology", ""),
    )


def build_profiles(data: dict) -> tuple[TargetProfile, ...]:
    """The TargetProfiles of a checked profiles document."""
    return tuple(
        TargetProfile(
            id=p["id"],
            title=p["title"],
            description=p["description"],
            questionnaire_id=data["questionnaire"],
            dimensions=_targets(p, TargetTier.DIMENSION),
            groups=_targets(p, TargetTier.GROUP),
            questions=_targets(p, TargetTier.QUESTION),
        )
        for p in data["profiles"]
    )


def _targets(profile: dict, tier: TargetTier) -> tuple[Target, ...]:
    """A profile's targets on one tier of the tree (its `dimensions`, `groups` or `questions`)."""
    return tuple(
        Target(
            ref=t[tier.value],
            target=float(t["target"]),
            rationale=t["rationale"],
            advisory=bool(t.get("advisory", False)),
            tier=tier,
            basis=tuple(t.get("basis", [])),
        )
        for t in profile.get(f"{tier.value}s", [])
    )


def _scoring(data: dict, levels: tuple[Level, ...]) -> ScoringRules:
    """Declared roll-up rules, with the defaults of ScoringRules where silent."""
    defaults = ScoringRules()

    def tier(key: str, default: TierRule) -> TierRule:
        declared = data.get(key)
        if declared is None:
            return default
        return TierRule(
            Rollup(declared["rollup"]),
            LevelRule(declared.get("level", LevelRule.NONE)),
            float(declared.get("majority", 0.5)),
        )

    unknown = data.get("unknown_value", "lowest")
    return ScoringRules(
        group=tier("group", defaults.group),
        dimension=tier("dimension", defaults.dimension),
        overall=tier("overall", defaults.overall),
        unknown_value=None if unknown == "lowest" else float(unknown),
    )


def _conditions(data: list | None) -> tuple[Condition, ...]:
    """Conditions of an applies_when list."""
    return tuple(Condition(c["question"], tuple(c["any_of"])) for c in data or [])


def _group(data: dict) -> Group:
    """A group and its sub-groups."""
    return Group(
        id=data["id"],
        title=data["title"],
        description=data.get("description", ""),
        weight=float(data.get("weight", 1)),
        rollup=Rollup(data["rollup"]) if "rollup" in data else None,
        groups=tuple(_group(g) for g in data.get("groups", [])),
        owned_by=data.get("owned_by"),
    )


def _dimension(data: dict) -> Dimension:
    """A dimension and its groups."""
    return Dimension(
        id=data["id"],
        title=data["title"],
        description=data.get("description", ""),
        weight=float(data.get("weight", 1)),
        rollup=Rollup(data["rollup"]) if "rollup" in data else None,
        applies_when=_conditions(data.get("applies_when")),
        groups=tuple(_group(g) for g in data.get("groups", [])),
        readiness_when=_conditions(data.get("readiness", {}).get("when")),
        readiness_label=data.get("readiness", {}).get("label", ""),
        owned_by=data.get("owned_by"),
    )


def _reference(framework: str, ident: str, registry: FrameworkRegistry | None) -> Reference:
    """A reference with the registry's edition and title, when there is a registry."""
    if registry is None:
        return Reference(framework, ident)
    return Reference(framework, ident, registry.edition(framework), registry.title(framework, ident))


def _question(data: dict, registry: FrameworkRegistry | None = None) -> Question:
    """A question with its options and references."""
    references = tuple(
        _reference(framework, ident, registry)
        for framework in FRAMEWORKS
        for ident in data.get("references", {}).get(framework, [])
    )
    options = tuple(
        Option(
            id=o["id"],
            label=o["label"],
            value=float(o["value"]) if "value" in o else None,
            evidence=o.get("evidence", ""),
            recommendation=o.get("recommendation", ""),
        )
        for o in data.get("options", [])
    )
    return Question(
        id=data["id"],
        kind=QuestionKind(data.get("kind", QuestionKind.MATURITY)),
        text=data["text"],
        help=data.get("help", ""),
        dimension=data.get("dimension"),
        group=data.get("group"),
        weight=float(data.get("weight", 1)),
        critical=bool(data.get("critical", False)),
        risk=Risk(data.get("risk", Risk.MEDIUM)),
        covers=tuple(data.get("covers", [])),
        references=references,
        no_direct_equivalent=data.get("references", {}).get("no-direct-equivalent", ""),
        options=options,
        not_applicable=bool(data.get("not_applicable", False)),
        unknown=bool(data.get("unknown", True)),
        applies_when=_conditions(data.get("applies_when")),
        depends_on=tuple(data.get("depends_on", [])),
        fact=_fact(data["fact"]) if "fact" in data else None,
        owned_by=data.get("owned_by"),
    )


def _fact(data: dict) -> Fact:
    """What a fact question accepts."""
    return Fact(
        type=FactType(data["type"]),
        unit=data.get("unit", ""),
        minimum=data.get("min"),
        maximum=data.get("max"),
    )
