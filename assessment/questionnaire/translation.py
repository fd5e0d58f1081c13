"""Translations a questionnaire file carries: parsed and checked, not yet served.

A file may translate its texts under `translations: {locale: {dotted key: text}}`.
The loader checks that every key names a text (`translatable_texts`), the hash covers
them, and `translated` gives the questionnaire in a locale. No page or report picks a
locale yet, so authors can ship translations that the service will use once one does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .model import Group, Question, Questionnaire


def translated(questionnaire: Questionnaire, locale: str) -> Questionnaire:
    """A copy with every text the file translates into `locale` replaced.

    Texts the translation leaves out stay in the questionnaire's own language.
    Ids, values and rules never change, so answers are interchangeable.
    """
    if locale == questionnaire.language or locale not in questionnaire.translations:
        return questionnaire
    return _translate(questionnaire, questionnaire.translations[locale])


def _translate(questionnaire: Questionnaire, texts: Mapping[str, str]) -> Questionnaire:
    """Apply a translation table of dotted keys (see `translatable_texts`)."""

    def pick(key: str, current: str) -> str:
        return texts.get(key, current)

    def translate_group(prefix: str, group: Group) -> Group:
        key = f"{prefix}.groups.{group.id}"
        return replace(
            group,
            title=pick(f"{key}.title", group.title),
            description=pick(f"{key}.description", group.description),
            groups=tuple(translate_group(key, child) for child in group.groups),
        )

    def translate_question(q: Question) -> Question:
        key = f"questions.{q.id}"
        options = tuple(
            replace(
                o,
                label=pick(f"{key}.options.{o.id}.label", o.label),
                evidence=pick(f"{key}.options.{o.id}.evidence", o.evidence),
                recommendation=pick(f"{key}.options.{o.id}.recommendation", o.recommendation),
            )
            for o in q.options
        )
        return replace(
            q,
            text=pick(f"{key}.text", q.text),
            help=pick(f"{key}.help", q.help),
            options=options,
        )

    dimensions = tuple(
        replace(
            d,
            title=pick(f"dimensions.{d.id}.title", d.title),
            description=pick(f"dimensions.{d.id}.description", d.description),
            groups=tuple(translate_group(f"dimensions.{d.id}", g) for g in d.groups),
        )
        for d in questionnaire.dimensions
    )
    levels = tuple(
        replace(
            level,
            name=pick(f"levels.{level.value:g}.name", level.name),
            description=pick(f"levels.{level.value:g}.description", level.description),
        )
        for level in questionnaire.levels
    )
    owners = tuple(replace(o, label=pick(f"owners.{o.id}.label", o.label)) for o in questionnaire.owners)
    return replace(
        questionnaire,
        title=pick("title", questionnaire.title),
        description=pick("description", questionnaire.description),
        levels=levels,
        dimensions=dimensions,
        questions=tuple(translate_question(q) for q in questionnaire.questions),
        owners=owners,
    )


def translatable_texts(questionnaire: Questionnaire) -> dict[str, str]:
    """Every text of the questionnaire under the dotted key a translation uses."""
    texts = {"title": questionnaire.title, "description": questionnaire.description}
    for level in questionnaire.levels:
        texts[f"levels.{level.value:g}.name"] = level.name
        texts[f"levels.{level.value:g}.description"] = level.description
    for owner in questionnaire.owners:
        texts[f"owners.{owner.id}.label"] = owner.label

    def add_group(prefix: str, group: Group) -> None:
        key = f"{prefix}.groups.{group.id}"
        texts[f"{key}.title"] = group.title
        texts[f"{key}.description"] = group.description
        for child in group.groups:
            add_group(key, child)

    for d in questionnaire.dimensions:
        texts[f"dimensions.{d.id}.title"] = d.title
        texts[f"dimensions.{d.id}.description"] = d.description
        for g in d.groups:
            add_group(f"dimensions.{d.id}", g)
    for q in questionnaire.questions:
        texts[f"questions.{q.id}.text"] = q.text
        texts[f"questions.{q.id}.help"] = q.help
        for o in q.options:
            for attr in ("label", "evidence", "recommendation"):
                texts[f"questions.{q.id}.options.{o.id}.{attr}"] = getattr(o, attr)
    return texts
