"""Loading questionnaire and profile files: parse, validate, cross-check, build.

A file either loads whole or is refused with every problem found in it.
"""

from __future__ import annotations

from pathlib import Path

from . import build
from .checks import QuestionnaireChecks, items, text
from .frameworks import FrameworkRegistry, default_registry, reference_problems
from .model import QuestionKind, Questionnaire
from .problems import Problem, QuestionnaireError, display_path
from .schema import schema_problems
from .source import Document, parse
from .targets import TargetProfile
from .translation import translatable_texts

KINDS = ("questionnaire", "benchmark-profiles", "crosswalk", "gate-rules")


def read_document(path: Path | str) -> Document:
    """Parse one YAML file; raise QuestionnaireError when it cannot be read or parsed."""
    path = Path(path)
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise QuestionnaireError([Problem(name, 1, f"cannot read the file: {error.strerror}")]) from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise QuestionnaireError([Problem(name, line, "the file is not valid UTF-8")]) from None
    document = parse(content, name)
    if not isinstance(document.data, dict):
        raise QuestionnaireError([document.problem((), "expected a mapping at the top of the file")])
    return document


def document_kind_of(document: Document) -> str:
    """The declared kind of a parsed file; QuestionnaireError when it has none we know."""
    kind = document.data.get("kind")
    if kind not in KINDS:
        message = f"unknown kind {kind!r}" if "kind" in document.data else "missing required field 'kind'"
        raise QuestionnaireError(
            [document.problem(("kind",), f"{message}: expected one of {', '.join(KINDS)}")]
        )
    return kind


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Load and validate a questionnaire file."""
    return questionnaire_from(read_document(path), Path(path))


def load_stored_questionnaire(source: str, source_path: str) -> Questionnaire:
    """Rebuild a questionnaire from the text stored when it was registered.

    The text was validated then; its concern vocabulary and the framework registry may
    have moved since, so `covers` ids and references are trusted rather than checked
    again (a reference the registry no longer lists keeps its id and loses its title).
    """
    document = parse(source, source_path)
    if not isinstance(document.data, dict):
        raise QuestionnaireError([document.problem((), "expected a mapping at the top of the file")])
    return questionnaire_from(document, Path(source_path), trust_covers=True)


def questionnaire_from(document: Document, path: Path, trust_covers: bool = False) -> Questionnaire:
    """Validate a parsed questionnaire document and build it.

    `trust_covers` is for text stored when it was registered: its concern ids and
    framework references were checked then and are not checked again.
    """
    problems = schema_problems(document, "questionnaire")
    registry, registry_problems = _registry(document)
    if not trust_covers:
        problems += registry_problems
        if registry is not None:
            problems += reference_problems(document, registry)
    vocabulary = None
    if trust_covers:
        vocabulary = {
            c for q in document.data.get("questions", []) if isinstance(q, dict) for c in q.get("covers", [])
        }
    elif isinstance(document.data.get("concerns"), str):
        try:
            vocabulary = load_vocabulary(path.parent / document.data["concerns"])
        except QuestionnaireError as error:
            problems.append(
                document.problem(("concerns",), f"cannot use the concern vocabulary: {error.problems[0]}")
            )
    problems += QuestionnaireChecks(document, vocabulary).run()
    if problems:
        raise QuestionnaireError(problems)
    questionnaire = build.build_questionnaire(
        document.data, frozenset(vocabulary or ()), str(path), registry, document.text
    )
    problems = translation_problems(document, questionnaire)
    if problems:
        raise QuestionnaireError(problems)
    return questionnaire


def _registry(document: Document) -> tuple[FrameworkRegistry | None, list[Problem]]:
    """The committed framework registry, or a problem saying why references cannot be checked."""
    try:
        return default_registry(), []
    except QuestionnaireError as error:
        message = f"cannot use the framework registry: {error.problems[0]}"
        return None, [document.problem(("questions",), message)]


def load_vocabulary(path: Path) -> set[str]:
    """Concern ids of a vocabulary file: a mapping of themes to mappings of id -> description."""
    document = read_document(path)
    ids: set[str] = set()
    problems = []
    for theme, concerns in document.data.items():
        if not isinstance(concerns, dict):
            problems.append(
                document.problem((theme,), f"theme '{theme}' must map concern ids to descriptions")
            )
            continue
        ids.update(concerns)
    if problems:
        raise QuestionnaireError(problems)
    return ids


def translation_problems(document: Document, questionnaire: Questionnaire) -> list[Problem]:
    """Translation keys must name texts that exist."""
    known = translatable_texts(questionnaire)
    return [
        document.problem(
            ("translations", locale, key), f"translation key '{key}' names no text of the questionnaire"
        )
        for locale, texts in questionnaire.translations.items()
        for key in texts
        if key not in known
    ]


def load_profiles(path: Path | str, questionnaire: Questionnaire) -> tuple[TargetProfile, ...]:
    """Load target profiles and check them against their questionnaire."""
    return profiles_from(read_document(path), questionnaire)


def profiles_from(document: Document, questionnaire: Questionnaire | None) -> tuple[TargetProfile, ...]:
    """Validate a parsed profiles document against its questionnaire and build it."""
    problems = schema_problems(document, "benchmark-profiles")
    if not problems:
        problems += profile_problems(document, questionnaire)
    if problems:
        raise QuestionnaireError(problems)
    return build.build_profiles(document.data)


def profile_problems(document: Document, questionnaire: Questionnaire | None) -> list[Problem]:
    """Targets must name the questionnaire's dimensions and maturity questions, within its levels."""
    data = document.data
    if questionnaire is None or questionnaire.id != data["questionnaire"]:
        return [document.problem(("questionnaire",), f"unknown questionnaire '{data['questionnaire']}'")]
    dimensions = {d.id for d in questionnaire.dimensions}
    groups = {g.id for d in questionnaire.dimensions for g in d.all_groups()}
    maturity = {q.id for q in questionnaire.questions_of_kind(QuestionKind.MATURITY)}
    low, high = questionnaire.lowest_level.value, questionnaire.highest_level.value
    level_values = {level.value for level in questionnaire.levels}
    problems, seen_profiles = [], set()
    for p_index, profile in items(data, "profiles"):
        if profile["id"] in seen_profiles:
            problems.append(
                document.problem(("profiles", p_index, "id"), f"duplicate profile id '{profile['id']}'")
            )
        seen_profiles.add(profile["id"])
        for key, known, noun in (
            ("dimensions", dimensions, "dimension"),
            ("groups", groups, "group"),
            ("questions", maturity, "question"),
        ):
            seen: set[str] = set()
            for t_index, target in items(profile, key):
                where = ("profiles", p_index, key, t_index)
                ref = text(target, noun)
                if ref is None:
                    problems.append(document.problem(where, f"each entry of '{key}' names a {noun}"))
                    continue
                if ref not in known:
                    what = "maturity question" if noun == "question" else noun
                    problems.append(document.problem(where + (noun,), f"unknown {what} '{ref}'"))
                if ref in seen:
                    problems.append(document.problem(where + (noun,), f"a second target for '{ref}'"))
                seen.add(ref)
                if not low <= target["target"] <= high:
                    problems.append(
                        document.problem(
                            where + ("target",),
                            f"target {target['target']:g} is outside the levels ({low:g} to {high:g})",
                        )
                    )
                elif noun == "dimension" and target["target"] not in level_values:
                    problems.append(
                        document.problem(
                            where + ("target",),
                            f"a dimension target is a level: {target['target']:g} is not one of "
                            f"{', '.join(f'{v:g}' for v in sorted(level_values))}",
                        )
                    )
    return problems
