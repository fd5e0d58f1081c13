"""Inputs for reports and ways to read a PDF back, shared by the reporting and web tests."""

from __future__ import annotations

import csv
import html as html_module
import io
import random
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from assessment.questionnaire import QuestionKind, Questionnaire, load_directory
from assessment.scoring import Cohort, PeerRecord, build_cohort, score_answers, validate_answers
from tests.support import ROOT
from tests.support.machine import poppler

QUESTIONNAIRES = ROOT / "questionnaires"
#: The shipped flagship questionnaire, loaded once.
FLAGSHIP = load_directory(QUESTIONNAIRES).get("ai-execution")

HOSTILE_NAME = 'Acme <img src="file:///etc/passwd"> $x^2$'
HOSTILE_TEXTS = {
    "css": "url(file:///etc/passwd) @import url(http://example.com/x.css);",
    "link": '<link rel="attachment" href="file:///etc/shadow">',
    "rtl": "شركة التقنية المتقدمة",
    "hebrew": "חברת הטכנולוגיה",
    "cjk": "株式会社テクノロジー",
    "devanagari": "प्रौद्योगिकी कंपनी",
    "emoji": "Freight 🚚 robots 🤖 launch 🚀 box 📦 coder 👩‍💻 flag 🇪🇺",
}


def full_answers(questionnaire: Questionnaire, seed: int) -> dict[str, str]:
    """A complete, valid answer set drawn at random (agents in production, so everything applies)."""
    rng = random.Random(seed)
    answers: dict[str, str] = {}
    for question in questionnaire.questions:
        if question.kind is QuestionKind.OWNERSHIP:
            answers[question.id] = rng.choice([o.id for o in questionnaire.owners] + ["nobody", "unknown"])
        elif question.kind is QuestionKind.SCOPING:
            answers[question.id] = question.options[-1].id
        elif question.kind is QuestionKind.FACT:
            low, high = question.fact.minimum or 0, min(question.fact.maximum or 100, 100)
            answers[question.id] = rng.choice([str(rng.randint(int(low), int(high))), "unknown"])
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
        [poppler("pdftotext"), "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        errors="replace",  # poppler writes an emoji as two surrogates, which UTF-8 cannot hold
    ).stdout
    words = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
    )
    return [
        (html_module.unescape(w), (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2)
        for x0, y0, x1, y1, w in words
    ]


def peers_csv(questionnaire, count: int, industries=("banking", "retail"), **overrides) -> str:
    """`count` consenting, complete prior clients with known scores: client n scores 1 + n % 4."""
    dimensions = [d.id for d in questionnaire.dimensions]
    questions = [q.id for q in questionnaire.questions if q.kind.value == "maturity"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["organisation", "family", "completed_at", "consented", "completeness", "industry", "size", "region"]
        + ["overall"]
        + [f"dimension:{d}" for d in dimensions]
        + [f"question:{q}" for q in questions]
    )
    for n in range(count):
        score = 1 + n % 4
        row = {
            "organisation": f"client-{n}",
            "family": questionnaire.family,
            "completed_at": "2025-06-30",
            "consented": "yes",
            "completeness": "1",
            "industry": industries[n % len(industries)],
            "size": "large",
            "region": "eu",
            "overall": score,
        } | overrides
        writer.writerow([*row.values(), *[score] * len(dimensions), *[4] * len(questions)])
    return out.getvalue()


def pdf_page_text(data: bytes) -> str:
    """The text of every page of a PDF as pypdf reads it, pages joined by spaces."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def missing_glyphs(pdf: bytes) -> list[str]:
    """The fonts (by name) in which the PDF draws glyph 0, .notdef: the empty box a font
    shows for a character it lacks ("tofu"). Text in form XObjects (the charts) counts too."""
    document = pikepdf.open(io.BytesIO(pdf))
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    for page in document.pages:
        _missing_in(page.obj, found, seen)
    return found


def _missing_in(holder, found: list[str], seen: set[tuple[int, int]]) -> None:
    """Add to `found` each font shown at CID 0 by `holder`'s content stream, then do the
    same for the form XObjects it draws."""
    if holder.objgen in seen and holder.objgen != (0, 0):
        return
    seen.add(holder.objgen)
    resources = holder.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    font = None
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "Tf":
            font = fonts[operands[0]]
        elif name in ("Tj", "TJ", "'", '"'):
            strings = operands[0] if name == "TJ" else [operands[-1]]
            for code in (bytes(s) for s in strings if isinstance(s, pikepdf.String)):
                if _draws_notdef(font, code):
                    found.append(str(font.get("/BaseFont")))
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == "/Form":
            _missing_in(xobject, found, seen)


def _draws_notdef(font, code: bytes) -> bool:
    """Whether a string shown in a Type 0 font (two-byte codes) includes CID 0 or glyph 0."""
    if font is None or font.get("/Subtype") != "/Type0":
        return False
    encoding = font.get("/Encoding")
    to_cid: dict[int, int] | None = None
    if isinstance(encoding, pikepdf.Stream):  # a custom CMap: WeasyPrint writes cidchar lines
        cmap = encoding.read_bytes().decode("latin-1")
        to_cid = {int(c, 16): int(cid) for c, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", cmap)}
    descendant = font["/DescendantFonts"][0]
    gid_map = descendant.get("/CIDToGIDMap")
    gids = gid_map.read_bytes() if isinstance(gid_map, pikepdf.Stream) else None
    for i in range(0, len(code) - 1, 2):
        cid = int.from_bytes(code[i : i + 2], "big")
        if to_cid is not None:
            cid = to_cid.get(cid, 0)
        gid = cid if gids is None else int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
        if cid == 0 or gid == 0:
            return True
    return False


def random_peers(questionnaire: Questionnaire, count: int, first_seed: int = 100) -> Cohort:
    """`count` consenting, complete peers whose scores come from random answer sets (one
    seed each from `first_seed`), all in one industry, size and region."""
    records = []
    for n in range(count):
        card = score_answers(questionnaire, full_answers(questionnaire, seed=first_seed + n))
        records.append(
            PeerRecord(
                organisation=f"peer-{n}",
                family=questionnaire.family,
                completed_at=datetime(2026, 1, 1),
                consented=True,
                completeness=1.0,
                industry="bank",
                size="large",
                region="eu",
                score=card.score,
                dimensions={d.id: d.score for d in card.dimensions if d.score is not None},
            )
        )
    return build_cohort(records, questionnaire.family)
