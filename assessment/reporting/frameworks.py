"""The framework view: readiness by NIST AI RMF function, ISO/IEC 42001 clause and EU AI Act article.

Readiness is computed only from the questions the questionnaire maps to a framework:
for each function, clause group or article, the mean score of its mapped questions and
how many of them are at the middle level of the scale ("Defined") or above. A question
answered "don't know" counts at its headline value, as in the index; "n/a" and
unanswered questions are left out, and the count says how many questions stand behind
each figure, so nobody reads a one-question row as a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..questionnaire import Questionnaire
from ..questionnaire.model import FRAMEWORKS
from ..scoring import Scorecard

NIST_FUNCTIONS = {"GV": "Govern", "MP": "Map", "MS": "Measure", "MG": "Manage"}
ISO_CLAUSES = {
    "4": "Clause 4 · Context of the organization",
    "5": "Clause 5 · Leadership",
    "6": "Clause 6 · Planning",
    "7": "Clause 7 · Support",
    "8": "Clause 8 · Operation",
    "9": "Clause 9 · Performance evaluation",
    "10": "Clause 10 · Improvement",
    "A.2": "Annex A.2 · Policies related to AI",
    "A.3": "Annex A.3 · Internal organization",
    "A.4": "Annex A.4 · Resources for AI systems",
    "A.5": "Annex A.5 · Assessing impacts of AI systems",
    "A.6": "Annex A.6 · AI system life cycle",
    "A.7": "Annex A.7 · Data for AI systems",
    "A.8": "Annex A.8 · Information for interested parties",
    "A.9": "Annex A.9 · Use of AI systems",
    "A.10": "Annex A.10 · Third-party and customer relationships",
}
EU_ARTICLES = {
    "4": "AI literacy",
    "6": "Classification of high-risk AI systems",
    "9": "Risk management system",
    "10": "Data and data governance",
    "11": "Technical documentation",
    "12": "Record-keeping",
    "13": "Transparency and information to deployers",
    "14": "Human oversight",
    "15": "Accuracy, robustness and cybersecurity",
    "17": "Quality management system",
    "26": "Obligations of deployers",
    "43": "Conformity assessment",
    "72": "Post-market monitoring",
    "73": "Reporting of serious incidents",
}
SHOWN = ("nist-ai-rmf", "iso-42001", "eu-ai-act")


@dataclass(frozen=True)
class Readiness:
    """One function, clause group or article: the mapped questions and how they score."""

    key: str
    title: str
    questions: tuple[str, ...]
    scored: int
    mean: float | None
    at_or_above: int  # scored questions at or above the threshold level


@dataclass(frozen=True)
class FrameworkView:
    """Readiness rows for one framework."""

    framework: str
    title: str
    threshold: float
    threshold_name: str
    rows: tuple[Readiness, ...]


def framework_views(questionnaire: Questionnaire, scorecard: Scorecard) -> tuple[FrameworkView, ...]:
    """Readiness by NIST function, ISO clause group and EU AI Act article, where questions map to them."""
    levels = sorted(questionnaire.levels, key=lambda level: level.value)
    middle = levels[len(levels) // 2]
    views = []
    for framework in SHOWN:
        groups: dict[str, list[str]] = {}
        for question in questionnaire.maturity_questions:
            keys = {_group_of(framework, r.id) for r in question.references if r.framework == framework}
            for key in sorted(keys):
                groups.setdefault(key, []).append(question.id)
        if groups:
            rows = tuple(
                _readiness(framework, key, ids, scorecard, middle.value)
                for key, ids in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))
            )
            views.append(FrameworkView(framework, FRAMEWORKS[framework], middle.value, middle.name, rows))
    return tuple(views)


def _group_of(framework: str, reference: str) -> str:
    """The function, clause group or article a reference belongs to (GV-2.1 -> GV, A.6.2 -> A.6)."""
    if framework == "nist-ai-rmf":
        return reference.split("-")[0].upper()
    if framework == "iso-42001":
        parts = reference.split(".")
        return ".".join(parts[:2]) if parts[0].upper() == "A" else parts[0]
    match = re.search(r"\d+", reference)
    return match.group() if match else reference


def _sort_key(key: str) -> tuple:
    """NIST in its own order, clauses and articles numerically, Annex A after the clauses."""
    if key in NIST_FUNCTIONS:
        return (0, list(NIST_FUNCTIONS).index(key))
    numbers = [int(n) for n in re.findall(r"\d+", key)]
    return (2 if key.startswith("A") else 1, numbers)


def _title(framework: str, key: str) -> str:
    """The human title of a group key."""
    if framework == "nist-ai-rmf":
        return f"{NIST_FUNCTIONS.get(key, key)} ({key})"
    if framework == "iso-42001":
        return ISO_CLAUSES.get(key, f"Clause {key}")
    return f"Article {key} · {EU_ARTICLES[key]}" if key in EU_ARTICLES else f"Article {key}"


def _readiness(framework: str, key: str, ids: list[str], scorecard: Scorecard, threshold: float) -> Readiness:
    """The readiness row for one group of mapped questions."""
    values = [q.value for qid in ids if (q := scorecard.question(qid)) is not None and q.value is not None]
    return Readiness(
        key=key,
        title=_title(framework, key),
        questions=tuple(ids),
        scored=len(values),
        mean=sum(values) / len(values) if values else None,
        at_or_above=sum(v >= threshold for v in values),
    )
