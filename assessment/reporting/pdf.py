"""HTML from the report templates, and PDF from HTML with WeasyPrint, within a time limit.

The Jinja environment autoescapes everything, so a respondent's text reaches the PDF
only as text. WeasyPrint is given our fetcher for the document and for the stylesheet
object, so neither can load anything but our own assets and this render's charts.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import CSS, HTML

from ..config import PROJECT_ROOT
from .fetcher import LOGO_URL, ReportFetcher, asset_url, chart_url

TEMPLATES = PROJECT_ROOT / "templates"
STYLESHEET = "report.css"
DEFAULT_TIMEOUT = 120.0
NO_VALUE = "\u2013"  # an en dash where a figure is missing


class RenderTimeout(RuntimeError):
    """A render took longer than its time limit and was stopped."""


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.globals.update(asset_url=asset_url, chart_url=chart_url, logo_url=LOGO_URL)
_LONG_RUN = re.compile(r"\S{40,}")


def breakable(text: str) -> str:
    """Text with a zero-width space every 40 characters of a long unbroken run.

    Pango's line breaking is quadratic on one huge word (a 100,000-character name took
    minutes); with break opportunities it wraps in linear time and the text is unchanged.
    """
    return _LONG_RUN.sub(
        lambda m: "\u200b".join(m[0][i : i + 40] for i in range(0, len(m[0]), 40)), str(text)
    )


def clipped(text: str, limit: int = 300) -> str:
    """User text cut at `limit` characters with a note: WeasyPrint lays out a paragraph in
    quadratic time, so a 100,000-character answer would outlast any time limit."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters in all)"


_environment.filters["breakable"] = lambda text: breakable(clipped(text))
_environment.filters["one"] = lambda value: NO_VALUE if value is None else f"{value:.1f}"
_environment.filters["percent"] = lambda value: NO_VALUE if value is None else f"{round(value * 100)}%"
_environment.filters["level"] = lambda value: NO_VALUE if value is None else f"{value:g}"


def render_html(template: str, **context: Any) -> str:
    """One of the templates under templates/reports/, filled in."""
    return _environment.get_template(f"reports/{template}").render(**context)


def write_pdf(
    html: str, charts: Mapping[str, bytes], logo: bytes | None, accent: str, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """A tagged PDF/UA-1 document (title and language from the HTML) fetching only our assets."""
    fetcher = ReportFetcher(charts, logo)
    # The accent is a checked #rrggbb value (Branding refuses anything else).
    stylesheets = [
        CSS(url=asset_url(STYLESHEET), url_fetcher=fetcher),
        CSS(string=f":root {{ --accent: {accent}; }}", url_fetcher=fetcher),
    ]
    document = HTML(string=html, base_url=asset_url(""), url_fetcher=fetcher)
    with _time_limit(timeout):
        pdf = document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return pdf


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the block with RenderTimeout after `seconds` (on the main thread; elsewhere unlimited).

    WeasyPrint offers no cancellation, and only the main thread receives signals; web
    workers (gunicorn sync workers run requests on their main thread) get the limit.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise RenderTimeout(f"the report took longer than {seconds:g} seconds to render")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
