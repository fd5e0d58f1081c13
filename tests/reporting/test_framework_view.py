"""The framework view's rows: titles from the registry, the references behind each row, applicability."""

from __future__ import annotations

import pytest

from assessment.questionnaire import QuestionKind
from assessment.reporting.frameworks import framework_views
from assessment.scoring import applicable_answers, score_answers


@pytest.fixture(scope="module")
def views(flagship):
    """Every view of the flagship, answered at the top level with agents and high-risk systems in scope."""
    answers = {
        q.id: q.options[0 if q.kind is QuestionKind.SCOPING else -1].id
        for q in flagship.questions
        if q.options
    }
    answers = applicable_answers(flagship, answers)  # the first scoping answers leave some questions out
    return {view.framework: view for view in framework_views(flagship, score_answers(flagship, answers))}


def row(view, key):
    return next(r for r in view.rows if r.key == key)


def test_every_shown_framework_is_headed_by_its_edition(views):
    assert [view.title for view in views.values()] == [
        "NIST AI RMF 1.0",
        "ISO/IEC 42001:2023",
        "EU AI Act (Regulation (EU) 2024/1689)",
        "NIST AI 600-1",
        "OWASP Top 10 for LLM Applications 2025",
        "OWASP Top 10 for Agentic Applications 2026",
    ]


def test_a_grouped_row_lists_the_references_behind_it(views):
    life_cycle = row(views["iso-42001"], "A.6")
    assert life_cycle.title == "Annex A.6 · AI system life cycle"
    assert "ISO/IEC 42001:2023 A.6.2.4 — AI system verification and validation" in life_cycle.citations
    assert "prod-evaluation" in life_cycle.questions


def test_an_entry_row_is_the_reference_itself(views):
    leak = row(views["owasp-llm"], "LLM07:2025")
    assert leak.title == "OWASP Top 10 for LLM Applications 2025 LLM07:2025 — System Prompt Leakage"
    assert leak.questions == ("prod-security-testing",) and leak.citations == ()


def test_articles_that_bind_only_high_risk_systems_say_so(views):
    eu = views["eu-ai-act"]
    assert row(eu, "14").title == "Article 14 · Human oversight (binds high-risk AI systems only)"
    assert row(eu, "50").title == (
        "Article 50 · Transparency obligations for providers and deployers of certain AI systems"
    )
    assert row(eu, "5").title == "Article 5 · Prohibited AI practices"
