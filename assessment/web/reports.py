"""PDF downloads for the web: the app's report cache, workspace branding and the response.

Self-assessment and workshop reports are keyed by everything they show (`prepare_report`),
so a report is rendered once per distinct content and served from the cache until any
input changes; `web.jobs` decides whether it renders in the request or in a worker.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Response, current_app, make_response
from werkzeug.utils import secure_filename

from ..persistence.workspaces import Workspace
from ..questionnaire import Questionnaire
from ..reporting import Branding, ReportCache, report_key, template_version
from ..reporting.branding import DEFAULT_ACCENT
from ..scoring.cells import FORMULA_STARTS, cell


def report_cache() -> ReportCache:
    """The app's report cache, in REPORT_CACHE_DIR (default: the instance folder's reports/),
    bounded by REPORT_CACHE_MAX_BYTES and REPORT_CACHE_MAX_AGE (seconds)."""
    config = current_app.config
    return ReportCache(
        Path(config["REPORT_CACHE_DIR"]), config["REPORT_CACHE_MAX_BYTES"], config["REPORT_CACHE_MAX_AGE"]
    )


def report_templates_version() -> str:
    """The hash of the report templates, computed once per app."""
    if "report_templates_version" not in current_app.extensions:
        current_app.extensions["report_templates_version"] = template_version()
    return current_app.extensions["report_templates_version"]


@dataclass(frozen=True)
class PreparedReport:
    """A report ready to render: its cache key (a hash of everything it shows) and how to
    render it (`render` takes the time limit in seconds)."""

    key: str
    render: Callable[[float], bytes]


def prepare_report(
    inputs: object, questionnaire: Questionnaire, branding: Branding, render: Callable[[float], bytes]
) -> PreparedReport:
    """The report for `inputs` (everything it shows, as JSON-able data), keyed for the cache."""
    revision = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    key = report_key(
        revision,
        f"{questionnaire.version}:{questionnaire.content_hash}",
        report_templates_version(),
        branding,
    )
    return PreparedReport(key, render)


def cached_pdf(
    inputs: object, questionnaire: Questionnaire, branding: Branding, render: Callable[[float], bytes]
) -> bytes:
    """The report for `inputs` (everything it shows, as JSON-able data), rendered only on a cache miss."""
    return rendered(prepare_report(inputs, questionnaire, branding, render))


def rendered(report: PreparedReport) -> bytes:
    """A prepared report from the cache, or rendered now and cached.

    The render gets REPORT_TIME_LIMIT seconds; one that outlasts it raises RenderTimeout,
    which the error handlers turn into a "try again" page, and nothing is cached.
    """
    cache = report_cache()
    pdf = cache.get(report.key)
    if pdf is None:
        pdf = report.render(float(current_app.config["REPORT_TIME_LIMIT"]))
        try:
            cache.put(report.key, pdf)
        except OSError as error:  # a full disk: serve the report all the same
            current_app.logger.warning("report not cached: %s", error)
    return pdf


def workspace_branding(workspace: Workspace) -> Branding:
    """How a workspace's reports look: its name, accent colour and checked logo (or our defaults)."""
    return Branding(name=workspace.name, accent=workspace.accent or DEFAULT_ACCENT, logo=workspace.logo)


PDF = "application/pdf"
ZIP = "application/zip"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def pdf_download(pdf: bytes, filename: str) -> Response:
    """A PDF as an attachment that no shared cache keeps."""
    return download(pdf, filename, PDF, "report.pdf")


def download(content: bytes, filename: str, content_type: str, fallback: str) -> Response:
    """A file as an attachment that no shared cache keeps, under a safe name."""
    response = make_response(content)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{secure_filename(filename) or fallback}"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def without_formulas(text: str) -> str:
    """CSV text with every formula-like cell made text; unchanged (byte for byte) when it has none."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(value.startswith(FORMULA_STARTS) for row in rows for value in row):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
