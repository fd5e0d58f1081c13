"""The framework registry: every citable id with its edition and title, and the loader's use of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import (
    QuestionnaireError,
    load_questionnaire,
    load_stored_questionnaire,
    questionnaire_as_dict,
)
from assessment.questionnaire.frameworks import REGISTRY_FILE, default_registry, load_registry
from assessment.questionnaire.model import FRAMEWORKS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "questionnaires" / "example.yaml"


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def test_the_registry_is_the_committed_vocabulary_file():
    assert REGISTRY_FILE == ROOT / "questionnaires" / "vocabularies" / "frameworks.yaml"


def test_every_citable_framework_has_an_edition_and_titled_ids(registry):
    assert set(registry.frameworks) == set(FRAMEWORKS)
    for key, framework in registry.frameworks.items():
        assert framework.edition and framework.title and framework.source, key
        assert framework.ids, key
        assert all(title.strip() for title in framework.ids.values()), key


def test_the_registry_names_the_editions_an_auditor_expects(registry):
    editions = {key: registry.edition(key) for key in FRAMEWORKS}
    assert editions == {
        "nist-ai-rmf": "NIST AI RMF 1.0",
        "nist-ai-600-1": "NIST AI 600-1",
        "iso-42001": "ISO/IEC 42001:2023",
        "eu-ai-act": "Regulation (EU) 2024/1689",
        "owasp-llm": "OWASP Top 10 for LLM Applications 2025",
        "owasp-agentic": "OWASP Top 10 for Agentic Applications 2026",
    }


@pytest.mark.parametrize(
    ("framework", "ident", "title"),
    [
        (
            "nist-ai-rmf",
            "MG-2.4",
            "Mechanisms and responsibilities exist to supersede, disengage or deactivate AI systems",
        ),
        ("nist-ai-600-1", "2.2", "Confabulation"),
        ("nist-ai-600-1", "2.7", "Human-AI Configuration"),
        ("iso-42001", "A.6.2.4", "AI system verification and validation"),
        ("iso-42001", "A.6.2.6", "AI system operation and monitoring"),
        ("iso-42001", "A.6.2.8", "AI system recording of event logs"),
        ("iso-42001", "A.8.4", "Communication of incidents"),
        ("eu-ai-act", "Art 5", "Prohibited AI practices"),
        ("eu-ai-act", "Art 27", "Fundamental rights impact assessment for high-risk AI systems"),
        ("eu-ai-act", "Art 50", "Transparency obligations for providers and deployers of certain AI systems"),
        ("owasp-llm", "LLM07:2025", "System Prompt Leakage"),
        ("owasp-llm", "LLM08:2025", "Vector and Embedding Weaknesses"),
        ("owasp-agentic", "ASI10", "Rogue Agents"),
    ],
)
def test_ids_carry_their_official_titles(registry, framework, ident, title):
    assert registry.title(framework, ident) == title


def test_only_citable_ids_are_listed(registry):
    """Categories, whole clauses, control objectives and edition-less OWASP ids cannot be cited."""
    for framework, ident in [
        ("nist-ai-rmf", "MG-3"),
        ("iso-42001", "10"),
        ("iso-42001", "A.6"),
        ("owasp-llm", "LLM07"),
    ]:
        assert ident not in registry.framework(framework).ids
    assert registry.framework("iso-42001").groups["A.6"] == "AI system life cycle"


def test_eu_articles_that_bind_only_high_risk_systems_are_marked(registry):
    marked = registry.framework("eu-ai-act").high_risk_only
    assert {"Art 9", "Art 12", "Art 14", "Art 15", "Art 26", "Art 27", "Art 72", "Art 73"} <= marked
    assert not {"Art 4", "Art 5", "Art 6", "Art 50", "Art 53"} & marked


def test_a_loaded_reference_prints_with_its_edition_and_title():
    example = load_questionnaire(EXAMPLE)
    (iso,) = [r for r in example.question("eval-changes").references if r.framework == "iso-42001"]
    assert iso.citation == "ISO/IEC 42001:2023 A.6.2.4 — AI system verification and validation"
    (llm,) = example.question("edge-cases").references
    assert llm.citation == "OWASP Top 10 for LLM Applications 2025 LLM05:2025 — Improper Output Handling"


def test_the_json_export_gives_each_reference_its_edition_and_title():
    data = questionnaire_as_dict(load_questionnaire(EXAMPLE))
    question = next(q for q in data["questions"] if q["id"] == "edge-cases")
    assert question["references"] == [
        {
            "framework": "owasp-llm",
            "id": "LLM05:2025",
            "edition": "OWASP Top 10 for LLM Applications 2025",
            "title": "Improper Output Handling",
        }
    ]


def test_a_stored_version_citing_ids_the_registry_no_longer_lists_still_loads():
    """Answers pinned to 1.0 must keep loading after the registry tightened: ids are kept, titles dropped."""
    text = EXAMPLE.read_text(encoding="utf-8").replace('["LLM05:2025"]', "[LLM05]")
    stored = load_stored_questionnaire(text, "questionnaires/example.yaml")
    (llm,) = stored.question("edge-cases").references
    assert (llm.id, llm.title) == ("LLM05", "")
    assert llm.citation == "OWASP Top 10 for LLM Applications 2025 LLM05"


def test_a_new_file_with_the_same_reference_is_refused_at_its_line(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace('["LLM05:2025"]', "[LLM05]")
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "vocabularies" / "concerns.yaml").write_text(
        (ROOT / "questionnaires" / "vocabularies" / "concerns.yaml").read_text(encoding="utf-8")
    )
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(path)
    (problem,) = refused.value.problems
    line = text.splitlines().index("      owasp-llm: [LLM05]") + 1
    assert (problem.line, problem.file.endswith("example.yaml")) == (line, True)
    assert "did you mean 'LLM05:2025'?" in problem.message


def test_a_malformed_registry_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "frameworks.yaml"
    path.write_text(
        "nist-ai-rmf:\n  title: NIST AI RMF\n  edition: NIST AI RMF 1.0\n  ids:\n    GV-1.1: ''\n"
        "  high-risk-only: [GV-1.1, GV-9.9]\ncobit:\n  title: COBIT\n",
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError) as refused:
        load_registry(path)
    found = [(p.line, p.message) for p in refused.value.problems]
    assert (5, "nist-ai-rmf.ids: 'GV-1.1' needs a title") in found
    assert (6, "nist-ai-rmf.high-risk-only: 'GV-9.9' is not listed") in found
    assert any(line == 7 and "unknown framework 'cobit'" in message for line, message in found)
