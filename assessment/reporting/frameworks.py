"""The framework view: readiness by NIST AI RMF function, ISO/IEC 42001 clause, EU AI Act article and more.

Readiness is computed only from the questions the questionnaire maps to a framework:
for each function, clause group, article or listed risk, the mean score of its mapped
questions and how many of them are at the middle level of the scale ("Defined") or above.
A question answered "don't know" counts at its headline value, as in the index; "n/a" and
unanswered questions are left out, and the count says how many questions stand behind
each figure, so nobody reads a one-question row as a verdict. Every row lists the
references behind it with their edition and title, as the framework registry gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..questionnaire.frameworks import FrameworkRegistry, default_registry
from ..questionnaire.model import FRAMEWORKS
from ..scoring import Scorecard

NIST_FUNCTIONS = ("GV", "MP", "MS", "MG")
#: The frameworks the view shows, in this order.
SHOWN = ("nist-ai-rmf", "iso-42001", "eu-ai-act", "nist-ai-600-1", "owasp-llm", "owasp-agentic")
#: Frameworks whose ids roll up to groups; the rows of the others are single references.
GROUPED = ("nist-ai-rmf", "iso-42001", "eu-ai-act")
#: The column heading for a framework's rows.
ROW_NOUN = {
    "nist-ai-rmf": "Function",
    "iso-42001": "Clause",
    "eu-ai-act": "Article",
    "nist-ai-600-1": "Risk",
    "owasp-llm": "Entry",
    "owasp-agentic": "Entry",
}


@dataclass(frozen=True)
class Readiness:
    """One function, clause group, article or entry: the mapped questions and how they score."""

    key: str
    title: str
    questions: tuple[str, ...]
    scored: int
    mean: float | None
    at_or_above: int  # scored questions at or above the threshold level
    #: The references behind the row, each as "edition id — title", in framework order.
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkView:
    """Readiness rows for one framework."""

    framework: str
    title: str
    threshold: float
    threshold_name: str
    rows: tuple[Readiness, ...]

    @property
    def row_noun(self) -> str:
        """What a row is: a function, a clause, an article, a risk or an entry."""
        return ROW_NOUN.get(self.framework, "Reference")


def framework_views(
    questionnaire: Questionnaire, scorecard: Scorecard, registry: FrameworkRegistry | None = None
) -> tuple[FrameworkView, ...]:
    """Readiness by framework group, where questions map to them, with the references behind each row."""
    registry = registry or default_registry()
    levels = sorted(questionnaire.levels, key=lambda level: level.value)
    middle = levels[len(levels) // 2]
    views = []
    for framework in SHOWN:
        groups: dict[str, list[str]] = {}
        citations: dict[str, dict[str, str]] = {}
        for question in questionnaire.maturity_questions:
            mine = [r for r in question.references if r.framework == framework]
            for reference in mine:
                key = _group_of(framework, reference.id)
                citations.setdefault(key, {})[reference.id] = reference.citation
            for key in sorted({_group_of(framework, r.id) for r in mine}):
                groups.setdefault(key, []).append(question.id)
        if groups:
            threshold = middle.value
            rows = tuple(
                _readiness(key, _title(framework, key, registry), ids, scorecard, threshold, citations[key])
                if framework in GROUPED
                else _readiness(key, citations[key][key], ids, scorecard, threshold, {})
                for key, ids in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))
            )
            title = _view_title(framework, registry)
            views.append(FrameworkView(framework, title, middle.value, middle.name, rows))
    return tuple(views)


def _view_title(framework: str, registry: FrameworkRegistry) -> str:
    """The framework's short name with its edition, e.g. "EU AI Act (Regulation (EU) 2024/1689)"."""
    name, edition = FRAMEWORKS[framework], registry.edition(framework)
    return name if edition in name else f"{name} ({edition})"


def _group_of(framework: str, reference: str) -> str:
    """The group a reference rolls up to (GV-2.1 -> GV, A.6.2.4 -> A.6, Art 14 -> 14); else itself."""
    if framework == "nist-ai-rmf":
        return reference.split("-")[0].upper()
    if framework == "iso-42001":
        parts = reference.split(".")
        return ".".join(parts[:2]) if parts[0].upper() == "A" else parts[0]
    if framework == "eu-ai-act" and reference.startswith("Art "):
        return reference.removeprefix("Art ")
    return reference


def _sort_key(key: str) -> tuple:
    """NIST in its own order, then numbers in numeric order, Annex A after the clauses."""
    if key in NIST_FUNCTIONS:
        return (0, [NIST_FUNCTIONS.index(key)], key)
    numbers = [int(n) for n in re.findall(r"\d+", key)]
    return (2 if key.startswith(("A", "ASI")) else 1, numbers, key)


def _title(framework: str, key: str, registry: FrameworkRegistry) -> str:
    """The human title of a grouped row, from the registry's groups and titles."""
    entry = registry.framework(framework)
    groups = entry.groups if entry else {}
    ids = entry.ids if entry else {}
    if framework == "nist-ai-rmf":
        return f"{groups.get(key, key)} ({key})"
    if framework == "iso-42001":
        prefix = "Annex" if key.startswith("A") else "Clause"
        return f"{prefix} {key} · {groups[key]}" if key in groups else f"{prefix} {key}"
    label, ident = (key, key) if key.startswith("Annex") else (f"Article {key}", f"Art {key}")
    title = f"{label} · {ids[ident]}" if ident in ids else label
    high_risk_only = entry.high_risk_only if entry else frozenset()
    return f"{title} (binds high-risk AI systems only)" if ident in high_risk_only else title


def _readiness(
    key: str,
    title: str,
    ids: list[str],
    scorecard: Scorecard,
    threshold: float,
    citations: dict[str, str],
) -> Readiness:
    """The readiness row for one group of mapped questions."""
    values = [q.value for qid in ids if (q := scorecard.question(qid)) is not None and q.value is not None]
    return Readiness(
        key=key,
        title=title,
        questions=tuple(ids),
        scored=len(values),
        mean=sum(values) / len(values) if values else None,
        at_or_above=sum(v >= threshold for v in values),
        citations=tuple(citations[ident] for ident in sorted(citations, key=_sort_key)),
    )
