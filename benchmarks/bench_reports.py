"""Report rendering benchmarks.  Run:  .venv/bin/python benchmarks/bench_reports.py [--runs 5]

Prints medians of several runs:
- a full individual report, as a ratio to a text-only WeasyPrint document of exactly the
  same page count rendered in the same run (target: at most 2x). Two baselines: plain
  paragraphs in the report's page size, margins and body type (the same amount of text a
  page), and the same paragraphs in WeasyPrint's default 12pt serif, whose pages hold
  about half as much text. Each baseline renders twice: as anyone would render it with
  WeasyPrint (`HTML(string=...).write_pdf()`, the target's baseline), and like for like,
  with the report's own render settings (the garbage collector paused, the thread's
  shared font configuration), so that the second ratio compares the documents alone;
- a group report for 200 respondents, against two profiles;
- a cached download (ReportCache.get) as a share of a render (target: at most 5%);
- peak Python memory of one individual render (tracemalloc).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from weasyprint import HTML

from assessment.questionnaire import QuestionKind, load_directory
from assessment.questionnaire.methodology import methodology_html
from assessment.reporting import (
    Branding,
    ReportCache,
    render_group_report,
    render_individual_report,
    report_key,
    template_version,
)
from assessment.reporting.collector import collector_paused
from assessment.reporting.pdf import font_configuration
from assessment.scoring import Participant, validate_answers

QUESTIONNAIRES = Path(__file__).resolve().parents[1] / "questionnaires"


def answers_for(questionnaire, seed: int) -> dict[str, str]:
    """A complete random answer set."""
    rng = random.Random(seed)
    answers = {}
    for q in questionnaire.questions:
        if q.kind is QuestionKind.OWNERSHIP:
            answers[q.id] = rng.choice([o.id for o in questionnaire.owners] + ["nobody"])
        elif q.kind is QuestionKind.SCOPING:
            answers[q.id] = q.options[-1].id
        elif q.kind is QuestionKind.FACT:  # a figure; one out of its range is dropped below
            answers[q.id] = str(rng.randint(0, 100))
        else:
            answers[q.id] = rng.choice(q.option_ids)
    bad = {p.question for p in validate_answers(questionnaire, answers)}
    return {k: v for k, v in answers.items() if k not in bad}


def timed(function) -> tuple[float, object]:
    """Seconds taken by a call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


#: The report's page and body type (static/reports/report.css), without its tables and charts.
REPORT_TYPE = (
    "<style>@page { size: A4; margin: 24mm 20mm 22mm 22mm; }"
    ' html { font: 9.5pt/1.5 "Noto Sans", sans-serif; }</style>'
)
PLAIN_TYPE = ""  # WeasyPrint's defaults: A4, 75px margins, 12pt serif


def stock_pdf(document: str) -> bytes:
    """A baseline document as PDF, rendered the way WeasyPrint's documentation shows."""
    return HTML(string=document).write_pdf()


def like_for_like_pdf(document: str) -> bytes:
    """A baseline document as PDF, with the render settings a report gets."""
    with collector_paused():
        return HTML(string=document).write_pdf(font_config=font_configuration())


def text_only_html(paragraphs: int, style: str) -> str:
    """Plain paragraphs of ordinary words, and nothing else."""
    paragraph = "<p>" + "Plain text for the baseline document, set in ordinary words. " * 12 + "</p>"
    return f"<html><head>{style}</head><body>{paragraph * paragraphs}</body></html>"


def calibrated(pages: int, style: str) -> str:
    """The longest text-only document of exactly `pages` pages in `style`."""

    def count(paragraphs: int) -> int:
        return len(HTML(string=text_only_html(paragraphs, style)).render().pages)

    low, high = 1, 1
    while count(high) <= pages:  # the page count never falls as paragraphs are added
        low, high = high, high * 2
    while high - low > 1:  # count(low) <= pages < count(high)
        middle = (low + high) // 2
        low, high = (middle, high) if count(middle) <= pages else (low, middle)
    if count(low) != pages:
        raise SystemExit(f"no text-only document of exactly {pages} pages")
    return text_only_html(low, style)


def main() -> None:
    """Run each measurement several times and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    catalog = load_directory(QUESTIONNAIRES)
    questionnaire = catalog.get("ai-execution")
    profiles = catalog.profiles_for(questionnaire.id)[1:3]
    methodology = methodology_html(QUESTIONNAIRES)
    answers = answers_for(questionnaire, 1)
    org = {"name": "Benchmark Ltd"}

    def individual() -> bytes:
        return render_individual_report(
            questionnaire, answers, org, profiles=profiles, methodology=methodology
        )

    individual()  # warm-up: fonts, templates, matplotlib
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(individual())).pages)
    documents = {"report type": calibrated(pages, REPORT_TYPE), "plain type": calibrated(pages, PLAIN_TYPE)}
    baselines = {
        f"{kind}, {name}": (document, render)
        for name, document in documents.items()
        for kind, render in (("stock", stock_pdf), ("like for like", like_for_like_pdf))
    }
    renders = []
    base_times: dict[str, list[float]] = {name: [] for name in baselines}
    ratios: dict[str, list[float]] = {name: [] for name in baselines}
    for _ in range(runs):
        render_time, pdf = timed(individual)
        renders.append(render_time)
        for name, (document, render) in baselines.items():
            base_time, _ = timed(lambda document=document, render=render: render(document))
            base_times[name].append(base_time)
            ratios[name].append(render_time / base_time)
    respondents = [
        Participant(("Product", "Engineering", "Security")[i % 3], answers_for(questionnaire, i))
        for i in range(200)
    ]

    def group() -> bytes:
        return render_group_report(
            questionnaire, respondents, org, profiles=profiles, methodology=methodology
        )

    group_times = [timed(group)[0] for _ in range(max(1, runs // 2))]
    with tempfile.TemporaryDirectory() as folder:
        cache = ReportCache(Path(folder))
        key = report_key("revision-1", questionnaire.content_hash, template_version(), Branding())
        cache.put(key, pdf)
        cached = [
            timed(
                lambda: cache.get(
                    report_key("revision-1", questionnaire.content_hash, template_version(), Branding())
                )
            )[0]
            for _ in range(runs * 4)
        ]
    tracemalloc.start()
    individual()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"individual report: {pages} pages, median {statistics.median(renders):.2f} s")
    for name in baselines:
        base, ratio = statistics.median(base_times[name]), statistics.median(ratios[name])
        print(
            f"text-only baseline, {name} ({pages} pages): median {base:.2f} s; "
            f"ratio individual / text-only: median {ratio:.2f}x (target <= 2x)"
        )
    print(f"group report, 200 respondents: median {statistics.median(group_times):.2f} s")
    print(
        f"cached download (key + read): median {statistics.median(cached) * 1000:.1f} ms, "
        f"{statistics.median(cached) / statistics.median(renders):.2%} of a render (target <= 5%)"
    )
    print(f"peak Python memory of one render (tracemalloc): {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
