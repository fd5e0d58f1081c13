"""The framework registry: which framework ids exist, in which edition, and their titles.

`questionnaires/vocabularies/frameworks.yaml` lists every framework a questionnaire may
cite. The loader refuses a reference that the registry does not list, reporting its line;
reports print each reference as `edition id — title`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .model import FRAMEWORKS
from .problems import Problem, QuestionnaireError, display_path
from .schema import SCHEMA_DIR, describe_path
from .source import Document, parse

#: The committed registry, next to the concern vocabulary.
REGISTRY_FILE = SCHEMA_DIR.parent / "vocabularies" / "frameworks.yaml"


@dataclass(frozen=True)
class Framework:
    """One framework in one edition, with the ids that may be cited and their titles."""

    key: str  # as in a question's `references`, e.g. "iso-42001"
    title: str
    edition: str  # printed beside every reference, e.g. "ISO/IEC 42001:2023"
    source: str = ""
    ids: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Functions, clauses and control objectives that readiness rolls up to; not citable.
    groups: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Ids whose obligations bind only high-risk AI systems (EU AI Act Chapter III).
    high_risk_only: frozenset[str] = frozenset()

    def cite(self, ident: str) -> str:
        """`edition id — title`, or `edition id` for an id the registry does not list."""
        title = self.ids.get(ident)
        return f"{self.edition} {ident} — {title}" if title else f"{self.edition} {ident}"


@dataclass(frozen=True)
class FrameworkRegistry:
    """Every framework a questionnaire may cite, by key."""

    frameworks: Mapping[str, Framework]
    file: str = ""

    def framework(self, key: str) -> Framework | None:
        """The framework with this key, or None."""
        return self.frameworks.get(key)

    def title(self, key: str, ident: str) -> str:
        """The title of one id, or "" when the registry does not list it."""
        framework = self.frameworks.get(key)
        return framework.ids.get(ident, "") if framework else ""

    def edition(self, key: str) -> str:
        """The edition of a framework, falling back to the framework's short name."""
        framework = self.frameworks.get(key)
        return framework.edition if framework else FRAMEWORKS.get(key, key)


def load_registry(path: Path | str = REGISTRY_FILE) -> FrameworkRegistry:
    """Read and check a registry file; QuestionnaireError with `file:line` problems when wrong."""
    path = Path(path)
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError([Problem(name, 1, f"cannot read the framework registry: {error}")]) from None
    document = parse(text, name)
    if not isinstance(document.data, dict):
        raise QuestionnaireError([document.problem((), "expected a mapping of framework keys")])
    problems: list[Problem] = []
    frameworks = {}
    for key, entry in document.data.items():
        framework = _framework(document, key, entry, problems)
        if framework is not None:
            frameworks[key] = framework
    if problems:
        raise QuestionnaireError(problems)
    return FrameworkRegistry(MappingProxyType(frameworks), name)


def _framework(document: Document, key: str, entry: object, problems: list[Problem]) -> Framework | None:
    """One checked registry entry, or None after recording what is wrong with it."""
    if key not in FRAMEWORKS:
        known = ", ".join(FRAMEWORKS)
        problems.append(document.problem((key,), f"unknown framework '{key}' (known: {known})"))
        return None
    if not isinstance(entry, dict):
        problems.append(document.problem((key,), f"framework '{key}' must be a mapping"))
        return None
    for required in ("title", "edition", "ids"):
        if required not in entry:
            problems.append(document.problem((key,), f"framework '{key}' needs '{required}'"))
    tables = {
        name: _titles(document, (key, name), entry.get(name, {}), problems) for name in ("ids", "groups")
    }
    if not all(isinstance(entry.get(name), str) for name in ("title", "edition")):
        problems.append(document.problem((key,), f"framework '{key}': 'title' and 'edition' must be text"))
        return None
    return Framework(
        key=key,
        title=entry["title"],
        edition=entry["edition"],
        source=str(entry.get("source", "")),
        ids=tables["ids"],
        groups=tables["groups"],
        high_risk_only=_listed(document, (key, "high-risk-only"), entry, tables["ids"], problems),
    )


def _listed(
    document: Document, path: tuple, entry: dict, ids: Mapping[str, str], problems: list
) -> frozenset:
    """A list of ids of this framework, each of which must be listed under `ids`."""
    value = entry.get(path[-1], [])
    if not isinstance(value, list):
        problems.append(document.problem(path, f"{'.'.join(path)} must be a list of ids"))
        return frozenset()
    for index, ident in enumerate(value):
        if ident not in ids:
            problems.append(document.problem(path + (index,), f"{'.'.join(path)}: '{ident}' is not listed"))
    return frozenset(ident for ident in value if ident in ids)


def _titles(document: Document, path: tuple, table: object, problems: list[Problem]) -> Mapping[str, str]:
    """A mapping of id -> title in which every title is non-empty text."""
    if not isinstance(table, dict):
        problems.append(document.problem(path, f"{'.'.join(path)} must map ids to titles"))
        return MappingProxyType({})
    for ident, title in table.items():
        if not isinstance(title, str) or not title.strip():
            problems.append(document.problem(path + (ident,), f"{'.'.join(path)}: '{ident}' needs a title"))
    return MappingProxyType({ident: str(title) for ident, title in table.items()})


@cache
def default_registry() -> FrameworkRegistry:
    """The committed registry, read once."""
    return load_registry(REGISTRY_FILE)


def reference_problems(document: Document, registry: FrameworkRegistry) -> list[Problem]:
    """A problem for every cited id that the registry does not list, at its line."""
    problems = []
    questions = document.data.get("questions") if isinstance(document.data, dict) else None
    for q_index, question in enumerate(questions if isinstance(questions, list) else []):
        references = question.get("references") if isinstance(question, dict) else None
        if not isinstance(references, dict):
            continue
        for key, idents in references.items():
            framework = registry.framework(key)
            for i_index, ident in enumerate(idents if isinstance(idents, list) else []):
                if not isinstance(ident, str) or (framework is not None and ident in framework.ids):
                    continue
                path = ("questions", q_index, "references", key, i_index)
                where = describe_path(document.data, path)
                problems.append(
                    document.problem(path, f"{where}: {_unknown(key, ident, framework, registry)}")
                )
    return problems


def _unknown(key: str, ident: str, framework: Framework | None, registry: FrameworkRegistry) -> str:
    """Why an id is refused, with the ids the author probably meant."""
    if framework is None:
        return f"framework '{key}' is not in the framework registry {registry.file}"
    message = (
        f"'{ident}' is not a citable id of {framework.edition} in the framework registry {registry.file}"
    )
    editioned = [listed for listed in framework.ids if listed.startswith(f"{ident}:")]
    below = [listed for listed in framework.ids if listed.startswith((f"{ident}.", f"{ident}-"))]
    if editioned:
        return f"{message} (did you mean '{editioned[0]}'?)"
    if below:
        more = ", ..." if len(below) > 3 else ""
        return f"{message} (cite one below it: {', '.join(below[:3])}{more})"
    close = difflib.get_close_matches(ident, list(framework.ids), n=1, cutoff=0.7)
    return f"{message} (did you mean '{close[0]}'?)" if close else message
