"""Shared inputs for report tests: the flagship questionnaire, hostile text, full answers."""

from __future__ import annotations

import html as html_module
import random
import re
import subprocess
from pathlib import Path

import pytest

from assessment.questionnaire import QuestionKind, Questionnaire, load_directory
from assessment.scoring import validate_answers
from tests.support.machine import poppler

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = ROOT / "questionnaires"

HOSTILE_NAME = 'Acme <img src="file:///etc/passwd"> $x^2$'
HOSTILE_TEXTS = {
    "css": "url(file:///etc/passwd) @import url(http://example.com/x.css);",
    "link": '<link rel="attachment" href="file:///etc/shadow">',
    "rtl": "شركة التقنية المتقدمة",
    "hebrew": "חברת הטכנולוגיה",
    "cjk": "株式会社テクノロジー",
}


@pytest.fixture(scope="session")
def catalog():
    """The shipped questionnaires and profiles."""
    return load_directory(QUESTIONNAIRES)


@pytest.fixture(scope="session")
def flagship(catalog) -> Questionnaire:
    """The AI execution questionnaire."""
    return catalog.get("ai-execution")


def full_answers(questionnaire: Questionnaire, seed: int) -> dict[str, str]:
    """A complete, valid answer set drawn at random (agents in production, so everything applies)."""
    rng = random.Random(seed)
    answers: dict[str, str] = {}
    for question in questionnaire.questions:
        if question.kind is QuestionKind.OWNERSHIP:
            answers[question.id] = rng.choice([o.id for o in questionnaire.owners] + ["nobody", "unknown"])
        elif question.kind is QuestionKind.SCOPING:
            answers[question.id] = question.options[-1].id
        else:
            answers[question.id] = rng.choice([*question.option_ids, "unknown"])
    bad = {p.question for p in validate_answers(questionnaire, answers)}
    return {k: v for k, v in answers.items() if k not in bad}


def pdf_text(pdf: bytes, tmp: Path) -> str:
    """The text of a PDF as pdftotext extracts it."""
    path = tmp / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_words(path, page: int) -> list[tuple[str, float, float]]:
    """(word, centre x, centre y) of every word on one page, in points from the top left."""
    html = subprocess.run(
        [poppler("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    words = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
    )
    return [
        (html_module.unescape(w), (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2)
        for x0, y0, x1, y1, w in words
    ]
